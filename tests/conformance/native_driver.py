"""The third front-end of the conformance suite: the native ``barrack`` plugin (``pulumi-resource-barrack``),
driven over its gRPC protocol as the engine drives it (Configure, Check, Diff, Create, Update, Delete, Read), with
camelCase properties, by the harness's :class:`~conformance_harness.PulumiStack` (same steps, same state keeping).

:func:`run_native` returns the server state the scenario left, to compare with Ansible's and the dynamic
resources'.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import grpc
from conformance_harness import Result, Scenario, _pulumi_steps
from pulumi.runtime.proto import provider_pb2, provider_pb2_grpc

from pulumi_barrack.native.kinds import to_camel, to_snake
from pulumi_barrack.native.values import from_struct, to_struct

PLUGIN = Path(sys.executable).parent / "pulumi-resource-barrack"
TOKENS = {
    "ssh_key": "SshKey",
    "script": "StartupScript",
    "volume": "Volume",
    "firewall": "Firewall",
    "instance": "Instance",
    "volume_attachment": "VolumeAttachment",
    "firewall_attachment": "FirewallAttachment",
}


class NativeProvider:
    """One kind through the plugin, with the dynamic provider's interface (snake_case dicts in and out)."""

    def __init__(self, stub: Any, kind: str) -> None:
        self.stub = stub
        self.token = f"barrack:index:{TOKENS[kind]}"

    def urn(self, props: Mapping[str, Any]) -> str:
        return f"urn:pulumi:conformance::conformance::{self.token}::{props.get('name') or 'relation'}"

    def check(self, olds: dict[str, Any], news: dict[str, Any]) -> Any:
        resp = self.stub.Check(
            provider_pb2.CheckRequest(
                urn=self.urn(news), olds=to_struct(to_camel(olds)), news=to_struct(to_camel(news)), randomSeed=b"seed"
            )
        )
        failures = [SimpleNamespace(property=f.property, reason=f.reason) for f in resp.failures]
        return SimpleNamespace(inputs=to_snake(from_struct(resp.inputs)[0]), failures=failures)

    def diff(self, rid: str, olds: dict[str, Any], news: dict[str, Any]) -> Any:
        resp = self.stub.Diff(
            provider_pb2.DiffRequest(
                id=rid, urn=self.urn(news), olds=to_struct(to_camel(olds)), news=to_struct(to_camel(news))
            )
        )
        return SimpleNamespace(
            changes=resp.changes == provider_pb2.DiffResponse.DIFF_SOME,
            replaces=list(resp.replaces),
            delete_before_replace=resp.deleteBeforeReplace,
        )

    def create(self, inputs: dict[str, Any]) -> Any:
        resp = self.stub.Create(
            provider_pb2.CreateRequest(urn=self.urn(inputs), properties=to_struct(to_camel(inputs)))
        )
        return SimpleNamespace(id=resp.id, outs=to_snake(from_struct(resp.properties)[0]))

    def update(self, rid: str, olds: dict[str, Any], news: dict[str, Any]) -> Any:
        resp = self.stub.Update(
            provider_pb2.UpdateRequest(
                id=rid, urn=self.urn(news), olds=to_struct(to_camel(olds)), news=to_struct(to_camel(news))
            )
        )
        return SimpleNamespace(outs=to_snake(from_struct(resp.properties)[0]))

    def delete(self, rid: str, outs: dict[str, Any]) -> None:
        self.stub.Delete(provider_pb2.DeleteRequest(id=rid, urn=self.urn(outs), properties=to_struct(to_camel(outs))))

    def read(self, rid: str, props: dict[str, Any]) -> Any:
        resp = self.stub.Read(provider_pb2.ReadRequest(id=rid, urn=self.urn(props), properties=to_struct(props)))
        return SimpleNamespace(
            id=resp.id, outs=to_snake(from_struct(resp.properties)[0]), inputs=to_snake(from_struct(resp.inputs)[0])
        )


@contextmanager
def plugin(emulator: Any, env: Mapping[str, str]) -> Iterator[Any]:
    """A running ``pulumi-resource-barrack`` configured for ``emulator`` (as a provider's own config); its stub."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("BARRACK_", "PULUMI_"))}
    proc = subprocess.Popen([str(PLUGIN)], stdout=subprocess.PIPE, env={**clean, **env}, text=True)
    try:
        assert proc.stdout is not None
        port = int(proc.stdout.readline().strip())
        with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
            stub = provider_pb2_grpc.ResourceProviderStub(channel)
            config = {"apiKey": emulator.api_key, "apiUrl": emulator.base_url}
            stub.Configure(provider_pb2.ConfigureRequest(args=to_struct(config), acceptSecrets=True))
            yield stub
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def run_native(emulator: Any, scenario: Scenario) -> Result:
    """The scenario through the native plugin; returns the server state it left."""
    with plugin(emulator, scenario.env) as stub:
        return _pulumi_steps(emulator, scenario, lambda kind: NativeProvider(stub, kind), frontend="native")
