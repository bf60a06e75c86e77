"""The inventory: lookups tell found, known-missing, unreadable and never-collected apart."""

from __future__ import annotations

from auditor.inventory.inventory import Inventory, LookupState
from auditor.inventory.resources import Gap, Resource

SUB1 = "/subscriptions/00000000-0000-0000-0000-000000000001"
SUB2 = "/subscriptions/00000000-0000-0000-0000-000000000002"
WS_TYPE = "Microsoft.MachineLearningServices/workspaces"
EP_TYPE = f"{WS_TYPE}/onlineEndpoints"
DIAG_TYPE = "Microsoft.Insights/diagnosticSettings"
WS = f"{SUB1}/resourceGroups/rg/providers/{WS_TYPE}/ws1"
WS_LOCKED = f"{SUB1}/resourceGroups/rg/providers/{WS_TYPE}/ws-locked"
VAULT = f"{SUB1}/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv1"
GONE = f"{SUB1}/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-deleted"


def res(resource_id: str, resource_type: str) -> Resource:
    name = resource_id.rsplit("/", 1)[-1]
    return Resource(resource_id, resource_type, name, {"id": resource_id, "name": name})


def inventory() -> Inventory:
    return Inventory(
        [
            res(WS, WS_TYPE),
            res(WS_LOCKED, WS_TYPE),
            res(f"{WS}/onlineEndpoints/e1", EP_TYPE),
            res(VAULT, "Microsoft.KeyVault/vaults"),
            res(f"{VAULT}/providers/{DIAG_TYPE}/d1", DIAG_TYPE),
        ],
        gaps=[
            Gap(SUB2, None, 403, "AuthorizationFailed", "no access"),
            Gap(WS_LOCKED, EP_TYPE, 403, "AuthorizationFailed", "endpoints hidden"),
        ],
        missing=[GONE.upper()],
        listed=[(WS.upper(), EP_TYPE.lower()), (WS_LOCKED, DIAG_TYPE)],
        sources=["snapshot:x.json"],
    )


def test_resolve_found_is_case_insensitive() -> None:
    lookup = inventory().resolve(WS.upper())
    assert lookup.state is LookupState.FOUND
    assert lookup.resource is not None and lookup.resource.id == WS


def test_resolve_not_found_when_arm_said_404() -> None:
    lookup = inventory().resolve(GONE)
    assert (lookup.state, lookup.reason) == (
        LookupState.NOT_FOUND,
        "it does not exist (ARM returned 404)",
    )


def test_resolve_unreadable_under_a_gap() -> None:
    lookup = inventory().resolve(f"{SUB2}/resourceGroups/rg/providers/{WS_TYPE}/hub")
    assert lookup.state is LookupState.UNREADABLE
    assert lookup.gap is not None and lookup.gap.scope == SUB2
    assert (
        lookup.reason == f"resources under {SUB2} could not be read: HTTP 403 "
        "AuthorizationFailed: no access"
    )


def test_resolve_unknown_when_never_collected() -> None:
    inv = inventory()
    assert inv.resolve(f"{SUB1}/resourceGroups/other/providers/{WS_TYPE}/hub").state is (
        LookupState.UNKNOWN
    )
    assert inv.resolve(None).state is LookupState.UNKNOWN
    assert inv.resolve("").state is LookupState.UNKNOWN


def test_a_typed_gap_covers_only_that_type() -> None:
    inv = inventory()
    assert inv.gap_for(f"{WS_LOCKED}/onlineEndpoints/e9") is not None
    assert inv.gap_for(f"{WS_LOCKED}/batchEndpoints/b9") is None
    assert inv.gap_for(f"{WS}/onlineEndpoints/e9") is None
    # a gap on a parent type covers its child types too
    parent_gap = Inventory(gaps=[Gap(SUB1, WS_TYPE, 403, "Denied", "")])
    assert parent_gap.gap_for(f"{WS}/onlineEndpoints/e1") is not None
    assert parent_gap.gap_for(VAULT) is None


def test_listing_states() -> None:
    inv = inventory()
    listed = inv.listing(WS, EP_TYPE)
    assert listed.state is LookupState.FOUND
    assert [r.name for r in listed.items] == ["e1"]
    # listed and empty: known to have no children of that type
    empty = inv.listing(WS_LOCKED, DIAG_TYPE)
    assert (empty.state, empty.items) == (LookupState.FOUND, ())
    # the collection could not be read
    unreadable = inv.listing(WS_LOCKED, EP_TYPE)
    assert unreadable.state is LookupState.UNREADABLE
    assert unreadable.gap is not None and unreadable.gap.message == "endpoints hidden"
    # never listed
    assert inv.listing(WS, DIAG_TYPE).state is LookupState.UNKNOWN
    # a child present means the collection was read, even without a record of listing it
    assert inv.listing(VAULT, DIAG_TYPE).state is LookupState.FOUND
    # everything under an unreadable subscription
    assert inv.listing(f"{SUB2}/resourceGroups/r/providers/{WS_TYPE}/w", EP_TYPE).state is (
        LookupState.UNREADABLE
    )


def test_indexes_by_type_and_parent_including_extension_resources() -> None:
    inv = inventory()
    assert [r.name for r in inv.of_type(WS_TYPE.upper())] == ["ws1", "ws-locked"]
    assert [r.name for r in inv.children(WS.lower())] == ["e1"]
    assert [r.name for r in inv.children(VAULT, DIAG_TYPE)] == ["d1"]
    assert inv.children(VAULT, EP_TYPE) == []
    assert len(inv) == 5


def test_a_resource_seen_twice_keeps_the_later_copy_once() -> None:
    inv = inventory()
    newer = Resource(WS.upper(), WS_TYPE, "ws1", {"properties": {"v": 2}})
    inv.add(newer)
    assert len(inv) == 5
    assert inv.get(WS) is newer
    assert [r.raw for r in inv.of_type(WS_TYPE) if r.name == "ws1"] == [{"properties": {"v": 2}}]
    assert [r.name for r in inv.children(f"{SUB1}/resourceGroups/rg")].count("ws1") == 1


def test_missing_and_listed_are_normalized() -> None:
    inv = inventory()
    assert inv.missing == frozenset({GONE.lower()})
    assert (WS.lower(), EP_TYPE.lower()) in inv.listed
