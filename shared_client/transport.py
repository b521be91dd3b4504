"""HTTP transport: one pooled httpx.Client, auth, User-Agent, envelope parsing, error mapping, retries, redaction."""

from __future__ import annotations

import logging
import ssl
from typing import Any
from urllib.parse import quote

import httpx

from shared_client import contract, errors
from shared_client._version import __version__
from shared_client.contract import Endpoint
from shared_client.retry import Budget, Decision, RetryPolicy, parse_retry_after

log = logging.getLogger("shared_client")
_REDACTED = "***"


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

    @staticmethod
    def path_for(ep: Endpoint, ids: dict[str, str] | None) -> str:
        if not ids:
            return ep.path
        return ep.path.format(**{k: quote(str(v), safe="") for k, v in ids.items()})

    def new_budget(self) -> Budget:
        return Budget(self.total_budget)

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
    ) -> Any:
        """Send the endpoint `name`; return `data` of the success envelope, or raise a mapped error.

        `idempotent=True` retries a POST like a GET (for read-only POSTs such as pricing)."""
        ep = contract.ENDPOINTS[name]
        method = ep.method
        rmethod = "GET" if idempotent else method
        path = self.path_for(ep, ids)
        budget = budget or Budget(self.total_budget)
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
                )
                if debug:
                    log.debug("%s %s -> %s attempt=%d", method, path, type(exc).__name__, attempt)
                if decision is not Decision.RETRY:
                    raise err from exc
            else:
                status = resp.status_code
                if debug:
                    log.debug(
                        "%s %s -> %d request_id=%s attempt=%d",
                        method,
                        path,
                        status,
                        resp.headers.get(contract.REQUEST_ID_HEADER),
                        attempt,
                    )
                if status < 400:
                    return self._data(resp, method, path)
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
    def _data(self, resp: httpx.Response, method: str, path: str) -> Any:
        if not resp.content:
            return None
        try:
            body = resp.json()
        except ValueError as exc:
            raise errors.APIError(f"{method} {path}: response is not JSON", status=resp.status_code) from exc
        if isinstance(body, dict):
            if body.get(contract.ENV_SUCCESS) is False:
                raise self._error(resp, body)
            if contract.ENV_DATA in body:
                return body[contract.ENV_DATA]
        return body

    def _error(self, resp: httpx.Response, body: Any = None) -> errors.APIError:
        status = resp.status_code
        if body is None:
            try:
                body = resp.json()
            except ValueError:
                body = None
        if not isinstance(body, dict):
            body = {}
        code = body.get(contract.ENV_ERROR_CODE)
        message = body.get(contract.ENV_MESSAGE) or resp.reason_phrase or "error"
        raw_fields = body.get(contract.ENV_ERRORS)
        field_errors: dict[str, list[str]] = {}
        if isinstance(raw_fields, dict):
            for k, v in raw_fields.items():
                msgs = v if isinstance(v, list) else [v]
                field_errors[str(k)] = [self.scrub(str(m)) for m in msgs]
        request_id = body.get(contract.ENV_REQUEST_ID) or resp.headers.get(contract.REQUEST_ID_HEADER)
        cls = errors.error_class(status, code if isinstance(code, str) else None)
        return cls(
            self.scrub(str(message)),
            status=status,
            error_code=code if isinstance(code, str) else None,
            field_errors=field_errors,
            request_id=str(request_id) if request_id is not None else None,
            retry_after=parse_retry_after(resp.headers.get(contract.RETRY_AFTER_HEADER)),
        )
