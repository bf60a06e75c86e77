"""ARM's read routes through a real HTTPS client: listings, paging with nextLink, resources by
id, 403 for denied scopes and 404 with ARM's codes."""

from __future__ import annotations

import requests

from auditor.simulator import Simulator, shapes
from tests.auditor.simulator.conftest import API, LOCKED, SUB, Client

WS = f"/subscriptions/{SUB}/resourceGroups/rg-ml/providers/Microsoft.MachineLearningServices"
VAULT = f"/subscriptions/{SUB}/resourceGroups/rg-ml/providers/Microsoft.KeyVault/vaults/kv-ml"


def names(response: requests.Response) -> list[str]:
    return [item["name"] for item in response.json()["value"]]


def test_subscriptions_are_listed_with_arm_fields(client: Client) -> None:
    response = client.get("/subscriptions", api_version="2022-12-01")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == {"type": "Total", "value": 2}
    assert [s["subscriptionId"] for s in body["value"]] == [SUB, LOCKED]
    assert body["value"][0]["id"] == f"/subscriptions/{SUB}"
    assert body["value"][0]["state"] == "Enabled"
    assert "nextLink" not in body


def test_list_pages_follow_absolute_next_links_back_to_the_simulator(
    client: Client, sim: Simulator
) -> None:
    path = f"/subscriptions/{SUB}/providers/Microsoft.MachineLearningServices/workspaces"
    first = client.get(path)
    assert names(first) == ["ws-0", "ws-1"]
    link = first.json()["nextLink"]
    assert link == f"{sim.url}{path}?api-version={API}&$skiptoken=2"
    second = client.get(link)
    assert names(second) == ["ws-2", "ws-3"]
    third = client.get(second.json()["nextLink"])
    assert names(third) == ["ws-4"]
    assert "nextLink" not in third.json()


def test_a_client_may_overwrite_api_version_in_a_next_link(client: Client, sim: Simulator) -> None:
    """Generated SDKs keep nextLink's path and query but set their own api-version."""
    path = f"/subscriptions/{SUB}/providers/Microsoft.MachineLearningServices/workspaces"
    response = client.get(
        f"{sim.url}{path}?api-version=2024-10-01&%24skiptoken=4", api_version=None
    )
    assert names(response) == ["ws-4"]


def test_top_lowers_the_page_size_and_is_kept_in_next_link(client: Client, sim: Simulator) -> None:
    path = f"{WS}/workspaces/ws-0/onlineEndpoints"
    first = client.get(path, **{"$top": "1"})
    assert names(first) == ["ep-0"]
    assert first.json()["nextLink"] == f"{sim.url}{path}?api-version={API}&$top=1&$skiptoken=1"


def test_child_collections_and_resources_by_id(client: Client) -> None:
    endpoints = client.get(f"{WS}/workspaces/ws-0/onlineEndpoints")
    assert names(endpoints) == ["ep-0", "ep-1"]
    assert names(client.get(endpoints.json()["nextLink"])) == ["ep-2"]
    one = client.get(f"{WS}/workspaces/ws-0/onlineEndpoints/ep-1")
    assert one.status_code == 200
    assert one.json()["id"] == f"{WS}/workspaces/ws-0/onlineEndpoints/ep-1"
    assert one.json()["properties"]["authMode"] == "Key"
    empty = client.get(f"{WS}/workspaces/ws-2/batchEndpoints")
    assert empty.status_code == 200
    assert empty.json() == {"value": []}


def test_ids_are_case_insensitive(client: Client) -> None:
    response = client.get(f"{WS}/workspaces/WS-3".upper().replace("WS-3", "ws-3"))
    assert response.status_code == 200
    assert response.json()["name"] == "ws-3"


def test_keys_carry_rotation_policy_by_id_only_and_secrets_never_a_value(client: Client) -> None:
    keys = client.get(f"{VAULT}/keys").json()["value"]
    assert [k["name"] for k in keys] == ["cmk"]
    assert "rotationPolicy" not in keys[0]["properties"]  # Keys_List omits it, as ARM does
    key = client.get(f"{VAULT}/keys/cmk").json()
    assert key["properties"]["rotationPolicy"]["lifetimeActions"][0] == {
        "trigger": {"timeAfterCreate": "P90D"},
        "action": {"type": "rotate"},
    }
    secrets = client.get(f"{VAULT}/secrets")
    assert names(secrets) == ["db-password"]
    assert "value" not in secrets.json()["value"][0]["properties"]
    assert "hunter2" not in secrets.text


def test_diagnostic_settings_of_a_resource_unpaged(client: Client) -> None:
    response = client.get(
        f"{WS}/workspaces/ws-0/providers/Microsoft.Insights/diagnosticSettings",
        api_version="2021-05-01-preview",
    )
    assert response.status_code == 200
    body = response.json()
    assert list(body) == ["value"]
    assert [(s["id"], s["type"]) for s in body["value"]] == [
        (
            f"{WS}/workspaces/ws-0/providers/Microsoft.Insights/diagnosticSettings/to-law",
            "Microsoft.Insights/diagnosticSettings",
        )
    ]
    none = client.get(
        f"{WS}/workspaces/ws-1/providers/Microsoft.Insights/diagnosticSettings",
        api_version="2021-05-01-preview",
    )
    assert none.json() == {"value": []}
    missing = client.get(
        f"{WS}/workspaces/nope/providers/Microsoft.Insights/diagnosticSettings",
        api_version="2021-05-01-preview",
    )
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "ResourceNotFound"


def test_unreadable_subscription_is_listed_but_everything_under_it_is_403(
    client: Client,
) -> None:
    assert client.get(f"/subscriptions/{LOCKED}").status_code == 200
    for path in (
        f"/subscriptions/{LOCKED}/providers/Microsoft.MachineLearningServices/workspaces",
        f"/subscriptions/{LOCKED}/resourceGroups/rg-locked/providers/"
        "Microsoft.MachineLearningServices/workspaces/ws-locked",
        f"/subscriptions/{LOCKED}/resourceGroups/rg-locked/providers/"
        "Microsoft.MachineLearningServices/workspaces/does-not-matter",
    ):
        response = client.get(path)
        assert response.status_code == 403, path
        error = response.json()["error"]
        assert error["code"] == "AuthorizationFailed"
        assert "does not have authorization to perform action" in error["message"]


def test_unreadable_collection_is_403_while_its_parent_reads(client: Client) -> None:
    assert client.get(f"{WS}/workspaces/ws-1").status_code == 200
    listing = client.get(f"{WS}/workspaces/ws-1/connections")
    assert listing.status_code == 403
    assert listing.json()["error"]["code"] == "AuthorizationFailed"
    assert (
        "'Microsoft.MachineLearningServices/workspaces/connections/read'"
        in listing.json()["error"]["message"]
    )
    assert client.get(f"{WS}/workspaces/ws-1/connections/conn-1").status_code == 403
    assert names(client.get(f"{WS}/workspaces/ws-0/connections")) == ["conn-0"]


def test_unknown_ids_and_routes_are_404_with_arm_codes(client: Client) -> None:
    cases = {
        f"{WS}/workspaces/nope": "ResourceNotFound",
        f"{WS}/workspaces/nope/onlineEndpoints": "ResourceNotFound",
        f"{WS}/workspaces/ws-0/onlineEndpoints/nope": "ResourceNotFound",
        f"/subscriptions/{SUB}/resourceGroups/rg-nope": "ResourceGroupNotFound",
        "/subscriptions/33333333-3333-4333-8333-333333333333": "SubscriptionNotFound",
        f"/subscriptions/{SUB}/providers/Microsoft.Foo/bars": "InvalidResourceType",
        f"{WS}/workspaces/ws-0/gadgets": "InvalidResourceType",
        "/tenants": "InvalidResourceType",
    }
    for path, code in cases.items():
        response = client.get(path)
        assert (response.status_code, response.json()["error"]["code"]) == (404, code), path
        assert response.json()["error"]["message"]


def test_workspace_shape_follows_the_arm_example(client: Client) -> None:
    body = client.get(f"{WS}/workspaces/ws-0").json()
    assert set(body) == {
        "id", "name", "type", "location", "kind", "identity", "sku", "tags", "systemData",
        "properties",
    }  # fmt: skip
    assert body["properties"]["storageAccount"] == shapes.resource_id(
        SUB, "rg-ml", shapes.STORAGE_ACCOUNTS, "stws0"
    )
