"""HTTP transport: one pooled httpx.Client, auth, User-Agent, envelope parsing, error mapping, retries, redaction."""

from __future__ import annotations

import logging
import re
import ssl
from collections.abc import Callable
from typing import Any, TypeVar

from shared_client import contract, errors
from shared_client._httpx import httpx
from shared_client._version import __version__
from shared_client.contract import Endpoint
from shared_client.envelope import unwrap
from shared_client.ids import check_id, reserved_segments
from shared_client.retry import IDEMPOTENT_METHODS as IDEMPOTENT
from shared_client.retry import Budget, Decision, RetryPolicy, parse_retry_after

log = logging.getLogger("shared_client")
_REDACTED = "***"
T = TypeVar("T")

_RESERVED = reserved_segments(e.path for e in contract.ENDPOINTS.values())
_TOKEN_RE = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}")  # an HTTP header name (RFC 9110 token)
_PRINTABLE_RE = re.compile(r"[\x21-\x7e]*")  # visible ASCII, no spaces


def clean_api_key(key: str) -> str:
    """The key without surrounding whitespace (as read from a file or secret store). A key with control, space or
    non-ASCII characters inside is refused with a `ConfigurationError` that never shows the key."""
    stripped = key.strip()
    if not stripped:
        raise errors.ConfigurationError(f"the Barrack API key is empty (check {contract.ENV_API_KEY} or api_key)")
    if not _PRINTABLE_RE.fullmatch(stripped):
        raise errors.ConfigurationError(
            "the Barrack API key contains control, space or non-ASCII characters inside it; it was not sent "
            "(the key is not shown)"
        )
    return stripped


def check_auth_settings(header: str, scheme: str) -> None:
    """A header name must be an HTTP token and the scheme visible ASCII (``""`` sends the bare key)."""
    if not _TOKEN_RE.fullmatch(header):
        raise errors.ConfigurationError(f"auth header {header[:64]!r} is not a valid HTTP header name")
    if not _PRINTABLE_RE.fullmatch(scheme) or len(scheme) > 64:
        raise errors.ConfigurationError(f"auth scheme {scheme[:64]!r} must be visible ASCII without spaces")


class Secret:
    """Holds a secret string; its repr and str never show it."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def get_secret_value(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('**********')"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)


def build_user_agent(caller: str | None) -> str:
    """`<caller> barrack-shared-client/<v> python-httpx/<v>`."""
    base = f"barrack-shared-client/{__version__} python-httpx/{httpx.__version__}"
    return f"{caller} {base}" if caller else base


def tls_settings(base_url: str, verify: bool | str) -> bool | str | ssl.SSLContext:
    """What to pass as httpx's ``verify``. For a plain-HTTP base URL with the default ``verify=True`` the CA bundle
    is not loaded (~30 ms per process): every request goes to that URL, so no TLS handshake happens. The context
    still verifies (``CERT_REQUIRED``, host names checked) and, holding no CA, fails closed if TLS is ever used
    (for example through an HTTPS proxy from the environment): pass ``verify=<CA path>`` for that case."""
    if verify is True and base_url.startswith("http://"):
        return ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    return verify


class Transport:
    """Sends one API call (with retries) and returns the envelope's `data`."""

    def __init__(
        self,
        *,
        api_key: Secret,
        base_url: str,
        timeout: float,
        retry: RetryPolicy,
        total_budget: float,
        user_agent: str | None,
        auth_header: str,
        auth_scheme: str,
        verify: bool | str,
        transport: httpx.BaseTransport | None,
    ) -> None:
        self._key = api_key
        check_auth_settings(auth_header, auth_scheme)
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.retry = retry
        self.total_budget = total_budget
        self.user_agent = build_user_agent(user_agent)
        key = api_key.get_secret_value()
        headers = {
            "User-Agent": self.user_agent,
            "Accept": "application/json",
            auth_header: f"{auth_scheme} {key}" if auth_scheme else key,
        }
        self._http = httpx.Client(
            base_url=self.base_url + "/",
            headers=headers,
            timeout=timeout,
            verify=tls_settings(self.base_url, verify),
            transport=transport,
        )

    def close(self) -> None:
        self._http.close()

    def __repr__(self) -> str:
        return f"Transport(base_url={self.base_url!r})"

    # -- helpers -------------------------------------------------------------------------------------------
    def scrub(self, text: str) -> str:
        """Remove the API key from any text before it is shown."""
        key = self._key.get_secret_value()
        return text.replace(key, _REDACTED) if key and key in text else text

    def scrub_opt(self, value: Any) -> str | None:
        return None if value is None else self.scrub(str(value))

    @staticmethod
    def path_for(ep: Endpoint, ids: dict[str, str] | None) -> str:
        """The path with its ids filled in; each id is checked (:func:`check_id`, and never one of the literal
        segments other routes have in its place, such as ``types`` in ``/volumes/types/``) so none can change the
        route. `errors.ValidationError` naming the id before anything is sent."""
        if not ids:
            return ep.path
        values = {k: check_id(k, v) for k, v in ids.items()}
        for name, value in values.items():
            prefix = ep.path.partition("{" + name + "}")[0]
            if value in _RESERVED.get(prefix, ()):
                raise errors.ValidationError.for_field(name, f"{value!r} names another route, not an id")
        return ep.path.format(**values)

    def new_budget(self) -> Budget:
        return Budget(self.total_budget, self.retry.clock)

    # -- the call ------------------------------------------------------------------------------------------
    def call(
        self,
        name: str,
        *,
        ids: dict[str, str] | None = None,
        params: dict[str, Any] | None = None,
        json: Any = None,
        budget: Budget | None = None,
        idempotent: bool = False,
        parse: Callable[[Any], Any] | None = None,
    ) -> Any:
        """Send the endpoint `name`; return `data` of the success envelope (through `parse` when given), or raise a
        mapped error. A success whose body breaks the contract (or that `parse` rejects) is
        `errors.UnexpectedResponse` with the status and request id; after a write it is ambiguous.

        `idempotent=True` retries a POST like a GET (for read-only POSTs such as pricing)."""
        ep = contract.ENDPOINTS[name]
        method = ep.method
        rmethod = "GET" if idempotent else method
        path = self.path_for(ep, ids)
        budget = budget or Budget(self.total_budget, self.retry.clock)
        policy = self.retry
        attempt = 0
        debug = log.isEnabledFor(logging.DEBUG)
        while True:
            attempt += 1
            budget.attempts += 1
            remaining = budget.remaining()
            if remaining <= 0 and attempt > 1:  # pragma: no cover - guarded before sleeping
                raise errors.RetryBudgetExceeded(
                    errors.TransportError("no time left", method=method, path=path),
                    attempts=attempt - 1,
                    elapsed=budget.elapsed(),
                    reason="time budget spent",
                )
            kwargs: dict[str, Any] = {}
            if params:
                kwargs["params"] = params
            if json is not None:
                kwargs["json"] = json
            if remaining < self.timeout:  # clip to the budget, but never to a uselessly short attempt
                kwargs["timeout"] = max(remaining, min(1.0, self.timeout))
            retry_after: float | None = None
            try:
                resp = self._http.request(method, path, **kwargs)
            except httpx.HTTPError as exc:
                decision = policy.decide_exception(rmethod, exc)
                err: errors.BarrackError = errors.TransportError(
                    self.scrub(f"{type(exc).__name__}: {exc}"),
                    method=method,
                    path=path,
                    ambiguous=decision is Decision.AMBIGUOUS,
                    timed_out=isinstance(exc, httpx.TimeoutException),
                )
                if debug:
                    log.debug("%s %s -> %s attempt=%d", method, path, type(exc).__name__, attempt)
                if decision is not Decision.RETRY:
                    raise err from None  # httpx's exception may carry request headers: never chain it
            else:
                status = resp.status_code
                if debug:
                    log.debug(
                        "%s %s -> %d request_id=%s attempt=%d",
                        method,
                        path,
                        status,
                        self.scrub_opt(resp.headers.get(contract.REQUEST_ID_HEADER)),
                        attempt,
                    )
                if status < 400:
                    return self._data(resp, method, path, parse, write=rmethod not in IDEMPOTENT)
                api_err = self._error(resp)
                err = api_err
                decision = policy.decide_status(rmethod, status)
                if decision is Decision.AMBIGUOUS:
                    api_err.ambiguous = True
                if decision is not Decision.RETRY:
                    raise api_err
                retry_after = api_err.retry_after
            wait = policy.backoff(attempt, retry_after)
            if attempt >= policy.max_attempts:
                raise errors.RetryBudgetExceeded(
                    err, attempts=attempt, elapsed=budget.elapsed(), reason="max attempts reached"
                )
            if wait >= budget.remaining():
                raise errors.RetryBudgetExceeded(
                    err,
                    attempts=attempt,
                    elapsed=budget.elapsed(),
                    reason=f"total time budget of {budget.total:g}s spent",
                )
            if debug:
                log.debug("%s %s retrying in %.2fs", method, path, wait)
            policy.sleep(wait)

    # -- envelopes -----------------------------------------------------------------------------------------
    def _unexpected(self, resp: httpx.Response, method: str, path: str, reason: str, write: bool) -> errors.APIError:
        rid = resp.headers.get(contract.REQUEST_ID_HEADER)
        err = errors.UnexpectedResponse(
            self.scrub(f"{method} {path}: unexpected response ({reason})"),
            status=resp.status_code,
            error_code="UNEXPECTED_RESPONSE",
            request_id=self.scrub_opt(rid),
        )
        err.ambiguous = write  # the server answered a write with success: it may well have landed
        return err

    def _data(self, resp: httpx.Response, method: str, path: str, parse: Callable[[Any], T] | None, write: bool) -> Any:
        if 300 <= resp.status_code < 400:
            raise self._unexpected(resp, method, path, "a redirect; check the base URL", False)
        if not resp.content:
            if method == "DELETE" or resp.status_code == 204:
                return None
            raise self._unexpected(resp, method, path, "empty body", write)
        try:
            body = resp.json()
        except ValueError:
            kind = "HTML" if resp.content.lstrip()[:1] == b"<" else "not JSON"
            raise self._unexpected(resp, method, path, kind, write) from None
        if not isinstance(body, dict):
            raise self._unexpected(resp, method, path, f"a JSON {type(body).__name__}, not an envelope", write)
        if body.get(contract.ENV_SUCCESS) is False:
            raise self._error(resp, body)
        data = unwrap(body)  # `data` plus its siblings, or a top-level list (shared_client.envelope)
        if parse is None:
            return data
        try:
            return parse(data)
        except errors.BarrackError:
            raise
        except (ValueError, TypeError, KeyError, AttributeError) as exc:  # pydantic's ValidationError is a ValueError
            raise self._unexpected(resp, method, path, describe_parse_error(exc), write) from None

    def _error(self, resp: httpx.Response, body: Any = None) -> errors.APIError:
        status = resp.status_code
        if body is None:
            try:
                body = resp.json()
            except ValueError:
                body = None
        if not isinstance(body, dict):
            body = {}
        raw_code = body.get(contract.ENV_ERROR_CODE)
        code = raw_code if isinstance(raw_code, str) else None
        message = body.get(contract.ENV_MESSAGE) or resp.reason_phrase or "error"
        raw_fields = body.get(contract.ENV_ERRORS)
        field_errors: dict[str, list[str]] = {}
        if isinstance(raw_fields, dict):
            for k, v in raw_fields.items():
                msgs = v if isinstance(v, list) else [v]
                field_errors[self.scrub(str(k))] = [self.scrub(str(m)) for m in msgs]
        request_id = body.get(contract.ENV_REQUEST_ID) or resp.headers.get(contract.REQUEST_ID_HEADER)
        cls = errors.error_class(status, code)
        return cls(
            self.scrub(str(message)),
            status=status,
            error_code=self.scrub_opt(code),
            field_errors=field_errors,
            request_id=self.scrub_opt(request_id),
            retry_after=parse_retry_after(resp.headers.get(contract.RETRY_AFTER_HEADER)),
        )


def describe_parse_error(exc: Exception) -> str:
    """Which fields a read model rejected (pydantic), never the values: ``invalid fields: id, size_gb``."""
    details = getattr(exc, "errors", None)
    if callable(details):
        try:
            locs = sorted({".".join(str(p) for p in e.get("loc", ())) or "(object)" for e in details()})
        except Exception:  # pragma: no cover - defensive
            locs = []
        if locs:
            return "invalid fields: " + ", ".join(locs[:10])
    return f"not the documented shape ({type(exc).__name__})"
