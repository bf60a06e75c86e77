"""The demo tenant, scanned live through the real SDK, shows each attack path end to end: every
path confirmed at least once, and one possible where a step is in the unreadable finance
subscription (auditor/simulator/demo/paths.py lists them)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from auditor.evaluate import engine
from auditor.evaluate.paths import PATHS
from auditor.evaluate.registry import load_rules
from auditor.simulator import Simulator
from auditor.simulator.demo import demo_context
from tests.auditor.sources.live.live_support import live_source

pytestmark = pytest.mark.slow

NOW = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)

# (path, anchor, status, the rules of its steps in order; None for a role-assignment fact)
EXPECTED = {
    (
        "AMLP01",
        "ep-public-scoring",
        "fail",
        ("AML204", "AML101", "AML117", "AML114", None),
    ),
    ("AMLP02", "ci-exposed", "fail", ("AML206", "AML208", None)),
    ("AMLP03", "ais-contoso-prod", "fail", ("AML107", "AML212", "AML105")),
    ("AMLP04", "mlw-contoso-prod", "fail", ("AML106", "AML109", "AML217", None)),
    (
        "AMLP05",
        "mlw-contoso-legacy-cmk",
        "fail",
        ("AML301", "AML308", "AML309", "AML302", "AML303", None),
    ),
    ("AMLP05", "mlw-contoso-finance-cmk", "not_assessed", ("AML301", "AML308", "AML309", None)),
}


def test_the_live_demo_shows_every_attack_path() -> None:
    tenant, _ = demo_context(now=NOW)
    with Simulator(tenant) as sim:
        inventory = live_source(sim, clock=lambda: NOW).collect()
    scan = engine.evaluate(inventory, load_rules(entry_points=False).rules, now=NOW, paths=PATHS)
    found = {
        (r.rule_id, r.resource_name, r.status.value, tuple(s.rule_id for s in r.steps))
        for r in scan.results
        if r.is_path
    }
    assert found == EXPECTED
    [possible] = [r for r in scan.results if r.is_path and r.status.value == "not_assessed"]
    assert "could not be read" in possible.message
    assert "kv-contoso-finance" in possible.steps[-1].resource_id
