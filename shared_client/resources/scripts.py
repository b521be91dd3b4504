"""Startup scripts sub-client: the common operations plus update (PUT) and bulk delete."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from shared_client import errors
from shared_client.models import Script, ScriptCreate, ScriptUpdate
from shared_client.resources.base import ResourceClient


class ScriptsClient(ResourceClient[Script, ScriptCreate]):
    kind = "scripts"
    label = "startup script"
    model = Script
    create_model = ScriptCreate

    def _lookup_for(self, request: ScriptCreate) -> Callable[[], Script | None]:
        def lookup() -> Script | None:  # names are not documented as unique: match the content too
            found = [
                s for s in self.list(search=request.name) if s.name == request.name and s.content == request.content
            ]
            return found[0] if found else None

        return lookup

    def update(self, id: str, update: ScriptUpdate) -> Script:
        """PUT the fields set in `update` (PUT is retried like a GET)."""
        return self._parse(self._t.call("scripts.update", ids={"id": id}, json=update.to_body()))

    def bulk_delete(self, ids: Iterable[str]) -> list[str]:
        """Delete several scripts; returns the ids the API reports deleted. After a lost response the ids
        still present are deleted again."""
        todo = [str(i) for i in ids]
        if not todo:
            return []
        try:
            data = self._t.call("scripts.bulk_delete", json={"script_ids": todo})
        except errors.BarrackError as exc:
            if not exc.ambiguous:
                raise
            left = [i for i in todo if self._exists(i)]
            if left:
                self._t.call("scripts.bulk_delete", json={"script_ids": left})
            return todo
        deleted = data.get("deleted") if isinstance(data, dict) else None
        return [str(i) for i in deleted] if isinstance(deleted, list) else todo

    def _exists(self, id: str) -> bool:
        try:
            self.get(id)
        except errors.NotFound:
            return False
        return True
