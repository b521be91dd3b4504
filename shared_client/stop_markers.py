"""Durable "stopped by barrack-iac" markers: an instance stopped for a volume change (``stop_if_needed``) and the
power state it goes back to, so that a run killed between stop and restore is finished by the next run.

Instances carry no tags or metadata (assumption A-stop-marker), so the marker is a small JSON file per (API base
URL, instance id) in :func:`marker_dir`, written and fsync'd **before** the stop and removed once the previous state
is back: it survives kill -9 at any point. Another machine does not see it (the instance stays validly stopped).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
import time
from pathlib import Path
from typing import Final

from shared_client import errors
from shared_client.specs import POWER_STATES, PowerState

ENV_STATE_DIR: Final = "BARRACK_STATE_DIR"
SUBDIR: Final = "stopped-for-attach"


def marker_dir() -> Path:
    """``stopped-for-attach/`` in ``$BARRACK_STATE_DIR``, else ``$XDG_STATE_HOME/barrack-iac``, else
    ``~/.local/state/barrack-iac`` (not created here)."""
    base = os.environ.get(ENV_STATE_DIR, "").strip()
    if base:
        return Path(base).expanduser() / SUBDIR
    xdg = os.environ.get("XDG_STATE_HOME", "").strip()
    root = Path(xdg).expanduser() if xdg else Path.home() / ".local" / "state"
    return root / "barrack-iac" / SUBDIR


class StopMarkers:
    """The markers of one API (base URL); instance ids are opaque strings."""

    def __init__(self, base_url: str, directory: Path | None = None) -> None:
        self._base_url = base_url.rstrip("/")
        self._dir = directory

    @property
    def directory(self) -> Path:
        return self._dir if self._dir is not None else marker_dir()

    def path(self, instance_id: str) -> Path:
        digest = hashlib.sha256(f"{self._base_url}\n{instance_id}".encode()).hexdigest()[:32]
        return self.directory / f"{digest}.json"

    def record(self, instance_id: str, previous: PowerState) -> None:
        """Durably note that `instance_id` is about to be stopped and must go back to `previous`;
        `errors.ConfigurationError` (before anything is stopped) when it cannot be written."""
        target = self.path(instance_id)
        body = json.dumps(
            {"instance_id": instance_id, "previous": previous, "stopped_at": time.time(), "api": self._base_url}
        )
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".marker-", dir=target.parent)
            try:
                with os.fdopen(fd, "w") as fh:
                    fh.write(body)
                    fh.flush()
                    os.fsync(fh.fileno())
                os.replace(tmp, target)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
                raise
            dir_fd = os.open(target.parent, os.O_RDONLY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)
        except OSError as exc:
            raise errors.ConfigurationError(
                f"cannot record that instance {instance_id} is being stopped for a volume change in {target.parent} "
                f"({exc.strerror or exc}); set {ENV_STATE_DIR} to a writable directory"
            ) from None

    def previous(self, instance_id: str) -> PowerState | None:
        """The power state an interrupted run left to restore, or None (no marker, or an unreadable one)."""
        try:
            data = json.loads(self.path(instance_id).read_text())
        except (OSError, ValueError):
            return None
        prev = data.get("previous") if isinstance(data, dict) else None
        if not isinstance(data, dict) or data.get("instance_id") != instance_id or prev not in POWER_STATES:
            return None
        return prev  # type: ignore[no-any-return]

    def clear(self, instance_id: str) -> None:
        """Forget the marker (nothing to do when there is none)."""
        with contextlib.suppress(FileNotFoundError):
            self.path(instance_id).unlink()
