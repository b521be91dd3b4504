"""A TypeScript program through the Node Automation API (inline program, ``@pulumi/pulumi`` from npm at the CLI's
version) and the generated SDK, against the emulator: it creates, reads its outputs (secrets stay secret),
previews with no changes and destroys. Needs npm (CI has it): without it the test SKIPS, except under ``CI``."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from engine_support import counts
from native_support import PLUGIN_DIR, Native, build_node_sdk, missing

pytestmark = [pytest.mark.engine, pytest.mark.slow]

HERE = Path(__file__).resolve().parent
TSCONFIG = {
    "compilerOptions": {
        "strict": True,
        "target": "ES2022",
        "module": "nodenext",
        "moduleResolution": "nodenext",
        "types": ["node"],
        "skipLibCheck": True,
    },
    "files": ["inline.ts"],
}


def test_typescript_inline_program(native: Native, account_a: Any, tmp_path: Path) -> None:
    if shutil.which("npm") is None:
        missing("npm is not installed")
    build_node_sdk(tmp_path)
    prog = tmp_path / "prog"
    prog.mkdir()
    shutil.copyfile(HERE / "programs" / "inline.ts", prog / "inline.ts")
    (prog / "tsconfig.json").write_text(json.dumps(TSCONFIG))
    tsc = subprocess.run([str(tmp_path / "node_modules" / ".bin" / "tsc"), "-p", str(prog)], capture_output=True,
                         text=True, timeout=600)  # fmt: skip
    assert tsc.returncode == 0, tsc.stdout + tsc.stderr
    work = tmp_path / "work"
    work.mkdir()
    (work / "Pulumi.yaml").write_text(
        f"name: tsnative\nruntime: nodejs\nplugins:\n  providers:\n    - name: barrack\n      path: {PLUGIN_DIR}\n"
    )
    env = native.workspace.env()
    proc = subprocess.run(
        ["node", str(prog / "inline.js"), account_a.api_key, account_a.base_url, str(work)],
        capture_output=True, text=True, timeout=900, env=env,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["up"] == {"create": 4}  # the stack and three resources
    outputs = result["outputs"]
    assert outputs["privateKey"]["secret"] is True and "PRIVATE KEY" in outputs["privateKey"]["value"]
    assert outputs["dataName"]["value"].startswith("data-") and outputs["dataSize"]["value"] == 100
    assert outputs["fwRules"]["value"][0]["portRangeMin"] == 22
    assert outputs["regionCount"]["value"] > 0
    assert set(result["preview"]) == {"same"}
    assert result["destroy"] == {"delete": 4}
    assert set(counts(account_a).values()) == {0}
    on_disk = b"".join(p.read_bytes() for p in native.workspace.files())
    assert b"PRIVATE KEY" not in on_disk and account_a.api_key.encode() not in on_disk
