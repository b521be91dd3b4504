"""The native ``barrack`` Pulumi provider plugin (``pulumi-resource-barrack``): a protocol adapter.

It serves Pulumi's ``ResourceProvider`` gRPC protocol for every language and hands each call to the core the
Python dynamic resources use; it adds only names, secrets, unknowns, detailed diffs, errors and the schema.
Modules: :mod:`.kinds` (resource table, names), :mod:`.values` (protobuf values), :mod:`.adapter` (resource
calls), :mod:`.invokes` (functions), :mod:`.schema`, :mod:`.server` (the gRPC servicer and ``main``).
"""

PROVIDER_NAME = "barrack"
