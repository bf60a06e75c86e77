"""The tenant pre-serialized for serving: every response body as JSON bytes, collections by
(parent, type), and the ids a deny hides, computed once when a simulator is created, so a request
costs a dictionary lookup and a join, never a deep copy. Later changes to the Tenant are not seen.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from auditor.inventory import arm
from auditor.inventory.resource_types import (
    AI_DEPLOYMENTS,
    AUTHORIZATION,
    BATCH_DEPLOYMENTS,
    BATCH_ENDPOINTS,
    COGNITIVE_ACCOUNTS,
    COMPUTES,
    CONNECTIONS,
    CONTAINER_REGISTRIES,
    DATASTORES,
    DENY_ASSIGNMENTS,
    DIAGNOSTIC_SETTINGS,
    KEYS,
    ONLINE_DEPLOYMENTS,
    ONLINE_ENDPOINTS,
    RAI_POLICIES,
    REGISTRIES,
    RESOURCE_GROUPS,
    ROLE_ASSIGNMENTS,
    ROLE_DEFINITIONS,
    ROLE_ELIGIBILITY_INSTANCES,
    SEARCH_SERVICES,
    SECRETS,
    SECURITY_PRICINGS,
    SERVERLESS_ENDPOINTS,
    STORAGE_ACCOUNTS,
    VAULTS,
    WEB_SERVICES,
    WORKSPACES,
)
from auditor.simulator.activity import ActivityLog
from auditor.simulator.shapes.authorization import BUILT_IN_ROLES, built_in_role_definition
from auditor.simulator.tenant import Deny, Subscription, Tenant


def _dumps(value: Any) -> bytes:
    return json.dumps(value, separators=(",", ":")).encode("utf-8")


# Collections the simulator can list even when the tenant holds none of their type, so an empty
# tenant answers `{"value": []}` rather than 404 InvalidResourceType.
LISTABLE_TYPES: tuple[str, ...] = (
    WORKSPACES,
    REGISTRIES,
    ONLINE_ENDPOINTS,
    ONLINE_DEPLOYMENTS,
    BATCH_ENDPOINTS,
    BATCH_DEPLOYMENTS,
    SERVERLESS_ENDPOINTS,
    COMPUTES,
    CONNECTIONS,
    DATASTORES,
    WEB_SERVICES,
    VAULTS,
    KEYS,
    SECRETS,
    COGNITIVE_ACCOUNTS,
    STORAGE_ACCOUNTS,
    CONTAINER_REGISTRIES,
    DIAGNOSTIC_SETTINGS,
    ROLE_ASSIGNMENTS,
    ROLE_DEFINITIONS,
    DENY_ASSIGNMENTS,
    ROLE_ELIGIBILITY_INSTANCES,
    AI_DEPLOYMENTS,
    RAI_POLICIES,
    SEARCH_SERVICES,
    SECURITY_PRICINGS,
)
_AUTHORIZATION = AUTHORIZATION.lower() + "/"


_VAULT_KEYS = KEYS.lower()


def _key_as_listed(resource: Mapping[str, Any]) -> dict[str, Any]:
    """Keys_List leaves out `rotationPolicy` (only Keys_Get returns it), as real ARM does, so a
    collector that trusts the listing for rotation is caught by the tests."""
    properties = {
        k: v for k, v in (resource.get("properties") or {}).items() if k.lower() != "rotationpolicy"
    }
    return {**resource, "properties": properties}


class TenantIndex:
    """What the server needs per request, computed once: JSON bytes by id, collections by
    (parent, type), subscriptions, groups, and the denies with the ids they hide from lists."""

    def __init__(self, tenant: Tenant) -> None:
        tenant.validate()
        self.tenant_id = tenant.tenant_id
        self.denies: tuple[Deny, ...] = tuple(tenant.denies)
        self.subscriptions: dict[str, Subscription] = {
            s.subscription_id.lower(): s for s in tenant.subscriptions
        }
        self.subscription_json: dict[str, bytes] = {
            key: _dumps(subscription_document(s, tenant.tenant_id))
            for key, s in self.subscriptions.items()
        }
        self.group_json: dict[str, bytes] = {}  # normalized group id -> JSON
        self.groups_of: dict[str, list[str]] = {}  # subscription key -> normalized group ids
        for key, sub in self.subscriptions.items():
            for group in sub.resource_groups.values():
                gid = f"{sub.id}/resourceGroups/{group.name}"
                self.group_json[arm.normalize_id(gid)] = _dumps(
                    {
                        "id": gid,
                        "name": group.name,
                        "type": RESOURCE_GROUPS,
                        "location": group.location,
                        "tags": group.tags,
                        "properties": {"provisioningState": "Succeeded"},
                    }
                )
                self.groups_of.setdefault(key, []).append(arm.normalize_id(gid))
        self.by_id: dict[str, bytes] = {}
        self.listed_json: dict[str, bytes] = {}  # where a list item differs from the GET body
        self.type_of: dict[str, str] = {}
        self.collections: dict[tuple[str, str], list[str]] = {}
        self.known_types: set[str] = {arm.normalize_type(t) for t in LISTABLE_TYPES}
        self.hidden: set[str] = set()  # ids a deny covers: 403 by id, left out of listings
        # ARM lists every built-in role under each subscription, first.
        roles = ROLE_DEFINITIONS.lower()
        for key, sub in self.subscriptions.items():
            for role in BUILT_IN_ROLES:
                document = built_in_role_definition(role, sub.subscription_id)
                role_key = arm.normalize_id(document["id"])
                self.by_id[role_key] = _dumps(document)
                self.type_of[role_key] = roles
                self.collections.setdefault((f"/subscriptions/{key}", roles), []).append(role_key)
        self.activity: dict[str, ActivityLog] = {
            key: ActivityLog(tenant.events(sub.subscription_id))
            for key, sub in self.subscriptions.items()
        }
        for resource in tenant:
            key = arm.normalize_id(resource["id"])
            rtype = arm.normalize_type(resource["type"])
            self.by_id[key] = _dumps(resource)
            if rtype == _VAULT_KEYS:
                self.listed_json[key] = _dumps(_key_as_listed(resource))
            self.type_of[key] = rtype
            self.known_types.add(rtype)
            if any(d.covers_resource(key, rtype) for d in self.denies):
                self.hidden.add(key)
            parent = arm.parent_id(key)
            if parent is None:
                continue
            self.collections.setdefault((parent, rtype), []).append(key)
            subscription = f"/subscriptions/{arm.subscription_of(key)}"
            if rtype.count("/") == 1 and arm.type_of(parent) == RESOURCE_GROUPS:
                self.collections.setdefault((subscription, rtype), []).append(key)
            elif rtype.startswith(_AUTHORIZATION) and parent != subscription:
                # Listed at a subscription without atScope(): every scope within it.
                self.collections.setdefault((subscription, rtype), []).append(key)

    def denied_resource(self, resource_id: str, resource_type: str | None) -> bool:
        return any(d.covers_resource(resource_id, resource_type) for d in self.denies)

    def denied_listing(self, parent: str, child_type: str) -> bool:
        return any(d.covers_listing(parent, child_type) for d in self.denies)

    def listing(self, parent: str, child_type: str) -> list[bytes]:
        """JSON of the readable children of one type under `parent` (normalized inputs)."""
        keys = self.collections.get((parent, child_type), ())
        hidden, listed, by_id = self.hidden, self.listed_json, self.by_id
        return [listed.get(k) or by_id[k] for k in keys if k not in hidden]


def subscription_document(subscription: Subscription, tenant_id: str) -> dict[str, Any]:
    """A subscription as `GET /subscriptions/{id}` returns it (api-version 2022-12-01)."""
    return {
        "id": subscription.id,
        "authorizationSource": "RoleBased",
        "managedByTenants": [],
        "tags": subscription.tags,
        "subscriptionId": subscription.subscription_id,
        "tenantId": tenant_id,
        "displayName": subscription.display_name,
        "state": subscription.state,
        "subscriptionPolicies": {
            "locationPlacementId": "Public_2014-09-01",
            "quotaId": "PayAsYouGo_2014-09-01",
            "spendingLimit": "Off",
        },
    }
