"""The identity and network rules through the live collector: the real Azure SDK reads the demo
tenant from the ARM simulator, and the rules must judge it exactly as they judge the tenant's
readable resources directly, plus a not-assessed result for each scope the scan could not read.

This is what proves the collector gathers what these rules need: the storage accounts and
registries workspaces name (fetched by id), the AI accounts connections target, ML registries,
and the private endpoint connections inline in workspaces and vaults.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from auditor.evaluate import engine
from auditor.evaluate.registry import load_rules
from auditor.simulator import Simulator
from auditor.simulator.demo import demo_context
from auditor.sources.live import LiveSource
from auditor.sources.live.auth import StaticTokenCredential
from tests.auditor.simulator.test_demo import audit_demo, identity_and_network_outcomes

pytestmark = pytest.mark.slow

# The access review's rules (key age, key readers and reads, CMK access) judge role assignments,
# the Activity Log and key times that the demo tenant gains with the access review's data; its
# own live tests cover them.
ACCESS_REVIEW = {"AML114", "AML115", "AML116", "AML117", "AML118", "AML315", "AML505"}
RULES = [
    r
    for r in load_rules(entry_points=False).rules
    if r.meta.id not in ACCESS_REVIEW
    and r.meta.category in ("identity", "network")
    and r.meta.id not in ("AML101", "AML201")
]
MINE = {r.meta.id for r in RULES}


def test_live_scan_of_the_demo_judges_identity_and_network_rules_like_its_resources(
    tmp_path: Path,
) -> None:
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
    live = {
        (r.rule_id, r.resource_id.lower(), r.status.value)
        for r in engine.evaluate(inventory, RULES).results
    }
    direct = {
        (rule, rid.lower(), status) for rule, rid, status in audit_demo(tmp_path) if rule in MINE
    }
    # What the scan could not read: the finance subscription (403 on everything) for every rule,
    # and the hub's connections (403 on that collection) for the rules that read connections.
    finance = f"/subscriptions/{ctx.finance}".lower()
    gaps = {(rule, finance, "not_assessed") for rule in MINE} | {
        (rule, ctx.hub.lower(), "not_assessed")
        for rule in (
            *("AML105", "AML107", "AML212"),
            *("AML119", "AML120", "AML213", "AML214", "AML215", "AML216"),
        )
    }
    # The finance vault, followed from mlw-contoso-finance-cmk's CMK in prod and refused.
    vault = f"{finance}/resourcegroups/rg-finance-ml/providers/microsoft.keyvault/vaults/"
    vault += "kv-contoso-finance"
    gaps |= {(rule, vault, "not_assessed") for rule in ("AML210", "AML211")}
    assert live - direct == gaps
    assert direct - live == set()
    assert {(r, i.lower(), s) for r, i, s in identity_and_network_outcomes(ctx)} <= live
