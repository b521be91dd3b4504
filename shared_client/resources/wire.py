"""Reading objects as the API sends them (plain dicts, no pydantic import): for `ResourceClient` (which validates
them into read models) and :meth:`shared_client.BarrackClient.wire` (callers that only pass the data on)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, Final

from shared_client import contract, errors
from shared_client.pagination import iter_items
from shared_client.transport import Transport

# Kinds whose read model's ``to_dict()`` is the wire object itself (wire keys id/name/region, only str/int/bool
# fields), so `WireReader` may stand in for the models; not instances (``vm_name``, float specs) nor snapshots (float
# ``size_gb``). tests/unit/test_client_imports.py checks it.
WIRE_EQUALS_MODEL: Final = frozenset({"volumes", "ssh_keys", "scripts", "images", "firewalls"})


def as_object(data: Any) -> dict[str, Any]:
    """`data` when it is a JSON object; ValueError (an `errors.UnexpectedResponse` from the transport) otherwise."""
    if not isinstance(data, dict):
        raise ValueError(f"expected an object, got {type(data).__name__}")
    return data


def get_object(transport: Transport, kind: str, id: str, parse: Callable[[Any], Any] = as_object) -> Any:
    """The `data` of ``GET /<kind>/{id}/`` through `parse`; `errors.NotFound` when absent."""
    return transport.call(f"{kind}.get", ids={"id": id}, parse=parse)


def list_objects(
    transport: Transport,
    kind: str,
    *,
    search: str | None = None,
    region: str | None = None,
    parse: Callable[[Any], Any] = as_object,
) -> Iterator[Any]:
    """Every item of ``<kind>.list`` through `parse` (all pages). `region` filters server-side where supported, and
    again on each item that carries a region."""
    ep = contract.ENDPOINTS[f"{kind}.list"]
    params: dict[str, Any] = {contract.SEARCH_PARAM: search}
    if region is not None and ep.region_filter:
        params[contract.REGION_PARAM] = region
    for item in iter_items(transport, ep.name, params=params, parse_item=parse):
        item_region = item.get("region") if isinstance(item, dict) else getattr(item, "region", None)
        if region is not None and item_region not in (None, region):
            continue
        yield item


class WireReader:
    """Read-only access to one kind returning wire objects: the sub-client's ``get`` / ``list`` without the model
    step (Ansible ``*_info`` modules pass the data on unchanged)."""

    def __init__(self, transport: Transport, kind: str) -> None:
        if f"{kind}.get" not in contract.ENDPOINTS or f"{kind}.list" not in contract.ENDPOINTS:
            raise errors.ConfigurationError(f"no resource kind {kind!r} with get and list endpoints")
        self._t = transport
        self.kind = kind

    def get(self, id: str) -> dict[str, Any]:
        """The object with this id; `errors.NotFound` when absent."""
        return dict(get_object(self._t, self.kind, id))

    def list(self, *, search: str | None = None, region: str | None = None) -> Iterator[dict[str, Any]]:
        """Every object (all pages). `search` is the server's name search; `region` filters."""
        yield from list_objects(self._t, self.kind, search=search, region=region)

    def __repr__(self) -> str:
        return f"WireReader({self.kind!r})"


def read_balance(transport: Transport) -> dict[str, Any]:
    """``GET /balance/`` as ``BalanceClient.get().to_dict()`` gives it; without the model (no pydantic import) when
    nothing needs converting (a float balance, string or null currency and status)."""
    data = transport.call("balance.get")
    if (
        isinstance(data, dict)
        and type(data.get("balance")) is float
        and all(isinstance(data.get(key), str | None) for key in ("currency", "status"))
    ):
        return dict(data)
    from shared_client.models import Balance

    return Balance.model_validate(data).to_dict()
