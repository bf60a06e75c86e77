"""Parity with a peer: AML302 judges PSRule for Azure's exported Key Vault fixtures (PascalCase
export shape, nested extension children) exactly as its Azure.KeyVault.PurgeProtect tests expect."""

from __future__ import annotations

import json

from auditor.evaluate import engine
from auditor.evaluate.registry import load_rules
from auditor.sources.snapshot import SnapshotSource
from tests.conftest import TEST_DATA

PSRULE = TEST_DATA / "psrule"


def test_aml302_matches_psrule_purge_protect_outcomes() -> None:
    expected = json.loads((PSRULE / "expected_outcomes.json").read_text())
    outcomes = expected["Resources.KeyVault.json"]["Azure.KeyVault.PurgeProtect"]
    rule = load_rules(entry_points=False).get("AML302")
    assert rule is not None
    inventory = SnapshotSource(PSRULE / "Resources.KeyVault.json").collect()
    scan = engine.evaluate(inventory, [rule])
    got = {(r.rule_id, r.resource_name, r.status.value) for r in scan.results}
    want = {("AML302", name, "fail") for name in outcomes["fail"]} | {
        ("AML302", name, "pass") for name in outcomes["pass"]
    }
    assert got == want
