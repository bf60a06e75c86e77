"""The simulator's Resource Graph endpoint: the scanner's query shape only, `$skipToken` paging,
the user quota headers and 429, faults per subscription; every other write is still refused.

The request and answer shapes follow the service's examples (tests/data/resourcegraph)."""

from __future__ import annotations

import json
from typing import Any

import requests

from auditor.simulator import GraphFault, Simulator, SimulatorOptions, generate_tenant
from auditor.simulator.tenant import Tenant
from auditor.sources.live.graph import query_text, request_body
from tests.conftest import REPO_ROOT

GRAPH = "/providers/Microsoft.ResourceGraph/resources"
EXAMPLES = REPO_ROOT / "tests" / "data" / "resourcegraph"


def _post(sim: Simulator, body: bytes | dict[str, Any], path: str = GRAPH) -> requests.Response:
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    return requests.post(
        sim.url + path,
        params={"api-version": "2024-04-01"},
        data=data,
        headers={"Authorization": f"Bearer {sim.token}", "Content-Type": "application/json"},
        verify=str(sim.ca_file),
        timeout=10,
    )


def _tenant() -> Tenant:
    tenant = generate_tenant(2, 3, seed=3)
    tenant.add_subscription("00000000-0000-4000-8000-00000000dead", "locked", unreadable=True)
    return tenant


def test_the_scanners_query_pages_ids_and_lower_case_types_in_id_order() -> None:
    tenant = _tenant()
    subscriptions = tenant.subscription_ids
    with Simulator(tenant) as sim:
        body = json.loads(request_body(subscriptions))
        body["options"]["$top"] = 7
        first = _post(sim, body)
        assert first.status_code == 200
        page = first.json()
        rows = list(page["data"])
        token = page["$skipToken"]
        while token:
            body["options"]["$skipToken"] = token
            page = _post(sim, body).json()
            rows += page["data"]
            token = page.get("$skipToken")
    assert first.json()["count"] == 7
    assert first.json()["resultTruncated"] == "false"  # a string, as in the service's examples
    assert page["totalRecords"] == len(rows)
    assert [r["id"].lower() for r in rows] == sorted(r["id"].lower() for r in rows)
    assert all(set(r) == {"id", "type"} and r["type"] == r["type"].lower() for r in rows)
    types = {r["type"] for r in rows}
    assert "microsoft.machinelearningservices/workspaces/computes" not in types  # not asked for
    readable = [s for s in subscriptions if not s.endswith("dead")]
    expected = {f"/subscriptions/{s}".lower() for s in readable} | {
        r["id"].lower()
        for r in tenant
        if r["type"].lower() in query_text().lower()
        and not r["id"].lower().startswith("/subscriptions/00000000-0000-4000-8000-00000000dead")
    }
    # The locked subscription is left out, its own row too (the service does not fail for it).
    assert {r["id"].lower() for r in rows} == expected


def test_the_service_examples_request_shape_is_answered_in_the_examples_shape() -> None:
    example = json.loads((EXAMPLES / "ResourcesNextPageQuery.json").read_text(encoding="utf-8"))
    answer = example["responses"]["200"]["body"]
    tenant = _tenant()
    with Simulator(tenant) as sim:
        body = json.loads(request_body(tenant.subscription_ids[:1]))
        response = _post(sim, body).json()
    # The same top-level fields as the service's own answer.
    assert set(answer) == set(response) | {"$skipToken"}
    assert set(example["parameters"]["query"]) <= set(body)


def test_any_other_query_is_a_bad_request() -> None:
    example = json.loads((EXAMPLES / "ResourcesBasicQuery.json").read_text(encoding="utf-8"))
    with Simulator(_tenant()) as sim:
        asked = _post(sim, example["parameters"]["query"])
        assert asked.status_code == 400
        assert asked.json()["error"]["code"] == "BadRequest"
        body = json.loads(request_body(sim.subscription_ids))
        for change in ({"subscriptions": []}, {"options": {"resultFormat": "table"}}):
            assert _post(sim, {**body, **change}).status_code == 400
        assert _post(sim, b"not json").status_code == 400


def test_every_other_post_is_still_refused() -> None:
    with Simulator(_tenant()) as sim:
        sub = sim.subscription_ids[0]
        refused = _post(sim, {}, f"/subscriptions/{sub}/providers/Microsoft.Storage/listKeys")
        assert refused.status_code == 405
        assert refused.json()["error"]["code"] == "MethodNotAllowed"
        assert [r.is_read for r in sim.request_log] == [False]


def test_the_user_quota_is_counted_per_window_with_its_headers() -> None:
    tenant = _tenant()
    with Simulator(tenant, SimulatorOptions(graph_quota=2, graph_window=30)) as sim:
        body = request_body(tenant.subscription_ids)
        answers = [_post(sim, body) for _ in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 429]
    assert [a.headers["x-ms-user-quota-remaining"] for a in answers] == ["1", "0", "0"]
    resets = answers[2].headers["x-ms-user-quota-resets-after"]
    hours, minutes, seconds = (int(p) for p in resets.split(":"))
    assert hours == 0 and minutes == 0 and 25 <= seconds <= 30


def test_faults_are_per_subscription_named_in_the_query() -> None:
    tenant = _tenant()
    a, b = tenant.subscription_ids[:2]
    faults = (
        GraphFault(a, "forbidden"),
        GraphFault(b, "truncated", times=1),
    )
    with Simulator(tenant, SimulatorOptions(graph_faults=faults)) as sim:
        assert _post(sim, request_body([a, b])).status_code == 403
        truncated = _post(sim, request_body([b])).json()
        again = _post(sim, request_body([b])).json()
    assert truncated["resultTruncated"] == "true" and "$skipToken" not in truncated
    assert again["resultTruncated"] == "false" and again["count"] == again["totalRecords"]
