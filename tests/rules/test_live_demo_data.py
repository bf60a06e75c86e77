"""The data, compute, logging and AI rules through the live collector: the real Azure SDK reads
the demo tenant from the ARM simulator, and every result the data lets a rule judge is judged.

This is what proves the collector gathers what these rules need: the CMK vault and key by id,
every key by id (its rotation policy), secrets' attributes, the diagnostic settings of workspaces,
online endpoints and vaults (listed, so "none" is a finding), serverless endpoints, deployments'
environment variables (literal secrets withheld, still recognised) and AI Services accounts.
The only not-assessed results are on what the scan could not read.
"""

from __future__ import annotations

import time

import pytest

from auditor.evaluate import engine
from auditor.evaluate.registry import load_rules
from auditor.simulator import Simulator
from auditor.simulator.demo import demo_context
from auditor.sources.live import LiveSource
from auditor.sources.live.auth import StaticTokenCredential
from tests.auditor.simulator.test_demo import data_compute_logging_and_ai_outcomes

pytestmark = pytest.mark.slow

# The access review's rules (key age, key readers and reads, CMK access) judge role assignments,
# the Activity Log and key times that the demo tenant gains with the access review's data; its
# own live tests cover them.
ACCESS_REVIEW = {"AML114", "AML115", "AML116", "AML117", "AML118", "AML315", "AML505"}
RULES = [
    r
    for r in load_rules(entry_points=False).rules
    if r.meta.id not in ACCESS_REVIEW
    and r.meta.category in ("data", "compute", "logging", "ai")
    and r.meta.id not in ("AML301", "AML302")
]
MINE = {r.meta.id for r in RULES}


def test_live_scan_of_the_demo_judges_every_readable_resource() -> None:
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
    live = {(r.rule_id, r.resource_id.lower(), r.status.value) for r in results}
    assert {(r, i.lower(), s) for r, i, s in data_compute_logging_and_ai_outcomes(ctx)} <= live

    # Not assessed only where the scan could not read: the finance subscription (403 on
    # everything) for every rule, and the hub's connections (403 on that collection).
    finance = f"/subscriptions/{ctx.finance}".lower()
    unreadable = {(rule, finance) for rule in MINE} | {
        (rule, ctx.hub.lower()) for rule in ("AML312", "AML313", "AML314", "AML506")
    }
    # mlw-contoso-finance-cmk (prod) keeps its key in the finance vault, which the scan follows
    # and is refused (a gap on the vault and its key): the vault rules cannot judge it, nor can
    # the CMK rules judge the workspace (the attack paths' "possible" AMLP05).
    vault = f"{finance}/resourcegroups/rg-finance-ml/providers/microsoft.keyvault/vaults/"
    vault += "kv-contoso-finance"
    cmk_workspace = f"/subscriptions/{ctx.prod}/resourcegroups/{ctx.prod_group}/providers/"
    cmk_workspace += "microsoft.machinelearningservices/workspaces/mlw-contoso-finance-cmk"
    unreadable |= {
        (rule, vault) for rule in ("AML303", "AML304", "AML305", "AML306", "AML307", "AML504")
    }
    unreadable |= {(rule, f"{vault}/keys/ml-cmk") for rule in ("AML305", "AML306")}
    unreadable |= {(rule, cmk_workspace.lower()) for rule in ("AML308", "AML309")}
    not_assessed = {(rule, rid) for rule, rid, status in live if status == "not_assessed"}
    assert not_assessed == unreadable

    # Listed diagnostic settings make "no setting" a finding, not a gap.
    assert ("AML501", ctx.dev_workspace.lower(), "fail") in live
    assert ("AML504", ctx.dev_vault.lower(), "fail") in live
