"""A minimal stand-in for the Pulumi engine's calls to a dynamic provider (Configure, Check, Diff, CRUD)."""

from __future__ import annotations

from typing import Any

from google.protobuf import json_format, struct_pb2
from pulumi.dynamic.dynamic import serialize_provider
from pulumi.runtime.proto import provider_pb2
from pulumi.runtime.rpc import UNKNOWN

UNKNOWN_VALUE = UNKNOWN
"""How the engine sends a preview-time unknown value."""


def struct(values: dict[str, Any]) -> struct_pb2.Struct:
    s = struct_pb2.Struct()
    s.update(values)
    return s


def plain(s: struct_pb2.Struct) -> dict[str, Any]:
    return json_format.MessageToDict(s)


class Engine:
    """Sends requests the way the engine does: ``__provider`` in every property bag, numbers as doubles."""

    def __init__(self, stub: Any) -> None:
        self.stub = stub

    def configure(self, config: dict[str, str]) -> None:
        self.stub.Configure(provider_pb2.ConfigureRequest(args=struct(config), acceptSecrets=True))

    @staticmethod
    def urn(provider: Any) -> str:
        return f"urn:pulumi:stack::proj::pulumi-python:dynamic/barrack:{type(provider).__name__}::r"

    @staticmethod
    def bag(provider: Any, props: dict[str, Any]) -> struct_pb2.Struct:
        return struct({**props, "__provider": serialize_provider(provider)})

    def check(self, p: Any, news: dict[str, Any], olds: dict[str, Any] | None = None) -> tuple[dict[str, Any], list]:
        resp = self.stub.Check(
            provider_pb2.CheckRequest(urn=self.urn(p), olds=self.bag(p, olds or {}), news=self.bag(p, news))
        )
        inputs = plain(resp.inputs)
        inputs.pop("__provider")
        return inputs, [(f.property, f.reason) for f in resp.failures]

    def diff(self, p: Any, rid: str, olds: dict[str, Any], news: dict[str, Any]) -> Any:
        return self.stub.Diff(
            provider_pb2.DiffRequest(id=rid, urn=self.urn(p), olds=self.bag(p, olds), news=self.bag(p, news))
        )

    def create(self, p: Any, props: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        resp = self.stub.Create(provider_pb2.CreateRequest(urn=self.urn(p), properties=self.bag(p, props)))
        outs = plain(resp.properties)
        outs.pop("__provider")
        return resp.id, outs

    def read(self, p: Any, rid: str, props: dict[str, Any]) -> tuple[str, dict[str, Any], dict[str, Any]]:
        resp = self.stub.Read(provider_pb2.ReadRequest(id=rid, urn=self.urn(p), properties=self.bag(p, props)))
        outs, inputs = plain(resp.properties), plain(resp.inputs)
        outs.pop("__provider", None)
        inputs.pop("__provider", None)
        return resp.id, outs, inputs

    def update(self, p: Any, rid: str, olds: dict[str, Any], news: dict[str, Any]) -> dict[str, Any]:
        resp = self.stub.Update(
            provider_pb2.UpdateRequest(id=rid, urn=self.urn(p), olds=self.bag(p, olds), news=self.bag(p, news))
        )
        outs = plain(resp.properties)
        outs.pop("__provider")
        return outs

    def delete(self, p: Any, rid: str, props: dict[str, Any]) -> None:
        self.stub.Delete(provider_pb2.DeleteRequest(id=rid, urn=self.urn(p), properties=self.bag(p, props)))
