"""`barrack-demo`: run the client, Ansible and Pulumi demos against an embedded Barrack emulator."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from barrack_demo.client_demo import run_client_demo
from barrack_demo.pulumi_cli import CliError, EngineNotFound, Program, Workspace, copy_program, find_engine

REPO = Path(__file__).resolve().parent.parent
DEMO_KEY = "demo-key-0123456789"


def _banner(text: str) -> None:
    print(f"\n=== {text} ===", flush=True)


def _frontend_env(base_url: str, api_key: str) -> dict[str, str]:
    env = dict(os.environ)
    bin_dir = str(Path(sys.executable).parent)
    env.update(
        BARRACK_API_URL=base_url,
        BARRACK_API_KEY=api_key,
        ANSIBLE_COLLECTIONS_PATH=str(REPO),
        ANSIBLE_PYTHON_INTERPRETER=sys.executable,
        ANSIBLE_LOCALHOST_WARNING="false",
        ANSIBLE_INVENTORY_UNPARSED_WARNING="false",
        PATH=bin_dir + os.pathsep + env.get("PATH", ""),
    )
    return env


def _run(cmd: Sequence[str], env: dict[str, str]) -> None:
    print("$", " ".join(cmd), flush=True)
    subprocess.run(list(cmd), env=env, cwd=REPO, check=True)


def run_ansible_demo(env: dict[str, str]) -> None:
    """Provision, hibernate, restore and remove a GPU workstation with the Ansible collection."""
    _run([str(Path(sys.executable).parent / "ansible-playbook"), "examples/ansible/site.yml"], env)


def run_pulumi_demo(base_url: str, api_key: str, state_dir: Path) -> None:
    """The gpu-workstation example with the plain `pulumi` CLI in (a copy of) its program folder, as a user runs
    it: stack init, the API key as secret config, up, outputs, preview and refresh without changes, destroy."""
    bin_dir = find_engine(build=True)
    workspace = Workspace(bin_dir, state_dir / "pulumi", os.environ.get("PULUMI_CONFIG_PASSPHRASE", "barrack-demo"))
    folder = copy_program(REPO / "examples" / "pulumi" / "gpu-workstation", workspace.root / "gpu-workstation")
    print(f"pulumi: {bin_dir / 'pulumi'}; program folder {folder}; state {workspace.backend_dir}", flush=True)
    program = Program(workspace, folder, "demo", echo=True)
    program.init(api_key=api_key, api_url=base_url)
    program.up()
    program.run("stack", "output")
    program.preview("--expect-no-changes")
    program.refresh("--expect-no-changes")
    program.destroy()
    program.run("stack", "rm", "--yes", "demo")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="barrack-demo", description=__doc__)
    parser.add_argument("--only", choices=("client", "ansible", "pulumi"), action="append",
                        help="run only these parts (repeatable); default: all three")
    parser.add_argument("--delay-scale", type=float, default=0.02,
                        help="emulator transition speed (1 = realistic seconds, 0 = instant)")
    args = parser.parse_args(argv)
    parts = args.only or ["client", "ansible", "pulumi"]

    from barrack_emulator.testing import start_emulator

    with tempfile.TemporaryDirectory(prefix="barrack-demo-") as tmp:
        state_dir = Path(tmp)
        with start_emulator(delay_scale=args.delay_scale, api_keys=(DEMO_KEY,),
                            state_file=str(state_dir / "emulator.json")) as emu:
            print(f"Barrack emulator listening on {emu.base_url} (delay scale {args.delay_scale})")
            env = _frontend_env(emu.base_url, emu.api_key)
            if "client" in parts:
                _banner("shared_client: create, list, act, delete")
                run_client_demo(emu.base_url, emu.api_key)
            if "ansible" in parts:
                _banner("Ansible: examples/ansible/site.yml")
                run_ansible_demo(env)
            if "pulumi" in parts:
                _banner("Pulumi: examples/pulumi/gpu-workstation (pulumi up, outputs, destroy)")
                try:
                    run_pulumi_demo(emu.base_url, emu.api_key, state_dir)
                except (CliError, EngineNotFound) as exc:
                    print(f"barrack-demo: {exc}", file=sys.stderr)
                    return 1
            _banner("API calls the emulator served")
            counts = emu.request_counts()
            for route, n in sorted(counts.items(), key=lambda kv: -kv[1])[:12]:
                print(f"{n:5d}  {route}")
            print(f"{sum(counts.values()):5d}  in total")
    print("\nDemo finished: every resource was created, used and removed again.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
