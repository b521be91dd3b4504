"""HTTP transport: one pooled httpx.Client, auth, User-Agent, envelope parsing, error mapping, retries, redaction."""

from __future__ import annotations

import json as jsonlib
import logging
import re
import ssl
import time
from collections.abc import Callable
from typing import Any, Final, TypeVar

from shared_client import contract, errors
from shared_client._httpx import httpx
from shared_client._version import __version__
from shared_client.contract import Endpoint
from shared_client.deadline import deadline, deadline_transport
from shared_client.envelope import unwrap
from shared_client.ids import check_id, reserved_segments
from shared_client.redaction import Redactor
from shared_client.retry import IDEMPOTENT_METHODS as IDEMPOTENT
from shared_client.retry import Budget, Decision, RetryPolicy, parse_retry_after
from shared_client.server_clock import ServerClock

log = logging.getLogger("shared_client")
T = TypeVar("T")

MAX_RESPONSE_BYTES: Final = 32 * 1024 * 1024
"""Default cap of one response body (decoded); a larger one is `errors.ResponseTooLarge`, never buffered whole."""
MAX_SERVER_TEXT: Final = 1000
"""Characters of a server's free text (error message, field error) kept in an error."""

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
    """httpx's ``verify``. A plain-HTTP base URL with ``verify=True`` skips loading the CA bundle (~30 ms): the
    context still verifies and, holding no CA, fails closed if TLS is ever used (an HTTPS proxy, say)."""
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
        max_response_bytes: int = MAX_RESPONSE_BYTES,
    ) -> None:
        check_auth_settings(auth_header, auth_scheme)
        if max_response_bytes < 1:
            raise errors.ConfigurationError("max_response_bytes must be a positive number of bytes")
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.retry = retry
        self.total_budget = total_budget
        self.max_response_bytes = max_response_bytes
        self.clock = ServerClock()
        key = api_key.get_secret_value()
        self._redactor = Redactor(key)
        self.user_agent = build_user_agent(user_agent)
        headers = {
            "User-Agent": self.user_agent,
            "Accept": "application/json",
            auth_header: f"{auth_scheme} {key}" if auth_scheme else key,
        }
        tls = tls_settings(self.base_url, verify)
        self._http = httpx.Client(
            base_url=self.base_url + "/",
            headers=headers,
            timeout=timeout,
            verify=tls,
            transport=transport or deadline_transport(tls),
        )

    def close(self) -> None:
        self._http.close()

    def __repr__(self) -> str:
        return f"Transport(base_url={self.base_url!r})"

    def scrub(self, text: str) -> str:
        """`text` without the API key (in any form `shared_client.redaction` knows)."""
        return self._redactor.scrub(text)

    def shown(self, value: Any) -> str:
        """A server's free text, cut to :data:`MAX_SERVER_TEXT` characters and scrubbed."""
        text = str(value)
        return self.scrub(text if len(text) <= MAX_SERVER_TEXT else text[:MAX_SERVER_TEXT] + "...")

    def scrub_opt(self, value: Any) -> str | None:
        return None if value is None else self.shown(value)

    @staticmethod
    def path_for(ep: Endpoint, ids: dict[str, str] | None) -> str:
        """The path with its ids filled in, each checked (:func:`check_id`, and not a literal segment of another
        route such as ``types`` in ``/volumes/types/``) so none can change the route: `errors.ValidationError`."""
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
        """Send the endpoint `name`; return the success envelope's payload (through `parse`), or raise a mapped
        error. A success body that breaks the contract or that `parse` rejects is `errors.UnexpectedResponse`
        (ambiguous after a write). `idempotent=True` retries a POST like a GET (read-only POSTs such as pricing)."""
        ep = contract.ENDPOINTS[name]
        method = ep.method
        rmethod = "GET" if idempotent else method
        path = self.path_for(ep, ids)
        budget = budget or self.new_budget()
        policy = self.retry
        attempt = 0
        debug = log.isEnabledFor(logging.DEBUG)
        payload = {k: v for k, v in (("params", params or None), ("json", json)) if v is not None}
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
            kwargs: dict[str, Any] = dict(payload)
            until = budget.deadline
            if remaining < self.timeout:  # clip to the budget, but never to a uselessly short attempt
                kwargs["timeout"] = max(remaining, min(1.0, self.timeout))
                until = max(until, time.monotonic() + kwargs["timeout"])
            retry_after: float | None = None
            failure: httpx.HTTPError | None = None
            try:
                resp, raw = self._exchange(method, path, kwargs, until)
            except httpx.HTTPError as exc:
                failure = exc  # handled below, outside the handler: httpx's exception (and its request headers)
                # must not stay reachable as the __context__ of the error raised
            if failure is not None:
                decision = policy.decide_exception(rmethod, failure)
                err: errors.BarrackError = errors.TransportError(
                    self.scrub(f"{type(failure).__name__}: {failure}"),
                    method=method,
                    path=path,
                    ambiguous=decision is Decision.AMBIGUOUS,
                    timed_out=isinstance(failure, httpx.TimeoutException),
                )
                if debug:
                    log.debug("%s %s -> %s attempt=%d", method, path, type(failure).__name__, attempt)
                if decision is not Decision.RETRY:
                    raise err
            else:
                status = resp.status_code
                if debug:
                    rid = self.scrub_opt(resp.headers.get(contract.REQUEST_ID_HEADER))
                    log.debug("%s %s -> %d request_id=%s attempt=%d", method, path, status, rid, attempt)
                if status < 400:
                    return self._data(resp, raw, method, path, parse, write=rmethod not in IDEMPOTENT)
                err = api_err = self._error(resp, raw)
                decision = policy.decide_status(rmethod, status)
                if decision is Decision.AMBIGUOUS:
                    api_err.ambiguous = True
                if decision is not Decision.RETRY:
                    raise api_err
                retry_after = api_err.retry_after
            wait = policy.backoff(attempt, retry_after)
            if attempt >= policy.max_attempts or wait >= budget.remaining():
                spent = f"total time budget of {budget.total:g}s spent"
                reason = "max attempts reached" if attempt >= policy.max_attempts else spent
                raise errors.RetryBudgetExceeded(err, attempts=attempt, elapsed=budget.elapsed(), reason=reason)
            if debug:
                log.debug("%s %s retrying in %.2fs", method, path, wait)
            policy.sleep(wait)

    def _exchange(
        self, method: str, path: str, kwargs: dict[str, Any], until: float
    ) -> tuple[httpx.Response, bytes | None]:
        """Send one request and read its body by monotonic time `until` (`shared_client.deadline`). The body is None
        when larger than `max_response_bytes` (not read further: the connection is closed, not drained)."""
        request = self._http.build_request(method, path, **kwargs)
        with deadline(until):
            resp = self._http.send(request, stream=True)
            try:
                self.clock.observe(resp.headers.get(contract.DATE_HEADER), time.monotonic())
                raw = self._read_capped(resp, until)
            finally:
                resp.close()
        return resp, raw

    def _read_capped(self, resp: httpx.Response, until: float) -> bytes | None:
        cap = self.max_response_bytes
        declared = resp.headers.get("Content-Length", "").strip()
        if declared.isdigit() and int(declared) > cap:
            return None
        chunks: list[bytes] = []
        size = 0
        for chunk in resp.iter_bytes():  # decoded (gzip counts as what it expands to)
            size += len(chunk)
            if size > cap:
                return None
            chunks.append(chunk)
            if time.monotonic() > until:  # an injected transport that does not use the deadline backend
                raise httpx.ReadTimeout("the call's total time budget is spent", request=resp.request)
        return b"".join(chunks)

    def _unexpected(
        self,
        resp: httpx.Response,
        method: str,
        path: str,
        reason: str,
        write: bool,
        cls: type[errors.UnexpectedResponse] = errors.UnexpectedResponse,
    ) -> errors.APIError:
        err = cls(
            self.scrub(f"{method} {path}: unexpected response ({reason})"),
            status=resp.status_code,
            error_code="UNEXPECTED_RESPONSE",
            request_id=self.scrub_opt(resp.headers.get(contract.REQUEST_ID_HEADER)),
        )
        err.ambiguous = write  # the server answered a write with success: it may well have landed
        return err

    def _data(
        self,
        resp: httpx.Response,
        raw: bytes | None,
        method: str,
        path: str,
        parse: Callable[[Any], T] | None,
        write: bool,
    ) -> Any:
        if 300 <= resp.status_code < 400:
            raise self._unexpected(resp, method, path, "a redirect; check the base URL", False)
        if raw is None:
            too_large = f"body larger than max_response_bytes={self.max_response_bytes}"
            raise self._unexpected(resp, method, path, too_large, write, errors.ResponseTooLarge)
        if not raw:
            if method == "DELETE" or resp.status_code == 204:
                return None
            raise self._unexpected(resp, method, path, "empty body", write)
        try:
            body = jsonlib.loads(raw)
        except RecursionError:
            raise self._unexpected(resp, method, path, "JSON nested too deeply", write) from None
        except ValueError:
            kind = "HTML" if raw.lstrip()[:1] == b"<" else "not JSON"
            raise self._unexpected(resp, method, path, kind, write) from None
        if not isinstance(body, dict):
            raise self._unexpected(resp, method, path, f"a JSON {type(body).__name__}, not an envelope", write)
        if body.get(contract.ENV_SUCCESS) is False:
            raise self._error(resp, raw, body)
        data = unwrap(body)  # `data` plus its siblings, or a top-level list (shared_client.envelope)
        if parse is None:
            return data
        try:
            return parse(data)
        except errors.BarrackError:
            raise
        except RecursionError:
            raise self._unexpected(resp, method, path, "JSON nested too deeply", write) from None
        except (ValueError, TypeError, KeyError, AttributeError) as exc:  # pydantic's ValidationError is a ValueError
            raise self._unexpected(resp, method, path, describe_parse_error(exc), write) from None

    def _error(self, resp: httpx.Response, raw: bytes | None, body: Any = None) -> errors.APIError:
        """The error of a 4xx/5xx answer (or of a success envelope saying ``success: false``). A body that is too
        large, not JSON or nested too deeply leaves the status to speak alone."""
        status = resp.status_code
        if body is None and raw:
            try:
                body = jsonlib.loads(raw)
            except (ValueError, RecursionError):
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
                field_errors[self.shown(k)] = [self.shown(m) for m in msgs]
        request_id = body.get(contract.ENV_REQUEST_ID) or resp.headers.get(contract.REQUEST_ID_HEADER)
        return errors.error_class(status, code)(
            self.shown(message),
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
