"""The plugin over its gRPC protocol, as the engine calls it: schema, concurrency, and import (read with no state)
of every kind with no false diff afterwards; ``pulumi package get-schema`` on the plugin."""

from __future__ import annotations

import json
import os
import subprocess
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import grpc
import httpx
import pytest
from engine_support import public_key
from native_support import PLUGIN_DIR, ROOT, Native
from pulumi.runtime.proto import provider_pb2, provider_pb2_grpc

from pulumi_barrack.native.values import from_struct, to_struct

UBUNTU = "Ubuntu Server 22.04 LTS R535 CUDA 12.2"


class Plugin:
    """A running ``pulumi-resource-barrack`` configured for one account."""

    def __init__(self, stub: Any) -> None:
        self.stub = stub

    @staticmethod
    def urn(kind: str, name: str) -> str:
        return f"urn:pulumi:t::p::barrack:index:{kind}::{name}"

    def create(self, kind: str, name: str, news: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        checked = self.stub.Check(
            provider_pb2.CheckRequest(urn=self.urn(kind, name), news=to_struct(news), randomSeed=b"s")
        )
        assert not checked.failures, [(f.property, f.reason) for f in checked.failures]
        made = self.stub.Create(provider_pb2.CreateRequest(urn=self.urn(kind, name), properties=checked.inputs))
        return made.id, from_struct(made.properties)[0]

    def import_(self, kind: str, rid: str) -> tuple[dict[str, Any], dict[str, Any]]:
        """``pulumi import``: Read with no state, then Check of the inputs it returned and Diff against its outputs."""
        read = self.stub.Read(provider_pb2.ReadRequest(id=rid, urn=self.urn(kind, "imported")))
        assert read.id == rid
        inputs, outs = from_struct(read.inputs)[0], from_struct(read.properties)[0]
        checked = self.stub.Check(
            provider_pb2.CheckRequest(urn=self.urn(kind, "imported"), olds=read.inputs, news=read.inputs)
        )
        assert not checked.failures, [(f.property, f.reason) for f in checked.failures]
        diff = self.stub.Diff(
            provider_pb2.DiffRequest(id=rid, urn=self.urn(kind, "imported"), olds=read.properties, news=checked.inputs)
        )
        assert diff.changes == provider_pb2.DiffResponse.DIFF_NONE, (kind, list(diff.diffs), inputs, outs)
        return inputs, outs


@pytest.fixture
def plugin(emulator: Any) -> Iterator[Plugin]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BARRACK_", "PULUMI_"))}
    proc = subprocess.Popen([str(PLUGIN_DIR / "pulumi-resource-barrack")], stdout=subprocess.PIPE, env=env, text=True)
    try:
        assert proc.stdout is not None
        port = int(proc.stdout.readline())
        with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
            stub = provider_pb2_grpc.ResourceProviderStub(channel)
            config = {"apiKey": emulator.api_key, "apiUrl": emulator.base_url}
            stub.Configure(provider_pb2.ConfigureRequest(args=to_struct(config, {"apiKey"}), acceptSecrets=True))
            yield Plugin(stub)
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_get_schema_serves_the_checked_in_schema(plugin: Plugin) -> None:
    served = plugin.stub.GetSchema(provider_pb2.GetSchemaRequest(version=0)).schema
    assert json.loads(served) == json.loads((ROOT / "sdk" / "schema.json").read_text())


def test_at_least_32_creates_run_at_once(plugin: Plugin, emulator: Any) -> None:
    emulator.add_fault("POST", "/volumes/", "slow", times=40, seconds=1)
    spec = {"region": "FINLAND-1", "sizeGb": 100, "volumeType": "NVMe"}
    t0 = time.perf_counter()
    with ThreadPoolExecutor(40) as pool:
        ids = list(pool.map(lambda i: plugin.create("Volume", f"v{i}", spec)[0], range(40)))
    elapsed = time.perf_counter() - t0
    peak = httpx.get(emulator.admin_url + "/requests/in-flight", timeout=30).json()["peak"].get("POST /volumes/", 0)
    assert len(set(ids)) == 40
    assert peak >= 32, f"only {peak} creates were in flight at once ({elapsed:.1f} s for 40)"


def test_every_kind_imports_without_a_false_diff(plugin: Plugin) -> None:
    key, _ = plugin.create("SshKey", "k", {"publicKey": public_key("import@test")})
    script, _ = plugin.create("StartupScript", "s", {"content": "#!/bin/sh\necho hi\n", "description": "d"})
    vm, _ = plugin.create(
        "Instance", "vm",
        {"region": "CANADA-1", "gpuModel": "RTX-A6000", "gpuCount": 1, "image": UBUNTU, "sshKeyIds": [key],
         "securityRules": [{"protocol": "tcp", "portRangeMin": 22}]},
    )  # fmt: skip
    vol, _ = plugin.create("Volume", "v", {"region": "CANADA-1", "sizeGb": 100, "volumeType": "SSD"})
    fw, _ = plugin.create("Firewall", "f", {"region": "CANADA-1", "rules": [{"protocol": "icmp"}]})
    attach, _ = plugin.create("VolumeAttachment", "a", {"instanceId": vm, "volumeId": vol, "stopIfNeeded": True})
    members, _ = plugin.create("FirewallAttachment", "m", {"firewallId": fw, "instanceIds": [vm]})
    rule, _ = plugin.create("InstanceSecurityRule", "r", {"instanceId": vm, "protocol": "udp", "portRangeMin": 53})
    snap, _ = plugin.create("Snapshot", "snap", {"instanceId": vm})
    image, _ = plugin.create("CustomImage", "img", {"snapshotId": snap})
    ids = {
        "SshKey": key, "StartupScript": script, "Instance": vm, "Volume": vol, "Firewall": fw,
        "VolumeAttachment": attach, "FirewallAttachment": members, "InstanceSecurityRule": rule,
        "Snapshot": snap, "CustomImage": image,
    }  # fmt: skip
    assert attach == f"{vm}/{vol}" and members == fw and rule.startswith(f"{vm}/")
    for kind, rid in ids.items():
        inputs, _ = plugin.import_(kind, rid)
        assert inputs, kind


@pytest.mark.engine
def test_pulumi_package_get_schema(native: Native) -> None:
    cli, plugin_path = native.workspace.bin_dir / "pulumi", PLUGIN_DIR / "pulumi-resource-barrack"
    proc = subprocess.run(
        [str(cli), "package", "get-schema", str(plugin_path)],
        capture_output=True, text=True, timeout=300, env=native.workspace.env(),
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["name"] == "barrack"


def test_refresh_of_an_object_deleted_outside_drops_it(plugin: Plugin, barrack_client: Any) -> None:
    rid, outs = plugin.create("Volume", "gone", {"region": "FINLAND-1", "sizeGb": 100, "volumeType": "NVMe"})
    barrack_client.volumes.delete(rid, wait=True)
    read = plugin.stub.Read(
        provider_pb2.ReadRequest(id=rid, urn=plugin.urn("Volume", "gone"), properties=to_struct(outs))
    )
    assert read.id == ""  # the engine removes it from the state
