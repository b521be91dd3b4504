"""The example payloads of the contract page, as plain data (keys and values as the page gives them; where the
page names a field without a value, a value of the documented form is filled in).

Each test in test_documented_rules.py feeds these to the client (over a mock transport) and compares the
emulator's live answers with them.
"""

from __future__ import annotations

from typing import Any, Final

# Restore snapshot (D): 200, `data` = the new instance, `snapshot{id, name}` and `tier` beside `data`.
RESTORE_SNAPSHOT: Final[dict[str, Any]] = {
    "success": True,
    "message": "Snapshot restored successfully",
    "request_id": "a1b2c3d4",
    "timestamp": "2025-12-11T16:00:00Z",
    "data": {
        "instance_id": "BRK-901234D",
        "vm_name": "restored-vm",
        "ip_address": "38.80.122.15",
        "ip_status": "assigned",
        "billing": {"hourly_rate": 0.69, "currency": "USD"},
        "specs": {"gpu_type": "RTX-A6000", "gpu_count": 1, "ram_gb": 58, "vcpus": 8, "storage_gb": 100},
        "status": "ACTIVE",
        "boot_source": "snapshot",
        "created_at": "2025-12-11T16:00:00Z",
    },
    "snapshot": {"id": "BRK-123456S", "name": "nightly"},
    "tier": "legacy",
}

# List custom images (D): the items and the page fields at the top level, beside `tier`.
CUSTOM_IMAGES_LIST: Final[dict[str, Any]] = {
    "success": True,
    "images": [
        {
            "id": "12345",
            "name": "my-image",
            "type": "Snapshot",
            "status": "available",
            "size": "25.5 GB",
            "snapshot_name": "nightly",
            "created": "2025-12-11T16:00:00Z",
            "description": "made from nightly",
        }
    ],
    "total_count": 1,
    "page": 1,
    "page_size": 20,
    "has_next": False,
    "tier": "legacy",
}

# Error envelope (D, list snapshots page), verbatim.
LIST_SNAPSHOTS_ERROR: Final[dict[str, Any]] = {
    "success": False,
    "message": "Invalid query parameters",
    "error_code": "VALIDATION_ERROR",
    "errors": {"page": ["Ensure this value is greater than or equal to 1."]},
    "request_id": "a1b2c3d4",
}

# Billing lists (D shape): `records[]`, `summary`, `total, page, limit, total_pages`.
BILLING_LIST: Final[dict[str, Any]] = {
    "success": True,
    "records": [
        {
            "resource_id": "BRK-901234D",
            "resource_type": "instance",
            "name": "restored-vm",
            "status": "ACTIVE",
            "hours": 2.0,
            "amount": 1.38,
            "currency": "USD",
            "period_start": "2025-12-11T16:00:00Z",
        }
    ],
    "summary": {"total_amount": 1.38, "currency": "USD"},
    "total": 1,
    "page": 1,
    "limit": 20,
    "total_pages": 1,
}

# POST /pricing/ (D): `pricing_data{volumes, snapshots, gpus, metadata}` and `authentication_type: "api_key"`.
PRICING: Final[dict[str, Any]] = {
    "success": True,
    "data": {
        "pricing_data": {
            "gpus": [{"gpu_model": "RTX-A6000", "tier": "legacy", "prices": {"USD": 0.69, "EUR": 0.63, "INR": 57.27}}],
            "volumes": [{"volume_type": "SSD", "tier": "legacy", "prices": {"USD": 0.000137}}],
            "snapshots": [],
            "metadata": {"currency": "USD"},
        },
        "authentication_type": "api_key",
    },
}

# Inferred alternatives the client also accepts (I): the same list nested under `data`, page fields in a
# `pagination` object, and `image` as a `VMImage` object.
CUSTOM_IMAGES_IN_DATA: Final[dict[str, Any]] = {
    "success": True,
    "data": {k: v for k, v in CUSTOM_IMAGES_LIST.items() if k not in ("success", "tier")},
    "tier": "legacy",
}


def images_with_pagination_object(page: int) -> dict[str, Any]:
    """Page `page` (1 or 2) of a 3-image list whose page fields sit in a nested `pagination` object."""
    ids = ["1", "2"] if page == 1 else ["3"]
    return {
        "success": True,
        "images": [{**CUSTOM_IMAGES_LIST["images"][0], "id": i, "name": f"img-{i}"} for i in ids],
        "pagination": {"total_count": 3, "page": page, "page_size": 2, "has_next": page == 1},
        "tier": "legacy",
    }


def instance_with_image(image: Any) -> dict[str, Any]:
    """GET /instances/{id}/ whose `image` is `image` (a name string, or a `VMImage` object `{id, name}`)."""
    return {"success": True, "data": {**RESTORE_SNAPSHOT["data"], "boot_source": "os_image", "image": image}}
