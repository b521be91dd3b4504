"""``count`` volumes of 100 GB in CANADA-1 (test_pulumi_parallelism.py, benchmarks/pulumi_parallelism.py)."""

import json
from pathlib import Path

import pulumi_barrack as barrack

p = json.loads(Path("params.json").read_text())

for i in range(int(p["count"])):
    barrack.Volume(f"v{i}", name=f"{p.get('prefix', 'par')}-{i}", region="CANADA-1", size_gb=100, volume_type="SSD")
