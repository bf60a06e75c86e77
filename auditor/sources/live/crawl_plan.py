"""What a live scan reads, as data: which collections to list under each kind of resource, and
which references to follow.

`COLLECTIONS` is the table: a parent type, a child type listed under each parent of that type (at
`{parent id}/{last segment of the child type}`, or `{parent id}/providers/{child type}` for
subscription-level lists and extension resources such as diagnostic settings), the api-version it
is read in, and whether each listed child is read by id too. Each listed item is a parent in turn.
`REFERENCES` says which ids inside a listed resource point at resources to read as well.

A new kind of fact is one row: role assignments per subscription are
`Collection(SUBSCRIPTIONS, ROLE_ASSIGNMENTS, api_versions.AUTHORIZATION, under_providers=True)`
(and its provider's version pinned in api_versions). The Activity Log is not a plain collection (a
filtered query per provider, reduced to a few events): activity_log.py plans it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from auditor.inventory import arm
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

# A provider the subscription never registered has no resources there: listed, and empty.
UNREGISTERED_PROVIDER = ("MissingSubscriptionRegistration",)


@dataclass(frozen=True, slots=True)
class Collection:
    """A collection listed under every resource of type `parent`."""

    parent: str
    child: str
    api_version: str
    # `{parent}/providers/{child}` (subscription-level lists, extension resources), else
    # `{parent}/{last segment of child}` (nested children).
    under_providers: bool = False
    fetch_each_by_id: bool = False  # the listing item leaves out properties rules judge
    empty_on: tuple[str, ...] = ()  # ARM error codes that mean "none here", not a gap
    access_review: bool = False  # who may do what: left out when the access review is off

    def path(self, parent_id: str) -> str:
        if self.under_providers:
            return f"{parent_id}/providers/{self.child}"
        return f"{parent_id}/{self.child.rsplit('/', 1)[-1]}"


ML, KV, DIAGNOSTICS, AUTHORIZATION = (
    api_versions.MACHINE_LEARNING,
    api_versions.KEY_VAULT,
    api_versions.DIAGNOSTIC_SETTINGS,
    api_versions.AUTHORIZATION,
)

# In the order they are asked for under one parent.
COLLECTIONS: tuple[Collection, ...] = (
    # Listed once per subscription: a reference to one of these inside a scanned subscription is
    # answered by the listing, not by a GET.
    Collection(SUBSCRIPTIONS, WORKSPACES, ML, under_providers=True, empty_on=UNREGISTERED_PROVIDER),
    Collection(SUBSCRIPTIONS, REGISTRIES, ML, under_providers=True, empty_on=UNREGISTERED_PROVIDER),
    Collection(SUBSCRIPTIONS, VAULTS, KV, under_providers=True, empty_on=UNREGISTERED_PROVIDER),
    Collection(
        SUBSCRIPTIONS,
        COGNITIVE_ACCOUNTS,
        api_versions.COGNITIVE_SERVICES,
        under_providers=True,
        empty_on=UNREGISTERED_PROVIDER,
    ),
    # AI Search services, so a connection naming one by URL only finds it (one GET each).
    Collection(
        SUBSCRIPTIONS,
        SEARCH_SERVICES,
        api_versions.SEARCH,
        under_providers=True,
        empty_on=UNREGISTERED_PROVIDER,
    ),
    # Defender for Cloud plans: Pricings_List, one GET per subscription (AML508, AML509). A 403
    # is a gap on the subscription's plans, never a plan taken as off or on.
    Collection(
        SUBSCRIPTIONS,
        SECURITY_PRICINGS,
        api_versions.SECURITY,
        under_providers=True,
        empty_on=UNREGISTERED_PROVIDER,
    ),
    # Who may do what (the access review). Listed per subscription without `$filter=atScope()`,
    # so assignments at subscription, resource-group and resource scope (and those inherited from
    # management groups) all come back. Role definitions at a subscription are the custom roles
    # assignable there and every built-in role (RoleDefinitions_List: "all role definitions that
    # are applicable at scope and above"): read once per subscription, never shipped as a table.
    # PIM eligibility is often unreadable with Reader: a 403 there is a gap on the subscription.
    Collection(
        SUBSCRIPTIONS, ROLE_ASSIGNMENTS, AUTHORIZATION, under_providers=True, access_review=True
    ),
    Collection(
        SUBSCRIPTIONS, ROLE_DEFINITIONS, AUTHORIZATION, under_providers=True, access_review=True
    ),
    Collection(
        SUBSCRIPTIONS, DENY_ASSIGNMENTS, AUTHORIZATION, under_providers=True, access_review=True
    ),
    Collection(
        SUBSCRIPTIONS,
        ROLE_ELIGIBILITY_INSTANCES,
        api_versions.PIM,
        under_providers=True,
        access_review=True,
    ),
    Collection(WORKSPACES, ONLINE_ENDPOINTS, ML),
    Collection(WORKSPACES, BATCH_ENDPOINTS, ML),
    Collection(WORKSPACES, SERVERLESS_ENDPOINTS, ML),
    Collection(WORKSPACES, COMPUTES, ML),
    Collection(WORKSPACES, CONNECTIONS, ML),
    # Datastores_List: no query parameter is required (`isDefault`, `names`, `searchText`,
    # `count`, `$skipToken` only filter or page). Credentials come back with their
    # `credentialsType` and `secrets.secretsType` only: the secrets need the listSecrets POST,
    # which a scan never sends.
    Collection(WORKSPACES, DATASTORES, ML),
    # Legacy (v1) ACI and AKS web services, in the last version that serves them.
    Collection(WORKSPACES, WEB_SERVICES, api_versions.LEGACY_WEB_SERVICES),
    Collection(WORKSPACES, DIAGNOSTIC_SETTINGS, DIAGNOSTICS, under_providers=True),
    Collection(ONLINE_ENDPOINTS, ONLINE_DEPLOYMENTS, ML),
    Collection(ONLINE_ENDPOINTS, DIAGNOSTIC_SETTINGS, DIAGNOSTICS, under_providers=True),
    Collection(BATCH_ENDPOINTS, BATCH_DEPLOYMENTS, ML),
    # A key's listing item leaves out kty, keySize, keyOps and rotationPolicy, which AML306
    # judges: each key is read by id too, once (a workspace's CMK key may already be asked).
    # An AI account's model deployments and the content filters they name (AML602), and its
    # diagnostic settings (AML506).
    Collection(COGNITIVE_ACCOUNTS, AI_DEPLOYMENTS, api_versions.COGNITIVE_SERVICES),
    Collection(COGNITIVE_ACCOUNTS, RAI_POLICIES, api_versions.COGNITIVE_SERVICES),
    Collection(COGNITIVE_ACCOUNTS, DIAGNOSTIC_SETTINGS, DIAGNOSTICS, under_providers=True),
    Collection(VAULTS, KEYS, KV, fetch_each_by_id=True),
    Collection(VAULTS, SECRETS, KV),
    Collection(VAULTS, DIAGNOSTIC_SETTINGS, DIAGNOSTICS, under_providers=True),
)


def collections_under(parent_type: str) -> tuple[Collection, ...]:
    return _BY_PARENT.get(arm.normalize_type(parent_type), ())


_BY_PARENT: dict[str, tuple[Collection, ...]] = {}
for _row in COLLECTIONS:
    _key = arm.normalize_type(_row.parent)
    _BY_PARENT[_key] = (*_BY_PARENT.get(_key, ()), _row)

SUBSCRIPTION_COLLECTIONS = collections_under(SUBSCRIPTIONS)
LISTED_PER_SUBSCRIPTION = frozenset(arm.normalize_type(c.child) for c in SUBSCRIPTION_COLLECTIONS)


@dataclass(frozen=True, slots=True)
class Reference:
    """A resource that a listed resource of type `source` points at, to read too: `target` finds
    its id (or None). `by_id` always GETs it, even when a subscription listing has it."""

    source: str
    what: str
    target: Callable[[Resource], str | None]
    by_id: bool = False


def arm_id_at(path: str, *, of_type: str | None = None) -> Callable[[Resource], str | None]:
    """The ARM id at `path` of a resource (only one of type `of_type`, if given)."""

    def target(resource: Resource) -> str | None:
        value = resource.get(path)
        if not arm.is_arm_id(value):
            return None
        if of_type is not None and arm.normalize_type(arm.type_of(value) or "") != (
            arm.normalize_type(of_type)
        ):
            return None
        return str(value)

    return target


_CMK = "properties.encryption.keyVaultProperties"


def cmk_key(workspace: Resource) -> str | None:
    """The workspace's customer-managed key, `{CMK vault id}/keys/{name}`, from its key URI."""
    vault = workspace.get(f"{_CMK}.keyVaultArmId")
    if not arm.is_arm_id(vault):
        return None
    return key_id_from_uri(vault, workspace.get(f"{_CMK}.keyIdentifier"))


def key_id_from_uri(vault_id: str, key_uri: Any) -> str | None:
    """`https://v.vault.azure.net/keys/name/version` -> `{vault_id}/keys/name`."""
    if not isinstance(key_uri, str):
        return None
    segments = [s for s in urlsplit(key_uri.strip()).path.split("/") if s]
    if len(segments) >= 2 and segments[0].lower() == "keys":
        return f"{vault_id.rstrip('/')}/keys/{segments[1]}"
    return None


# In the order they are followed for one resource.
REFERENCES: tuple[Reference, ...] = (
    Reference(WORKSPACES, "key vault", arm_id_at("properties.keyVault")),
    Reference(WORKSPACES, "hub", arm_id_at("properties.hubResourceId")),
    Reference(WORKSPACES, "storage account", arm_id_at("properties.storageAccount")),
    Reference(WORKSPACES, "container registry", arm_id_at("properties.containerRegistry")),
    Reference(WORKSPACES, "CMK vault", arm_id_at(f"{_CMK}.keyVaultArmId")),
    # Always by id: the keys listing leaves out kty, keySize, keyOps, rotationPolicy.
    Reference(WORKSPACES, "CMK key", cmk_key, by_id=True),
    Reference(
        CONNECTIONS,
        "AI account",
        arm_id_at("properties.metadata.ResourceId", of_type=COGNITIVE_ACCOUNTS),
    ),
    Reference(
        CONNECTIONS,
        "search service",
        arm_id_at("properties.metadata.ResourceId", of_type=SEARCH_SERVICES),
    ),
)


def references_from(source_type: str) -> tuple[Reference, ...]:
    return _REFERENCES_FROM.get(arm.normalize_type(source_type), ())


_REFERENCES_FROM: dict[str, tuple[Reference, ...]] = {}
for _reference in REFERENCES:
    _key = arm.normalize_type(_reference.source)
    _REFERENCES_FROM[_key] = (*_REFERENCES_FROM.get(_key, ()), _reference)
