"""One auto-named volume (test_pulumi_engine_interrupted.py: a forced replace never adopts the object it replaces)."""

import pulumi_barrack as barrack

barrack.Volume("v0", region="FINLAND-1", size_gb=100, volume_type="NVMe")
