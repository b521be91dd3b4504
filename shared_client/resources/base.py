"""The generic resource sub-client and its two fault-safe writes: :func:`reconciled_post` (creating POSTs) and
:meth:`ResourceClient._act` (actions: re-read and decide after an ambiguous failure)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import KW_ONLY, dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar, Final, Generic, TypeVar

from shared_client import errors
from shared_client.fields import comparable
from shared_client.ids import ID_RE, check_id
from shared_client.models.base import ReadModel, RequestModel
from shared_client.outcome import Outcome
from shared_client.plan import Action, Plan, make_plan
from shared_client.resources.wire import get_object, list_objects
from shared_client.retry import Budget
from shared_client.specs import ResourceSpec, UpdateStep
from shared_client.transport import Transport
from shared_client.waiting import Deadline, Target, WaitPolicy, wait_until

if TYPE_CHECKING:
    from shared_client.client import BarrackClient

log = logging.getLogger("shared_client")

M = TypeVar("M", bound=ReadModel)
R = TypeVar("R")
C = TypeVar("C", bound=RequestModel)

CREATED_AT_TOLERANCE: Final = 5.0
"""Seconds an adopted object's ``created_at`` may lie before the attempt began (server time: whole-second stamps,
latency)."""


class SubClient:
    """Transport and wait policy of one BarrackClient (`owner`, to reach siblings); `attr`: the attribute it serves."""

    attr: ClassVar[str] = ""

    def __init__(self, transport: Transport, wait_policy: WaitPolicy, owner: BarrackClient) -> None:
        self._t = transport
        self._wait = wait_policy
        self.owner = owner

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


def created_after(found: Any, started: float) -> bool | None:
    """``created_at`` (or ``created``) no earlier than :data:`CREATED_AT_TOLERANCE` before `started` (both from the
    server's clock, so clock skew cancels out); None when absent, unreadable or without a zone."""
    raw = getattr(found, "created_at", None) or getattr(found, "created", None)
    if not isinstance(raw, str) or not raw.strip():
        return None
    try:
        when = datetime.fromisoformat(raw.strip().replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return None
    if when.tzinfo is None:
        return None  # a local time of unknown zone proves nothing
    return when.timestamp() >= started - CREATED_AT_TOLERANCE


@dataclass
class Candidate:
    """How :func:`reconciled_post` finds and judges an object: `differs(found)` lists the create-only fields it does
    not match; `is_new(found, started)`: provably made after the attempt began (True), before (False), or unknown."""

    lookup: Callable[[], Any]
    _: KW_ONLY
    differs: Callable[[Any], list[str]] = lambda _found: []
    is_new: Callable[[Any, float], bool | None] = created_after
    label: str = "resource"


def _conflict(label: str, found: Any, reason: str, cause: errors.BarrackError | None) -> errors.Conflict:
    fid, fname = getattr(found, "id", None), getattr(found, "name", None)
    status = cause.status if isinstance(cause, errors.APIError) else None
    err = errors.Conflict(
        f"a {label} named {fname!r} already exists (id {fid}) and is not the one this request would create: {reason}",
        existing_id=str(fid) if fid is not None else None,
        existing_name=str(fname) if fname is not None else None,
        status=status,
        error_code="CONFLICT",
        request_id=cause.request_id if isinstance(cause, errors.APIError) else None,
    )
    err.ambiguous = bool(cause is not None and cause.ambiguous)
    return err


def reconciled_post(
    transport: Transport,
    name: str,
    *,
    body: Any,
    parse: Callable[[Any], R],
    candidate: Candidate,
    ids: dict[str, str] | None = None,
    adopt_concurrent: bool = False,
) -> R:
    """POST that creates something, safe against lost responses and concurrent runs (no idempotency keys exist).

    After an ambiguous failure the object is looked up by name and **adopted only when it is provably this
    request's**: create-only fields match and it was created after the attempt began (with no creation time the
    match after an ambiguous attempt suffices); else `errors.Conflict` names it. Nothing found: sent again within
    the budget. A 409 after an ambiguous attempt is judged the same way; on the first attempt it is a Conflict unless
    `adopt_concurrent` (the caller just found no such name: a concurrent run's new, matching object is adopted).
    A failed look-up after an ambiguous attempt is `errors.OutcomeUnknown` — never a non-ambiguous error.
    """
    cand, what = candidate, candidate.label  # what: the kind's label, for messages
    budget = transport.new_budget()
    policy = transport.retry
    started = time.monotonic()  # turned into a server time when deciding (shared_client.server_clock)
    attempt = 0
    last: errors.BarrackError | None = None

    def look(cause: errors.BarrackError) -> Any:
        try:
            return cand.lookup()
        except errors.BarrackError as exc:
            if last is None:
                raise
            raise errors.OutcomeUnknown(
                f"{name}: the {what} may have been created, but looking it up failed", last_error=exc, write_error=cause
            ) from None

    def decide(found: Any, cause: errors.BarrackError, conflict: bool) -> R:
        differing = cand.differs(found)
        if differing:
            raise _conflict(what, found, f"{', '.join(differing)} differ(s)", cause) from None
        if conflict and last is None and not adopt_concurrent:
            raise _conflict(what, found, "the name is taken", cause) from None
        new = cand.is_new(found, transport.clock.server_time(started))
        if new is False:
            raise _conflict(what, found, "it existed before this request began", cause) from None
        if new is None and last is None:  # a bare 409, nothing to prove the object is ours
            raise _conflict(what, found, "it cannot be proven to be the one this request made", cause) from None
        log.info("%s: adopted %s %s (%s)", name, what, getattr(found, "id", "?"), "409" if conflict else "lost answer")
        return found  # type: ignore[no-any-return]

    while True:
        attempt += 1
        try:
            return parse(transport.call(name, ids=ids, json=body, budget=budget))
        except errors.Conflict as exc:
            if last is not None:
                exc.ambiguous = True
            found = look(exc)
            if found is None:
                raise
            return decide(found, exc, True)
        except errors.BarrackError as exc:
            if not exc.ambiguous:
                if last is not None:  # an earlier attempt may have landed: never report this as unambiguous
                    exc.ambiguous = True
                raise
            last = exc
            log.info("%s: ambiguous failure (%s); looking the %s up before sending again", name, exc, what)
        # Give a slow write time to land before looking (bounded by the budget), then look it up.
        wait = policy.backoff(attempt)
        if 0 < wait < budget.remaining():
            policy.sleep(wait)
        found = look(last)
        if found is not None:
            return decide(found, last, False)
        if attempt >= policy.max_attempts:
            reason = "max attempts reached"
        elif budget.remaining() <= 0:
            reason = f"total time budget of {budget.total:g}s spent"
        else:
            continue
        raise errors.RetryBudgetExceeded(last, attempts=attempt, elapsed=budget.elapsed(), reason=reason)


class ResourceClient(SubClient, Generic[M, C]):
    """Common operations and plan / apply of a resource kind, all read from `declared` (its `ResourceSpec`)."""

    declared: ClassVar[ResourceSpec[Any, Any]]
    kind: ClassVar[str]
    label: ClassVar[str]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "declared" in cls.__dict__:
            cls.attr = cls.kind = cls.declared.kind
            cls.label = cls.declared.label

    @property
    def spec(self) -> ResourceSpec[M, C]:
        return self.declared

    @property
    def model(self) -> type[M]:
        return self.spec.model

    @property
    def create_model(self) -> type[C]:
        return self.spec.create_model

    def _parse(self, data: Any) -> M:
        return self.model.model_validate(data)

    def get(self, id: str) -> M:
        """The object with this id; `errors.NotFound` when absent."""
        return get_object(self._t, self.kind, check_id("id", id), self._parse)  # type: ignore[no-any-return]

    def list(self, *, search: str | None = None, region: str | None = None) -> Iterator[M]:
        """Every object (all pages). `region` filters (server-side where supported)."""
        yield from list_objects(self._t, self.kind, search=search, region=region, parse=self._parse)

    def find_by_name(self, name: str, region: str | None = None) -> M | None:
        """The object named exactly `name` (in `region`), None when absent; `errors.AmbiguousName` for several."""
        found = [o for o in self.list(search=name, region=region) if getattr(o, "name", None) == name]
        if len(found) > 1:
            raise errors.AmbiguousName(self.label + "s", name, [str(getattr(o, "id", "?")) for o in found])
        return found[0] if found else None

    def resolve(self, name_or_id: str, region: str | None = None) -> M:
        """The object `name_or_id` refers to: read by id first when it has the kind's id shape, else looked up by
        name (no 404 probe); a name not found that may be an id of another shape is read by id last."""
        found = self._by_id(name_or_id) if self.spec.may_be_id(name_or_id) else None
        if found is None:
            found = self.find_by_name(name_or_id, region)
        if found is None and not self.spec.may_be_id(name_or_id) and ID_RE.fullmatch(name_or_id):
            found = self._by_id(name_or_id)
        if found is None:
            where = f" in {region}" if region else ""
            raise errors.NotFound(
                f"no {self.label} with id or name {name_or_id!r}{where}", status=404, error_code="NOT_FOUND"
            )
        return found

    def _by_id(self, id: str) -> M | None:
        try:
            return self.get(id)
        except (errors.NotFound, errors.ValidationError):
            return None

    def desired(self, values: C | Mapping[str, object]) -> C:
        """`values` as the request model (validated from a mapping: `errors.ValidationError` naming the fields)."""
        if isinstance(values, self.create_model):
            return values
        if isinstance(values, RequestModel):
            raise TypeError(f"{self.kind} takes a {self.create_model.__name__}, not {type(values).__name__}")
        return self.create_model.model_validate(dict(values))

    def plan(
        self,
        current: M | None,
        desired: C | Mapping[str, object],
        *,
        purge: bool = True,
        stop_if_needed: bool = False,
        adopt_concurrent: bool = True,
    ) -> Plan[M, C]:
        """What turning `current` (None: a create) into `desired` changes; no request. Without `purge` set-valued
        fields (ids, rules) only gain members; `stop_if_needed` is recorded for `apply`, and so is
        `adopt_concurrent` (False: the caller did not look for the object first, so a create's 409 is an error)."""
        opts = {"purge": purge, "stop_if_needed": stop_if_needed, "adopt_concurrent": adopt_concurrent}
        return make_plan(self.spec, current, self.desired(desired), **opts)

    def apply(
        self,
        id: str | None,
        plan: Plan[M, C],
        *,
        wait: bool = True,
        deadline: Deadline | None = None,
        timeout: float = 600,
    ) -> Outcome[M]:
        """Carry out `plan` on object `id` (None for a create): create (reconciled by name, adopting a concurrent
        run's identical object) or run its update steps in the spec's order; one deadline. A replace plan is refused
        (`errors.ValidationError` naming the create-only fields: the front-end decides how to replace)."""
        dl = deadline or Deadline(timeout)
        if plan.action is Action.CREATE:
            return Outcome(self._apply_create(plan, wait=wait, deadline=dl), True)
        if plan.action is Action.REPLACE:
            why = ["cannot be changed in place (the object must be replaced)"]
            raise errors.ValidationError(
                f"{self.label} cannot be changed in place", field_errors={f: why for f in plan.replace_fields}
            )
        if id is None:
            raise TypeError(f"{self.kind}.apply: an update plan needs the object's id")
        current = plan.current
        changed = False
        for step in plan.steps:
            current, step_changed = self._apply_step(id, step, plan, wait=wait, deadline=dl)
            changed = changed or step_changed
        return Outcome(current if current is not None else self.get(id), changed)

    def _apply_create(self, plan: Plan[M, C], *, wait: bool, deadline: Deadline) -> M:
        obj = self.create(plan.desired, adopt_concurrent=plan.adopt_concurrent)
        with errors.after_write():
            return self.wait_ready(str(getattr(obj, "id", "")), deadline=deadline) if wait and self.spec.ready else obj

    def _apply_step(self, id: str, step: UpdateStep, plan: Plan[M, C], *, wait: bool, deadline: Deadline) -> Outcome[M]:
        """Run one update step of `plan` (kinds with updatable fields override this)."""
        raise errors.ConfigurationError(f"{self.kind} has no update step {step.name!r}")

    def _request(self, request: C | None, values: dict[str, Any]) -> C:
        """The request model from a model or keyword arguments (not both)."""
        if request is not None and (values or not isinstance(request, self.create_model)):
            raise TypeError(f"{self.kind} takes a {self.create_model.__name__} or its fields as keywords, not both")
        return request if request is not None else self.create_model(**values)

    def _candidate(self, request: C) -> Candidate:
        """Look-up by name in the kind's name scope, and the create-only fields an adopted object must match."""
        spec = self.spec
        name = getattr(request, spec.name_field, None) if spec.name_field else None
        region = getattr(request, "region", None) if spec.name_scope == "region" else None
        model, wanted = type(request), request.values()
        only = spec.match_fields if spec.match_fields is not None else spec.create_only

        def differs(found: Any) -> list[str]:
            have = found.current_values() if hasattr(found, "current_values") else found.to_dict()
            known = [n for n in only if n in wanted and have.get(n) is not None]  # unreported fields: not compared
            return sorted(n for n in known if comparable(model, {n: wanted[n]}) != comparable(model, {n: have[n]}))

        lookup: Callable[[], Any] = (lambda: None) if name is None else (lambda: self.find_by_name(name, region))
        return Candidate(lookup, differs=differs, label=self.label)

    def create(self, request: C | None = None, /, *, adopt_concurrent: bool = False, **values: Any) -> M:
        """Validate (a request model or its fields as keywords), POST, reconcile by name (:func:`reconciled_post`).
        ``adopt_concurrent``: the name was just looked up and not found, so a 409's identical new object is adopted."""
        req = self._request(request, values)
        return reconciled_post(
            self._t,
            f"{self.kind}.create",
            body=req.to_body(),
            parse=self._parse,
            candidate=self._candidate(req),
            adopt_concurrent=adopt_concurrent,
        )

    def delete(
        self,
        id: str,
        *,
        missing_ok: bool = True,
        wait: bool = False,
        timeout: float = 600,
        deadline: Deadline | None = None,
    ) -> bool:
        """True when this call deleted it, False when already gone (404: an error only with ``missing_ok=False`` on a
        first attempt). With `wait`, a busy object (answered INVALID_STATE) is waited out and deleted, then GET is
        polled until 404; one deadline for all."""
        check_id("id", id)
        dl = deadline or Deadline(timeout)
        for attempt in (1, 2):
            budget = Budget(min(self._t.total_budget, max(1.0, dl.remaining())), dl.clock)
            try:
                self._t.call(f"{self.kind}.delete", ids={"id": id}, budget=budget)
                break
            except errors.NotFound:
                if not (missing_ok or budget.attempts > 1 or attempt > 1):
                    raise
                return False
            except errors.InvalidState:
                if attempt > 1 or not wait or not self.spec.busy:
                    raise
                try:
                    current = self.get(id)
                except errors.NotFound:
                    return False
                if self.spec.settled(current):
                    raise
                try:
                    self.wait_settled(id, deadline=dl)
                except errors.NotFound:
                    return False
        if wait:
            self.wait_deleted(id, deadline=dl)
        return True

    def _act(
        self, endpoint: str, id: str, body: Any = None, *, applied: Callable[[M], bool], deadline: Deadline | None
    ) -> M:
        """POST an action. After an ambiguous failure (or a 400/409 to a re-send: a slow first attempt landed) the
        object is re-read: `applied` → done, else sent again within the deadline and attempt limit. After a timeout
        it is first watched for twice the request timeout. A failed re-read is `errors.OutcomeUnknown`."""
        policy = self._t.retry
        dl = deadline or Deadline(self._t.total_budget)
        what = endpoint.rpartition(".")[2]
        ambiguous: errors.BarrackError | None = None
        attempt = 0
        began = time.monotonic()
        while True:
            attempt += 1
            budget = Budget(min(self._t.total_budget, max(1.0, dl.remaining())), dl.clock)
            try:
                data = self._t.call(endpoint, ids={"id": id}, json=body, budget=budget)
                return self._parse(data) if data is not None else self.get(id)
            except errors.BarrackError as exc:
                status = exc.status if isinstance(exc, errors.APIError) else None
                if exc.ambiguous:
                    ambiguous = exc
                elif not (ambiguous is not None and status in (400, 409)):
                    if ambiguous is not None:  # an earlier attempt may have landed: never report it as unambiguous
                        exc.ambiguous = True
                    raise
                log.info("%s %s: outcome unknown (%s); re-reading", what, id, exc)
            assert ambiguous is not None
            if isinstance(ambiguous, errors.TransportError) and ambiguous.timed_out:
                # The request may still be running on the server: give it as long again as we waited for it
                # before sending it once more (a late-landing action must not undo what comes after it).
                grace = Deadline(min(dl.remaining(), 2 * self._t.timeout))
                try:
                    return self.wait_for(id, applied, deadline=grace)
                except errors.WaitTimeout:
                    pass
            wait = policy.backoff(attempt)
            if 0 < wait < dl.remaining():
                policy.sleep(wait)
            try:
                current = self.get(id)
            except errors.BarrackError as exc:
                raise errors.OutcomeUnknown(
                    f"{what} on {self.label} {id} may have been applied, but re-reading it failed",
                    last_error=exc,
                    write_error=ambiguous,
                ) from None
            if applied(current):
                return current
            if attempt >= policy.max_attempts or dl.expired:
                raise errors.RetryBudgetExceeded(
                    ambiguous, attempts=attempt, elapsed=time.monotonic() - began, reason=f"{what} not applied"
                )

    def _poll(self, id: str, deadline: Deadline) -> M:
        """One GET for a waiter: its retries never run (much) past the wait's deadline."""
        budget = Budget(min(self._t.total_budget, max(1.0, deadline.remaining())), deadline.clock)
        data = self._t.call(f"{self.kind}.get", ids={"id": check_id("id", id)}, budget=budget, parse=self._parse)
        return data  # type: ignore[no-any-return]

    def wait_for(self, id: str, status: Target, *, timeout: float = 600, deadline: Deadline | None = None) -> M:
        """Poll until `status` (a status, a set of them or a predicate) holds. ERROR fails at once
        (`errors.ResourceFailed`); running out of time is `errors.WaitTimeout(last=...)`."""
        dl = deadline or Deadline(timeout)
        return wait_until(lambda: self._poll(id, dl), status, deadline=dl, policy=self._wait, what=f"{self.label} {id}")

    def wait_ready(self, id: str, *, timeout: float = 600, deadline: Deadline | None = None) -> M:
        """Wait for ``spec.ready`` (a kind without statuses is read once)."""
        if not self.spec.ready:
            return self.get(id)
        return self.wait_for(id, set(self.spec.ready), timeout=timeout, deadline=deadline)

    def wait_settled(self, id: str, *, timeout: float = 600, deadline: Deadline | None = None) -> M:
        """Wait until no transitional status (ERROR counts as settled and is returned)."""
        try:
            return self.wait_for(id, self.spec.settled, timeout=timeout, deadline=deadline)
        except errors.ResourceFailed as exc:
            return exc.last  # type: ignore[no-any-return]

    def wait_deleted(self, id: str, *, timeout: float = 600, deadline: Deadline | None = None) -> None:
        """Poll until GET answers 404."""
        dl = deadline or Deadline(timeout)

        def fetch() -> M | None:
            try:
                return self._poll(id, dl)
            except errors.NotFound:
                return None

        wait_until(fetch, lambda o: o is None, deadline=dl, policy=self._wait, what=f"{self.label} {id} deletion")
