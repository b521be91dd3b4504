"""An SSH key and a startup script (test_pulumi_engine_safety.py: the API key from the environment)."""

import json
from pathlib import Path

import pulumi_barrack as barrack

p = json.loads(Path("params.json").read_text())

barrack.SshKey("key", name="env-key", public_key=p["public_key"])
barrack.StartupScript("script", name="env-script", content="#!/bin/sh\ntrue\n")
