"""Helpers of the stand-in language host tests: a recording exec shim, a fake gRPC context, request builders."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

RECORDER = """\
import json, os, sys
record = {"argv": sys.argv[1:], "cwd": os.getcwd(), "python": sys.executable,
          "env": {k: os.environ.get(k) for k in ("PULUMI_CONFIG", "PULUMI_CONFIG_SECRET_KEYS", "VIRTUAL_ENV", "PATH",
                                                  "PYTHONHOME")}}
with open(os.environ["RECORD_TO"], "w") as f:
    json.dump(record, f)
sys.exit(int(os.environ.get("EXIT_WITH", "0")))
"""


class Aborted(Exception):
    """What the fake gRPC context raises on ``abort`` (as grpc does)."""

    def __init__(self, code: Any, details: str) -> None:
        super().__init__(details)
        self.code = code
        self.details = details


class FakeContext:
    def abort(self, code: Any, details: str) -> None:
        raise Aborted(code, details)


def program_info(root: Path, **options: Any) -> Any:
    """A ``ProgramInfo`` of a program in ``root`` with the given runtime options."""
    from google.protobuf import struct_pb2
    from pulumi.runtime.proto import language_pb2

    opts = struct_pb2.Struct()
    opts.update(options)
    return language_pb2.ProgramInfo(
        root_directory=str(root), program_directory=str(root), entry_point=".", options=opts
    )


def read_record(path: Path) -> dict[str, Any]:
    return dict(json.loads(path.read_text()))
