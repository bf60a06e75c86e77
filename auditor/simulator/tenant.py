"""The simulated tenant: subscriptions, resource groups, resources as ARM JSON, and what the
simulator's token may not read.

A Tenant is built in code (`add_subscription`, `add`, `add_diagnostic_setting`, `deny`) or read from
a tenant file (`tenant_file.load_tenant`, format in docs/simulator.md). The checks here are the ones
that hold however a tenant is built: GUIDs, names, ids within their scope, nothing defined twice,
every child's parent present. The server never reads a Tenant directly: it builds an
`index.TenantIndex` once at start.
"""

from __future__ import annotations

import copy
import re
import uuid
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from auditor.core.ids import is_guid
from auditor.inventory import arm
from auditor.inventory.resource_types import (
    AUTHORIZATION,
    DIAGNOSTIC_SETTINGS,
    RESOURCE_GROUPS,
    SECRETS,
    SUBSCRIPTIONS,
)
from auditor.simulator.errors import TenantError

DEFAULT_TENANT_ID = "72f988bf-0000-4000-8000-00000000a11d"

# A resource or resource group name: one id segment.
NAME = re.compile(r"^[^/?#\s]+$")


@dataclass(frozen=True, slots=True)
class Throttle:
    """A token bucket: `burst` requests at once, refilled at `refill_per_second`."""

    burst: int
    refill_per_second: float


@dataclass(frozen=True, slots=True)
class Deny:
    """A scope the simulator's token may not read: 403 AuthorizationFailed.

    Without `resource_type`: the scope itself and everything under it. With it: resources of that
    type (and their children) within the scope, and listing them there.
    """

    scope: str
    resource_type: str | None = None

    def covers_resource(self, resource_id: str, resource_type: str | None) -> bool:
        if not arm.is_within(resource_id, self.scope):
            return False
        if self.resource_type is None:
            return True
        return resource_type is not None and arm.type_within(resource_type, self.resource_type)

    def covers_listing(self, parent: str, child_type: str) -> bool:
        if not arm.is_within(parent, self.scope):
            return False
        return self.resource_type is None or arm.type_within(child_type, self.resource_type)


@dataclass(slots=True)
class ResourceGroup:
    name: str
    location: str
    tags: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class Subscription:
    subscription_id: str
    display_name: str
    state: str = "Enabled"
    unreadable: bool = False  # listed by GET /subscriptions, but everything under it is 403
    throttle: Throttle | None = None  # None: the simulator's default bucket
    tags: dict[str, str] = field(default_factory=dict)
    resource_groups: dict[str, ResourceGroup] = field(default_factory=dict)  # by lower-case name

    @property
    def id(self) -> str:
        return f"/subscriptions/{self.subscription_id}"


class Tenant:
    """Everything the simulator serves. Resources are stored as ARM JSON, in insertion order."""

    def __init__(self, tenant_id: str = DEFAULT_TENANT_ID) -> None:
        if not is_guid(tenant_id):
            raise TenantError(f"tenantId {tenant_id!r} is not a GUID")
        self.tenant_id = tenant_id
        self._subscriptions: dict[str, Subscription] = {}
        self._resources: dict[str, dict[str, Any]] = {}
        self._denies: list[Deny] = []
        self._events: dict[str, list[dict[str, Any]]] = {}  # subscription key -> Activity Log

    # ----------------------------------------------------------------------------- building

    def add_subscription(
        self,
        subscription_id: str,
        display_name: str | None = None,
        *,
        state: str = "Enabled",
        unreadable: bool = False,
        throttle: Throttle | None = None,
        tags: Mapping[str, str] | None = None,
    ) -> Subscription:
        if not is_guid(subscription_id):
            raise TenantError(f"subscriptionId {subscription_id!r} is not a GUID")
        key = subscription_id.lower()
        if key in self._subscriptions:
            raise TenantError(f"subscription {subscription_id} is defined twice")
        if throttle is not None and (throttle.burst < 1 or throttle.refill_per_second <= 0):
            raise TenantError(
                f"subscription {subscription_id}: throttle needs burst >= 1 and refillPerSecond > 0"
            )
        subscription = Subscription(
            subscription_id=subscription_id,
            display_name=display_name or f"subscription {subscription_id[:8]}",
            state=state,
            unreadable=unreadable,
            throttle=throttle,
            tags=dict(tags or {}),
        )
        self._subscriptions[key] = subscription
        return subscription

    def subscription(self, subscription_id: str) -> Subscription:
        found = self._subscriptions.get(subscription_id.lower())
        if found is None:
            raise TenantError(f"subscription {subscription_id} is not in the tenant")
        return found

    def add_resource_group(
        self,
        subscription_id: str,
        name: str,
        location: str = "westeurope",
        tags: Mapping[str, str] | None = None,
    ) -> str:
        """Adds the group (if new) and returns its id."""
        subscription = self.subscription(subscription_id)
        if not NAME.match(name):
            raise TenantError(f"resource group name {name!r} is not a valid name")
        subscription.resource_groups.setdefault(
            name.lower(), ResourceGroup(name, location, dict(tags or {}))
        )
        return f"{subscription.id}/resourceGroups/{subscription.resource_groups[name.lower()].name}"

    def add(self, resource: Mapping[str, Any]) -> dict[str, Any]:
        """Adds one resource given as ARM JSON with its full `id`; returns the stored copy.

        The resource group is created if it does not exist; the subscription must. `type` and
        `name` are filled from the id when absent. Secret values are dropped, as ARM never
        returns them.
        """
        resource_id = resource.get("id")
        if not isinstance(resource_id, str) or not resource_id.strip():
            raise TenantError("'id' must be a non-empty string")
        subscription_id = arm.subscription_of(resource_id)
        group = arm.resource_group_of(resource_id)
        id_type = arm.type_of(resource_id)
        if group is None and subscription_id is not None and "/providers/" in resource_id:
            return self.add_subscription_setting(resource)  # a Defender plan, outside any group
        if (
            subscription_id is None
            or group is None
            or id_type is None
            or "/providers/" not in (resource_id.lower())
        ):
            raise TenantError(
                f"{resource_id!r} is not a resource id "
                "(/subscriptions/{sub}/resourceGroups/{rg}/providers/{namespace}/{type}/{name})"
            )
        rtype = resource.get("type", id_type)
        if not isinstance(rtype, str) or arm.normalize_type(rtype) != arm.normalize_type(id_type):
            raise TenantError(f"{resource_id}: type {rtype!r} does not match the id's {id_type}")
        if subscription_id.lower() not in self._subscriptions:
            raise TenantError(f"{resource_id}: subscription {subscription_id} is not in the tenant")
        key = arm.normalize_id(resource_id)
        if key in self._resources:
            raise TenantError(f"{resource_id} is defined twice")
        stored = copy.deepcopy(dict(resource))
        stored["id"] = resource_id
        stored["type"] = rtype
        stored.setdefault("name", arm.name_of(resource_id))
        if arm.normalize_type(rtype) == SECRETS.lower():
            properties = stored.get("properties")
            if isinstance(properties, dict):
                properties.pop("value", None)
        self.add_resource_group(subscription_id, group, str(stored.get("location", "westeurope")))
        self._resources[key] = stored
        return stored

    def add_diagnostic_setting(
        self, target_id: str, name: str, properties: Mapping[str, Any]
    ) -> dict[str, Any]:
        """A Microsoft.Insights/diagnosticSettings extension resource on `target_id`."""
        setting_id = f"{target_id}/providers/{DIAGNOSTIC_SETTINGS}/{name}"
        return self.add(
            {
                "id": setting_id,
                "type": DIAGNOSTIC_SETTINGS,
                "name": name,
                "properties": dict(properties),
            }
        )

    def add_authorization(self, resource: Mapping[str, Any]) -> dict[str, Any]:
        """Adds a Microsoft.Authorization resource (a role assignment, custom role definition, deny
        assignment or PIM eligibility) at any scope in a subscription: the subscription itself,
        a group, or a resource (whose id must be in the tenant). Built-in role definitions need
        no adding: every subscription serves them."""
        resource_id = resource.get("id")
        if not isinstance(resource_id, str) or "/providers/" not in resource_id:
            raise TenantError("'id' must be a Microsoft.Authorization resource id")
        rtype = arm.type_of(resource_id) or ""
        if rtype.split("/", 1)[0].lower() != AUTHORIZATION.lower() or rtype.count("/") != 1:
            raise TenantError(f"{resource_id} is not a Microsoft.Authorization resource")
        subscription_id = arm.subscription_of(resource_id)
        if subscription_id is None or subscription_id.lower() not in self._subscriptions:
            raise TenantError(f"{resource_id}: subscription {subscription_id} is not in the tenant")
        key = arm.normalize_id(resource_id)
        if key in self._resources:
            raise TenantError(f"{resource_id} is defined twice")
        group = arm.resource_group_of(resource_id)
        if group is not None:
            self.add_resource_group(subscription_id, group)
        stored = copy.deepcopy(dict(resource))
        stored.setdefault("type", rtype)
        stored.setdefault("name", arm.name_of(resource_id))
        self._resources[key] = stored
        return stored

    def add_subscription_setting(self, resource: Mapping[str, Any]) -> dict[str, Any]:
        """Adds a resource that lives on a subscription itself, outside any group
        (`/subscriptions/{id}/providers/Microsoft.Security/pricings/{plan}`: Defender plans)."""
        resource_id = resource.get("id")
        if not isinstance(resource_id, str) or "/providers/" not in resource_id:
            raise TenantError("'id' must be a subscription-level resource id")
        subscription_id = arm.subscription_of(resource_id)
        if subscription_id is None or subscription_id.lower() not in self._subscriptions:
            raise TenantError(f"{resource_id}: subscription {subscription_id} is not in the tenant")
        if arm.resource_group_of(resource_id) is not None:
            raise TenantError(f"{resource_id} is in a resource group: add it with add()")
        key = arm.normalize_id(resource_id)
        if key in self._resources:
            raise TenantError(f"{resource_id} is defined twice")
        stored = copy.deepcopy(dict(resource))
        stored.setdefault("type", arm.type_of(resource_id) or "")
        stored.setdefault("name", arm.name_of(resource_id))
        self._resources[key] = stored
        return stored

    def add_event(self, subscription_id: str, event: Mapping[str, Any]) -> None:
        """Adds an Activity Log event (ARM JSON, as ActivityLogs_List returns it) to the log of a
        subscription."""
        from auditor.simulator.activity import BadFilter, parse_time

        self.subscription(subscription_id)
        if not isinstance(event.get("id"), str) or not isinstance(event.get("eventTimestamp"), str):
            raise TenantError("an Activity Log event needs an 'id' and an 'eventTimestamp'")
        try:
            parse_time(str(event["eventTimestamp"]))
        except BadFilter:
            raise TenantError(
                f"eventTimestamp {event['eventTimestamp']!r} is not an ISO 8601 time"
            ) from None
        self._events.setdefault(subscription_id.lower(), []).append(dict(event))

    def events(self, subscription_id: str) -> list[dict[str, Any]]:
        """The Activity Log of a subscription, in the order added."""
        return list(self._events.get(subscription_id.lower(), ()))

    def deny(self, scope: str, resource_type: str | None = None) -> None:
        """Makes `scope` (or resources of `resource_type` within it) unreadable: 403."""
        if arm.subscription_of(scope) is None:
            raise TenantError(f"deny scope {scope!r} is not a subscription, group or resource id")
        self._denies.append(Deny(scope, resource_type))

    # ----------------------------------------------------------------------------- reading

    @property
    def subscriptions(self) -> list[Subscription]:
        return list(self._subscriptions.values())

    @property
    def subscription_ids(self) -> list[str]:
        return [s.subscription_id for s in self._subscriptions.values()]

    @property
    def denies(self) -> list[Deny]:
        """Every unreadable scope, including whole subscriptions marked unreadable."""
        return [
            *(Deny(s.id) for s in self._subscriptions.values() if s.unreadable),
            *self._denies,
        ]

    @property
    def denied_scopes(self) -> list[Deny]:
        """The scopes made unreadable with `deny()`, without the unreadable subscriptions."""
        return list(self._denies)

    def get(self, resource_id: str) -> dict[str, Any] | None:
        return self._resources.get(arm.normalize_id(resource_id))

    def resources(self, types: Iterable[str] | None = None) -> list[dict[str, Any]]:
        """Every resource (diagnostic settings too), or those of `types`, in insertion order."""
        if types is None:
            return list(self._resources.values())
        wanted = {arm.normalize_type(t) for t in types}
        return [r for r in self._resources.values() if arm.normalize_type(r["type"]) in wanted]

    def readable(self, resource_id: str) -> bool:
        """False if a deny (or an unreadable subscription) covers the resource."""
        rtype = arm.type_of(resource_id)
        return not any(d.covers_resource(resource_id, rtype) for d in self.denies)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(self._resources.values())

    def __len__(self) -> int:
        return len(self._resources)

    def validate(self) -> None:
        """Every child's parent, and every diagnostic setting's target, is in the tenant."""
        for resource in self._resources.values():
            parent = arm.parent_id(resource["id"])
            if parent is None:
                continue
            if arm.type_of(parent) in (RESOURCE_GROUPS, SUBSCRIPTIONS, None):
                continue
            if arm.normalize_id(parent) not in self._resources:
                is_extension = arm.normalize_type(resource["type"]) == DIAGNOSTIC_SETTINGS.lower()
                what = "target" if is_extension else "parent"
                raise TenantError(f"{resource['id']}: its {what} {parent} is not in the tenant")


def new_guid(seed_text: str) -> str:
    """A GUID derived from text, so generated tenants are the same on every run."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, seed_text))
