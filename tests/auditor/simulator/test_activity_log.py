"""The simulated Activity Log answers as ActivityLogs_List does: a required, narrow `$filter`
(400 otherwise), `$select`, newest first, absolute nextLinks that keep the query; and role
assignments listed at a subscription include every scope within it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from auditor.simulator import Simulator, SimulatorOptions
from tests.auditor.access_tenant import AccessTenant, access_tenant
from tests.auditor.simulator.conftest import Client

API = "2015-04-01"
START, END = "2026-08-22T08:00:00Z", "2026-11-20T08:00:00Z"
RANGE = f"eventTimestamp ge '{START}' and eventTimestamp le '{END}'"
ML = "Microsoft.MachineLearningServices"


@pytest.fixture(scope="module")
def access() -> AccessTenant:
    return access_tenant()


@pytest.fixture(scope="module")
def client(access: AccessTenant) -> Iterator[Client]:
    with Simulator(
        access.tenant, SimulatorOptions(page_size=2, activity_log_page_size=2, throttle=False)
    ) as sim:
        c = Client(sim)
        yield c
        c.session.close()


def _path(access: AccessTenant) -> str:
    log = "providers/Microsoft.Insights/eventtypes/management/values"
    return f"/subscriptions/{access.subscription}/{log}"


def _operations(body: dict) -> list[str]:
    return [e["operationName"]["value"].rsplit("/", 2)[-2] for e in body["value"]]


@pytest.mark.parametrize(
    "condition",
    [
        None,
        f"eventTimestamp le '{END}'",
        f"{RANGE} and resourceProvider eq '{ML}' and resourceGroupName eq 'rg-ml'",
        f"{RANGE} and operationName eq 'x'",
        f"{RANGE} or resourceProvider eq '{ML}'",
        "eventTimestamp ge 'yesterday'",
    ],
)
def test_a_filter_arm_refuses_is_a_400(
    client: Client, access: AccessTenant, condition: str | None
) -> None:
    query = {} if condition is None else {"$filter": condition}
    response = client.get(_path(access), api_version=API, **query)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "BadRequest"


def test_events_of_one_provider_in_the_range_newest_first_paged_with_the_query_kept(
    client: Client, access: AccessTenant
) -> None:
    condition = f"{RANGE} and resourceProvider eq '{ML}'"
    first = client.get(_path(access), api_version=API, **{"$filter": condition})
    assert first.status_code == 200
    body = first.json()
    pages = [body]
    while "nextLink" in body:
        assert body["nextLink"].startswith(client.sim.url + _path(access) + "?")
        body = client.get(body["nextLink"], api_version=None).json()
        pages.append(body)
    events = [e for page in pages for e in page["value"]]
    # Every ML event inside the range, newest first; the 91-day-old read and storage's are not.
    assert [e["eventTimestamp"][:10] for e in events] == [
        "2026-11-20",
        "2026-11-19",
        "2026-11-18",
        "2026-11-16",
        "2026-11-10",
        "2026-11-10",
    ]
    assert {e["resourceProviderName"]["value"] for e in events} == {ML}
    assert len(pages) == 3


def test_select_returns_only_the_named_properties(client: Client, access: AccessTenant) -> None:
    response = client.get(
        _path(access),
        api_version=API,
        **{
            "$filter": f"{RANGE} and resourceProvider eq 'Microsoft.Storage'",
            "$select": "id,status",
        },
    )
    assert response.json()["value"] == [
        {"id": access.ids["read2"], "status": {"value": "Succeeded", "localizedValue": "Succeeded"}}
    ]


def test_one_correlation_id(client: Client, access: AccessTenant) -> None:
    condition = f"{RANGE} and correlationId eq '1e121103-0ba6-4300-ac9d-952bb5d0c80f'"
    body = client.get(_path(access), api_version=API, **{"$filter": condition}).json()
    assert [e["status"]["value"] for e in body["value"]] == ["Succeeded", "Started"]


def test_role_assignments_listed_at_a_subscription_include_group_and_resource_scopes(
    client: Client, access: AccessTenant
) -> None:
    path = f"/subscriptions/{access.subscription}/providers/Microsoft.Authorization/roleAssignments"
    names, url = [], path
    while url:
        body = client.get(url, api_version="2022-04-01" if url == path else None).json()
        names += [item["id"] for item in body["value"]]
        url = body.get("nextLink")
    assert sorted(names) == sorted(
        access.ids[k] for k in ("example_assignment", "group_assignment", "endpoint_assignment")
    )
