"""The emulator's API error: raised anywhere in a handler, rendered as Barrack's error envelope."""

from __future__ import annotations

from collections.abc import Mapping, Sequence


class ApiError(Exception):
    """An error response: HTTP status, Barrack error code, message and optional field errors."""

    def __init__(
        self,
        status: int,
        error_code: str,
        message: str,
        errors: Mapping[str, Sequence[str]] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.error_code = error_code
        self.message = message
        self.errors = {k: list(v) for k, v in errors.items()} if errors else None
        self.headers = dict(headers or {})


def validation(field: str, message: str) -> ApiError:
    """400 VALIDATION_ERROR with one field error."""
    return ApiError(400, "VALIDATION_ERROR", "Invalid request", {field: [message]})


def validation_many(errors: Mapping[str, Sequence[str]], message: str = "Invalid request") -> ApiError:
    """400 VALIDATION_ERROR with several field errors."""
    return ApiError(400, "VALIDATION_ERROR", message, errors)


def invalid_state(message: str) -> ApiError:
    """400 INVALID_STATE: the operation is not allowed in the resource's current status."""
    return ApiError(400, "INVALID_STATE", message)


def not_found(what: str, ident: str) -> ApiError:
    """404 NOT_FOUND for a resource addressed by the path."""
    return ApiError(404, "NOT_FOUND", f"{what} {ident!r} not found")


def conflict(message: str) -> ApiError:
    """409 CONFLICT, e.g. a duplicate name."""
    return ApiError(409, "CONFLICT", message)


def quota(message: str) -> ApiError:
    """403 PERMISSION_DENIED used for exceeded quotas (assumption)."""
    return ApiError(403, "PERMISSION_DENIED", message)


def insufficient_balance(message: str) -> ApiError:
    """402 INSUFFICIENT_BALANCE."""
    return ApiError(402, "INSUFFICIENT_BALANCE", message)


def profile_incomplete() -> ApiError:
    """403 PROFILE_INCOMPLETE: volume creation needs a complete billing profile (D rule; status and code assumed)."""
    return ApiError(
        403,
        "PROFILE_INCOMPLETE",
        "Complete your profile (billing name, address, postal code, country) before creating a volume.",
    )
