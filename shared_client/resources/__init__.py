"""One sub-client per resource kind, plus the read-only catalogue and account ones (``BarrackClient`` builds each
from its module on first use)."""
