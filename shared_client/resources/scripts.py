"""Startup scripts sub-client: the common operations plus update (PUT) and bulk delete."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Final

from shared_client import errors
from shared_client.ids import id_list
from shared_client.models import Script, ScriptCreate, ScriptUpdate
from shared_client.outcome import Outcome
from shared_client.plan import Plan
from shared_client.resources.base import Candidate, ResourceClient
from shared_client.specs import ResourceSpec, UpdateStep
from shared_client.waiting import Deadline

SPEC: Final = ResourceSpec(
    kind="scripts",
    label="startup script",
    model=Script,
    create_model=ScriptCreate,
    name_scope="account",
    steps=(UpdateStep("update", ("name", "content", "description")),),
    match_fields=frozenset({"name", "content", "description"}),  # names are not documented as unique
)


class ScriptsClient(ResourceClient[Script, ScriptCreate]):
    declared = SPEC

    def _apply_step(
        self, id: str, step: UpdateStep, plan: Plan[Script, ScriptCreate], *, wait: bool, deadline: Deadline
    ) -> Outcome[Script]:
        changed = {c.field: c.new for c in plan.changes if c.step == step.name}
        return Outcome(self.update(id, ScriptUpdate.model_validate(changed)), True)

    def _candidate(self, request: ScriptCreate) -> Candidate:
        """Script names may repeat: the look-up takes the newest script with the request's name and content."""
        cand = super()._candidate(request)

        def lookup() -> Script | None:
            same = [
                s for s in self.list(search=request.name) if s.name == request.name and s.content == request.content
            ]
            return max(same, key=lambda s: (s.created_at or "", s.id)) if same else None

        cand.lookup = lookup
        return cand

    def update(self, id: str, update: ScriptUpdate | None = None, /, **values: Any) -> Script:
        """PUT the fields set in `update` (or given as keywords; PUT is retried like a GET)."""
        if update is not None and values:
            raise TypeError("scripts.update takes a ScriptUpdate or keywords, not both")
        body = (update if update is not None else ScriptUpdate(**values)).to_body()
        out: Script = self._t.call("scripts.update", ids={"id": id}, json=body, parse=self._parse)
        return out

    def bulk_delete(self, ids: Iterable[str]) -> list[str]:
        """Delete several scripts; the ids the API reports deleted. After a lost response those left are sent again."""
        todo = id_list(ids, "ids")
        if not todo:
            return []
        try:
            data = self._t.call("scripts.bulk_delete", json={"script_ids": todo})
        except errors.BarrackError as exc:
            if not exc.ambiguous:
                raise
            left = [i for i in todo if self._by_id(i) is not None]
            if left:
                self._t.call("scripts.bulk_delete", json={"script_ids": left})
            return todo
        deleted = data.get("deleted") if isinstance(data, dict) else None
        return [str(i) for i in deleted] if isinstance(deleted, list) else todo
