"""The demo tenant, audited as a scan would see it (readable resources only), gives every rule in
the catalogue a failing and a passing result."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from auditor import engine
from auditor.model import Status
from auditor.registry import load_rules
from auditor.simulator.demo import demo_context
from auditor.sources.snapshot import SnapshotSource
from tests.conftest import write_snapshot

# Rules whose category module has no demo resources yet. Filling a module means removing its ids
# here; the test fails if a listed rule is in fact covered, so the list can only shrink.
NOT_YET_COVERED = {
    "AML102", "AML103", "AML104", "AML105", "AML106", "AML107", "AML108", "AML109", "AML110",
    "AML202", "AML203", "AML204", "AML205", "AML206", "AML207", "AML208", "AML209", "AML211",
    "AML212",
    "AML303", "AML304", "AML305", "AML306", "AML307", "AML308", "AML309", "AML311", "AML312",
    "AML313", "AML314", "AML401", "AML402", "AML501", "AML502", "AML503", "AML504", "AML601",
}  # fmt: skip


def audit_demo(tmp_path: Path) -> list[tuple[str, str, str]]:
    tenant, _ = demo_context()
    readable = [r for r in tenant.resources() if tenant.readable(r["id"])]
    source = SnapshotSource(write_snapshot(tmp_path / "demo.json", readable))
    scan = engine.evaluate(source.collect(), load_rules(entry_points=False).rules)
    return [(r.rule_id, r.resource_id, r.status.value) for r in scan.results]


def test_demo_gives_every_rule_a_failing_and_a_passing_resource(tmp_path: Path) -> None:
    statuses: dict[str, set[str]] = defaultdict(set)
    for rule_id, _, status in audit_demo(tmp_path):
        statuses[rule_id].add(status)
    rules = {rule.meta.id for rule in load_rules(entry_points=False).rules}
    both = {Status.FAIL.value, Status.PASS.value}
    uncovered = {rule for rule in rules if not both <= statuses[rule]}
    assert uncovered == NOT_YET_COVERED & rules


def test_demo_outcomes_of_the_first_rules(tmp_path: Path) -> None:
    _, ctx = demo_context()
    results = set(audit_demo(tmp_path))
    ep = f"{ctx.workspace}/onlineEndpoints"
    dev = f"/subscriptions/{ctx.dev}/resourceGroups/{ctx.dev_group}/providers/"
    dev += "Microsoft.MachineLearningServices/workspaces"
    shared = f"/subscriptions/{ctx.prod}/resourceGroups/{ctx.shared_group}/providers/"
    expected = {
        ("AML101", f"{ep}/ep-key-auth", "fail"),
        ("AML101", f"{ep}/ep-entra-auth", "pass"),
        ("AML101", f"{ctx.workspace}/batchEndpoints/batch-scoring", "pass"),
        ("AML201", ctx.workspace, "fail"),
        ("AML201", f"{dev}/mlw-contoso-dev-vnet", "fail"),
        ("AML201", f"{dev}/mlw-contoso-dev-private", "pass"),
        ("AML201", ctx.hub, "pass"),
        ("AML301", ctx.workspace, "fail"),
        ("AML301", ctx.hub, "pass"),
        ("AML301", ctx.project, "pass"),
        ("AML302", ctx.workspace_vault, "fail"),
        ("AML302", f"{shared}Microsoft.KeyVault/vaults/kv-contoso-nopurge", "fail"),
        ("AML302", ctx.cmk_vault, "pass"),
    }
    assert expected <= results
    # the unreadable subscription's resources are not in what a scan can see
    assert not any(f"/subscriptions/{ctx.finance}/" in rid for _, rid, _ in results)
