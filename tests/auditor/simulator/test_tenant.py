"""The tenant model, and the demo tenant built with it."""

from __future__ import annotations

import json

from auditor.inventory import arm
from auditor.simulator import demo_tenant, shapes
from auditor.simulator.demo import CATEGORY_MODULES, demo_context


def test_demo_tenant_has_every_workspace_kind_a_locked_and_a_throttled_subscription() -> None:
    tenant, ctx = demo_context()
    kinds = {r["kind"] for r in tenant.resources([shapes.WORKSPACES])}
    assert kinds == {"Default", "Hub", "Project", "FeatureStore"}
    subs = {s.subscription_id: s for s in tenant.subscriptions}
    assert subs[ctx.finance].unreadable
    assert subs[ctx.dev].throttle is not None
    assert not tenant.readable(ctx.hub + "/connections/any")
    assert tenant.get(ctx.ai_services)["kind"] == "AIServices"  # type: ignore[index]
    assert [m.__name__.rsplit(".", 1)[1] for m in CATEGORY_MODULES] == [
        "identity", "network", "data", "compute", "logging", "ai",
    ]  # fmt: skip
    assert len(demo_tenant()) == len(tenant)


def test_every_id_in_the_demo_is_well_formed() -> None:
    for resource in demo_tenant().resources():
        rid = resource["id"]
        assert arm.type_of(rid) == resource["type"], rid
        assert rid.startswith("/subscriptions/"), rid
        assert "string" not in json.dumps(resource), rid
