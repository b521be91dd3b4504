"""The conformance scenarios through the native ``barrack`` plugin (the third front-end, over its gRPC protocol)
and the dynamic resources: both leave the same server state, the expected one. (The other conformance tests show
the dynamic resources leave the same state as Ansible.) No ``ansible-playbook``: this runs in the fast tier."""

from __future__ import annotations

from typing import Any

import pytest
from conformance_harness import Scenario, assert_same, check_expected, check_faults_were_met, run_pulumi
from native_driver import run_native
from test_conformance_faults import EXPECTED, FAULTS, fault_scenario
from test_conformance_lifecycle import INSTANCES, SIMPLE_KINDS


def both(emulator: Any, scenario: Scenario) -> list[Any]:
    native = run_native(emulator, scenario)
    dynamic = run_pulumi(emulator, scenario)
    assert_same(native, dynamic)
    return [native, dynamic]


@pytest.mark.parametrize("scenario", [SIMPLE_KINDS, INSTANCES], ids=lambda s: s.name)
def test_lifecycle_same_state_as_the_dynamic_resources(emulator: Any, scenario: Scenario) -> None:
    for result in both(emulator, scenario):
        assert result.dump["ssh_keys"], result.dump  # the scenario made something


@pytest.mark.slow
@pytest.mark.parametrize("fault", ["500", "drop-after-commit", "slow"])
def test_faults_same_state_as_the_dynamic_resources(emulator: Any, fault: str) -> None:
    for result in both(emulator, fault_scenario(fault)):
        check_expected(result, EXPECTED)
        check_faults_were_met(result, FAULTS[fault][0].get("times", 1))
