"""The live crawl plan as data: which collections are listed under which parent, in which
api-version and at which path, and which references are followed."""

from __future__ import annotations

from typing import Any

from auditor.inventory.resource_types import (
    AI_DEPLOYMENTS,
    BATCH_DEPLOYMENTS,
    BATCH_ENDPOINTS,
    COGNITIVE_ACCOUNTS,
    COMPUTES,
    CONNECTIONS,
    DATASTORES,
    DENY_ASSIGNMENTS,
    DIAGNOSTIC_SETTINGS,
    KEYS,
    ONLINE_DEPLOYMENTS,
    ONLINE_ENDPOINTS,
    RAI_POLICIES,
    REGISTRIES,
    ROLE_ASSIGNMENTS,
    ROLE_DEFINITIONS,
    ROLE_ELIGIBILITY_INSTANCES,
    SEARCH_SERVICES,
    SECRETS,
    SECURITY_PRICINGS,
    SERVERLESS_ENDPOINTS,
    SUBSCRIPTIONS,
    VAULTS,
    WEB_SERVICES,
    WORKSPACES,
)
from auditor.inventory.resources import Resource
from auditor.sources.live import api_versions
from auditor.sources.live.crawl_plan import (
    COLLECTIONS,
    LISTED_PER_SUBSCRIPTION,
    SUBSCRIPTION_COLLECTIONS,
    collections_under,
    key_id_from_uri,
    references_from,
)

SUB = "/subscriptions/11111111-1111-4111-8111-111111111111"
RG = f"{SUB}/resourceGroups/rg"
WS = f"{RG}/providers/{WORKSPACES}/ws1"
VAULT = f"{RG}/providers/{VAULTS}/kv1"
CMK_VAULT = f"{RG}/providers/{VAULTS}/cmk"
HUB = f"{RG}/providers/{WORKSPACES}/hub"
STORAGE = f"{RG}/providers/Microsoft.Storage/storageAccounts/st1"
REGISTRY = f"{RG}/providers/Microsoft.ContainerRegistry/registries/cr1"
AI = f"{RG}/providers/{COGNITIVE_ACCOUNTS}/ai1"

ML, KV = api_versions.MACHINE_LEARNING, api_versions.KEY_VAULT
DIAG = api_versions.DIAGNOSTIC_SETTINGS


def _rows() -> list[tuple[str, str, str, bool, bool, tuple[str, ...]]]:
    return [
        (c.parent, c.child, c.api_version, c.under_providers, c.fetch_each_by_id, c.empty_on)
        for c in COLLECTIONS
    ]


def test_the_table_of_collections_in_the_order_they_are_asked_for() -> None:
    unregistered = ("MissingSubscriptionRegistration",)
    cognitive = api_versions.COGNITIVE_SERVICES
    assert _rows() == [
        (SUBSCRIPTIONS, WORKSPACES, ML, True, False, unregistered),
        (SUBSCRIPTIONS, REGISTRIES, ML, True, False, unregistered),
        (SUBSCRIPTIONS, VAULTS, KV, True, False, unregistered),
        (SUBSCRIPTIONS, COGNITIVE_ACCOUNTS, cognitive, True, False, unregistered),
        (SUBSCRIPTIONS, SEARCH_SERVICES, "2025-05-01", True, False, unregistered),
        (SUBSCRIPTIONS, SECURITY_PRICINGS, "2024-01-01", True, False, unregistered),
        (SUBSCRIPTIONS, ROLE_ASSIGNMENTS, "2022-04-01", True, False, ()),
        (SUBSCRIPTIONS, ROLE_DEFINITIONS, "2022-04-01", True, False, ()),
        (SUBSCRIPTIONS, DENY_ASSIGNMENTS, "2022-04-01", True, False, ()),
        (SUBSCRIPTIONS, ROLE_ELIGIBILITY_INSTANCES, "2020-10-01", True, False, ()),
        (WORKSPACES, ONLINE_ENDPOINTS, ML, False, False, ()),
        (WORKSPACES, BATCH_ENDPOINTS, ML, False, False, ()),
        (WORKSPACES, SERVERLESS_ENDPOINTS, ML, False, False, ()),
        (WORKSPACES, COMPUTES, ML, False, False, ()),
        (WORKSPACES, CONNECTIONS, ML, False, False, ()),
        (WORKSPACES, DATASTORES, ML, False, False, ()),
        (WORKSPACES, WEB_SERVICES, "2021-07-01", False, False, ()),
        (WORKSPACES, DIAGNOSTIC_SETTINGS, DIAG, True, False, ()),
        (ONLINE_ENDPOINTS, ONLINE_DEPLOYMENTS, ML, False, False, ()),
        (ONLINE_ENDPOINTS, DIAGNOSTIC_SETTINGS, DIAG, True, False, ()),
        (BATCH_ENDPOINTS, BATCH_DEPLOYMENTS, ML, False, False, ()),
        (COGNITIVE_ACCOUNTS, AI_DEPLOYMENTS, cognitive, False, False, ()),
        (COGNITIVE_ACCOUNTS, RAI_POLICIES, cognitive, False, False, ()),
        (COGNITIVE_ACCOUNTS, DIAGNOSTIC_SETTINGS, DIAG, True, False, ()),
        (VAULTS, KEYS, KV, False, True, ()),
        (VAULTS, SECRETS, KV, False, False, ()),
        (VAULTS, DIAGNOSTIC_SETTINGS, DIAG, True, False, ()),
    ]


def test_every_collection_is_read_in_its_providers_pinned_version() -> None:
    # Location.api_version records the pinned version of each resource's type: the same one.
    for collection in COLLECTIONS:
        assert collection.api_version == api_versions.for_type(collection.child)


def test_legacy_web_services_are_read_in_the_last_version_that_has_them() -> None:
    # stable/2021-07-01/services.json has MachineLearningServices_ListByWorkspace; the specs
    # from 2022-05-01 on leave the operation out, so the provider's pinned version cannot list it.
    assert api_versions.for_type(WEB_SERVICES) == "2021-07-01"
    assert api_versions.for_type(WEB_SERVICES.lower()) == "2021-07-01"
    assert api_versions.for_type(DATASTORES) == api_versions.MACHINE_LEARNING


def test_paths_nested_children_and_provider_lists() -> None:
    parents = {SUBSCRIPTIONS: SUB, WORKSPACES: WS}
    paths = {(c.parent, c.child): c.path(parents.get(c.parent, "")) for c in COLLECTIONS}
    assert paths[(SUBSCRIPTIONS, WORKSPACES)] == f"{SUB}/providers/{WORKSPACES}"
    assert paths[(SUBSCRIPTIONS, COGNITIVE_ACCOUNTS)] == f"{SUB}/providers/{COGNITIVE_ACCOUNTS}"
    assert paths[(WORKSPACES, ONLINE_ENDPOINTS)] == f"{WS}/onlineEndpoints"
    assert paths[(WORKSPACES, CONNECTIONS)] == f"{WS}/connections"
    assert paths[(WORKSPACES, DATASTORES)] == f"{WS}/datastores"
    assert paths[(WORKSPACES, WEB_SERVICES)] == f"{WS}/services"
    assert paths[(WORKSPACES, DIAGNOSTIC_SETTINGS)] == f"{WS}/providers/{DIAGNOSTIC_SETTINGS}"
    keys = next(c for c in collections_under(VAULTS) if c.child == KEYS)
    assert keys.path(VAULT) == f"{VAULT}/keys"


def test_lookups_by_parent_ignore_case() -> None:
    assert collections_under(WORKSPACES.lower()) == collections_under(WORKSPACES)
    assert [c.child for c in collections_under(BATCH_ENDPOINTS)] == [BATCH_DEPLOYMENTS]
    assert collections_under(SECRETS) == ()
    assert collections_under(SUBSCRIPTIONS) == SUBSCRIPTION_COLLECTIONS
    assert (
        frozenset(
            {
                WORKSPACES.lower(),
                REGISTRIES.lower(),
                VAULTS.lower(),
                COGNITIVE_ACCOUNTS.lower(),
                SEARCH_SERVICES.lower(),
                SECURITY_PRICINGS.lower(),
                ROLE_ASSIGNMENTS.lower(),
                ROLE_DEFINITIONS.lower(),
                DENY_ASSIGNMENTS.lower(),
                ROLE_ELIGIBILITY_INSTANCES.lower(),
            }
        )
        == LISTED_PER_SUBSCRIPTION
    )


def _resource(rid: str, rtype: str, properties: dict[str, Any]) -> Resource:
    raw = {"id": rid, "type": rtype, "properties": properties}
    return Resource(id=rid, type=rtype, name=rid.rsplit("/", 1)[-1], raw=raw)


def _followed(resource: Resource) -> list[tuple[str, str, bool]]:
    return [
        (r.what, target, r.by_id)
        for r in references_from(resource.type)
        if (target := r.target(resource)) is not None
    ]


def test_a_workspace_references_its_vaults_cmk_key_hub_storage_and_registry() -> None:
    workspace = _resource(
        WS,
        WORKSPACES,
        {
            "keyVault": VAULT,
            "hubResourceId": HUB,
            "storageAccount": STORAGE,
            "containerRegistry": REGISTRY,
            "encryption": {
                "keyVaultProperties": {
                    "keyVaultArmId": CMK_VAULT,
                    "keyIdentifier": "https://cmk.vault.azure.net/keys/wskey/0123abcd",
                }
            },
        },
    )
    assert _followed(workspace) == [
        ("key vault", VAULT, False),
        ("hub", HUB, False),
        ("storage account", STORAGE, False),
        ("container registry", REGISTRY, False),
        ("CMK vault", CMK_VAULT, False),
        ("CMK key", f"{CMK_VAULT}/keys/wskey", True),
    ]
    # Values that are not ARM ids are not followed.
    plain = _resource(WS, WORKSPACES, {"keyVault": "kv1", "hubResourceId": None})
    assert _followed(plain) == []


def test_a_connection_references_only_an_ai_account() -> None:
    def connection(target: str) -> Resource:
        return _resource(f"{WS}/connections/c", CONNECTIONS, {"metadata": {"ResourceId": target}})

    assert _followed(connection(AI)) == [("AI account", AI, False)]
    assert _followed(connection(STORAGE)) == []
    assert references_from(ONLINE_ENDPOINTS) == ()


def test_a_key_uri_names_the_key_in_its_vault() -> None:
    uri = "https://kv1.vault.azure.net/keys/name/0123456789abcdef"
    assert key_id_from_uri(VAULT, uri) == f"{VAULT}/keys/name"
    assert key_id_from_uri(f"{VAULT}/", "https://kv1.vault.azure.net/keys/name") == (
        f"{VAULT}/keys/name"
    )
    assert key_id_from_uri(VAULT, "https://kv1.vault.azure.net/secrets/name/1") is None
    assert key_id_from_uri(VAULT, None) is None
