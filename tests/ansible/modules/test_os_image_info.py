"""barrack.cloud.os_image_info against the emulator: the OS image catalogue, filters, errors."""

from __future__ import annotations

from typing import Any

M = "barrack.cloud.os_image_info"
KEY = "barrack_os_image_info"
UBUNTU = "Ubuntu Server 22.04 LTS R535 CUDA 12.2"


def test_images_filters_and_errors(module_run: Any, emulator: Any, writes: Any) -> None:
    emulator.add_fault("GET", "/os-images/", "status", status=403)  # not retried (a 500 on a GET is)
    run = module_run(
        [
            {"name": "failing", M: {}},
            {"name": "all", M: {}},
            {"name": "by name", M: {"name": UBUNTU}, "check_mode": True},
            {"name": "region", M: {"region": "CANADA-1"}},
            {"name": "unknown region", M: {"region": "MARS-1"}},
            {"name": "unknown name", M: {"name": "Windows 95"}},
        ],
        allow_failures=True,
    )
    failing = run["failing"]
    assert failing.failed and failing["status"] == 403 and failing["request_id"] in failing.msg, failing.result
    assert "Traceback" not in failing.msg
    assert not any(t.changed for t in run)
    names = [i["name"] for i in run["all"][KEY]]
    assert UBUNTU in names and len(names) == len(set(names)) >= 2
    (image,) = run["by name"][KEY]
    assert image["name"] == UBUNTU and "CANADA-1" in image["regions"] and image["os"] == "Ubuntu"
    assert [i["name"] for i in run["region"][KEY]] == names
    assert run["unknown region"][KEY] == [] and run["unknown name"][KEY] == []
    assert writes() == 0
