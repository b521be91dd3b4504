"""The typed error tree. Every message is safe to show: it never contains the API key."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

PROFILE_INCOMPLETE = "PROFILE_INCOMPLETE"  # I: the error code of the documented "Profile Complete" rule


class BarrackError(Exception):
    """Base of every error raised by `shared_client`."""

    #: A write may or may not have reached the server (read timeout, dropped connection, 500/502/504 on a POST).
    ambiguous: bool = False
    #: The failure came after a write of the same operation took effect (the wait or the rules after a create).
    after_write: bool = False


@contextmanager
def after_write() -> Iterator[None]:
    """Marks every `BarrackError` raised inside as :attr:`BarrackError.after_write`."""
    try:
        yield
    except BarrackError as exc:
        exc.after_write = True
        raise


class ConfigurationError(BarrackError):
    """The client is not usable as configured (missing API key, bad base URL, ...)."""


class APIError(BarrackError):
    """An error answered by the API (`status=None`: client-side validation)."""

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        error_code: str | None = None,
        field_errors: Mapping[str, Sequence[str]] | None = None,
        request_id: str | None = None,
        retry_after: float | None = None,
    ) -> None:
        self.message = message
        self.status = status
        self.error_code = error_code
        self.field_errors: dict[str, list[str]] = {k: list(v) for k, v in (field_errors or {}).items()}
        self.request_id = request_id
        self.retry_after = retry_after
        super().__init__(str(self))

    def __str__(self) -> str:
        head = " ".join(p for p in (str(self.status) if self.status else "", self.error_code or "") if p)
        text = f"{head}: {self.message}" if head else self.message
        if self.field_errors:
            text += " " + " ".join(f"[{f}: {'; '.join(m)}]" for f, m in self.field_errors.items())
        if self.request_id:
            text += f" (request_id={self.request_id})"
        return text

    def __repr__(self) -> str:
        return f"{type(self).__name__}({str(self)!r})"


class ValidationError(APIError):
    """Bad input: client-side (`status=None`, raised before any request) or a 400 VALIDATION_ERROR."""

    def __init__(self, message: str = "invalid input", **kwargs: Any) -> None:
        kwargs.setdefault("error_code", "VALIDATION_ERROR")
        super().__init__(message, **kwargs)

    @classmethod
    def for_field(cls, field: str, message: str) -> ValidationError:
        """A client-side error about one field."""
        return cls(f"invalid value for {field}", field_errors={field: [message]})


class NotFound(APIError):
    """404: the resource does not exist (or was looked up by a name or id that matches nothing)."""


class Conflict(APIError):
    """409 (a duplicate name), or an object found after an ambiguous create that is not provably the request's own
    (`status` None or 409). `existing_id` / `existing_name` name the object in the way (when known)."""

    def __init__(
        self, message: str, *, existing_id: str | None = None, existing_name: str | None = None, **kwargs: Any
    ) -> None:
        self.existing_id = existing_id
        self.existing_name = existing_name
        super().__init__(message, **kwargs)


class InvalidState(APIError):
    """400 INVALID_STATE: the operation is not allowed in the resource's current status."""


class AuthenticationError(APIError):
    """401: the API key is missing or wrong."""


class PermissionDenied(APIError):
    """403."""


class ProfileIncomplete(PermissionDenied):
    """403 PROFILE_INCOMPLETE: volumes need a complete billing profile (D rule; status and code I)."""

    ADVICE = (
        "the Barrack account's billing profile is incomplete: complete it (billing name, address, postal code, "
        "country) in the Barrack console, then run again"
    )

    def __init__(self, message: str = "", **kwargs: Any) -> None:
        kwargs.setdefault("status", 403)
        kwargs.setdefault("error_code", PROFILE_INCOMPLETE)
        server = message.strip()
        super().__init__(f"{self.ADVICE} (server: {server})" if server else self.ADVICE, **kwargs)


class InsufficientBalance(APIError):
    """402: the account balance does not cover the operation."""


class RateLimited(APIError):
    """429: too many requests (`retry_after` holds the server's hint in seconds, when sent)."""


class ServerError(APIError):
    """5xx."""


class UnexpectedResponse(APIError):
    """A success status whose body breaks the contract (not JSON, HTML, empty, a redirect, a missing list key, an
    object the read model rejects, a repeated page). Nothing of the body is echoed beyond the reason."""


class ResponseTooLarge(UnexpectedResponse):
    """A success body larger than `max_response_bytes`: refused without reading it whole."""


class OutcomeUnknown(BarrackError):
    """A write may have landed but the re-read after its ambiguous failure failed too. `last_error` is the
    re-read's failure, `write_error` the write's own."""

    ambiguous = True

    def __init__(self, message: str, *, last_error: BarrackError, write_error: BarrackError | None = None) -> None:
        self.last_error = last_error
        self.write_error = write_error
        super().__init__(f"{message}; last error: {last_error}")


class PreflightError(BarrackError):
    """A create would fail or cost more than the account holds. `preflight` holds the figures
    (:class:`shared_client.preflight.Preflight`); `field` the request field at fault."""

    field: str | None = None

    def __init__(self, message: str, *, preflight: Any) -> None:
        self.preflight = preflight
        super().__init__(message)


class OutOfStock(PreflightError):
    """No machine of the requested GPU model and count is free in the region; `alternatives` lists what is."""

    field = "gpu_count"

    @property
    def alternatives(self) -> list[Any]:
        return list(getattr(self.preflight, "alternatives", []))


class BalanceTooLow(PreflightError):
    """The balance is below one hour of the instance's price or the documented minimum balance."""

    @property
    def balance(self) -> float:
        return float(self.preflight.balance)

    @property
    def needed(self) -> float:
        return float(self.preflight.needed)

    @property
    def currency(self) -> str:
        return str(self.preflight.currency)

    @property
    def hourly_cost(self) -> float:
        return float(self.preflight.hourly_cost)


class TransportError(BarrackError):
    """No HTTP answer (connection refused, timeout, dropped). `timed_out`: the request may still be running."""

    def __init__(
        self, message: str, *, method: str = "", path: str = "", ambiguous: bool = False, timed_out: bool = False
    ) -> None:
        self.method = method
        self.path = path
        self.ambiguous = ambiguous
        self.timed_out = timed_out
        super().__init__(f"{method} {path}: {message}" if method else message)


class RetryBudgetExceeded(BarrackError):
    """Retries stopped (attempts or the total time budget spent). `last_error` is the last failure seen."""

    def __init__(self, last_error: BarrackError, *, attempts: int, elapsed: float, reason: str) -> None:
        self.last_error = last_error
        self.attempts = attempts
        self.elapsed = elapsed
        self.ambiguous = last_error.ambiguous
        super().__init__(f"gave up after {attempts} attempt(s) in {elapsed:.1f}s ({reason}); last error: {last_error}")


class WaitTimeout(BarrackError):
    """A wait ran out of time. `last` is the last object seen (None when never read)."""

    def __init__(self, message: str, last: Any = None) -> None:
        self.last = last
        super().__init__(message)


class ResourceFailed(BarrackError):
    """The resource reached a terminal failure status (ERROR) while being waited for."""

    def __init__(self, message: str, last: Any = None) -> None:
        self.last = last
        super().__init__(message)


class AmbiguousName(BarrackError):
    """More than one resource has the name that was looked for."""

    def __init__(self, kind: str, name: str, ids: Sequence[str]) -> None:
        self.kind = kind
        self.name = name
        self.ids = list(ids)
        super().__init__(f"{len(self.ids)} {kind} are named {name!r} (ids: {', '.join(self.ids)}); use an id")


STATUS_ERRORS: dict[int, type[APIError]] = {
    401: AuthenticationError,
    402: InsufficientBalance,
    403: PermissionDenied,
    404: NotFound,
    409: Conflict,
    429: RateLimited,
}


def error_class(status: int, error_code: str | None) -> type[APIError]:
    """Map an HTTP status (first) and the advisory `error_code` to an error class."""
    if status == 403 and error_code == PROFILE_INCOMPLETE:
        return ProfileIncomplete
    if status == 400:
        return InvalidState if error_code == "INVALID_STATE" else ValidationError
    if status >= 500:
        return ServerError
    return STATUS_ERRORS.get(status, APIError)
