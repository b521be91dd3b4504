"""The generic resource sub-client: get / list / find_by_name / resolve / create / delete / wait_for."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from typing import Any, Generic, TypeVar

from shared_client import errors
from shared_client.models.base import ReadModel, RequestModel
from shared_client.resources.wire import get_object, list_objects
from shared_client.retry import Budget
from shared_client.transport import Transport
from shared_client.waiting import Deadline, Target, WaitPolicy, wait_until

log = logging.getLogger("shared_client")

M = TypeVar("M", bound=ReadModel)
R = TypeVar("R")
C = TypeVar("C", bound=RequestModel)


class SubClient:
    """Holds the transport and wait policy shared by every sub-client of one BarrackClient."""

    def __init__(self, transport: Transport, wait_policy: WaitPolicy) -> None:
        self._t = transport
        self._wait = wait_policy

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


def reconciled_post(
    transport: Transport,
    name: str,
    *,
    body: Any,
    parse: Callable[[Any], R],
    lookup: Callable[[], R | None],
    ids: dict[str, str] | None = None,
    budget: Budget | None = None,
    what: str = "resource",
) -> R:
    """POST that creates something, safe against lost responses (there are no idempotency keys).

    After an ambiguous failure (read timeout, dropped connection, 500/502/504) it calls `lookup()` (find by
    name) and adopts what it finds; if nothing is found it sends the POST again, inside the same budget.
    A 409 Conflict after an ambiguous attempt means our first POST did land: it is looked up and adopted.
    """
    budget = budget or transport.new_budget()
    policy = transport.retry
    attempt = 0
    ambiguous_seen = False
    while True:
        attempt += 1
        try:
            return parse(transport.call(name, ids=ids, json=body, budget=budget))
        except errors.Conflict:
            if not ambiguous_seen:
                raise
            found = lookup()
            if found is None:
                raise
            log.info("%s: adopted %s after a conflict following an ambiguous attempt", name, what)
            return found
        except errors.BarrackError as exc:
            if not exc.ambiguous:
                raise
            ambiguous_seen = True
            last: errors.BarrackError = exc
            log.info("%s: ambiguous failure (%s); looking the %s up before sending again", name, exc, what)
        # Give a slow write time to land before looking (bounded by the budget), then look it up.
        wait = policy.backoff(attempt)
        if 0 < wait < budget.remaining():
            policy.sleep(wait)
        found = lookup()
        if found is not None:
            log.info("%s: adopted the %s created by the lost request", name, what)
            return found
        if attempt >= policy.max_attempts:
            raise errors.RetryBudgetExceeded(
                last, attempts=attempt, elapsed=budget.elapsed(), reason="max attempts reached"
            )
        if budget.remaining() <= 0:
            raise errors.RetryBudgetExceeded(
                last, attempts=attempt, elapsed=budget.elapsed(), reason=f"total time budget of {budget.total:g}s spent"
            )


class ResourceClient(SubClient, Generic[M, C]):
    """Common operations of a resource. Subclasses set `kind` (contract row prefix), `label`, `model` and
    `create_model`."""

    kind: str = ""
    label: str = "resource"
    model: type[M]
    create_model: type[C]

    # -- reading ------------------------------------------------------------------------------------------
    def _parse(self, data: Any) -> M:
        return self.model.model_validate(data)

    def get(self, id: str) -> M:
        """The object with this id; `errors.NotFound` when absent."""
        return self._parse(get_object(self._t, self.kind, id))

    def list(self, *, search: str | None = None, region: str | None = None) -> Iterator[M]:
        """Every object (all pages, largest page size). `region` filters (server-side where supported)."""
        parse = self.model.model_validate
        for item in list_objects(self._t, self.kind, search=search, region=region):
            obj = parse(item)
            if region is not None and getattr(obj, "region", None) not in (None, region):
                continue
            yield obj

    def find_by_name(self, name: str, region: str | None = None) -> M | None:
        """The object named exactly `name` (in `region` when given), None when absent;
        `errors.AmbiguousName` when several match."""
        found = [o for o in self.list(search=name, region=region) if getattr(o, "name", None) == name]
        if len(found) > 1:
            raise errors.AmbiguousName(self.label + "s", name, [str(getattr(o, "id", "?")) for o in found])
        return found[0] if found else None

    def resolve(self, name_or_id: str, region: str | None = None) -> M:
        """Look up by id first, then by name; `errors.NotFound` naming what was looked for."""
        try:
            return self.get(name_or_id)
        except (errors.NotFound, errors.ValidationError):
            pass
        found = self.find_by_name(name_or_id, region)
        if found is None:
            where = f" in {region}" if region else ""
            raise errors.NotFound(
                f"no {self.label} with id or name {name_or_id!r}{where}", status=404, error_code="NOT_FOUND"
            )
        return found

    # -- writing ------------------------------------------------------------------------------------------
    def _lookup_for(self, request: C) -> Callable[[], M | None]:
        name = getattr(request, "name", None)
        region = getattr(request, "region", None)
        if name is None:
            return lambda: None
        return lambda: self.find_by_name(name, region)

    def create(self, request: C) -> M:
        """Validate, POST, and on an ambiguous failure reconcile by name (never a duplicate)."""
        if not isinstance(request, self.create_model):
            raise TypeError(f"{self.kind}.create takes a {self.create_model.__name__}, not {type(request).__name__}")
        return reconciled_post(
            self._t,
            f"{self.kind}.create",
            body=request.to_body(),
            parse=self._parse,
            lookup=self._lookup_for(request),
            what=self.label,
        )

    def delete(self, id: str, *, missing_ok: bool = True) -> None:
        """Delete; a 404 is success when `missing_ok`, and also after a retried attempt (an earlier attempt whose
        answer was lost may have done it). Returns at once (use `wait_deleted`)."""
        budget = self._t.new_budget()
        try:
            self._t.call(f"{self.kind}.delete", ids={"id": id}, budget=budget)
        except errors.NotFound:
            if not (missing_ok or budget.attempts > 1):
                raise

    # -- waiting ------------------------------------------------------------------------------------------
    def _poll(self, id: str, deadline: Deadline) -> M:
        """One GET for a waiter: its retries never run (much) past the wait's deadline."""
        budget = Budget(min(self._t.total_budget, max(1.0, deadline.remaining())))
        return self._parse(self._t.call(f"{self.kind}.get", ids={"id": id}, budget=budget))

    def wait_for(self, id: str, status: Target, *, timeout: float = 600, deadline: Deadline | None = None) -> M:
        """Poll until `status` (a status, a set of statuses or a predicate on the model) holds.
        ERROR fails at once (`errors.ResourceFailed`); running out of time is `errors.WaitTimeout(last=...)`."""
        dl = deadline or Deadline(timeout)
        return wait_until(lambda: self._poll(id, dl), status, deadline=dl, policy=self._wait, what=f"{self.label} {id}")

    def wait_deleted(self, id: str, *, timeout: float = 600, deadline: Deadline | None = None) -> None:
        """Poll until GET answers 404."""
        dl = deadline or Deadline(timeout)

        def fetch() -> M | None:
            try:
                return self._poll(id, dl)
            except errors.NotFound:
                return None

        wait_until(fetch, lambda o: o is None, deadline=dl, policy=self._wait, what=f"{self.label} {id} deletion")
