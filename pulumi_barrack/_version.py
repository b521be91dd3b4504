"""Package version and the provider schema version."""

__version__ = "0.2.0"

SCHEMA_VERSION = 1
"""Default of every resource's ``schema_version`` input; bump it to force an update of existing resources."""

USER_AGENT = f"barrack-pulumi/{__version__}"
