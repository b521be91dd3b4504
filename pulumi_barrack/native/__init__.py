"""The native ``barrack`` Pulumi provider plugin (``pulumi-resource-barrack``): a protocol adapter.

It serves Pulumi's ``ResourceProvider`` gRPC protocol for every language (TypeScript, Go, YAML, ...) and hands
each call to the same generic core the Python dynamic resources use (:mod:`pulumi_barrack._provider` and the
per-kind providers). It holds no Barrack knowledge of its own: only names (camelCase <-> the core's snake_case),
secrets, unknowns, detailed diffs, errors and the schema, all derived from the core's declarations.

Modules: :mod:`.kinds` (the resource table and name conversion), :mod:`.values` (protobuf values <-> plain
values), :mod:`.adapter` (check/diff/create/read/update/delete on plain dicts), :mod:`.invokes` (functions),
:mod:`.schema` (the Pulumi package schema), :mod:`.server` (the gRPC servicer and ``main``).
"""

PROVIDER_NAME = "barrack"
