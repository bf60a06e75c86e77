"""The demo tenant's access-review facts, read through the real SDK pipeline: the role assignments
and custom roles of prod and dev, and the key events of each readable subscription's Activity Log
(one regeneration for its Started and Succeeded events)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from auditor.inventory import arm
from auditor.inventory.resource_types import (
    ACTIVITY_LOG,
    ACTIVITY_LOG_EVENTS,
    ROLE_ASSIGNMENTS,
    ROLE_DEFINITIONS,
)
from auditor.simulator import Simulator
from auditor.simulator.demo import access, demo_context, paths
from tests.auditor.sources.live.live_support import live_source

pytestmark = pytest.mark.slow

# What the live demo gives each access-review rule: a failing and a passing resource at least.
ACCESS_VERDICTS = {
    ("AML114", "ep-key-auth", "fail"),
    ("AML114", "ep-dev-rotated", "pass"),
    ("AML115", "ais-contoso-prod", "fail"),
    ("AML115", "ais-contoso-rotated", "pass"),
    ("AML116", "stcontosomlprod", "fail"),
    ("AML116", "stcontosomlrotated", "pass"),
    ("AML117", "ep-key-auth", "fail"),
    ("AML117", "ep-dev-rotated", "pass"),
    ("AML315", "hub-contoso-prod", "fail"),
    ("AML315", "mlw-contoso-cmk-rbac", "pass"),
    ("AML505", "ep-key-auth", "fail"),
    ("AML505", "ep-dev-rotated", "pass"),
}

NOW = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)


def test_the_demo_access_facts_are_collected_live() -> None:
    tenant, ctx = demo_context(now=NOW)
    with Simulator(tenant) as sim:
        inventory = live_source(sim, clock=lambda: NOW).collect()
    kept = inventory.of_type(ACTIVITY_LOG_EVENTS)
    summary = sorted(
        (
            arm.name_of(str(e.raw["properties"]["resourceId"])),
            str(e.raw["properties"]["operationName"]).rsplit("/", 2)[-2],
            str(e.raw["properties"]["caller"]),
        )
        for e in kept
    )
    assert summary == [
        ("ais-contoso-rotated", "regenerateKey", "platform-team@contoso.com"),
        ("ep-dev-rotated", "regenerateKeys", "platform-team@contoso.com"),
        ("ep-key-auth", "listKeys", "alice@contoso.com"),
        ("ep-key-auth", "listKeys", "alice@contoso.com"),
        ("ep-key-auth", "listKeys", "alice@contoso.com"),
        ("ep-key-auth", "token", access.SCORING_APP),
    ]  # a storage listkeys is in the log too, but storage events are not asked for
    # Prod and dev were read in full; finance is unreadable (a gap, no record).
    records = {r.subscription_id for r in inventory.of_type(ACTIVITY_LOG)}
    assert records == {ctx.prod, ctx.dev}
    assignments = {
        (str(a.raw["properties"]["principalId"]), str(a.raw["properties"]["principalType"]))
        for a in inventory.of_type(ROLE_ASSIGNMENTS)
    }
    assert assignments == {
        (access.ALICE, "User"),
        (access.ML_ENGINEERS, "Group"),
        (access.PLATFORM_TEAM, "Group"),
        (access.RBAC_CMK_IDENTITY, "ServicePrincipal"),
        # The attack paths' identities (auditor/simulator/demo/paths.py).
        (paths.SCORING_IDENTITY, "ServicePrincipal"),
        (paths.EXPOSED_IDENTITY, "ServicePrincipal"),
    }
    custom = sorted(
        str(d.raw["properties"]["roleName"])
        for d in inventory.of_type(ROLE_DEFINITIONS)
        if d.raw["properties"]["type"] == "CustomRole"
    )
    assert custom == ["ML Endpoint Reader (custom)", "ML Everything (custom)"]


def test_the_live_demo_gives_each_access_review_rule_a_failing_and_a_passing_resource() -> None:
    from auditor.evaluate import engine
    from auditor.evaluate.registry import load_rules

    tenant, _ = demo_context(now=NOW)
    with Simulator(tenant) as sim:
        inventory = live_source(sim, clock=lambda: NOW).collect()
    rules = [
        r
        for r in load_rules(entry_points=False).rules
        if r.meta.id in {v[0] for v in ACCESS_VERDICTS} | {"AML118"}
    ]
    scan = engine.evaluate(inventory, rules)
    verdicts = {(r.rule_id, r.resource_name, r.status.value) for r in scan.results}
    assert verdicts >= ACCESS_VERDICTS
    custom = {
        str(d.raw["name"]): str(d.raw["properties"]["roleName"])
        for d in inventory.of_type(ROLE_DEFINITIONS)
        if d.raw["properties"]["type"] == "CustomRole"
    }
    aml118 = {
        (custom[r.resource_name], r.status.value)
        for r in scan.results
        if r.rule_id == "AML118" and r.resource_name in custom  # not the unreadable subscription
    }
    assert aml118 == {("ML Everything (custom)", "fail"), ("ML Endpoint Reader (custom)", "pass")}
