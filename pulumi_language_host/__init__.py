"""A small stand-in for Pulumi's Python language host (``pulumi-language-python``).

The Pulumi CLI runs Python programs through a language host: a ``pulumirpc.LanguageRuntime`` gRPC server that
starts ``pulumi-language-python-exec`` (shipped with the Pulumi SDK sources) for each ``Run``. A normal Pulumi
installation ships Pulumi's own host, written in Go. Where that host cannot be built (the Go module proxy does not
serve it), ``scripts/build-pulumi-engine`` installs this package beside the CLI instead, so that ``pulumi up`` works
in a program folder. It is a build artifact of the project's engine build, not part of ``pulumi_barrack``; users
with a normal Pulumi installation need nothing from it.

Modules: :mod:`.program` (runtime options, the interpreter, the exec command line and its environment),
:mod:`.servicer` (the gRPC calls), :mod:`.__main__` (the process: port handshake, signals).
"""
