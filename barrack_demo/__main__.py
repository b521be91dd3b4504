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

REPO = Path(__file__).resolve().parent.parent
DEMO_KEY = "demo-key-0123456789"


def _banner(text: str) -> None:
    print(f"\n=== {text} ===", flush=True)


def _frontend_env(base_url: str, api_key: str, state_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    bin_dir = str(Path(sys.executable).parent)
    env.update(
        BARRACK_API_URL=base_url,
        BARRACK_API_KEY=api_key,
        ANSIBLE_COLLECTIONS_PATH=str(REPO),
        ANSIBLE_PYTHON_INTERPRETER=sys.executable,
        ANSIBLE_LOCALHOST_WARNING="false",
        ANSIBLE_INVENTORY_UNPARSED_WARNING="false",
        PULUMI_CONFIG_PASSPHRASE=env.get("PULUMI_CONFIG_PASSPHRASE", "barrack-demo"),
        PULUMI_HOME=str(state_dir / "pulumi-home"),
        PATH=bin_dir + os.pathsep + env.get("PATH", ""),
    )
    return env


def _run(cmd: Sequence[str], env: dict[str, str]) -> None:
    print("$", " ".join(cmd), flush=True)
    subprocess.run(list(cmd), env=env, cwd=REPO, check=True)


def run_ansible_demo(env: dict[str, str]) -> None:
    """Provision, hibernate, restore and remove a GPU workstation with the Ansible collection."""
    _run([str(Path(sys.executable).parent / "ansible-playbook"), "examples/ansible/site.yml"], env)


def run_pulumi_demo(env: dict[str, str], state_dir: Path) -> None:
    """`up`, show the outputs, then `destroy` the gpu-workstation Pulumi example through the local engine."""
    program = "examples/pulumi/gpu-workstation"
    backend = f"file://{state_dir / 'pulumi-state'}"
    for action in ("up", "outputs", "destroy"):
        _run([sys.executable, "-m", "pulumi_barrack.runner", action, program, "--stack", "demo",
              "--backend-url", backend], env)


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
            env = _frontend_env(emu.base_url, emu.api_key, state_dir)
            if "client" in parts:
                _banner("shared_client: create, list, act, delete")
                run_client_demo(emu.base_url, emu.api_key)
            if "ansible" in parts:
                _banner("Ansible: examples/ansible/site.yml")
                run_ansible_demo(env)
            if "pulumi" in parts:
                _banner("Pulumi: examples/pulumi/gpu-workstation (up, outputs, destroy)")
                run_pulumi_demo(env, state_dir)
            _banner("API calls the emulator served")
            counts = emu.request_counts()
            for route, n in sorted(counts.items(), key=lambda kv: -kv[1])[:12]:
                print(f"{n:5d}  {route}")
            print(f"{sum(counts.values()):5d}  in total")
    print("\nDemo finished: every resource was created, used and removed again.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
