"""Run a Pulumi Python program directory with the locally built engine (``barrack-pulumi``).

The Pulumi Python language host cannot be built on every machine (see docs/pulumi.md), so ``pulumi up`` in a
project directory may not work. This runner drives the same program through the Automation API instead: it loads
``<dir>/__main__.py`` as an inline program, uses a local file backend and passes the Barrack credentials as stack
config (the API key as a secret)::

    PULUMI_CONFIG_PASSPHRASE=... BARRACK_API_KEY=... BARRACK_API_URL=http://127.0.0.1:8765/api \\
        python -m pulumi_barrack.runner up examples/pulumi/gpu-workstation --stack dev

Commands: ``up``, ``preview``, ``refresh``, ``destroy``, ``outputs``. Engine output is printed as it comes;
the exit status is non-zero on failure. The helpers (:func:`engine_bin_dir`, :func:`engine_env`,
:func:`open_stack`) are reused by the engine tests and benchmarks.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import os
import runpy
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml
from pulumi import automation as auto

ENGINE_BIN_ENV = "PULUMI_ENGINE_BIN"
PASSPHRASE_ENV = "PULUMI_CONFIG_PASSPHRASE"
BUILD_SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "build-pulumi-engine"
ENGINE_PLUGIN = "pulumi-resource-pulumi-python"
COMMANDS = ("up", "preview", "refresh", "destroy", "outputs")


class RunnerError(Exception):
    """A problem the user can fix (missing passphrase, engine, program); printed without a traceback."""


def wanted_engine_version() -> str:
    """The engine version that matches the installed ``pulumi`` SDK, e.g. ``v3.259.0``."""
    return "v" + importlib.metadata.version("pulumi")


def _engine_version(pulumi_exe: Path) -> str | None:
    try:
        out = subprocess.run(
            [str(pulumi_exe), "version"],
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ, "PULUMI_SKIP_UPDATE_CHECK": "true"},
            check=False,
        )
    except OSError:
        return None
    return out.stdout.strip() if out.returncode == 0 else None


def _usable_bin_dir(bin_dir: Path, version: str) -> bool:
    return (bin_dir / ENGINE_PLUGIN).is_file() and _engine_version(bin_dir / "pulumi") == version


def build_cache_bin_dir(version: str) -> Path:
    """Where ``scripts/build-pulumi-engine`` puts the engine of ``version`` (``v3.259.0``)."""
    cache = os.environ.get("PULUMI_ENGINE_CACHE")
    if not cache:
        xdg = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
        cache = str(Path(xdg) / "barrack-iac" / "pulumi-engine")
    return Path(cache) / version / "bin"


def engine_bin_dir(*, build: bool = True) -> Path:
    """The directory holding ``pulumi`` and ``pulumi-resource-pulumi-python`` of the wanted version.

    Order: ``$PULUMI_ENGINE_BIN``; a ``pulumi`` of the right version on PATH (a user with Pulumi CLI installed
    needs nothing else); the build script's cache; else run ``scripts/build-pulumi-engine`` (10-25 minutes cold).
    Raises :class:`RunnerError` when none is usable (or ``build=False`` and no engine is found).
    """
    version = wanted_engine_version()
    from_env = os.environ.get(ENGINE_BIN_ENV)
    if from_env:
        bin_dir = Path(from_env).expanduser().resolve()
        if not _usable_bin_dir(bin_dir, version):
            raise RunnerError(
                f"{ENGINE_BIN_ENV}={from_env} does not hold pulumi {version} and {ENGINE_PLUGIN}; "
                "unset it or run scripts/build-pulumi-engine"
            )
        return bin_dir
    on_path = shutil.which("pulumi")
    if on_path:
        bin_dir = Path(on_path).resolve().parent
        if _usable_bin_dir(bin_dir, version):
            return bin_dir
    cached = build_cache_bin_dir(version)
    if _usable_bin_dir(cached, version):
        return cached
    if not build:
        raise RunnerError(f"Pulumi engine {version} not found: run scripts/build-pulumi-engine or set {ENGINE_BIN_ENV}")
    if not BUILD_SCRIPT.is_file():
        raise RunnerError(
            f"Pulumi CLI {version} is not on PATH and {BUILD_SCRIPT} is not available; install Pulumi CLI {version} "
            f"or set {ENGINE_BIN_ENV}"
        )
    print(f"barrack-pulumi: locating/building the Pulumi engine {version} with {BUILD_SCRIPT}", file=sys.stderr)
    proc = subprocess.run([str(BUILD_SCRIPT)], stdout=subprocess.PIPE, text=True, check=False)
    lines = proc.stdout.strip().splitlines()
    if proc.returncode != 0 or not lines:
        raise RunnerError(f"{BUILD_SCRIPT} failed (exit {proc.returncode})")
    bin_dir = Path(lines[-1]).resolve()
    if not _usable_bin_dir(bin_dir, version):
        raise RunnerError(f"{BUILD_SCRIPT} printed {bin_dir}, which does not hold pulumi {version}")
    return bin_dir


def read_passphrase(env: Mapping[str, str] | None = None) -> str:
    """The state passphrase from ``PULUMI_CONFIG_PASSPHRASE`` (or ``..._FILE``); RunnerError when absent."""
    env = os.environ if env is None else env
    value = env.get(PASSPHRASE_ENV)
    if value:
        return value
    path = env.get(PASSPHRASE_ENV + "_FILE")
    if path:
        try:
            return Path(path).read_text().rstrip("\n")
        except OSError as exc:
            raise RunnerError(f"cannot read {PASSPHRASE_ENV}_FILE={path}: {exc.strerror}") from None
    raise RunnerError(
        f"{PASSPHRASE_ENV} is not set: the stack state holds secrets (the pickled providers) and is encrypted with "
        f"this passphrase. Set it, e.g. `export {PASSPHRASE_ENV}=...` (keep the same value for every run)."
    )


def engine_env(bin_dir: Path, *, passphrase: str, pulumi_home: Path | None = None) -> dict[str, str]:
    """Environment for the engine process: engine on PATH, no update check/plugin downloads, this venv's python."""
    env = {
        "PATH": os.pathsep.join([str(bin_dir), os.environ.get("PATH", "")]),
        PASSPHRASE_ENV: passphrase,
        "PULUMI_SKIP_UPDATE_CHECK": "true",
        "PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true",
        "PULUMI_SKIP_CONFIRMATIONS": "true",
        "PULUMI_PYTHON_CMD": sys.executable,
    }
    if pulumi_home is not None:
        env["PULUMI_HOME"] = str(pulumi_home)
    return env


def file_backend_url(path: Path) -> str:
    """``file://`` URL of a state directory (created when missing)."""
    path.mkdir(parents=True, exist_ok=True)
    return "file://" + str(path.resolve())


def open_stack(
    *,
    project: str,
    stack: str,
    program: Callable[[], None],
    backend_url: str,
    bin_dir: Path,
    env: Mapping[str, str],
    work_dir: Path | None = None,
    pulumi_home: Path | None = None,
    api_key: str | None = None,
    api_url: str | None = None,
    config: Mapping[str, str] | None = None,
    key_in_config: bool = True,
) -> auto.Stack:
    """Create or select ``stack`` of an inline ``program`` and set its Barrack config.

    With ``key_in_config`` the API key becomes the secret stack config ``barrack:apiKey``. Note: the engine passes
    the whole stack config to the dynamic-provider plugin and records it as the inputs of the default provider
    resource (``pulumi:providers:pulumi-python``), so the key is then in the state file, encrypted with the
    passphrase. Without ``key_in_config`` the key goes to the engine process as ``BARRACK_API_KEY`` only and never
    reaches the state. ``config`` holds further plain ``namespace:key`` values.
    """
    env = dict(env)
    if api_key and not key_in_config:
        env["BARRACK_API_KEY"] = api_key
    if work_dir is not None:
        work_dir.mkdir(parents=True, exist_ok=True)
    settings = auto.ProjectSettings(name=project, runtime="python", backend=auto.ProjectBackend(url=backend_url))
    opts = auto.LocalWorkspaceOptions(
        work_dir=str(work_dir) if work_dir is not None else None,
        pulumi_home=str(pulumi_home) if pulumi_home is not None else None,
        env_vars=env,
        project_settings=settings,
        pulumi_command=auto.PulumiCommand(root=str(bin_dir.parent)) if (bin_dir / "pulumi").is_file() else None,
    )
    st = auto.create_or_select_stack(stack_name=stack, project_name=project, program=program, opts=opts)
    values: dict[str, auto.ConfigValue] = {k: auto.ConfigValue(value=v) for k, v in (config or {}).items()}
    if api_key and key_in_config:
        values["barrack:apiKey"] = auto.ConfigValue(value=api_key, secret=True)
    if api_url:
        values["barrack:apiUrl"] = auto.ConfigValue(value=api_url)
    if values:
        st.set_all_config(values)
    if not key_in_config and "barrack:apiKey" in st.get_all_config():
        st.remove_config("barrack:apiKey")
    return st


def default_work_dir(backend_url: str, program_dir: Path, project: str) -> Path:
    """Where the workspace keeps Pulumi.yaml and Pulumi.<stack>.yaml (encryption salt, config): beside a file
    backend's state (``<state dir>/workspaces/<project>``), else ``<program_dir>/.pulumi-state/workspaces/...``."""
    if backend_url.startswith("file://"):
        base = Path(backend_url[len("file://") :]).expanduser()
    else:
        base = program_dir / ".pulumi-state"
    return base / "workspaces" / project


def load_program(program_dir: Path) -> Callable[[], None]:
    """An inline program that runs ``<program_dir>/__main__.py`` like the Python language host does."""
    main = program_dir / "__main__.py"
    if not main.is_file():
        raise RunnerError(f"{main} not found: a Pulumi Python program directory needs __main__.py")

    def program() -> None:
        path = str(program_dir)
        if path not in sys.path:
            sys.path.insert(0, path)
        runpy.run_path(str(main), run_name="__main__")

    return program


def read_project(program_dir: Path) -> tuple[str, dict[str, str]]:
    """Project name from ``Pulumi.yaml`` and the plain config values of its ``config:`` section."""
    for name in ("Pulumi.yaml", "Pulumi.yml"):
        path = program_dir / name
        if path.is_file():
            break
    else:
        raise RunnerError(f"{program_dir}/Pulumi.yaml not found")
    data = _load_yaml(path)
    project = data.get("name")
    if not isinstance(project, str) or not project:
        raise RunnerError(f"{path}: `name:` (the project name) is missing")
    return project, _plain_config(data.get("config"), project, str(path))


def read_stack_config(program_dir: Path, project: str, stack: str) -> dict[str, str]:
    """Plain config values of ``<dir>/Pulumi.<stack>.yaml`` (secure values cannot be carried over)."""
    path = program_dir / f"Pulumi.{stack}.yaml"
    if not path.is_file():
        return {}
    return _plain_config(_load_yaml(path).get("config"), project, str(path))


def _load_yaml(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text())
    except (OSError, yaml.YAMLError) as exc:
        raise RunnerError(f"cannot read {path}: {exc}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise RunnerError(f"{path}: expected a mapping at the top level")
    return data


def _plain_config(section: Any, project: str, where: str) -> dict[str, str]:
    out: dict[str, str] = {}
    if not isinstance(section, dict):
        return out
    for key, value in section.items():
        if isinstance(value, dict):
            if "secure" in value:
                print(
                    f"barrack-pulumi: {where}: ignoring secure value {key}; pass it with env or --config",
                    file=sys.stderr,
                )
                continue
            value = value.get("value", value.get("default"))
        if value is None:
            continue
        full = key if ":" in key else f"{project}:{key}"
        out[full] = value if isinstance(value, str) else json.dumps(value)
    return out


def _parse_config_args(items: Sequence[str], project: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise RunnerError(f"--config {item!r}: expected KEY=VALUE")
        out[key if ":" in key else f"{project}:{key}"] = value
    return out


def _print(line: str) -> None:
    print(line, flush=True)


def _print_err(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def run(args: argparse.Namespace) -> int:
    """Run one command; returns the exit status."""
    program_dir = Path(args.program_dir).resolve()
    if not program_dir.is_dir():
        raise RunnerError(f"{args.program_dir} is not a directory")
    project, config = read_project(program_dir)
    config.update(read_stack_config(program_dir, project, args.stack))
    config.update(_parse_config_args(args.config or [], project))
    passphrase = read_passphrase()
    backend_url = args.backend_url or file_backend_url(program_dir / ".pulumi-state")
    if backend_url.startswith("file://"):
        Path(backend_url[len("file://") :]).expanduser().mkdir(parents=True, exist_ok=True)
    work_dir = Path(args.work_dir).resolve() if args.work_dir else default_work_dir(backend_url, program_dir, project)
    bin_dir = engine_bin_dir(build=True)
    pulumi_home = Path(os.environ["PULUMI_HOME"]) if os.environ.get("PULUMI_HOME") else None
    stack = open_stack(
        project=project,
        stack=args.stack,
        program=load_program(program_dir),
        backend_url=backend_url,
        bin_dir=bin_dir,
        env=engine_env(bin_dir, passphrase=passphrase, pulumi_home=pulumi_home),
        work_dir=work_dir,
        pulumi_home=pulumi_home,
        api_key=os.environ.get("BARRACK_API_KEY") or None,
        api_url=os.environ.get("BARRACK_API_URL") or None,
        config=config,
        key_in_config=args.key_in_config,
    )
    common: dict[str, Any] = {"on_output": _print, "on_error": _print_err, "color": args.color}
    # show_secrets=False: the result summary then carries config secrets masked, not decrypted
    if args.command == "up":
        result = stack.up(refresh=args.refresh, show_secrets=False, **common)
        _print_outputs(result.outputs, show_secrets=False)
    elif args.command == "preview":
        preview = stack.preview(refresh=args.refresh, expect_no_changes=args.expect_no_changes, **common)
        changes = {k: v for k, v in preview.change_summary.items() if v}
        _print(f"change summary: {json.dumps(changes, sort_keys=True)}")
    elif args.command == "refresh":
        stack.refresh(show_secrets=False, **common)
    elif args.command == "destroy":
        stack.destroy(show_secrets=False, **common)
        if args.remove:
            stack.workspace.remove_stack(args.stack)
            _print(f"stack {args.stack} removed")
    else:
        _print_outputs(stack.outputs(), show_secrets=args.show_secrets, as_json=True)
    return 0


def _print_outputs(outputs: Mapping[str, auto.OutputValue], *, show_secrets: bool, as_json: bool = False) -> None:
    plain = {k: ("[secret]" if v.secret and not show_secrets else v.value) for k, v in outputs.items()}
    if as_json:
        _print(json.dumps(plain, indent=2, sort_keys=True, default=str))
    else:
        for key, value in sorted(plain.items()):
            _print(f"output {key}: {json.dumps(value, default=str)}")


def build_parser() -> argparse.ArgumentParser:
    """The ``barrack-pulumi`` command line."""
    p = argparse.ArgumentParser(
        prog="barrack-pulumi",
        description="Run a Pulumi Python program directory with the local Pulumi engine (Automation API, file "
        "backend). Credentials: BARRACK_API_KEY (passed to the engine process only, see --key-in-config) and "
        "BARRACK_API_URL (stack config barrack:apiUrl); "
        "state passphrase: PULUMI_CONFIG_PASSPHRASE.",
    )
    p.add_argument("command", choices=COMMANDS)
    p.add_argument("program_dir", help="directory with Pulumi.yaml and __main__.py")
    p.add_argument("--stack", "-s", default="dev", help="stack name (default: dev)")
    p.add_argument("--backend-url", help="state backend URL (default: file://<program_dir>/.pulumi-state)")
    p.add_argument(
        "--work-dir", help="workspace dir for stack settings (default: <file backend dir>/workspaces/<project>)"
    )
    p.add_argument("--config", "-c", action="append", metavar="KEY=VALUE", help="plain stack config (repeatable)")
    p.add_argument(
        "--key-in-config",
        action="store_true",
        help="store BARRACK_API_KEY as the secret stack config barrack:apiKey. The engine then records it, encrypted "
        "with the passphrase, as an input of its default dynamic provider in the state. Default: the key is passed "
        "to the engine process as BARRACK_API_KEY only and never reaches the state",
    )
    p.add_argument("--refresh", action="store_true", help="up/preview: refresh the state first")
    p.add_argument("--expect-no-changes", action="store_true", help="preview: fail if any change is planned")
    p.add_argument("--remove", action="store_true", help="destroy: remove the stack afterwards")
    p.add_argument("--show-secrets", action="store_true", help="outputs: print secret outputs in plain text")
    p.add_argument("--color", default="auto", choices=("always", "never", "raw", "auto"))
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Console entry point ``barrack-pulumi``."""
    args = build_parser().parse_args(argv)
    try:
        return run(args)
    except RunnerError as exc:
        print(f"barrack-pulumi: error: {exc}", file=sys.stderr)
        return 2
    except auto.CommandError:
        # The engine's stdout and stderr were already printed line by line.
        print(f"barrack-pulumi: {args.command} failed", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("barrack-pulumi: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
