"""The host process: ``pulumi-language-python [--use-executor SHIM] [flags] ENGINE_ADDRESS``.

Starts the gRPC server on a free loopback port, prints the port on stdout (the CLI reads it), serves until the CLI
stops it with SIGINT or SIGTERM (or is gone), then stops running programs and exits 0 without a traceback.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from collections.abc import Sequence
from concurrent import futures
from types import FrameType

import grpc
from pulumi.runtime.proto import language_pb2_grpc

from pulumi_language_host.program import HostError, find_exec_shim
from pulumi_language_host.servicer import LanguageHost

MAX_MESSAGE_BYTES = 400 * 1024 * 1024  # as the Pulumi engine's own gRPC limit
GRPC_OPTIONS = [
    ("grpc.max_receive_message_length", MAX_MESSAGE_BYTES),
    ("grpc.max_send_message_length", MAX_MESSAGE_BYTES),
]


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="pulumi-language-python", description=__doc__.splitlines()[0])
    parser.add_argument("--use-executor", help="the pulumi-language-python-exec shim (default: the one on PATH)")
    parser.add_argument("-tracing", "--tracing", help="accepted and ignored")
    parser.add_argument("engine", nargs="*", help="the engine's gRPC address (the last one is used)")
    args, _unknown = parser.parse_known_args(argv)  # flags of newer CLIs are accepted and ignored
    return args


def serve(host: LanguageHost, stop: threading.Event) -> int:
    """Serve ``host`` until ``stop`` is set; returns the exit status."""
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=16), options=GRPC_OPTIONS)
    language_pb2_grpc.add_LanguageRuntimeServicer_to_server(host, server)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    sys.stdout.write(f"{port}\n")
    sys.stdout.flush()
    parent = os.getppid()
    while not stop.wait(0.5):
        if os.getppid() != parent:  # the CLI is gone (killed): nobody will ever call or stop us
            break
    host.terminate_children()
    server.stop(grace=2).wait()
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        shim = find_exec_shim(args.use_executor)
    except HostError as exc:
        print(f"pulumi-language-python: {exc}", file=sys.stderr)
        return 1
    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, on_signal)
    host = LanguageHost(shim, engine_address=args.engine[-1] if args.engine else "")
    return serve(host, stop)


if __name__ == "__main__":
    sys.exit(main())
