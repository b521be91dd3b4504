"""The runner's plain helpers (no engine needed): project files, config, passphrase, engine lookup."""

from __future__ import annotations

from pathlib import Path

import pytest

runner = pytest.importorskip("pulumi_barrack.runner")


def write(path: Path, text: str) -> Path:
    path.write_text(text)
    return path


def test_project_name_and_config_defaults(tmp_path: Path) -> None:
    write(tmp_path / "Pulumi.yaml", "name: ws\nruntime: python\nconfig:\n  region: {type: string, default: FINLAND-1}\n"
          "  gpuCount: {type: integer, default: 2}\n  barrack:apiUrl: http://x/api\n")  # fmt: skip
    project, config = runner.read_project(tmp_path)
    assert project == "ws"
    assert config == {"ws:region": "FINLAND-1", "ws:gpuCount": "2", "barrack:apiUrl": "http://x/api"}


def test_stack_config_skips_secure_values(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path / "Pulumi.dev.yaml", "config:\n  ws:region: CANADA-1\n  barrack:apiKey:\n    secure: v1:abc\n")
    assert runner.read_stack_config(tmp_path, "ws", "dev") == {"ws:region": "CANADA-1"}
    assert "ignoring secure value barrack:apiKey" in capsys.readouterr().err
    assert runner.read_stack_config(tmp_path, "ws", "prod") == {}


@pytest.mark.parametrize(
    ("text", "message"),
    [("runtime: python\n", "`name:`"), ("- a\n", "mapping"), ("name: [unclosed\n", "cannot read")],
)
def test_bad_project_file_is_a_clear_error(tmp_path: Path, text: str, message: str) -> None:
    write(tmp_path / "Pulumi.yaml", text)
    with pytest.raises(runner.RunnerError, match=message):
        runner.read_project(tmp_path)


def test_missing_project_and_program_files(tmp_path: Path) -> None:
    with pytest.raises(runner.RunnerError, match=r"Pulumi\.yaml not found"):
        runner.read_project(tmp_path)
    with pytest.raises(runner.RunnerError, match=r"__main__\.py not found"):
        runner.load_program(tmp_path)


def test_config_arguments() -> None:
    assert runner._parse_config_args(["region=X", "barrack:apiUrl=http://h/api?a=b"], "ws") == {
        "ws:region": "X",
        "barrack:apiUrl": "http://h/api?a=b",
    }
    with pytest.raises(runner.RunnerError, match="KEY=VALUE"):
        runner._parse_config_args(["region"], "ws")


def test_passphrase_from_env_or_file(tmp_path: Path) -> None:
    assert runner.read_passphrase({"PULUMI_CONFIG_PASSPHRASE": "p"}) == "p"
    path = write(tmp_path / "pass", "from-file\n")
    assert runner.read_passphrase({"PULUMI_CONFIG_PASSPHRASE_FILE": str(path)}) == "from-file"
    with pytest.raises(runner.RunnerError, match="PULUMI_CONFIG_PASSPHRASE is not set"):
        runner.read_passphrase({})


def test_work_dir_sits_beside_a_file_backend(tmp_path: Path) -> None:
    assert runner.default_work_dir("file:///s/dir", tmp_path, "p") == Path("/s/dir/workspaces/p")
    assert runner.default_work_dir("s3://bucket", tmp_path, "p") == tmp_path / ".pulumi-state" / "workspaces" / "p"


def test_engine_bin_from_env_must_hold_the_engine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PULUMI_ENGINE_BIN", str(tmp_path))
    with pytest.raises(runner.RunnerError, match="does not hold pulumi v"):
        runner.engine_bin_dir(build=False)


def test_engine_env_puts_the_engine_first_on_path(tmp_path: Path) -> None:
    env = runner.engine_env(tmp_path, passphrase="p", pulumi_home=tmp_path / "home")
    assert env["PATH"].split(":")[0] == str(tmp_path)
    assert env["PULUMI_CONFIG_PASSPHRASE"] == "p"
    assert env["PULUMI_HOME"] == str(tmp_path / "home")
    assert env["PULUMI_SKIP_UPDATE_CHECK"] == "true"
    assert "BARRACK_API_KEY" not in env


def test_main_reports_runner_errors_without_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("PULUMI_CONFIG_PASSPHRASE", raising=False)
    monkeypatch.delenv("PULUMI_CONFIG_PASSPHRASE_FILE", raising=False)
    write(tmp_path / "Pulumi.yaml", "name: ws\nruntime: python\n")
    write(tmp_path / "__main__.py", "")
    assert runner.main(["preview", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("barrack-pulumi: error: PULUMI_CONFIG_PASSPHRASE is not set")
    assert "Traceback" not in err
