"""Run one scenario through both front-ends against the emulator and compare the final server state.

A scenario is a list of steps, each the desired state of one object in front-end-neutral terms (kind, name,
properties, present/absent), optionally with emulator faults scheduled before it. It runs

- through Ansible: every step becomes one ``barrack.cloud.*`` task, the whole scenario one ``ansible-playbook``
  run (faults of the first step are scheduled before the run, later ones by an ``ansible.builtin.uri`` task
  that POSTs to the emulator's admin API right before their step);
- through Pulumi: the dynamic provider of each ``pulumi_barrack`` resource is driven in-process as the engine
  calls it (``check`` -> ``diff`` -> ``create`` / ``update`` / replace / ``delete``), with the state (id, outputs,
  inputs) kept between steps like a stack would keep it.

The emulator is reset before each run. The result is a normalised dump of the server state, read over plain
HTTP (not through the shared client both front-ends use): ids, timestamps, request ids and addresses dropped,
references replaced by names, rules in canonical order.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "ansible"))

from playbook import run_playbook

PUBKEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl test@example"
PUBKEY2 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIC6Bs8bGmdS1ovwuLybzcux1OHaBCwIuqe7YyIqDq7e/ fault@test"
UBUNTU = "Ubuntu Server 22.04 LTS R535 CUDA 12.2"

LIST_PATHS = {
    "ssh_keys": "/ssh-keys/",
    "scripts": "/scripts/",
    "volumes": "/volumes/",
    "firewalls": "/firewalls/",
    "instances": "/instances/",
}
DROPPED = frozenset(
    {"id", "instance_id", "created_at", "updated_at", "timestamp", "request_id", "ip_address", "private_ip"}
)


@dataclass(frozen=True)
class Fault:
    """An emulator fault (``EmulatorHandle.add_fault`` arguments)."""

    method: str
    route: str
    kind: str
    times: int = 1
    params: Mapping[str, Any] = field(default_factory=dict)

    def body(self) -> dict[str, Any]:
        return {"method": self.method, "route": self.route, "kind": self.kind, "times": self.times, **self.params}


@dataclass(frozen=True)
class Step:
    """The desired state of one object.

    ``props`` per kind (references by the other object's name):
    ssh_key ``name, public_key``; script ``name, content, description?``; volume ``name, region, size_gb,
    volume_type``; firewall ``name, region, rules`` (rule dicts as a user writes them, partial allowed);
    instance ``name, region, gpu_model, gpu_count, image, ssh_keys: [key names], power: running|stopped``, and
    optionally ``volumes`` / ``firewalls`` (full lists of names), ``security_rules``, ``public_ip``;
    volume_attachment ``volume, instance, stop_if_needed``; firewall_attachment ``instances: [names]`` (``name`` is
    the firewall's; the full list of instances it protects).
    """

    kind: str
    name: str
    props: Mapping[str, Any] = field(default_factory=dict)
    state: str = "present"
    faults: Sequence[Fault] = ()

    @property
    def ref(self) -> str:
        if self.kind == "volume_attachment":
            return f"{self.props['instance']}/{self.props['volume']}"
        if self.kind == "firewall_attachment":
            return f"{self.name}/attachment"
        return self.name


@dataclass(frozen=True)
class Scenario:
    name: str
    steps: Sequence[Step]
    env: Mapping[str, str] = field(default_factory=dict)
    """Client environment for both front-ends (e.g. a short ``BARRACK_API_TIMEOUT`` for the slow fault)."""
    seed: Sequence[tuple[str, Mapping[str, Any]]] = ()
    """Objects that exist before the run (``EmulatorHandle.seed(kind, **attrs)``, attrs with ``name``): for delete
    paths without a create step. Pulumi imports such an object (``read``) the first time a step names it."""

    def prepare(self, emulator: Any) -> None:
        """Reset the emulator and seed the scenario's starting objects."""
        emulator.reset_all()
        for kind, attrs in self.seed:
            emulator.seed(kind, **attrs)


@dataclass
class Result:
    """What one front-end left on the server."""

    frontend: str
    dump: dict[str, list[dict[str, Any]]]
    pending_faults: list[dict[str, Any]] = field(default_factory=list)
    """Faults still scheduled after the run (``EmulatorHandle.faults()``: route, kind, times, hits)."""

    def names(self) -> dict[str, list[str]]:
        return {kind: sorted(str(o.get("name")) for o in objs) for kind, objs in self.dump.items()}


# ------------------------------------------------------------------------------------------------ server state
def _list(http: httpx.Client, path: str, key: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    page = 1
    while True:
        resp = http.get(path, params={"page": page, "page_size": 100})
        resp.raise_for_status()
        body = resp.json()
        data = body.get("data", body)
        items += data[key]
        if not data.get("has_next") or page >= 50:
            return items
        page += 1


def _rule(rule: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in rule.items() if k not in DROPPED}


def _rule_key(rule: Mapping[str, Any]) -> tuple[str, ...]:
    keys = ("direction", "ethertype", "protocol", "port_range_min", "port_range_max", "remote_ip_prefix")
    return tuple(str(rule.get(k)) for k in keys)


def sort_rules(rules: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Rules without ids, in canonical order (as :func:`server_state` shows them)."""
    return sorted((_rule(r) for r in rules), key=_rule_key)


def server_state(emulator: Any) -> dict[str, list[dict[str, Any]]]:
    """The account as a normalised, order-independent dump (plain HTTP, no shared client)."""
    with httpx.Client(base_url=emulator.base_url, headers=emulator.headers, timeout=30) as http:
        raw = {kind: _list(http, path, kind) for kind, path in LIST_PATHS.items()}
    names = {
        "instances": {str(i["instance_id"]): i["vm_name"] for i in raw["instances"]},
        "volumes": {str(v["id"]): v["name"] for v in raw["volumes"]},
        "scripts": {str(s["id"]): s["name"] for s in raw["scripts"]},
    }
    dump: dict[str, list[dict[str, Any]]] = {}
    for kind, objs in raw.items():
        out = []
        for obj in objs:
            o = {k: v for k, v in obj.items() if k not in DROPPED}
            if kind == "instances":
                o["name"] = o.pop("vm_name")
                o["ssh_keys"] = sorted(k["name"] for k in o.get("ssh_keys") or [])
                o["firewalls"] = sorted(f["name"] for f in o.get("firewalls") or [])
                o["volume_attachments"] = sorted(
                    (a["name"], a.get("status")) for a in o.get("volume_attachments") or []
                )
                o["security_rules"] = sort_rules(o.get("security_rules") or [])
                sid = o.pop("startup_script_id", None)
                o["startup_script"] = names["scripts"].get(str(sid), sid) if sid else None
            if kind == "volumes" and o.get("attached_to"):
                o["attached_to"] = names["instances"].get(str(o["attached_to"]), "?" + str(o["attached_to"]))
            if kind == "firewalls":
                o["rules"] = sort_rules(o.get("rules") or [])
                o["attachments"] = sorted(
                    (names["instances"].get(str(a["instance_id"]), "?"), a.get("status"))
                    for a in o.get("attachments") or []
                )
                o.pop("environment", None)
            out.append(o)
        dump[kind] = sorted(out, key=lambda o: repr(sorted(o.items(), key=lambda kv: kv[0])))
    return dump


def check_expected(result: Result, expected: Mapping[str, Mapping[str, Mapping[str, Any]]]) -> None:
    """Every kind holds exactly the expected names, once each, with the expected field values."""
    names = result.names()
    for kind in LIST_PATHS:
        want = sorted(expected.get(kind, {}))
        assert names[kind] == want, f"{result.frontend}: {kind} on the server are {names[kind]}, expected {want}"
    for kind, objs in expected.items():
        for name, fields in objs.items():
            (obj,) = [o for o in result.dump[kind] if o["name"] == name]
            for key, value in fields.items():
                got = obj.get(key)
                assert got == value, f"{result.frontend}: {kind} {name!r} {key} is {got!r}, expected {value!r}"


def check_faults_were_met(result: Result, times: int) -> None:
    """Every path met its fault: a single fault is spent; of a double one at least the first hit happened (after a
    lost create the object is found by name, so nothing is sent a second time)."""
    for pending in result.pending_faults:
        assert times > 1 and pending["hits"] >= 1, f"{result.frontend} never met {pending}"


# ------------------------------------------------------------------------------------------------ Ansible
def _ansible_task(step: Step) -> dict[str, Any]:
    p = dict(step.props)
    absent = step.state == "absent"
    if step.kind == "ssh_key":
        args = {"name": step.name, "state": "absent"} if absent else {"name": step.name, "public_key": p["public_key"]}
        return {"barrack.cloud.ssh_key": args}
    if step.kind == "script":
        args = {"name": step.name, "state": "absent"} if absent else {"name": step.name, **p}
        return {"barrack.cloud.startup_script": args}
    if step.kind == "volume":
        if absent:
            return {"barrack.cloud.volume": {"name": step.name, "region": p["region"], "state": "absent"}}
        return {"barrack.cloud.volume": {"name": step.name, **p}}
    if step.kind == "firewall":
        args = {"name": step.name, "state": "absent"} if absent else {"name": step.name, **p}
        return {"barrack.cloud.firewall": args}
    if step.kind == "instance":
        if absent:
            return {"barrack.cloud.instance": {"name": step.name, "state": "absent"}}
        args = {k: v for k, v in p.items() if k != "power"}
        args["state"] = {"running": "started", "stopped": "stopped"}[p.get("power", "running")]
        for option in ("volumes", "firewalls"):  # a full list, as Pulumi's volume_ids / firewall_ids
            if option in p:
                args[f"purge_{option}"] = True
        if "volumes" in p:
            args["stop_if_needed"] = True  # what the Pulumi provider always does
        return {"barrack.cloud.instance": {"name": step.name, **args}}
    if step.kind == "volume_attachment":
        args = {"volume": p["volume"], "instance": p["instance"], "stop_if_needed": bool(p.get("stop_if_needed"))}
        return {"barrack.cloud.volume_attachment": {**args, "state": step.state}}
    if step.kind == "firewall_attachment":
        instances = list(p["instances"]) if not absent else []
        return {"barrack.cloud.firewall": {"name": step.name, "instances": instances, "purge_instances": True}}
    raise ValueError(f"unknown kind {step.kind!r}")


def _fault_task(emulator: Any, fault: Fault) -> dict[str, Any]:
    return {
        "name": f"fault {fault.method} {fault.route} {fault.kind}",
        "ansible.builtin.uri": {
            "url": emulator.admin_url + "/faults",
            "method": "POST",
            "body_format": "json",
            "body": fault.body(),
            "status_code": [200, 201],
        },
    }


def run_ansible(emulator: Any, scenario: Scenario, workdir: Path) -> Result:
    """The scenario as one playbook (one task per step); returns the server state it left."""
    scenario.prepare(emulator)
    tasks: list[dict[str, Any]] = []
    for index, step in enumerate(scenario.steps):
        if index == 0:
            for fault in step.faults:  # nothing has run yet: schedule directly, no extra task
                emulator.add_fault(fault.method, fault.route, fault.kind, times=fault.times, **fault.params)
        else:
            tasks += [_fault_task(emulator, f) for f in step.faults]
        tasks.append({"name": f"step {index}: {step.kind} {step.ref} {step.state}", **_ansible_task(step)})
    run_playbook(tasks, api_url=emulator.base_url, api_key=emulator.api_key, env=dict(scenario.env), workdir=workdir)
    return Result("ansible", server_state(emulator), emulator.faults())


# ------------------------------------------------------------------------------------------------ Pulumi
def _provider(kind: str) -> Any:
    import pulumi_barrack as barrack

    classes = {
        "ssh_key": barrack.SshKeyProvider,
        "script": barrack.StartupScriptProvider,
        "volume": barrack.VolumeProvider,
        "firewall": barrack.FirewallProvider,
        "instance": barrack.InstanceProvider,
        "volume_attachment": barrack.VolumeAttachmentProvider,
        "firewall_attachment": barrack.FirewallAttachmentProvider,
    }
    return classes[kind]()


@dataclass
class _Stacked:
    id: str
    outs: dict[str, Any]
    inputs: dict[str, Any]


class PulumiStack:
    """The engine's side of a ``pulumi up`` per step: provider calls in the engine's order, state kept here."""

    def __init__(self, emulator: Any, seeded: set[str]) -> None:
        self.emulator = emulator
        self.seeded = seeded
        self.state: dict[tuple[str, str], _Stacked] = {}

    def _id(self, kind: str, name: str) -> str:
        if (kind, name) in self.state:
            return self.state[(kind, name)].id
        return self._server_id(kind, name)

    def _server_id(self, kind: str, name: str) -> str:
        plural = {"ssh_key": "ssh_keys", "script": "scripts", "volume": "volumes", "firewall": "firewalls"}
        key = plural.get(kind, "instances")
        with httpx.Client(base_url=self.emulator.base_url, headers=self.emulator.headers, timeout=30) as http:
            found = [o for o in _list(http, LIST_PATHS[key], key) if o.get("vm_name", o.get("name")) == name]
        (obj,) = found
        return str(obj.get("instance_id", obj.get("id")))

    def _import(self, provider: Any, step: Step) -> _Stacked | None:
        """``pulumi import`` of a seeded object: ``read`` by id gives its outputs and inputs."""
        if step.ref not in self.seeded:
            return None
        read = provider.read(self._server_id(step.kind, step.ref), {})
        assert read.id, f"pulumi read of seeded {step.kind} {step.ref} found nothing"
        imported = _Stacked(read.id, dict(read.outs), dict(read.inputs or {}))
        self.state[(step.kind, step.ref)] = imported
        return imported

    def inputs(self, step: Step) -> dict[str, Any]:
        p = dict(step.props)
        if step.kind == "instance":
            inputs = {k: v for k, v in p.items() if k not in ("ssh_keys", "power", "volumes", "firewalls")}
            inputs["ssh_key_ids"] = [self._id("ssh_key", k) for k in p["ssh_keys"]]
            for kind in ("volume", "firewall"):
                if f"{kind}s" in p:
                    inputs[f"{kind}_ids"] = [self._id(kind, n) for n in p[f"{kind}s"]]
            inputs["power_state"] = p.get("power", "running")
            return {"name": step.name, **inputs}
        if step.kind == "volume_attachment":
            return {
                "instance_id": self._id("instance", p["instance"]),
                "volume_id": self._id("volume", p["volume"]),
                "stop_if_needed": bool(p.get("stop_if_needed")),
            }
        if step.kind == "firewall_attachment":
            return {
                "firewall_id": self._id("firewall", step.name),
                "instance_ids": [self._id("instance", i) for i in p["instances"]],
            }
        return {"name": step.name, **p}

    def apply(self, step: Step) -> None:
        provider = _provider(step.kind)
        key = (step.kind, step.ref)
        current = self.state.get(key) or self._import(provider, step)
        if step.state == "absent":
            if current is not None:
                provider.delete(current.id, current.outs)
                del self.state[key]
            return
        news = self.inputs(step)
        checked = provider.check(current.inputs if current else {}, news)
        assert not checked.failures, f"pulumi check of {step.ref}: {[(f.property, f.reason) for f in checked.failures]}"
        if current is None:
            created = provider.create(checked.inputs)
            self.state[key] = _Stacked(created.id, dict(created.outs), checked.inputs)
            return
        diff = provider.diff(current.id, current.outs, checked.inputs)
        if not diff.changes:
            current.inputs = checked.inputs
            return
        if diff.replaces:
            if diff.delete_before_replace:
                provider.delete(current.id, current.outs)
                created = provider.create(checked.inputs)
            else:
                created = provider.create(checked.inputs)
                provider.delete(current.id, current.outs)
            self.state[key] = _Stacked(created.id, dict(created.outs), checked.inputs)
            return
        updated = provider.update(current.id, current.outs, checked.inputs)
        self.state[key] = _Stacked(current.id, dict(updated.outs), checked.inputs)


@contextmanager
def _pulumi_env(emulator: Any, env: Mapping[str, str]) -> Iterator[None]:
    from pulumi_barrack import _credentials

    names = {"BARRACK_API_KEY", "BARRACK_API_URL", *env}
    saved = {k: os.environ.get(k) for k in names}
    os.environ.update({"BARRACK_API_KEY": emulator.api_key, "BARRACK_API_URL": emulator.base_url, **env})
    _credentials.reset()  # no stack config: the provider reads the environment, as with `pulumi up`
    try:
        yield
    finally:
        _credentials.reset()
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def _pulumi_steps(emulator: Any, scenario: Scenario) -> Result:
    from pulumi_barrack import _credentials

    scenario.prepare(emulator)
    stack = PulumiStack(emulator, {str(attrs["name"]) for _, attrs in scenario.seed})
    try:
        for index, step in enumerate(scenario.steps):
            for fault in step.faults:
                emulator.add_fault(fault.method, fault.route, fault.kind, times=fault.times, **fault.params)
            try:
                stack.apply(step)
            except Exception as exc:
                raise AssertionError(
                    f"pulumi step {index} ({step.kind} {step.ref} {step.state}) failed: {exc}"
                ) from exc
    finally:
        _credentials.reset()  # this thread's cached clients
    return Result("pulumi", server_state(emulator), emulator.faults())


def run_pulumi(emulator: Any, scenario: Scenario) -> Result:
    """The scenario through the dynamic providers in-process; returns the server state it left."""
    with _pulumi_env(emulator, scenario.env):
        return _pulumi_steps(emulator, scenario)


# ------------------------------------------------------------------------------------------------ both
def run_both(
    emulator: Any, scenario: Scenario, workdir: Path, pulumi_emulator: Any | None = None
) -> tuple[Result, Result]:
    """Both front-ends (emulator reset before each); asserts the two dumps are equal.

    With a second emulator the Pulumi run goes on in a thread while ``ansible-playbook`` runs (the environment is
    set before either starts, so the playbook's copy of it is taken while nothing changes it)."""
    if pulumi_emulator is None:
        ansible = run_ansible(emulator, scenario, workdir)
        pulumi = run_pulumi(emulator, scenario)
    else:
        outcome: dict[str, Any] = {}

        def pulumi_thread() -> None:
            try:
                outcome["result"] = _pulumi_steps(pulumi_emulator, scenario)
            except BaseException as exc:  # re-raised in the caller's thread
                outcome["error"] = exc

        with _pulumi_env(pulumi_emulator, scenario.env):
            worker = threading.Thread(target=pulumi_thread, name=f"pulumi-{scenario.name}")
            worker.start()
            try:
                ansible = run_ansible(emulator, scenario, workdir)
            finally:
                worker.join()
        if "error" in outcome:
            raise outcome["error"]
        pulumi = outcome["result"]
    assert_same(ansible, pulumi)
    return ansible, pulumi


def assert_same(a: Result, b: Result) -> None:
    """The two front-ends left the same server state (per kind, so the message points at the difference)."""
    for kind in LIST_PATHS:
        assert a.dump[kind] == b.dump[kind], (
            f"{kind} differ between {a.frontend} and {b.frontend}:\n"
            f"  {a.frontend}: {a.dump[kind]}\n  {b.frontend}: {b.dump[kind]}"
        )
