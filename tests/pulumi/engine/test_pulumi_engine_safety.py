"""Bad input stops preview before any write; the API key passed by environment never reaches the state."""

from __future__ import annotations

import json
from typing import Any

from engine_support import Engine, counts, public_key, writes


def test_check_failure_stops_preview_before_any_write(engine: Engine, emulator: Any) -> None:
    proj = engine.project("bad_instance", emulator, params={"public_key": public_key("check")})
    emulator.clear_log()
    failed = proj.preview(check=False)
    assert failed.returncode != 0
    assert any("gpu_count" in e for e in failed.errors()), failed.output
    assert "Traceback" not in "\n".join(failed.errors())
    assert writes(emulator.request_log()) == []
    assert sum(counts(emulator).values()) == 0
    # up fails the same way for the instance; nothing half-made: no instance exists afterwards
    failed = proj.up(check=False)
    assert failed.returncode != 0
    assert any("gpu_count" in e for e in failed.errors()), failed.output
    assert counts(emulator)["instances"] == 0
    proj.destroy()


def test_api_key_from_environment_is_nowhere_in_state(engine: Engine, emulator: Any) -> None:
    proj = engine.project("key_and_script", emulator, params={"public_key": public_key("env")}, key_in_config=False)
    assert "barrack:apiKey" not in json.loads(proj.run("config", "--json").stdout)
    result = proj.up()
    assert result.changes() == {"create": 3}, result.output
    assert sorted(proj.resources()) == ["key", "script"]
    # the export is decrypted (--show-secrets): the key is not there in any form
    assert emulator.api_key not in json.dumps(proj.export(show_secrets=True))
    assert emulator.api_key.encode() not in engine.bytes_on_disk()
    # refresh and destroy (which do not run the program) find the key the same way
    assert proj.refresh("--expect-no-changes").changes() == {"same": 3}
    proj.destroy()
    assert sum(counts(emulator).values()) == 0
