"""The access review's rules through the live collector: the real Azure SDK reads the demo tenant
from the ARM simulator (role assignments, role definitions, deny assignments, PIM eligibility and
the Activity Log included), and each rule gives its exact fail and pass results, and a
not-assessed result on the subscription the scan cannot read.
"""

from __future__ import annotations

import time

import pytest

from auditor.evaluate import engine
from auditor.evaluate.registry import load_rules
from auditor.inventory import arm
from auditor.simulator import Simulator
from auditor.simulator.demo import demo_context
from auditor.sources.live import LiveSource
from auditor.sources.live.auth import StaticTokenCredential

pytestmark = pytest.mark.slow

ACCESS = {"AML114", "AML115", "AML116", "AML117", "AML118", "AML315", "AML505"}
RULES = [r for r in load_rules(entry_points=False).rules if r.meta.id in ACCESS]


def test_live_scan_of_the_demo_judges_the_access_review() -> None:
    tenant, ctx = demo_context()
    with Simulator(tenant) as sim:
        source = LiveSource(
            StaticTokenCredential(sim.token, int(time.time()) + 3600),
            endpoint=sim.url,
            token_scopes=("https://management.azure.com/.default",),
            ca_file=str(sim.ca_file),
            concurrency=8,
        )
        inventory = source.collect()
    results = engine.evaluate(inventory, RULES).results

    def shown(resource_id: str) -> str:
        """A role definition by its role name, anything else by its name."""
        resource = inventory.get(resource_id)
        role = resource.get("properties.roleName") if resource is not None else None
        return role if isinstance(role, str) else arm.name_of(resource_id)

    got = {(r.rule_id, shown(r.resource_id), r.status.value) for r in results}
    finance = {(rule, ctx.finance, "not_assessed") for rule in ACCESS - {"AML116"}}
    assert got == finance | {
        ("AML114", "ep-key-auth", "fail"),
        ("AML114", "llama-key", "fail"),
        ("AML114", "ep-dev-rotated", "pass"),
        ("AML115", "ais-contoso-prod", "fail"),
        ("AML115", "ais-contoso-rotated", "pass"),
        # The Defender-gap demo's AI account (local auth on, no regeneration in the log).
        ("AML115", "ais-contoso-noid", "fail"),
        ("AML116", "stcontosomlprod", "fail"),
        ("AML116", "stcontosomldev", "fail"),
        ("AML116", "stcontosomlrotated", "pass"),
        # The Defender-gap demo's dev storage (shared key allowed, keys of the shapes' date).
        ("AML116", "stcontosodevblob", "fail"),
        ("AML117", "ep-key-auth", "fail"),
        ("AML117", "llama-key", "fail"),
        ("AML117", "ep-dev-rotated", "pass"),
        ("AML118", "ML Everything (custom)", "fail"),
        ("AML118", "ML Endpoint Reader (custom)", "pass"),
        ("AML315", "hub-contoso-prod", "fail"),
        ("AML315", "mlw-contoso-cmk-rbac", "pass"),
        ("AML315", "mlw-contoso-legacy-cmk", "pass"),
        ("AML505", "ep-key-auth", "fail"),
        ("AML505", "llama-key", "pass"),
        ("AML505", "ep-dev-rotated", "pass"),
        # The attack paths' demo (auditor/simulator/demo/paths.py): a public key-auth endpoint,
        # and a workspace whose CMK is in the unreadable finance vault.
        ("AML114", "ep-public-scoring", "fail"),
        ("AML117", "ep-public-scoring", "fail"),
        ("AML505", "ep-public-scoring", "pass"),
        ("AML315", "mlw-contoso-finance-cmk", "not_assessed"),
    }
    readers = next(
        r for r in results if r.rule_id == "AML117" and arm.name_of(r.resource_id) == "ep-key-auth"
    )
    # The readers are listed by object id with their role, scope and how they hold it.
    rows = {e.path: e.observed for e in readers.evidence}["principals that can read the keys"]
    assert {(row["type"], row["role"], row["granted"]) for row in rows} == {
        ("User", "Contributor", "direct"),
        ("Group", "ML Everything (custom)", "group"),
        # ep-public-scoring's identity, Contributor on prod for the attack paths' demo.
        ("ServicePrincipal", "Contributor", "direct"),
    }
