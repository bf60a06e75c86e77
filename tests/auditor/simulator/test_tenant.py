"""Tenant files, the generator and the demo tenant."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from auditor.inventory import arm
from auditor.simulator import Tenant, TenantError, demo_tenant, generate_tenant, shapes
from auditor.simulator.demo import CATEGORY_MODULES, demo_context
from tests.auditor.simulator.conftest import SUB, small_tenant

ML = "Microsoft.MachineLearningServices"


def nested_document() -> dict[str, Any]:
    return {
        "tenantId": "72f988bf-0000-4000-8000-00000000a11d",
        "subscriptions": [
            {
                "subscriptionId": SUB,
                "displayName": "nested",
                "throttle": {"burst": 5, "refillPerSecond": 0.5},
                "resourceGroups": [
                    {
                        "name": "rg-ml",
                        "location": "northeurope",
                        "resources": [
                            {
                                "type": f"{ML}/workspaces",
                                "name": "ws",
                                "properties": {"publicNetworkAccess": "Disabled"},
                                "diagnosticSettings": [
                                    {"name": "diag", "properties": {"workspaceId": "/x"}}
                                ],
                                "resources": [
                                    {
                                        "type": "onlineEndpoints",
                                        "name": "ep",
                                        "properties": {"authMode": "Key"},
                                        "resources": [{"type": "deployments", "name": "blue"}],
                                    },
                                    {"type": f"{ML}/workspaces/computes", "name": "ci"},
                                ],
                            }
                        ],
                    }
                ],
            }
        ],
        "deny": [
            {
                "scope": f"/subscriptions/{SUB}/resourceGroups/rg-ml",
                "type": f"{ML}/workspaces/computes",
            }
        ],
    }


def test_nested_tenant_file_gets_ids_and_types_from_its_structure(tmp_path: Path) -> None:
    path = tmp_path / "tenant.json"
    path.write_text(json.dumps(nested_document()))
    tenant = Tenant.load(path)
    ws = f"/subscriptions/{SUB}/resourceGroups/rg-ml/providers/{ML}/workspaces/ws"
    assert [(r["id"], r["type"]) for r in tenant.resources()] == [
        (ws, f"{ML}/workspaces"),
        (f"{ws}/onlineEndpoints/ep", f"{ML}/workspaces/onlineEndpoints"),
        (
            f"{ws}/onlineEndpoints/ep/deployments/blue",
            f"{ML}/workspaces/onlineEndpoints/deployments",
        ),
        (f"{ws}/computes/ci", f"{ML}/workspaces/computes"),
        (
            f"{ws}/providers/Microsoft.Insights/diagnosticSettings/diag",
            "Microsoft.Insights/diagnosticSettings",
        ),
    ]
    assert "resources" not in tenant.resources()[0]
    assert "diagnosticSettings" not in tenant.resources()[0]
    assert tenant.subscription(SUB).throttle is not None
    assert tenant.subscription(SUB).resource_groups["rg-ml"].location == "northeurope"
    assert not tenant.readable(f"{ws}/computes/ci")
    assert tenant.readable(f"{ws}/onlineEndpoints/ep")


def test_to_dict_round_trips_through_the_flat_format(tmp_path: Path) -> None:
    tenant = small_tenant()
    path = tmp_path / "flat.json"
    tenant.save(path)
    again = Tenant.load(path)
    assert again.resources() == tenant.resources()
    assert again.denies == tenant.denies
    assert [s.unreadable for s in again.subscriptions] == [False, True]


def _error(tmp_path: Path, content: str) -> str:
    path = tmp_path / "bad.json"
    path.write_text(content)
    with pytest.raises(TenantError) as raised:
        Tenant.load(path)
    return str(raised.value).replace(str(path), "FILE")


def test_tenant_file_errors_say_what_and_where(tmp_path: Path) -> None:
    doc = nested_document()
    assert _error(tmp_path, "{") == (
        "FILE: not valid JSON at line 1 column 2: Expecting property name enclosed in double quotes"
    )
    assert _error(tmp_path, "[]") == "FILE: a tenant file holds a JSON object with 'subscriptions'"
    assert _error(tmp_path, '{"subscriptions": []}') == (
        "FILE: 'subscriptions' must be a non-empty list"
    )
    assert _error(tmp_path, '{"subscriptions": [{}], "extra": 1}') == (
        "FILE: unknown top-level key(s): extra"
    )
    assert _error(tmp_path, '{"subscriptions": [{"subscriptionId": "abc"}]}') == (
        "FILE: subscriptions[0]: subscriptionId 'abc' is not a GUID"
    )
    broken = json.loads(json.dumps(doc))
    del broken["subscriptions"][0]["resourceGroups"][0]["resources"][0]["resources"][0]["type"]
    assert _error(tmp_path, json.dumps(broken)) == (
        "FILE: subscriptions[0].resourceGroups[0].resources[0].resources[0]: "
        "'type' must be a non-empty string"
    )
    broken = json.loads(json.dumps(doc))
    broken["subscriptions"][0]["resourceGroups"][0]["resources"].append(
        {
            "id": f"/subscriptions/{SUB}/resourceGroups/other/providers/{ML}/workspaces/x",
            "type": f"{ML}/workspaces",
        }
    )
    assert _error(tmp_path, json.dumps(broken)) == (
        "FILE: subscriptions[0].resourceGroups[0].resources[1]: id "
        f"/subscriptions/{SUB}/resourceGroups/other/providers/{ML}/workspaces/x is not within "
        f"/subscriptions/{SUB}/resourceGroups/rg-ml"
    )
    broken = json.loads(json.dumps(doc))
    broken["subscriptions"][0]["resourceGroups"][0]["resources"].append(
        {"type": f"{ML}/workspaces", "name": "ws"}
    )
    assert _error(tmp_path, json.dumps(broken)) == (
        "FILE: subscriptions[0].resourceGroups[0].resources[1]: "
        f"/subscriptions/{SUB}/resourceGroups/rg-ml/providers/{ML}/workspaces/ws is defined twice"
    )
    broken = json.loads(json.dumps(doc))
    broken["subscriptions"][0]["throttle"] = {"burst": "many"}
    assert _error(tmp_path, json.dumps(broken)) == (
        "FILE: subscriptions[0].throttle: must be {'burst': int, 'refillPerSecond': number}"
    )
    orphan = f"/subscriptions/{SUB}/resourceGroups/rg-ml/providers/{ML}/workspaces/gone/computes/c"
    broken = json.loads(json.dumps(doc))
    broken["subscriptions"][0]["resourceGroups"][0]["resources"].append(
        {"id": orphan, "type": f"{ML}/workspaces/computes"}
    )
    assert _error(tmp_path, json.dumps(broken)) == (
        f"FILE: {orphan}: its parent /subscriptions/{SUB}/resourceGroups/rg-ml/providers/{ML}/"
        "workspaces/gone is not in the tenant"
    )
    missing = tmp_path / "missing.json"
    with pytest.raises(TenantError, match="tenant file not found"):
        Tenant.load(missing)


def test_generator_counts_match_the_benchmark_estate() -> None:
    tenant = generate_tenant()
    counts = Counter(r["type"] for r in tenant.resources())
    workspaces = 10 * 20
    assert {t: n for t, n in counts.items() if t != shapes.DIAGNOSTIC_SETTINGS} == {
        shapes.WORKSPACES: workspaces,
        shapes.ONLINE_ENDPOINTS: workspaces * 3,
        shapes.ONLINE_DEPLOYMENTS: workspaces * 3 * 2,
        shapes.COMPUTES: workspaces * 2,
        shapes.CONNECTIONS: workspaces * 3,
        shapes.STORAGE_ACCOUNTS: workspaces,
        shapes.CONTAINER_REGISTRIES: workspaces,
        shapes.VAULTS: workspaces,
        shapes.KEYS: workspaces * 3,
        shapes.SECRETS: workspaces * 3,
    }
    assert 0 < counts[shapes.DIAGNOSTIC_SETTINGS] < 2 * workspaces
    assert len(tenant.subscription_ids) == 10
    kinds = Counter(r["kind"] for r in tenant.resources([shapes.WORKSPACES]))
    assert kinds == {"Default": 140, "Hub": 20, "Project": 40}
    access = Counter(
        r["properties"]["publicNetworkAccess"] for r in tenant.resources([shapes.WORKSPACES])
    )
    assert set(access) == {"Enabled", "Disabled"}  # a mix of good and bad settings
    tenant.validate()


def test_generator_is_deterministic_by_seed() -> None:
    assert generate_tenant(2, 3, seed=1).to_dict() == generate_tenant(2, 3, seed=1).to_dict()
    assert generate_tenant(2, 3, seed=1).to_dict() != generate_tenant(2, 3, seed=2).to_dict()


def test_generator_optional_collections() -> None:
    tenant = generate_tenant(1, 2, batch_endpoints=1, serverless_endpoints=2, registries=1)
    counts = Counter(r["type"] for r in tenant.resources())
    assert counts[shapes.BATCH_ENDPOINTS] == 2
    assert counts[shapes.SERVERLESS_ENDPOINTS] == 4
    assert counts[shapes.REGISTRIES] == 1


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
