"""The access review's facts through the real Azure SDK pipeline and the ARM simulator: role
assignments, role definitions, deny assignments, PIM eligibility and the Activity Log's key events;
every fault on any of them is a gap on the subscription and never a fact; what is kept of an
event is the reduced shape and nothing more, live and in a snapshot."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from auditor.inventory import arm
from auditor.inventory.inventory import Inventory
from auditor.inventory.resource_types import (
    ACTIVITY_LOG,
    ACTIVITY_LOG_EVENTS,
    DENY_ASSIGNMENTS,
    ROLE_ASSIGNMENTS,
    ROLE_DEFINITIONS,
    ROLE_ELIGIBILITY_INSTANCES,
    WORKSPACES,
)
from auditor.simulator import Fault, Simulator, SimulatorOptions
from auditor.simulator.shapes.authorization import BUILT_IN_ROLES
from auditor.simulator.tenant import new_guid
from auditor.sources.live.arm_pipeline import RetrySettings
from auditor.sources.snapshot import SnapshotSource, write_snapshot
from tests.auditor.access_tenant import NOW, SECRET_LOOKING, AccessTenant, access_tenant
from tests.auditor.sources.live.live_support import live_source

pytestmark = pytest.mark.slow

WINDOW = {"from": "2026-08-22T08:00:00Z", "to": "2026-11-20T08:00:00Z"}
PROVIDERS = [
    "Microsoft.MachineLearningServices",
    "Microsoft.CognitiveServices",
]


def _collect(access: AccessTenant, options: SimulatorOptions | None = None, **kw: object):
    with Simulator(access.tenant, options or SimulatorOptions()) as sim:
        inventory = live_source(sim, clock=lambda: NOW, **kw).collect()
        log = sim.request_log
    return inventory, log


def _ids(inventory: Inventory, rtype: str) -> set[str]:
    return {arm.normalize_id(r.id) for r in inventory.of_type(rtype)}


def _norm(*ids: str) -> set[str]:
    return {arm.normalize_id(i) for i in ids}


def test_every_kind_of_access_fact_is_collected() -> None:
    access = access_tenant()
    inventory, log = _collect(access)
    sub, ids = access.subscription, access.ids
    assert inventory.gaps == ()
    assert _ids(inventory, ROLE_ASSIGNMENTS) == _norm(
        ids["example_assignment"], ids["group_assignment"], ids["endpoint_assignment"]
    )
    built_in = {
        f"/subscriptions/{sub}/providers/Microsoft.Authorization/roleDefinitions/{r.guid}"
        for r in BUILT_IN_ROLES
    }
    assert _ids(inventory, ROLE_DEFINITIONS) == _norm(ids["custom_role"], *built_in)
    assert _ids(inventory, DENY_ASSIGNMENTS) == _norm(ids["deny0"], ids["deny1"])
    assert _ids(inventory, ROLE_ELIGIBILITY_INSTANCES) == _norm(
        ids["eligibility0"], ids["eligibility1"]
    )
    # The Started event of the regeneration, the failed read, the routine write, the read from
    # before the window and the storage key read (Microsoft.Storage is not asked for) are not kept.
    assert _ids(inventory, ACTIVITY_LOG_EVENTS) == _norm(
        ids["regenerated"], ids["read0"], ids["read1"]
    )
    # Kept as ARM returned them, in their pinned versions.
    assignment = inventory.get(ids["group_assignment"])
    assert assignment is not None
    assert dict(assignment.raw) == access.tenant.get(ids["group_assignment"])
    assert assignment.source is not None and assignment.source.api_version == "2022-04-01"
    eligibility = inventory.get(ids["eligibility0"])
    assert eligibility is not None and eligibility.source is not None
    assert eligibility.source.api_version == "2020-10-01"
    # The record that the whole window was read, for each provider.
    record = inventory.get(
        f"/subscriptions/{sub}/providers/Microsoft.Insights/eventtypes/management"
    )
    assert record is not None and record.type == ACTIVITY_LOG
    assert dict(record.raw["properties"]) == {**WINDOW, "resourceProviders": PROVIDERS}
    # Each provider's 90 days before the scan, in three 30-day slices read in parallel.
    queries = [r for r in log if r.path.endswith("/eventtypes/management/values")]
    slices = [
        ("2026-08-22T08:00:00Z", "2026-09-21T08:00:00Z"),
        ("2026-09-21T08:00:00Z", "2026-10-21T08:00:00Z"),
        ("2026-10-21T08:00:00Z", "2026-11-20T08:00:00Z"),
    ]
    assert sorted(r.query["$filter"] for r in queries) == sorted(
        f"eventTimestamp ge '{start}' and eventTimestamp le '{end}' and resourceProvider eq '{p}'"
        for p in PROVIDERS
        for start, end in slices
    )
    assert {r.query["$select"] for r in queries} == {
        "id,eventDataId,operationName,status,eventTimestamp,caller,claims,authorization,"
        "correlationId,resourceId"
    }
    assert all(r.is_read for r in log)  # GETs, and the Resource Graph query: reads only


def test_a_kept_event_holds_the_reduced_shape_and_nothing_more() -> None:
    access = access_tenant()
    inventory, _ = _collect(access)
    regenerated = inventory.get(access.ids["regenerated"])
    assert regenerated is not None
    # From the REST example (GetActivityLogsFiltered), made a regeneration: the caller, its
    # objectidentifier claim, the correlation id; no principal type (no authorization evidence).
    assert dict(regenerated.raw) == {
        "id": access.ids["regenerated"],
        "type": ACTIVITY_LOG_EVENTS,
        "name": new_guid("access/regenerated"),
        "properties": {
            "operationName": (
                "Microsoft.MachineLearningServices/workspaces/onlineEndpoints/regenerateKeys/action"
            ),
            "status": "Succeeded",
            "eventTimestamp": "2026-11-10T08:00:03.0000000Z",
            "caller": "admin@contoso.com",
            "callerObjectId": "2468adf0-8211-44e3-95xq-85137af64708",
            "callerType": None,
            "correlationId": "1e121103-0ba6-4300-ac9d-952bb5d0c80f",
            "resourceId": access.endpoint,
        },
    }
    read = inventory.get(access.ids["read1"])
    assert read is not None
    assert read.raw["properties"]["callerType"] == "ServicePrincipal"
    assert read.raw["properties"]["caller"] == "scoring-app"


def test_claims_http_request_and_secrets_of_an_event_never_reach_the_inventory_or_a_snapshot(
    tmp_path: Path,
) -> None:
    access = access_tenant()
    inventory, _ = _collect(access)
    snapshot = tmp_path / "snapshot.json"
    write_snapshot(inventory, snapshot, NOW.isoformat())
    text = snapshot.read_text(encoding="utf-8")
    held = json.dumps([dict(r.raw) for r in inventory])
    for leaked in (SECRET_LOOKING, "AccountKey=", "clientIpAddress", "192.168.35.115", "claims"):
        assert leaked not in held
        assert leaked not in text
    # A snapshot whose event carries more (written by hand or another tool) is reduced as read.
    document = json.loads(text)
    for resource in document["resources"]:
        if resource.get("type") == ACTIVITY_LOG_EVENTS:
            resource["httpRequest"] = {"clientIpAddress": "192.168.35.115"}
            resource["properties"]["claims"] = {"secret": SECRET_LOOKING}
    snapshot.write_text(json.dumps(document), encoding="utf-8")
    reread = SnapshotSource(snapshot).collect()
    again = json.dumps([dict(r.raw) for r in reread])
    assert SECRET_LOOKING not in again and "192.168.35.115" not in again


def test_storage_key_creation_times_and_key_policy_survive_sanitize_and_snapshots(
    tmp_path: Path,
) -> None:
    access = access_tenant()
    inventory, _ = _collect(access)
    snapshot = tmp_path / "snapshot.json"
    write_snapshot(inventory, snapshot, NOW.isoformat())
    for read in (inventory, SnapshotSource(snapshot).collect()):
        storage = read.get(access.storage)
        assert storage is not None
        assert storage.get("properties.keyCreationTime") == {
            "key1": "2026-10-01T10:00:00.1234567Z",
            "key2": None,
        }
        assert storage.get("properties.keyPolicy") == {"keyExpirationPeriodInDays": 60}


def test_a_snapshot_round_trip_keeps_every_access_fact_and_gap(tmp_path: Path) -> None:
    access = access_tenant()
    access.tenant.deny(f"/subscriptions/{access.subscription}", ROLE_ELIGIBILITY_INSTANCES)
    inventory, _ = _collect(access)
    snapshot = tmp_path / "snapshot.json"
    write_snapshot(inventory, snapshot, NOW.isoformat())
    reread = SnapshotSource(snapshot).collect()
    assert {(r.id, r.type, json.dumps(r.raw, sort_keys=True)) for r in reread} == {
        (r.id, r.type, json.dumps(r.raw, sort_keys=True)) for r in inventory
    }
    assert reread.gaps == inventory.gaps
    assert [(g.resource_type, g.status) for g in reread.gaps] == [(ROLE_ELIGIBILITY_INSTANCES, 403)]
    assert reread.listed == inventory.listed


# ---- faults: each list, each way of failing, is a gap on the subscription and never a fact -----

_LISTS = {
    ROLE_ASSIGNMENTS: "/microsoft.authorization/roleassignments?",
    ROLE_DEFINITIONS: "/microsoft.authorization/roledefinitions?",
    DENY_ASSIGNMENTS: "/microsoft.authorization/denyassignments?",
    ROLE_ELIGIBILITY_INSTANCES: "/microsoft.authorization/roleeligibilityscheduleinstances?",
    ACTIVITY_LOG_EVENTS: "/eventtypes/management/values?",
}
# The second page of each list (the simulator's nextLink, the collector's api-version last).
_SECOND_PAGE = {
    ROLE_ASSIGNMENTS: "roleassignments?$skiptoken=1&",
    ROLE_DEFINITIONS: "roledefinitions?$skiptoken=1&",
    DENY_ASSIGNMENTS: "denyassignments?$skiptoken=1&",
    ROLE_ELIGIBILITY_INSTANCES: "roleeligibilityscheduleinstances?$skiptoken=1&",
    ACTIVITY_LOG_EVENTS: "$skiptoken=1&api-version=2015-04-01",
}
_FAULTS = {
    "403": None,
    "429 that never recovers": (429, "TooManyRequests"),
    "malformed body": (None, "MalformedResponse"),
    "truncated paging": (404, "InjectedFault"),
}


def _lost(rtype: str) -> tuple[str, ...]:
    """What a failure of `rtype`'s list must leave out: all of it (the Activity Log also has no
    record)."""
    return (rtype, ACTIVITY_LOG) if rtype == ACTIVITY_LOG_EVENTS else (rtype,)


@pytest.mark.parametrize("rtype", list(_LISTS))
@pytest.mark.parametrize("fault", list(_FAULTS))
def test_a_failed_access_list_is_a_gap_on_the_subscription_never_a_fact(
    rtype: str, fault: str
) -> None:
    access = access_tenant()
    scope = f"/subscriptions/{access.subscription}"
    options = SimulatorOptions(page_size=1, activity_log_page_size=1)
    retry = RetrySettings(total=2, status=1, backoff_factor=0.01, backoff_max=0.05)
    if fault == "403":
        access.tenant.deny(scope, rtype)
        expected = (403, "AuthorizationFailed")
    elif fault == "429 that never recovers":
        options = SimulatorOptions(
            page_size=1,
            activity_log_page_size=1,
            faults=[Fault(_LISTS[rtype], status=429, times=None, retry_after=0)],
        )
        expected = (429, "TooManyRequests")
    elif fault == "malformed body":
        options = SimulatorOptions(
            page_size=1, activity_log_page_size=1, faults=[Fault(_LISTS[rtype], malformed=True)]
        )
        expected = (None, "MalformedResponse")
    else:
        options = SimulatorOptions(
            page_size=1,
            activity_log_page_size=1,
            faults=[Fault(_SECOND_PAGE[rtype], status=404, times=None)],
        )
        expected = (404, "InjectedFault")
    inventory, _ = _collect(access, options, retry=retry)
    gaps = [(g.scope, g.resource_type, g.status, g.code) for g in inventory.gaps]
    assert gaps == [(scope, rtype, *expected)]
    if rtype == ACTIVITY_LOG_EVENTS and fault == "403":  # every query failed: the first is named
        message = inventory.gaps[0].message
        assert message.startswith("the Activity Log of Microsoft.MachineLearningServices: ")
    assert (arm.normalize_id(scope), arm.normalize_type(rtype)) not in inventory.listed
    if rtype == ACTIVITY_LOG_EVENTS or fault != "truncated paging":
        for lost in _lost(rtype):
            assert inventory.of_type(lost) == []
    # Everything else was read.
    assert [r.id for r in inventory.of_type(WORKSPACES)] == [access.workspace]
    for other in set(_LISTS) - {rtype}:
        assert inventory.of_type(other), other
    if rtype != ACTIVITY_LOG_EVENTS:
        assert inventory.of_type(ACTIVITY_LOG)


def test_with_the_access_review_off_none_of_its_requests_are_sent() -> None:
    access = access_tenant()
    inventory, log = _collect(access, access_review=False)
    paths = {r.path.lower() for r in log}
    assert not [p for p in paths if "microsoft.authorization" in p or "eventtypes" in p]
    for rtype in (*_LISTS, ACTIVITY_LOG):
        assert inventory.of_type(rtype) == []
    assert inventory.gaps == ()
    assert [r.id for r in inventory.of_type(WORKSPACES)] == [access.workspace]
