"""Test-only callback: appends one JSON line per task result to the file named by BARRACK_RESULTS_FILE."""

from __future__ import annotations

import json
import os
from typing import Any

from ansible.plugins.callback import CallbackBase
from ansible.vars.clean import module_response_deepcopy, strip_internal_keys

DOCUMENTATION = r"""
name: barrack_results
type: aggregate
short_description: Record per-task results as JSON lines (barrack.cloud tests)
description:
  - Writes one JSON object per task result to the file named by the E(BARRACK_RESULTS_FILE) environment variable.
requirements:
  - enable in configuration
"""


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "aggregate"
    CALLBACK_NAME = "barrack_results"
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self) -> None:
        super().__init__()
        self._path = os.environ.get("BARRACK_RESULTS_FILE")

    def _record(self, status: str, result: Any) -> None:
        if not self._path:
            return
        task = result._task
        raw = getattr(result, "result", None)
        if raw is None:
            raw = result._result
        data = strip_internal_keys(module_response_deepcopy(dict(raw)))
        line = {"task": task.get_name(), "action": task.action, "status": status, "result": data}
        with open(self._path, "a", encoding="utf-8") as fh:
            fh.write(json.dumps(line, default=str) + "\n")

    def v2_runner_on_ok(self, result: Any) -> None:
        self._record("ok", result)

    def v2_runner_on_failed(self, result: Any, ignore_errors: bool = False) -> None:
        self._record("failed", result)

    def v2_runner_on_skipped(self, result: Any) -> None:
        self._record("skipped", result)

    def v2_runner_on_unreachable(self, result: Any) -> None:
        self._record("unreachable", result)
