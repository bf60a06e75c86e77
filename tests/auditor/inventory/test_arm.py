"""ARM ids and JSON paths, compared as ARM compares them."""

from __future__ import annotations

import pytest

from auditor.inventory import arm
from auditor.inventory.arm import MISSING
from auditor.inventory.resources import Resource

SUB = "/subscriptions/00000000-0000-0000-0000-000000000001"
RG = f"{SUB}/resourceGroups/rg-ml"
WS = f"{RG}/providers/Microsoft.MachineLearningServices/workspaces/ws1"
ENDPOINT = f"{WS}/onlineEndpoints/score"
DEPLOYMENT = f"{ENDPOINT}/deployments/blue"
VAULT = f"{RG}/providers/Microsoft.KeyVault/vaults/kv1"
DIAG = f"{VAULT}/providers/Microsoft.Insights/diagnosticSettings/to-law"


@pytest.mark.parametrize(
    ("resource_id", "parent"),
    [
        (ENDPOINT, WS),
        (DEPLOYMENT, ENDPOINT),
        (WS, RG),
        (DIAG, VAULT),  # an extension resource's parent is the resource it extends
        (f"{SUB}/providers/Microsoft.Insights/diagnosticSettings/sub-diag", SUB),
        (RG, SUB),
        (SUB, None),
    ],
)
def test_parent_id(resource_id: str, parent: str | None) -> None:
    assert arm.parent_id(resource_id) == parent


@pytest.mark.parametrize(
    ("resource_id", "resource_type"),
    [
        (WS, "Microsoft.MachineLearningServices/workspaces"),
        (ENDPOINT, "Microsoft.MachineLearningServices/workspaces/onlineEndpoints"),
        (DEPLOYMENT, "Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments"),
        (DIAG, "Microsoft.Insights/diagnosticSettings"),
        (SUB, "Microsoft.Resources/subscriptions"),
        (RG, "Microsoft.Resources/resourceGroups"),
        (f"{RG}/providers/Microsoft.KeyVault", None),
        ("/tenants/x", None),
    ],
)
def test_type_of(resource_id: str, resource_type: str | None) -> None:
    assert arm.type_of(resource_id) == resource_type


def test_name_subscription_and_group() -> None:
    assert arm.name_of(ENDPOINT) == "score"
    assert arm.subscription_of(ENDPOINT) == "00000000-0000-0000-0000-000000000001"
    assert arm.resource_group_of(ENDPOINT) == "rg-ml"
    assert arm.subscription_of("/providers/Microsoft.Management/managementGroups/mg") is None


def test_normalize_and_same_id_ignore_case_and_slashes() -> None:
    assert arm.normalize_id(f" {WS.upper()}/ ") == WS.lower()
    assert arm.same_id(WS, WS.upper())
    assert not arm.same_id(WS, None)
    assert not arm.same_id(WS, f"{WS}2")


@pytest.mark.parametrize(
    ("resource_id", "scope", "within"),
    [
        (ENDPOINT, WS, True),
        (ENDPOINT, WS.upper(), True),
        (WS, WS, True),
        (WS, SUB + "/", True),
        (f"{WS}2", WS, False),  # a sibling whose name starts the same is not inside
        (WS, ENDPOINT, False),
        ("/subscriptions/00000000-0000-0000-0000-000000000002/x", SUB, False),
    ],
)
def test_is_within(resource_id: str, scope: str, within: bool) -> None:
    assert arm.is_within(resource_id, scope) is within


def test_type_within() -> None:
    ws = "Microsoft.MachineLearningServices/workspaces"
    assert arm.type_within(f"{ws}/onlineEndpoints", ws.lower())
    assert arm.type_within(ws, ws.upper())
    assert not arm.type_within(ws, f"{ws}/onlineEndpoints")
    assert not arm.type_within(f"{ws}2", ws)


def test_get_path_is_case_insensitive_and_tells_missing_from_null() -> None:
    doc = {"Properties": {"Encryption": {"status": "Enabled"}, "hubResourceId": None}}
    assert arm.get_path(doc, "properties.encryption.STATUS") == "Enabled"
    assert arm.get_path(doc, "properties.hubResourceId") is None
    assert arm.get_path(doc, "properties.nothing") is MISSING
    assert arm.get_path(doc, "properties.encryption.status.deeper") is MISSING
    assert arm.get_path({"properties": {"x": 1}, "Properties": {"x": 2}}, "properties.x") == 1


def test_get_path_reads_objects_with_keys_that_are_not_strings() -> None:
    # A YAML mapping may hold numbers (or tuples) as keys: skipped, never an error.
    doc = {"properties": {1: "one", (1, 2): "pair", "Sku": {"Name": "S1"}, "Ünï": "u"}}
    assert arm.get_path(doc, "properties.sku.name") == "S1"
    assert arm.get_path(doc, "PROPERTIES.SKU.NAME") == "S1"
    assert arm.get_path(doc, "properties.ÜNÏ") == "u"
    assert arm.get_path(doc, "properties.absent") is MISSING
    assert arm.get_path(doc, "properties.ÄBSENT") is MISSING


def test_value_helpers() -> None:
    assert arm.equals_ci(" key ", "Key", "AMLToken")
    assert not arm.equals_ci(None, "Key")
    assert arm.is_true(True) and arm.is_true("True")
    assert not arm.is_true("yes") and not arm.is_true(1)
    assert arm.is_false(False) and arm.is_false("false") and not arm.is_false(MISSING)


GUID = "00000000-0000-0000-0000-000000000001"
AGREEMENT_IDS = [
    f"/subscriptions/{GUID}",
    f"/subscriptions/{GUID}/resourceGroups/rg-ml",
    f"/subscriptions/{GUID}/resourceGroups/rg-ml/providers/Microsoft.KeyVault/vaults/kv",
    f"/subscriptions/{GUID}/resourceGroups/rg/providers/Microsoft.MachineLearningServices"
    "/workspaces/ws/onlineEndpoints/ep/deployments/blue",
    f"/subscriptions/{GUID}/resourceGroups/RG/providers/Microsoft.KeyVault/vaults/kv/keys/k",
    f"/subscriptions/{GUID}/resourceGroups/rg/providers/Microsoft.MachineLearningServices"
    "/registries/reg",
    f"/subscriptions/{GUID}/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv"
    "/providers/Microsoft.Insights/diagnosticSettings/to-law",
]


@pytest.mark.parametrize("resource_id", AGREEMENT_IDS)
def test_ids_are_parsed_as_azure_mgmt_core_parses_them(resource_id: str) -> None:
    # arm.py keeps its own parser for start-up time; azure-mgmt-core's is the reference.
    from azure.mgmt.core.tools import parse_resource_id

    parsed = parse_resource_id(resource_id)
    assert arm.subscription_of(resource_id) == parsed.get("subscription")
    assert arm.resource_group_of(resource_id) == parsed.get("resource_group")
    if "resource_name" in parsed:
        assert arm.name_of(resource_id) == parsed["resource_name"]
    if "type" in parsed and "/providers/Microsoft.Insights/" not in resource_id:
        # ARM's type of a child: the namespace, the top-level type and each child type.
        children = [
            parsed[f"child_type_{i}"] for i in range(1, (parsed.get("last_child_num") or 0) + 1)
        ]
        expected = "/".join([parsed["namespace"], parsed["type"], *children])
        assert arm.type_of(resource_id) == expected


def test_missing_is_falsy_singleton_distinct_from_null() -> None:
    resource = Resource("/subscriptions/s/x", "A/b", "x", {"properties": {"a": None}})
    assert resource.get("properties.a") is None
    assert resource.get("properties.b") is MISSING
    assert not MISSING
    assert repr(MISSING) == "MISSING"


@pytest.mark.parametrize(
    ("resource_id", "subscription"),
    [
        ("/subscriptions/s1/resourceGroups/rg", "s1"),
        (" /SUBSCRIPTIONS/s1 ", "s1"),
        ("subscriptions/s1/", "s1"),
        ("//subscriptions//s1/x", "s1"),  # empty segments are skipped, as everywhere
        ("/subscriptions/", None),
        ("/subscriptions", None),
        ("/subscriptions//", None),
        ("/providers/Microsoft.Management/managementGroups/mg", None),
        ("", None),
    ],
)
def test_the_subscription_of_an_id_however_it_is_slashed(
    resource_id: str, subscription: str | None
) -> None:
    assert arm.subscription_of(resource_id) == subscription
