"""The user-facing Resource classes: type tokens, Args + keyword inputs, seeded outputs, secret outputs."""

from __future__ import annotations

from typing import Any

import pulumi
import pulumi.dynamic
import pytest

import pulumi_barrack as barrack


class Mocks(pulumi.runtime.Mocks):
    def __init__(self) -> None:
        self.resources: dict[str, Any] = {}

    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str, dict[str, Any]]:
        self.resources[args.name] = args
        return f"{args.name}-id", dict(args.inputs)

    def call(self, args: pulumi.runtime.MockCallArgs) -> tuple[dict[str, Any], list[tuple[str, str]] | None]:
        return {}, None


@pytest.fixture
def mocks(monkeypatch: pytest.MonkeyPatch) -> Mocks:
    m = Mocks()
    pulumi.runtime.set_mocks(m, preview=False)
    return m


@pytest.fixture
def captured_opts(monkeypatch: pytest.MonkeyPatch) -> dict[str, pulumi.ResourceOptions | None]:
    seen: dict[str, pulumi.ResourceOptions | None] = {}
    original = pulumi.dynamic.Resource.__init__

    def spy(self: Any, provider: Any, name: str, props: Any, opts: pulumi.ResourceOptions | None = None) -> None:
        seen[name] = opts
        original(self, provider, name, props, opts)

    monkeypatch.setattr(pulumi.dynamic.Resource, "__init__", spy)
    return seen


@pulumi.runtime.test
def test_types_inputs_and_schema_version(mocks: Mocks) -> Any:
    vol = barrack.Volume(
        "v", barrack.VolumeArgs(name="d1", region="FINLAND-1", size_gb=100, volume_type="NVMe"), size_gb=200
    )
    ssh = barrack.RuleArgs(protocol="tcp", port_range_min=22)  # the rest: the shared client's defaults, at check
    fw = barrack.Firewall("f", name="fw", region="CANADA-1", rules=[ssh])

    def check(_: Any) -> None:
        v = mocks.resources["v"]
        assert v.typ == "pulumi-python:dynamic/barrack:Volume"
        assert v.inputs["size_gb"] == 200 and v.inputs["name"] == "d1"
        assert v.inputs["schema_version"] == barrack.SCHEMA_VERSION
        assert "__provider" in v.inputs
        assert "description" not in v.inputs  # unset inputs are not sent
        f = mocks.resources["f"]
        assert f.typ == "pulumi-python:dynamic/barrack:Firewall"
        assert f.inputs["rules"] == [{"protocol": "tcp", "port_range_min": 22}]

    return pulumi.Output.all(vol.id, fw.id).apply(check)


@pulumi.runtime.test
def test_every_resource_type_token(mocks: Mocks) -> Any:
    made = [
        barrack.Instance("i", name="vm", region="CANADA-1", gpu_model="RTX-A6000", gpu_count=1, ssh_key_ids=["1"]),
        barrack.VolumeAttachment("va", instance_id="i", volume_id="v"),
        barrack.FirewallAttachment("fa", firewall_id="f", instance_ids=["i"]),
        barrack.SshKey("k", name="k", generate=True),
        barrack.StartupScript("s", name="s", content="echo"),
        barrack.Snapshot("sn", name="sn", instance_id="i"),
        barrack.CustomImage("ci", name="ci", snapshot_id="sn"),
        barrack.InstanceSecurityRule("r", instance_id="i", direction="ingress", protocol="icmp"),
    ]

    def check(_: Any) -> None:
        names = {
            "i": "Instance",
            "va": "VolumeAttachment",
            "fa": "FirewallAttachment",
            "k": "SshKey",
            "s": "StartupScript",
            "sn": "Snapshot",
            "ci": "CustomImage",
            "r": "InstanceSecurityRule",
        }
        for res, kind in names.items():
            assert mocks.resources[res].typ == f"pulumi-python:dynamic/barrack:{kind}"
        assert mocks.resources["i"].inputs["power_state"] == "running"  # declared default

    return pulumi.Output.all(*[r.id for r in made]).apply(check)


def test_declared_outputs_exist_as_attributes() -> None:
    for cls in (barrack.Instance, barrack.Volume, barrack.SshKey, barrack.Firewall):
        hints = cls.__annotations__
        assert "status" in hints or "fingerprint" in hints
    assert "private_key" in barrack.SshKey.__annotations__
    assert "hourly_rate" in barrack.Instance.__annotations__


def test_every_declared_output_is_seeded_as_a_property() -> None:
    """An annotated output the provider does not seed is no attribute of the resource (``instance.hourly_rate``
    would raise AttributeError in a program)."""
    classes = [v for v in vars(barrack).values() if isinstance(v, type) and hasattr(v, "provider_class")]
    assert len(classes) >= 10
    for cls in classes:
        declared = {k for k, v in cls.__annotations__.items() if "Output" in str(v)}
        missing = declared - cls.provider_class.output_names() - {"adopt", "timeouts", "schema_version"}
        assert not missing, f"{cls.__name__}: {sorted(missing)}"


@pulumi.runtime.test
def test_secret_outputs_are_declared(mocks: Mocks, captured_opts: dict[str, Any]) -> Any:
    user_opts = pulumi.ResourceOptions(protect=True)
    key = barrack.SshKey("k2", name="k2", generate=True, opts=user_opts)
    vm = barrack.Instance(
        "vm2",
        name="vm2",
        region="CANADA-1",
        gpu_model="RTX-A6000",
        gpu_count=1,
        ssh_key_ids=["1"],
        cloud_init="#cloud-config\npassword: hunter2\n",
    )
    assert "private_key" in captured_opts["k2"].additional_secret_outputs
    assert captured_opts["k2"].protect is True  # the user's options are kept
    assert "cloud_init" in captured_opts["vm2"].additional_secret_outputs

    def check(args: list[Any]) -> None:
        assert args[0] is True

    return pulumi.Output.all(pulumi.Output.from_input(vm.cloud_init.is_secret()), key.id).apply(check)
