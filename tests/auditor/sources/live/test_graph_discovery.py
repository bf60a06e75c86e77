"""Resource Graph discovery against the simulator: the same inventory and results as an ARM-only
scan with fewer requests, a fall-back to ARM for whatever the graph does not answer completely,
its quota honoured, and nothing but reads sent."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import urlsplit

import pytest

from auditor.evaluate import engine
from auditor.evaluate.registry import load_rules
from auditor.inventory import arm
from auditor.inventory.inventory import Inventory
from auditor.simulator import (
    GraphFault,
    RequestRecord,
    Simulator,
    SimulatorOptions,
    generate_tenant,
)
from auditor.simulator.tenant import Tenant
from auditor.sources.live.graph import GraphQuota
from tests.auditor.sources.live.live_support import expected_ids, ids, live_source

NOW = datetime(2026, 6, 1, tzinfo=UTC)
GRAPH = "/providers/microsoft.resourcegraph/resources"


def _tenant() -> Tenant:
    # Three subscriptions of 4 workspaces; one with batch endpoints and registries, so the graph
    # shows some listings empty and some not.
    tenant = generate_tenant(3, 4, seed=7)
    extra = generate_tenant(1, 2, batch_endpoints=1, registries=1, seed=8)
    for subscription in extra.subscriptions:
        tenant.add_subscription(subscription.subscription_id, subscription.display_name)
    for resource in extra:
        tenant.add(resource)
    return tenant


def _scan(
    tenant: Tenant, discovery: str, **options: object
) -> tuple[Inventory, list[RequestRecord]]:
    with Simulator(tenant, SimulatorOptions(**options)) as sim:  # type: ignore[arg-type]
        inventory = live_source(sim, discovery=discovery).collect()
        return inventory, sim.request_log


def _results(inventory: Inventory) -> set[tuple[str, str, str]]:
    rules = load_rules(entry_points=False).rules
    scan = engine.evaluate(inventory, rules, now=NOW)
    return {(r.rule_id, r.resource_id.lower(), r.status.value) for r in scan.results}


def _same_inventory(a: Inventory, b: Inventory) -> None:
    assert ids(a) == ids(b)
    assert a.listed == b.listed
    assert a.missing == b.missing
    assert set(a.gaps) == set(b.gaps) and len(a.gaps) == len(b.gaps)
    for resource in a:  # every resource an ARM answer at its pinned version, in both
        other = b.get(resource.id)
        assert other is not None and other.source is not None and resource.source is not None
        assert resource.source.kind == other.source.kind == "arm"
        assert resource.source.api_version == other.source.api_version
        assert urlsplit(resource.source.uri).path == urlsplit(other.source.uri).path


def _gets(log: list[RequestRecord], collection: str) -> list[str]:
    return [r.path for r in log if r.method == "GET" and r.path.lower().endswith(collection)]


@pytest.fixture(scope="module")
def arm_only() -> tuple[Tenant, Inventory, list[RequestRecord]]:
    tenant = _tenant()
    inventory, log = _scan(tenant, "arm")
    return tenant, inventory, log


def test_graph_discovery_gives_the_arm_only_results_with_fewer_requests(
    arm_only: tuple[Tenant, Inventory, list[RequestRecord]],
) -> None:
    tenant, reference, arm_log = arm_only
    inventory, log = _scan(tenant, "auto")
    assert ids(inventory) == expected_ids(tenant)
    _same_inventory(inventory, reference)
    assert _results(inventory) == _results(reference)
    assert not [r for r in arm_log if r.method != "GET"]
    # One graph query; the batch endpoint and registry listings the graph showed empty were not
    # sent; those it showed full were.
    assert [r.path.lower() for r in log if r.method == "POST"] == [GRAPH]
    with_batch = {w.lower() for w in _workspaces_with(tenant, "batchEndpoints")}
    assert {p.lower().rsplit("/", 1)[0] for p in _gets(log, "/batchendpoints")} == with_batch
    assert len(_gets(arm_log, "/batchendpoints")) == len(_workspaces(tenant))
    assert len(_gets(log, "/computes")) == len(_gets(arm_log, "/computes"))  # not in the graph
    assert len(log) < len(arm_log)


def _workspaces(tenant: Tenant) -> list[str]:
    return [
        r["id"]
        for r in tenant
        if r["type"].lower() == "microsoft.machinelearningservices/workspaces"
    ]


def _workspaces_with(tenant: Tenant, child: str) -> set[str]:
    suffix = f"/{child.lower()}"
    return {r["id"].rsplit("/", 2)[0] for r in tenant if r["type"].lower().endswith(suffix)}


@pytest.mark.parametrize("kind", ["forbidden", "throttled", "malformed", "truncated"])
def test_a_graph_query_that_fails_for_one_subscription_falls_back_to_arm(
    kind: str, arm_only: tuple[Tenant, Inventory, list[RequestRecord]]
) -> None:
    tenant, reference, arm_log = arm_only
    faulty = tenant.subscription_ids[1]
    inventory, log = _scan(tenant, "graph", graph_faults=(GraphFault(faulty, kind),))
    # Nothing lost, nothing judged on what the graph could not say: the ARM-only inventory and
    # results, gaps included (none here).
    _same_inventory(inventory, reference)
    assert _results(inventory) == _results(reference)
    assert inventory.gaps == ()
    # The query named every subscription, so all of them were listed through ARM.
    assert len(_gets(log, "/batchendpoints")) == len(_gets(arm_log, "/batchendpoints"))
    posts = [r for r in log if r.method == "POST"]
    assert posts and all(r.path.lower() == GRAPH for r in posts)
    if kind == "throttled":
        assert {r.status for r in posts} == {429}  # retried, bounded, then given up
        assert len(posts) == 6  # the first try and five retries
    else:
        assert len(posts) == 1


def test_a_subscription_the_graph_leaves_out_is_listed_through_arm_and_keeps_its_gaps() -> None:
    tenant = _tenant()
    locked = "00000000-0000-4000-8000-00000000c0de"
    tenant.add_subscription(locked, "locked", unreadable=True)
    reference, _ = _scan(tenant, "arm")
    inventory, log = _scan(tenant, "auto")
    _same_inventory(inventory, reference)
    assert {g.scope.lower() for g in inventory.gaps} == {f"/subscriptions/{locked}"}
    assert _results(inventory) == _results(reference)
    # The locked subscription's collections were asked of ARM (and answered 403) ...
    locked_gets = [r for r in log if r.subscription == locked and r.method == "GET"]
    assert {r.status for r in locked_gets if r.path.count("/") > 2} == {403}
    # ... while the readable ones skipped the listings the graph showed empty.
    assert len(_gets(log, "/batchendpoints")) == len(_workspaces_with(tenant, "batchEndpoints"))


def test_the_graph_quota_is_waited_out_before_the_next_query() -> None:
    tenant = generate_tenant(1, 2)
    faulty = tenant.subscription_ids[0]
    # Two answers say the quota is spent (resets after 1 s); the third query succeeds.
    inventory, log = _scan(tenant, "graph", graph_faults=(GraphFault(faulty, "throttled", 2),))
    posts = [r for r in log if r.method == "POST"]
    assert [r.status for r in posts] == [429, 429, 200]
    assert posts[1].at - posts[0].at >= 0.9  # held back until the reset, not retried at once
    assert posts[2].at - posts[1].at >= 0.9
    assert ids(inventory) == expected_ids(tenant)
    assert _gets(log, "/batchendpoints") == []  # the graph's answer was used


def test_the_quota_pacer_holds_requests_until_the_reset_once_spent() -> None:
    quota = GraphQuota()
    assert quota.delay() == 0.0  # unknown: go
    quota.observe(
        200, {"x-ms-user-quota-remaining": "1", "x-ms-user-quota-resets-after": "00:00:03"}, None
    )
    assert quota.delay() == 0.0  # the last one left
    assert quota.delay() == pytest.approx(3.0, abs=0.1)
    quota.observe(
        200, {"x-ms-user-quota-remaining": "0", "x-ms-user-quota-resets-after": "00:01:00"}, None
    )
    assert quota.delay() == pytest.approx(60.0, abs=0.1)


def test_arm_discovery_sends_no_graph_query(
    arm_only: tuple[Tenant, Inventory, list[RequestRecord]],
) -> None:
    _, _, log = arm_only
    assert {r.method for r in log} == {"GET"}


def test_no_write_is_sent_and_the_only_post_is_the_graph_query(
    arm_only: tuple[Tenant, Inventory, list[RequestRecord]],
) -> None:
    tenant, _, _ = arm_only
    _, log = _scan(tenant, "auto", page_size=3)
    assert log and all(r.is_read for r in log)
    assert {(r.method, r.path.lower()) for r in log if r.method != "GET"} == {("POST", GRAPH)}
    assert not [r for r in log if r.status == 405]  # the simulator refused nothing


def test_the_pipeline_refuses_anything_but_a_read() -> None:
    import asyncio

    from azure.core.rest import HttpRequest

    from auditor.sources.live.arm_pipeline import ArmClient, ReadOnlyViolation
    from auditor.sources.live.auth import StaticTokenCredential
    from auditor.sources.live.stats import ScanStats

    tenant = generate_tenant(1, 1)
    with Simulator(tenant) as sim:

        async def send(method: str, path: str) -> int:
            client = ArmClient(
                StaticTokenCredential(sim.token, 2_000_000_000),
                sim.url,
                ("https://management.azure.com/.default",),
                pool_size=1,
                stats=ScanStats(),
                ca_file=str(sim.ca_file),
            )
            try:
                url = f"{sim.url}{path}?api-version=2024-04-01"
                request = HttpRequest(method, url, json={} if method != "GET" else None)
                response = await client._client.send_request(request)  # the raw pipeline
                return response.status_code
            finally:
                await client.close()

        assert asyncio.run(send("GET", "/subscriptions")) == 200
        sub = tenant.subscription_ids[0]
        for method, path in (
            ("POST", f"/subscriptions/{sub}/providers/Microsoft.Storage/listKeys"),
            ("PUT", f"/subscriptions/{sub}/resourceGroups/g"),
            ("DELETE", "/providers/Microsoft.ResourceGraph/resources"),
            ("PATCH", f"/subscriptions/{sub}"),
        ):
            with pytest.raises(ReadOnlyViolation):
                asyncio.run(send(method, path))
        log = sim.request_log
    # Refused in the process: the simulator saw the GET alone.
    assert [(r.method, r.path) for r in log] == [("GET", "/subscriptions")]


def test_graph_rows_are_only_used_for_listings_they_cover() -> None:
    """Types the graph does not hold (computes, connections, keys, diagnostic settings) are
    always listed through ARM, whatever the graph says."""
    from auditor.sources.live.graph import Discovery

    discovery = Discovery()
    ws = (
        "/subscriptions/S/resourceGroups/g/providers/Microsoft.MachineLearningServices/workspaces/w"
    )
    discovery.add_rows([("/subscriptions/S", "microsoft.resources/subscriptions")], ["s"])
    assert discovery.says_none(ws, "Microsoft.MachineLearningServices/workspaces/batchEndpoints")
    for child in ("computes", "connections", "datastores", "services"):
        assert not discovery.says_none(ws, f"Microsoft.MachineLearningServices/workspaces/{child}")
    assert not discovery.says_none(ws, "Microsoft.Insights/diagnosticSettings")
    assert not discovery.says_none("/subscriptions/S/x/v", "Microsoft.KeyVault/vaults/keys")
    # A subscription the graph did not answer: nothing is skipped there.
    assert not discovery.says_none(
        ws.replace("/S/", "/T/"), "Microsoft.MachineLearningServices/workspaces/batchEndpoints"
    )
    assert arm.normalize_id(ws)  # the parent ids are compared normalized


def test_a_spent_quota_holds_the_next_query_back_without_a_429() -> None:
    # 26 subscriptions: two graph queries (25 a batch). The quota allows one per 2 seconds: the
    # first answer says none is left and when it resets, and the second waits for the reset.
    tenant = generate_tenant(26, 1)
    inventory, log = _scan(tenant, "auto", graph_quota=1, graph_window=2.0)
    posts = [r for r in log if r.method == "POST"]
    assert [r.status for r in posts] == [200, 200]
    assert posts[1].at - posts[0].at >= 1.5
    assert ids(inventory) == expected_ids(tenant)
    assert _gets(log, "/batchendpoints") == []
