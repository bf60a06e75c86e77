"""A small tenant and a running simulator, shared by the module's read-only tests.

Clients pass `verify=` per request: `requests` lets a REQUESTS_CA_BUNDLE in the environment override
a Session's `verify`, but never a per-request one.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import requests

from auditor.simulator import Simulator, SimulatorOptions, Tenant, shapes

SUB = "11111111-1111-4111-8111-111111111111"
LOCKED = "22222222-2222-4222-8222-222222222222"
API = "2025-09-01"


def small_tenant() -> Tenant:
    """One readable subscription with 5 workspaces (one with 3 endpoints), and a locked one."""
    tenant = Tenant()
    tenant.add_subscription(SUB, "readable")
    tenant.add_subscription(LOCKED, "locked", unreadable=True)
    for i in range(5):
        tenant.add(shapes.workspace(SUB, "rg-ml", f"ws-{i}"))
    ws0 = shapes.resource_id(SUB, "rg-ml", shapes.WORKSPACES, "ws-0")
    for e in range(3):
        tenant.add(shapes.online_endpoint(ws0, f"ep-{e}"))
    tenant.add(shapes.connection(ws0, "conn-0"))
    ws1 = shapes.resource_id(SUB, "rg-ml", shapes.WORKSPACES, "ws-1")
    tenant.add(shapes.connection(ws1, "conn-1"))
    tenant.deny(ws1, shapes.CONNECTIONS)
    vault = tenant.add(shapes.vault(SUB, "rg-ml", "kv-ml"))
    tenant.add(shapes.key(vault["id"], "cmk", rotation_policy=shapes.rotation_policy()))
    tenant.add(shapes.secret(vault["id"], "db-password", properties={"value": "hunter2-secret"}))
    tenant.add_diagnostic_setting(
        ws0, "to-law", shapes.diagnostic_settings_properties("/subscriptions/x/law")
    )
    tenant.add(shapes.workspace(LOCKED, "rg-locked", "ws-locked"))
    return tenant


class Client:
    """GETs against a simulator with its token and CA: `client.get(path, **query)`."""

    def __init__(self, sim: Simulator) -> None:
        self.sim = sim
        self.session = requests.Session()

    def get(
        self,
        path_or_url: str,
        token: str | None = "default",
        api_version: str | None = API,
        **query: str,
    ) -> requests.Response:
        url = path_or_url if path_or_url.startswith("https://") else self.sim.url + path_or_url
        params: dict[str, Any] = dict(query)
        if api_version is not None and "api-version=" not in url:
            params["api-version"] = api_version
        headers = {}
        if token is not None:
            headers["Authorization"] = f"Bearer {self.sim.token if token == 'default' else token}"
        return self.session.get(
            url, params=params, headers=headers, verify=str(self.sim.ca_file), timeout=10
        )

    def request(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        return self.session.request(
            method,
            self.sim.url + path,
            params={"api-version": API},
            headers={"Authorization": f"Bearer {self.sim.token}"},
            verify=str(self.sim.ca_file),
            timeout=10,
            **kwargs,
        )


@pytest.fixture(scope="module")
def sim() -> Iterator[Simulator]:
    with Simulator(small_tenant(), SimulatorOptions(page_size=2, throttle=False)) as running:
        yield running


@pytest.fixture(scope="module")
def client(sim: Simulator) -> Iterator[Client]:
    c = Client(sim)
    yield c
    c.session.close()
