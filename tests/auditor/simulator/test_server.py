"""The simulator's ARM semantics, through real HTTPS clients."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import requests

from auditor.simulator import Simulator, SimulatorOptions, shapes
from tests.auditor.simulator.conftest import API, LOCKED, SUB, Client, small_tenant

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


@pytest.mark.parametrize(
    ("token", "code"),
    [
        (None, "AuthenticationFailed"),
        ("not-a-token", "InvalidAuthenticationToken"),
    ],
)
def test_requests_without_a_valid_token_get_401_with_a_challenge(
    client: Client, token: str | None, code: str
) -> None:
    response = client.get(f"/subscriptions/{SUB}", token=token)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == code
    assert response.headers["WWW-Authenticate"].startswith(
        'Bearer authorization_uri="https://login.microsoftonline.com/'
    )


@pytest.mark.slow
def test_issued_tokens_work_until_they_expire(client: Client, sim: Simulator) -> None:
    token, expires_on = sim.issue_token(1)
    assert expires_on <= time.time() + 1
    assert client.get(f"/subscriptions/{SUB}", token=token).status_code == 200
    time.sleep(1.2)
    expired = client.get(f"/subscriptions/{SUB}", token=token)
    assert expired.status_code == 401
    assert expired.json()["error"]["code"] == "ExpiredAuthenticationToken"


def test_api_version_is_required(client: Client) -> None:
    response = client.get(f"/subscriptions/{SUB}", api_version=None)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "MissingApiVersionParameter"


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


@pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE", "POST"])
def test_write_methods_are_refused_and_logged(client: Client, sim: Simulator, method: str) -> None:
    path = f"{WS}/workspaces/ws-0"
    response = client.request(method, path, json={"properties": {}})
    assert response.status_code == 405
    assert response.json()["error"]["code"] == "MethodNotAllowed"
    record = sim.request_log[-1]
    assert (record.method, record.path, record.status, record.subscription) == (
        method,
        path,
        405,
        SUB,
    )
    # the connection stays usable after a refused request with a body
    assert client.get(path).status_code == 200


def test_request_log_records_method_path_query_status_subscription(
    client: Client, sim: Simulator
) -> None:
    sim.clear_log()
    client.get(f"{WS}/workspaces/ws-0")
    client.get(f"{WS}/workspaces/nope")
    assert [
        (r.method, r.path, dict(r.query), r.status, r.subscription) for r in sim.request_log
    ] == [
        ("GET", f"{WS}/workspaces/ws-0", {"api-version": API}, 200, SUB),
        ("GET", f"{WS}/workspaces/nope", {"api-version": API}, 404, SUB),
    ]


def test_tls_is_verified_with_the_ca_file_and_fails_without_it(sim: Simulator) -> None:
    url = f"{sim.url}/subscriptions?api-version=2022-12-01"
    headers = {"Authorization": f"Bearer {sim.token}"}
    ok = requests.get(url, headers=headers, verify=str(sim.ca_file), timeout=10)
    assert ok.status_code == 200
    localhost = url.replace("127.0.0.1", "localhost")
    assert requests.get(localhost, headers=headers, verify=str(sim.ca_file), timeout=10).ok
    with pytest.raises(requests.exceptions.SSLError):
        requests.get(url, headers=headers, verify=True, timeout=10)  # the system CAs only


def test_latency_is_added_to_every_answer() -> None:
    with Simulator(small_tenant(), SimulatorOptions(latency=0.2)) as sim:
        client = Client(sim)
        client.get(f"/subscriptions/{SUB}")  # the TLS handshake is not timed
        started = time.monotonic()
        assert client.get(f"/subscriptions/{SUB}").status_code == 200
        assert client.get("/nope").status_code == 404
        assert time.monotonic() - started >= 0.4


def test_stop_closes_kept_alive_connections_and_frees_the_port(tmp_path: Path) -> None:
    sim = Simulator(small_tenant()).start()
    ca = tmp_path / "ca.pem"  # stop() removes the simulator's own copy
    ca.write_bytes(sim.ca_file.read_bytes())
    session = requests.Session()
    url = f"{sim.url}/subscriptions/{SUB}?api-version={API}"
    headers = {"Authorization": f"Bearer {sim.token}"}
    assert session.get(url, headers=headers, verify=str(ca), timeout=10).status_code == 200
    port = sim.port
    sim.stop()
    assert not sim.ca_file.exists()
    with pytest.raises(requests.exceptions.ConnectionError):
        session.get(url, headers=headers, verify=str(ca), timeout=10)
    again = Simulator(small_tenant(), SimulatorOptions(port=port)).start()
    try:
        assert Client(again).get(f"/subscriptions/{SUB}").status_code == 200
    finally:
        again.stop()


def test_workspace_shape_follows_the_arm_example(client: Client) -> None:
    body = client.get(f"{WS}/workspaces/ws-0").json()
    assert set(body) == {
        "id", "name", "type", "location", "kind", "identity", "sku", "tags", "systemData",
        "properties",
    }  # fmt: skip
    assert body["properties"]["storageAccount"] == shapes.resource_id(
        SUB, "rg-ml", shapes.STORAGE_ACCOUNTS, "stws0"
    )
