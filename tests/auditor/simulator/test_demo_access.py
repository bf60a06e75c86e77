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
from auditor.simulator.demo import access, demo_context
from tests.auditor.sources.live.live_support import live_source

pytestmark = pytest.mark.slow

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
        ("stcontosomlprod", "listkeys", access.SCORING_APP),
    ]
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
    }
    custom = sorted(
        str(d.raw["properties"]["roleName"])
        for d in inventory.of_type(ROLE_DEFINITIONS)
        if d.raw["properties"]["type"] == "CustomRole"
    )
    assert custom == ["ML Endpoint Reader (custom)", "ML Everything (custom)"]
