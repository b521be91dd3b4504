"""The gRPC half of the plugin: Pulumi's ``ResourceProvider`` service handing every call to :mod:`.adapter` /
:mod:`.invokes`, and ``main`` (``pulumi-resource-barrack``). A threaded gRPC server: each call runs on its own
worker thread (``WORKERS`` at once), so the core's blocking client calls run in parallel.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import threading
from collections.abc import Callable, Mapping
from concurrent import futures
from typing import Any, TypeVar

import grpc
from google.protobuf import empty_pb2
from pulumi.runtime.proto import plugin_pb2, provider_pb2, provider_pb2_grpc

from pulumi_barrack import _credentials
from pulumi_barrack._version import __version__
from pulumi_barrack.native import adapter, invokes, kinds, schema
from pulumi_barrack.native.values import UNKNOWN, from_struct, to_struct

WORKERS = 64
"""Provider calls served at once (the engine's default --parallel is far higher than the dynamic provider's 4)."""

CONFIG_PREFIX = "barrack:config:"
ENGINE_KEYS = frozenset({"version", "pluginDownloadURL"})
"""Provider inputs the engine itself adds (not settings of ours)."""
R = TypeVar("R")


def _config_strings(args: Mapping[str, Any], variables: Mapping[str, str]) -> dict[str, str]:
    """The provider's own configuration as the strings the client settings read (``verifyTls`` ``"false"``...)."""
    out: dict[str, str] = {}
    for key in _credentials.CONFIG_KEYS:
        value: Any = args.get(key)
        if value is None:
            value = variables.get(CONFIG_PREFIX + key) or variables.get(f"barrack:{key}")
        if value is None or value == "" or value == UNKNOWN:
            continue
        out[key] = json.dumps(value) if isinstance(value, bool) else str(value)
    return out


class BarrackServicer(provider_pb2_grpc.ResourceProviderServicer):
    """``pulumirpc.ResourceProvider`` for the ``barrack`` package."""

    def _run(self, context: Any, fn: Callable[[], R]) -> R:
        """Run ``fn``; a user failure ends the call with its one-line message (no traceback)."""
        try:
            return fn()
        except adapter.Failure as exc:
            context.abort(grpc.StatusCode.UNKNOWN, str(exc))
            raise  # abort raises; this line is for the type checker
        except KeyError as exc:
            context.abort(grpc.StatusCode.INVALID_ARGUMENT, adapter.one_line(str(exc.args[0] if exc.args else exc)))
            raise

    # ------------------------------------------------------------------------------------------ plugin
    def GetPluginInfo(self, request: Any, context: Any) -> plugin_pb2.PluginInfo:
        return plugin_pb2.PluginInfo(version=__version__)

    def Handshake(self, request: Any, context: Any) -> provider_pb2.ProviderHandshakeResponse:
        return provider_pb2.ProviderHandshakeResponse(accept_secrets=True, accept_resources=True)

    def GetSchema(self, request: Any, context: Any) -> provider_pb2.GetSchemaResponse:
        return provider_pb2.GetSchemaResponse(schema=schema.text())

    def Cancel(self, request: Any, context: Any) -> empty_pb2.Empty:
        return empty_pb2.Empty()

    # ------------------------------------------------------------------------------------------ config
    def CheckConfig(self, request: provider_pb2.CheckRequest, context: Any) -> provider_pb2.CheckResponse:
        news, _ = from_struct(request.news)
        failures = [provider_pb2.CheckFailure(property=key, reason=reason) for key, reason in check_config(news)]
        return provider_pb2.CheckResponse(inputs=request.news, failures=failures)

    def DiffConfig(self, request: provider_pb2.DiffRequest, context: Any) -> provider_pb2.DiffResponse:
        olds, _ = from_struct(request.old_inputs if request.HasField("old_inputs") else request.olds)
        news, _ = from_struct(request.news)
        keys = set(_credentials.CONFIG_KEYS)
        changed = sorted(k for k in keys if olds.get(k) != news.get(k))
        # Credentials and connection settings never replace the provider (that would replace every resource).
        return provider_pb2.DiffResponse(
            changes=provider_pb2.DiffResponse.DIFF_SOME if changed else provider_pb2.DiffResponse.DIFF_NONE,
            diffs=changed,
        )

    def Configure(self, request: provider_pb2.ConfigureRequest, context: Any) -> provider_pb2.ConfigureResponse:
        args, _ = from_struct(request.args)
        configure(_config_strings(args, dict(request.variables)))
        return provider_pb2.ConfigureResponse(acceptSecrets=True, acceptResources=True, supportsPreview=False)

    # ------------------------------------------------------------------------------------------ functions
    def Invoke(self, request: provider_pb2.InvokeRequest, context: Any) -> provider_pb2.InvokeResponse:
        args, _ = from_struct(request.args)
        result = self._run(context, lambda: invokes.invoke(request.tok, args, _CONFIG))
        response = provider_pb2.InvokeResponse()
        getattr(response, "return").CopyFrom(to_struct(result))  # `return` is a Python keyword
        return response

    # ------------------------------------------------------------------------------------------ resources
    def _kind(self, context: Any, urn: str) -> tuple[kinds.Kind, set[str]]:
        """The kind of ``urn`` and its secret properties (camelCase)."""
        kind = self._run(context, lambda: kinds.by_urn(urn))
        return kind, {kinds.camel(k) for k in kind.secrets}

    def Check(self, request: provider_pb2.CheckRequest, context: Any) -> provider_pb2.CheckResponse:
        kind, hidden = self._kind(context, request.urn)
        olds, _ = from_struct(request.olds)
        news, secret = from_struct(request.news)
        inputs, failures = self._run(context, lambda: adapter.check(kind, request.urn, olds, news))
        return provider_pb2.CheckResponse(
            inputs=to_struct(inputs, secret | hidden),
            failures=[provider_pb2.CheckFailure(property=p, reason=r) for p, r in failures],
        )

    def Diff(self, request: provider_pb2.DiffRequest, context: Any) -> provider_pb2.DiffResponse:
        kind, _ = self._kind(context, request.urn)
        olds, _ = from_struct(request.olds)
        news, _ = from_struct(request.news)
        d = self._run(context, lambda: adapter.diff(kind, request.id, olds, news))
        none, some = provider_pb2.DiffResponse.DIFF_NONE, provider_pb2.DiffResponse.DIFF_SOME
        return provider_pb2.DiffResponse(
            changes=some if d.changes else none,
            replaces=d.replaces,
            diffs=d.diffs,
            deleteBeforeReplace=d.delete_before_replace,
            detailedDiff={
                path: provider_pb2.PropertyDiff(kind=provider_pb2.PropertyDiff.Kind.Value(k.name), inputDiff=False)
                for path, k in d.detailed.items()
            },
            hasDetailedDiff=True,
        )

    def Create(self, request: provider_pb2.CreateRequest, context: Any) -> provider_pb2.CreateResponse:
        kind, hidden = self._kind(context, request.urn)
        props, secret = from_struct(request.properties)
        if request.preview:  # the inputs, every other output unknown
            rid, outs = "", {**{kinds.camel(k): UNKNOWN for k in kind.outputs}, **props}
        else:
            rid, outs = self._run(context, lambda: adapter.create(kind, props, request.timeout))
        return provider_pb2.CreateResponse(id=rid, properties=to_struct(outs, secret | hidden))

    def Read(self, request: provider_pb2.ReadRequest, context: Any) -> provider_pb2.ReadResponse:
        kind, hidden = self._kind(context, request.urn)
        state, secret = from_struct(request.properties)
        given, given_secret = from_struct(request.inputs)
        rid, outs, inputs = self._run(context, lambda: adapter.read(kind, request.id, state, given))
        hide = secret | given_secret | hidden
        return provider_pb2.ReadResponse(id=rid, properties=to_struct(outs, hide), inputs=to_struct(inputs, hide))

    def Update(self, request: provider_pb2.UpdateRequest, context: Any) -> provider_pb2.UpdateResponse:
        kind, hidden = self._kind(context, request.urn)
        olds, old_secret = from_struct(request.olds)
        news, secret = from_struct(request.news)
        if request.preview:  # the old outputs with the new inputs
            outs = {**olds, **news}
        else:
            outs = self._run(context, lambda: adapter.update(kind, request.id, olds, news, request.timeout))
        return provider_pb2.UpdateResponse(properties=to_struct(outs, old_secret | secret | hidden))

    def Delete(self, request: provider_pb2.DeleteRequest, context: Any) -> empty_pb2.Empty:
        kind, _ = self._kind(context, request.urn)
        state, _ = from_struct(request.properties)
        self._run(context, lambda: adapter.delete(kind, request.id, state, request.timeout))
        return empty_pb2.Empty()


def check_config(config: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(key, reason) for every bad provider setting, by the client's own settings model."""
    from shared_client import errors

    unknown = [k for k in config if k not in _credentials.CONFIG_KEYS and k not in ENGINE_KEYS]
    failures = [(k, f"unknown barrack provider setting {k!r}") for k in sorted(unknown)]
    known = {k: v for k, v in config.items() if k in _credentials.CONFIG_KEYS}
    try:
        _credentials.settings(_config_strings(known, {}))
    except errors.ValidationError as exc:
        setting = {v: k for k, v in _credentials.CONFIG_KEYS.items()}
        for field, msgs in (exc.field_errors or {}).items():
            key = setting.get(str(field), str(field))
            failures.append((key, f"{key} {'; '.join(msgs)}"))
    return failures


_CONFIG: dict[str, str] = {}
"""This provider process's configuration (one plugin process serves one provider resource)."""


def configure(config: Mapping[str, str]) -> None:
    """Use ``config`` for this provider process: resources (the core's settings) and functions."""
    _credentials.set_config(config)
    _CONFIG.clear()
    _CONFIG.update(config)


def serve(port: int = 0) -> tuple[grpc.Server, int]:
    """Start the server on 127.0.0.1 (``port`` 0: any free port); (server, port)."""
    server = grpc.server(
        futures.ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="barrack"),
        options=[("grpc.max_receive_message_length", 64 * 1024 * 1024)],
    )
    provider_pb2_grpc.add_ResourceProviderServicer_to_server(BarrackServicer(), server)
    bound = server.add_insecure_port(f"127.0.0.1:{port}")
    server.start()
    return server, bound


def main(argv: list[str] | None = None) -> None:
    """``pulumi-resource-barrack [--logtostderr] [-v=N] [--tracing X] [engine address]``: serve, print the port."""
    args = sys.argv[1:] if argv is None else argv
    if "--version" in args:
        print(__version__)
        return
    if "--schema" in args:
        sys.stdout.write(schema.text() + "\n")
        return
    server, port = serve()
    sys.stdout.write(f"{port}\n")
    sys.stdout.flush()
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    stop.wait()
    server.stop(grace=float(os.environ.get("BARRACK_PROVIDER_STOP_GRACE", "5")))
