"""The simulator's lifecycle and composition: options checked, the request log, latency."""

from __future__ import annotations

import time

import pytest

from auditor.simulator import Simulator, SimulatorError, SimulatorOptions, Tenant
from tests.auditor.simulator.conftest import API, SUB, Client, small_tenant

WS = f"/subscriptions/{SUB}/resourceGroups/rg-ml/providers/Microsoft.MachineLearningServices"


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


def test_latency_is_added_to_every_answer() -> None:
    with Simulator(small_tenant(), SimulatorOptions(latency=0.2)) as sim:
        client = Client(sim)
        client.get(f"/subscriptions/{SUB}")  # the TLS handshake is not timed
        started = time.monotonic()
        assert client.get(f"/subscriptions/{SUB}").status_code == 200
        assert client.get("/nope").status_code == 404
        assert time.monotonic() - started >= 0.4


def test_options_are_checked() -> None:
    with pytest.raises(SimulatorError, match="page_size"):
        Simulator(Tenant(), SimulatorOptions(page_size=0))
    with pytest.raises(SimulatorError, match="random_5xx_rate"):
        Simulator(Tenant(), SimulatorOptions(random_5xx_rate=2))
