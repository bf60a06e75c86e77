"""The tenant file format: nesting, the flat round trip, and one-line errors that say what and
where (the schema's for the shape, the Tenant's for what makes sense)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from auditor.simulator import TenantError, load_tenant, save_tenant
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
    tenant = load_tenant(path)
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
    save_tenant(tenant, path)
    again = load_tenant(path)
    assert again.resources() == tenant.resources()
    assert again.denies == tenant.denies
    assert [s.unreadable for s in again.subscriptions] == [False, True]


def _error(tmp_path: Path, content: str) -> str:
    path = tmp_path / "bad.json"
    path.write_text(content)
    with pytest.raises(TenantError) as raised:
        load_tenant(path)
    return str(raised.value).replace(str(path), "FILE")


def test_tenant_file_errors_say_what_and_where(tmp_path: Path) -> None:
    doc = nested_document()
    assert _error(tmp_path, "{") == (
        "FILE: not valid JSON at line 1 column 2: Expecting property name enclosed in double quotes"
    )
    assert _error(tmp_path, "[]") == "FILE: a tenant file holds a JSON object with 'subscriptions'"
    assert _error(tmp_path, '{"subscriptions": []}') == (
        "FILE: subscriptions: must be a non-empty list"
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
        load_tenant(missing)


def test_the_schema_gives_the_shape_errors_their_path_and_wording(tmp_path: Path) -> None:
    def with_subscription(**fields: Any) -> str:
        return json.dumps({"subscriptions": [{"subscriptionId": SUB, **fields}]})

    assert _error(tmp_path, '{"subscriptions": [{}], "zeta": 1, "alpha": 2}') == (
        "FILE: unknown top-level key(s): alpha, zeta"
    )
    assert _error(tmp_path, '{"format": "v2", "subscriptions": [{}]}') == (
        "FILE: format: unsupported format (expected 'aml-audit-tenant/1')"
    )
    assert _error(tmp_path, with_subscription(unreadable="yes")) == (
        "FILE: subscriptions[0].unreadable: must be true or false"
    )
    assert _error(tmp_path, with_subscription(resourceGroups={})) == (
        "FILE: subscriptions[0].resourceGroups: must be a list"
    )
    assert _error(tmp_path, with_subscription(resourceGroups=[{"name": " "}])) == (
        "FILE: subscriptions[0].resourceGroups[0].name: must be a non-empty string"
    )
    assert _error(tmp_path, with_subscription(tags={"env": 1})) == (
        "FILE: subscriptions[0].tags.env: must be an object of string values"
    )
    group = {"name": "rg", "resources": [{"type": f"{ML}/workspaces"}]}
    assert _error(tmp_path, with_subscription(resourceGroups=[group])) == (
        "FILE: subscriptions[0].resourceGroups[0].resources[0]: 'name' must be a non-empty string"
    )
    group = {"name": "rg", "resources": ["ws"]}
    assert _error(tmp_path, with_subscription(resourceGroups=[group])) == (
        "FILE: subscriptions[0].resourceGroups[0].resources[0]: must be an ARM resource object"
    )
    setting = {"name": "diag", "properties": []}
    group = {
        "name": "rg",
        "resources": [{"type": f"{ML}/workspaces", "name": "ws", "diagnosticSettings": [setting]}],
    }
    assert _error(tmp_path, with_subscription(resourceGroups=[group])) == (
        "FILE: subscriptions[0].resourceGroups[0].resources[0].diagnosticSettings[0].properties: "
        "must be an object"
    )
    deny = json.dumps({"subscriptions": [{"subscriptionId": SUB}], "deny": {"scope": "/x"}})
    assert _error(tmp_path, deny) == "FILE: deny: must be a list of {scope, type} objects"
    deny = json.dumps({"subscriptions": [{"subscriptionId": SUB}], "deny": [{"type": "a/b"}]})
    assert _error(tmp_path, deny) == "FILE: deny[0]: 'scope' must be a non-empty string"
    deny = json.dumps({"subscriptions": [{"subscriptionId": SUB}], "deny": [{"scope": "/x"}]})
    assert _error(tmp_path, deny) == (
        "FILE: deny[0]: deny scope '/x' is not a subscription, group or resource id"
    )


def test_what_save_tenant_writes_is_valid_by_the_schema(tmp_path: Path) -> None:
    from auditor.core import schemas
    from auditor.simulator import demo_tenant, generate_tenant, tenant_document

    for tenant in (demo_tenant(), generate_tenant(2, 2), small_tenant()):
        assert schemas.errors(tenant_document(tenant), "tenant") == []


def test_access_facts_and_the_activity_log_survive_a_tenant_file(tmp_path: Path) -> None:
    from auditor.simulator import tenant_document
    from tests.auditor.access_tenant import access_tenant

    access = access_tenant()
    path = tmp_path / "tenant.json"
    save_tenant(access.tenant, path)
    loaded = load_tenant(path)
    assert tenant_document(loaded) == tenant_document(access.tenant)
    assert loaded.events(access.subscription) == access.tenant.events(access.subscription)
    assert loaded.get(access.ids["endpoint_assignment"]) == access.tenant.get(
        access.ids["endpoint_assignment"]
    )


def test_an_event_with_a_bad_time_is_a_one_line_error(tmp_path: Path) -> None:
    path = tmp_path / "tenant.json"
    sub = "11111111-1111-4111-8111-111111111111"
    event = {"id": f"/subscriptions/{sub}/providers/x/events/1", "eventTimestamp": "yesterday"}
    path.write_text(
        json.dumps({"subscriptions": [{"subscriptionId": sub, "activityLog": [event]}]}),
        encoding="utf-8",
    )
    with pytest.raises(TenantError, match=r"subscriptions\[0\]\.activityLog\[0\]: eventTimestamp"):
        load_tenant(path)


def test_defender_plans_on_a_subscription_survive_a_tenant_file(tmp_path: Path) -> None:
    from auditor.simulator import demo_tenant, tenant_document

    demo = demo_tenant()
    path = tmp_path / "tenant.json"
    save_tenant(demo, path)
    loaded = load_tenant(path)
    assert tenant_document(loaded) == tenant_document(demo)
    plans = {
        (r["name"], r["properties"]["pricingTier"])
        for r in loaded.resources(["Microsoft.Security/pricings"])
    }
    assert plans == {
        ("AI", "Standard"),
        ("KeyVaults", "Free"),
        ("AI", "Free"),
        ("KeyVaults", "Standard"),
    }
    assert len(loaded.resources(["Microsoft.Security/pricings"])) == 4
