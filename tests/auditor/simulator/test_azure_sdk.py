"""The real Azure SDK against the simulator: its clients page through our nextLinks, deserialize
our shapes, and its ARM pipeline waits out a 429's Retry-After."""

from __future__ import annotations

import time
from typing import Any

import pytest
from azure.core.credentials import AccessToken
from azure.core.exceptions import ClientAuthenticationError
from azure.core.rest import HttpRequest
from azure.mgmt.keyvault import KeyVaultManagementClient
from azure.mgmt.machinelearningservices import MachineLearningServicesMgmtClient

from auditor.simulator import Simulator, SimulatorOptions, generate_tenant, shapes


class StaticToken:
    """A TokenCredential holding one token (what `--auth token` does)."""

    def __init__(self, token: str) -> None:
        self.token = token

    def get_token(self, *scopes: str, **kwargs: Any) -> AccessToken:
        return AccessToken(self.token, int(time.time()) + 3600)


@pytest.fixture(scope="module")
def sdk_sim() -> Any:
    tenant = generate_tenant(subscriptions=1, workspaces=7, keys=5)
    with Simulator(tenant, SimulatorOptions(page_size=3, burst=1000)) as sim:
        yield sim


def client_kwargs(sim: Simulator) -> dict[str, Any]:
    return {"base_url": sim.url, "connection_verify": str(sim.ca_file)}


def test_keyvault_sdk_pages_vaults_and_keys(sdk_sim: Simulator) -> None:
    sub = sdk_sim.subscription_ids[0]
    client = KeyVaultManagementClient(StaticToken(sdk_sim.token), sub, **client_kwargs(sdk_sim))
    vaults = list(client.vaults.list_by_subscription())
    expected = [v["name"] for v in sdk_sim.tenant.resources([shapes.VAULTS])]
    assert [v.name for v in vaults] == expected  # 7 vaults over 3 pages
    keys = list(client.keys.list("rg-ml-00", "kv-mlw-00-000"))
    assert [k.name for k in keys] == [f"key-{i}" for i in range(5)]
    assert keys[0].key_uri == "https://kv-mlw-00-000.vault.azure.net/keys/key-0"
    secrets = list(client.secrets.list("rg-ml-00", "kv-mlw-00-000"))
    assert [(s.name, s.properties.value) for s in secrets] == [
        ("secret-0", None),
        ("secret-1", None),
        ("secret-2", None),
    ]
    listed = [
        r for r in sdk_sim.request_log if r.path.endswith("/providers/Microsoft.KeyVault/vaults")
    ]
    assert [r.query.get("$skiptoken") for r in listed] == [None, "3", "6"]


def test_ml_sdk_lists_workspaces_and_raw_requests_keep_unknown_properties(
    sdk_sim: Simulator,
) -> None:
    sub = sdk_sim.subscription_ids[0]
    client = MachineLearningServicesMgmtClient(
        StaticToken(sdk_sim.token), sub, **client_kwargs(sdk_sim)
    )
    workspaces = list(client.workspaces.list_by_subscription())
    assert [w.name for w in workspaces] == [f"mlw-00-{i:03d}" for i in range(7)]
    # Raw JSON through the SDK's own pipeline: nothing the SDK model does not know is lost.
    ws = workspaces[0].id
    response = client._send_request(HttpRequest("GET", f"{ws}?api-version=2025-09-01"))
    assert response.status_code == 200
    assert response.json()["kind"] == "Hub"
    assert response.json()["properties"]["publicNetworkAccess"] in ("Enabled", "Disabled")


@pytest.mark.slow
def test_arm_pipeline_retries_a_429_after_retry_after() -> None:
    tenant = generate_tenant(subscriptions=1, workspaces=1)
    options = SimulatorOptions(burst=1, refill_per_second=1.0)
    with Simulator(tenant, options) as sim:
        sub = sim.subscription_ids[0]
        client = KeyVaultManagementClient(StaticToken(sim.token), sub, **client_kwargs(sim))
        started = time.monotonic()
        assert [v.name for v in client.vaults.list_by_subscription()] == ["kv-mlw-00-000"]
        assert [v.name for v in client.vaults.list_by_subscription()] == ["kv-mlw-00-000"]
        assert time.monotonic() - started >= 0.9  # waited for the refill
        assert [r.status for r in sim.request_log] == [200, 429, 200]


def test_sdk_raises_on_a_token_the_simulator_did_not_issue() -> None:
    tenant = generate_tenant(subscriptions=1, workspaces=1)
    with Simulator(tenant) as sim:
        client = KeyVaultManagementClient(
            StaticToken("forged"), sim.subscription_ids[0], **client_kwargs(sim)
        )
        with pytest.raises(ClientAuthenticationError, match="InvalidAuthenticationToken"):
            list(client.vaults.list_by_subscription())
