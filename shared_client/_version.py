"""Package version (also sent in the User-Agent)."""

__version__ = "0.2.0"
