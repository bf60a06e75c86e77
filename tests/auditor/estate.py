"""examples/estate.json, the README's demo snapshot, and exactly what issue 2's four rules say
about it. Shared by the reporter and CLI tests, which select those four so that the catalogue can
grow without changing them (each rule's own cases live in tests/rules/)."""

from __future__ import annotations

from datetime import UTC, datetime

from auditor.evaluate import engine
from auditor.evaluate.registry import load_rules
from auditor.evaluate.results import ScanResult
from auditor.rulekit.rule import Rule
from auditor.sources.snapshot import SnapshotSource
from tests.conftest import REPO_ROOT

ESTATE = REPO_ROOT / "examples" / "estate.json"
FIRST_FOUR = ("AML101", "AML201", "AML301", "AML302")
SELECT_FOUR = ("--select", ",".join(FIRST_FOUR))

SUB1 = "/subscriptions/00000000-0000-0000-0000-000000000001"
SUB2 = "/subscriptions/00000000-0000-0000-0000-000000000002"  # unreadable: 403
ML = f"{SUB1}/resourceGroups/rg-ml/providers/Microsoft.MachineLearningServices/workspaces"
KV = f"{SUB1}/resourceGroups/rg-ml/providers/Microsoft.KeyVault/vaults"
FRAUD = f"{ML}/ws-fraud-public"
LEGACY = f"{ML}/ws-risk-legacy"
HUB = f"{ML}/hub-secure"
CLAIMS = f"{ML}/proj-claims"
ORPHAN = f"{ML}/proj-orphan"
SCORE_KEY = f"{FRAUD}/onlineEndpoints/score-key"
SCORE_AAD = f"{FRAUD}/onlineEndpoints/score-aad"
NIGHTLY = f"{HUB}/batchEndpoints/nightly"
KV_FRAUD = f"{KV}/kv-fraud"
KV_CMK = f"{KV}/kv-cmk"

EXPECTED = {
    ("AML101", SCORE_KEY, "fail"),
    ("AML101", SCORE_AAD, "pass"),
    ("AML101", NIGHTLY, "pass"),
    ("AML101", SUB2, "not_assessed"),
    ("AML201", FRAUD, "fail"),
    ("AML201", LEGACY, "fail"),
    ("AML201", ORPHAN, "fail"),
    ("AML201", HUB, "pass"),
    ("AML201", CLAIMS, "pass"),
    ("AML201", SUB2, "not_assessed"),
    ("AML301", FRAUD, "fail"),
    ("AML301", LEGACY, "fail"),
    ("AML301", HUB, "pass"),
    ("AML301", CLAIMS, "pass"),
    ("AML301", ORPHAN, "not_assessed"),
    ("AML301", SUB2, "not_assessed"),
    ("AML302", KV_FRAUD, "fail"),
    ("AML302", KV_CMK, "pass"),
    ("AML302", SUB2, "not_assessed"),
}
FAILING = {t for t in EXPECTED if t[2] == "fail"}


def four_rules() -> list[Rule]:
    return engine.select_rules(load_rules(entry_points=False).rules, FIRST_FOUR)


def estate_scan() -> ScanResult:
    inventory = SnapshotSource(ESTATE).collect()
    return engine.evaluate(inventory, four_rules(), now=datetime(2026, 11, 26, tzinfo=UTC))


def triples(results: object) -> set[tuple[str, str, str]]:
    return {(r.rule_id, r.resource_id, r.status.value) for r in results}  # type: ignore[attr-defined]
