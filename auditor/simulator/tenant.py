"""The simulated tenant: subscriptions, resource groups, resources as ARM JSON, and what the
simulator's token may not read.

A Tenant is built in code (`add_subscription`, `add`, `add_diagnostic_setting`, `deny`) or read from
a tenant file (`Tenant.load`, format in docs/simulator.md). The server never reads it directly: it
asks for a `TenantIndex` once at start, which holds every response body pre-serialized, so a request
costs a dictionary lookup and a join, never a deep copy.
"""

from __future__ import annotations

import copy
import json
import re
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from auditor.inventory import arm
from auditor.simulator.errors import TenantError

TENANT_FORMAT = "aml-audit-tenant/1"
DEFAULT_TENANT_ID = "72f988bf-0000-4000-8000-00000000a11d"
DIAGNOSTIC_SETTINGS = "Microsoft.Insights/diagnosticSettings"
SECRETS = "Microsoft.KeyVault/vaults/secrets"

_GUID = re.compile(r"^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")
_NAME = re.compile(r"^[^/?#\s]+$")
# Keys of a tenant-file resource that describe the tenant, not the resource: never served.
_TENANT_KEYS = ("resources", "diagnosticSettings")


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


def _where(path: str) -> str:
    return f"{path}: " if path else ""


def _require_str(value: Any, what: str, path: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise TenantError(f"{_where(path)}'{what}' must be a non-empty string")
    return value


class Tenant:
    """Everything the simulator serves. Resources are stored as ARM JSON, in insertion order."""

    def __init__(self, tenant_id: str = DEFAULT_TENANT_ID) -> None:
        if not _GUID.match(tenant_id):
            raise TenantError(f"tenantId {tenant_id!r} is not a GUID")
        self.tenant_id = tenant_id
        self._subscriptions: dict[str, Subscription] = {}
        self._resources: dict[str, dict[str, Any]] = {}
        self._denies: list[Deny] = []

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
        if not _GUID.match(subscription_id):
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
        if not _NAME.match(name):
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
        raw = resource.get("id")
        resource_id = _require_str(raw, "id", "")
        subscription_id = arm.subscription_of(resource_id)
        group = arm.resource_group_of(resource_id)
        id_type = arm.type_of(resource_id)
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
        for private in _TENANT_KEYS:
            stored.pop(private, None)
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
            if arm.type_of(parent) in ("Microsoft.Resources/resourceGroups", None):
                continue
            if arm.normalize_id(parent) not in self._resources:
                is_extension = arm.normalize_type(resource["type"]) == DIAGNOSTIC_SETTINGS.lower()
                what = "target" if is_extension else "parent"
                raise TenantError(f"{resource['id']}: its {what} {parent} is not in the tenant")

    # ----------------------------------------------------------------------------- files

    @classmethod
    def load(cls, path: Path) -> Tenant:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except FileNotFoundError:
            raise TenantError(f"{path}: tenant file not found") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise TenantError(f"{path}: cannot read the tenant file ({exc})") from exc
        try:
            document = json.loads(text)
        except json.JSONDecodeError as exc:
            raise TenantError(
                f"{path}: not valid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}"
            ) from None
        try:
            return cls.from_dict(document)
        except TenantError as exc:
            raise TenantError(f"{path}: {exc}") from None

    @classmethod
    def from_dict(cls, document: Any) -> Tenant:
        """Reads the tenant-file structure (docs/simulator.md)."""
        if not isinstance(document, Mapping):
            raise TenantError("a tenant file holds a JSON object with 'subscriptions'")
        fmt = document.get("format", TENANT_FORMAT)
        if fmt != TENANT_FORMAT:
            raise TenantError(f"unsupported format {fmt!r} (expected {TENANT_FORMAT!r})")
        unknown = set(document) - {"format", "tenantId", "subscriptions", "deny"}
        if unknown:
            raise TenantError(f"unknown top-level key(s): {', '.join(sorted(unknown))}")
        tenant = cls(str(document.get("tenantId", DEFAULT_TENANT_ID)))
        subscriptions = document.get("subscriptions")
        if not isinstance(subscriptions, list) or not subscriptions:
            raise TenantError("'subscriptions' must be a non-empty list")
        for i, sub in enumerate(subscriptions):
            tenant._read_subscription(sub, f"subscriptions[{i}]")
        deny = document.get("deny", [])
        if not isinstance(deny, list):
            raise TenantError("'deny' must be a list of {scope, type} objects")
        for i, entry in enumerate(deny):
            where = f"deny[{i}]"
            if not isinstance(entry, Mapping):
                raise TenantError(f"{where}: must be an object with 'scope' (and 'type')")
            scope = _require_str(entry.get("scope"), "scope", where)
            rtype = entry.get("type")
            if rtype is not None:
                rtype = _require_str(rtype, "type", where)
            try:
                tenant.deny(scope, rtype)
            except TenantError as exc:
                raise TenantError(f"{where}: {exc}") from None
        tenant.validate()
        return tenant

    def _read_subscription(self, sub: Any, where: str) -> None:
        if not isinstance(sub, Mapping):
            raise TenantError(f"{where}: must be an object")
        sub_id = _require_str(sub.get("subscriptionId"), "subscriptionId", where)
        throttle = None
        if "throttle" in sub:
            spec = sub["throttle"]
            if (
                not isinstance(spec, Mapping)
                or not isinstance(spec.get("burst"), int)
                or not isinstance(spec.get("refillPerSecond"), int | float)
            ):
                raise TenantError(
                    f"{where}.throttle: must be {{'burst': int, 'refillPerSecond': number}}"
                )
            throttle = Throttle(spec["burst"], float(spec["refillPerSecond"]))
        unreadable = sub.get("unreadable", False)
        if not isinstance(unreadable, bool):
            raise TenantError(f"{where}.unreadable: must be true or false")
        try:
            self.add_subscription(
                sub_id,
                sub.get("displayName"),
                state=str(sub.get("state", "Enabled")),
                unreadable=unreadable,
                throttle=throttle,
                tags=sub.get("tags") or {},
            )
        except TenantError as exc:
            raise TenantError(f"{where}: {exc}") from None
        groups = sub.get("resourceGroups", [])
        if not isinstance(groups, list):
            raise TenantError(f"{where}.resourceGroups: must be a list")
        for j, group in enumerate(groups):
            gwhere = f"{where}.resourceGroups[{j}]"
            if not isinstance(group, Mapping):
                raise TenantError(f"{gwhere}: must be an object")
            name = _require_str(group.get("name"), "name", gwhere)
            try:
                group_id = self.add_resource_group(
                    sub_id, name, str(group.get("location", "westeurope")), group.get("tags")
                )
            except TenantError as exc:
                raise TenantError(f"{gwhere}: {exc}") from None
            resources = group.get("resources", [])
            if not isinstance(resources, list):
                raise TenantError(f"{gwhere}.resources: must be a list")
            for k, resource in enumerate(resources):
                self._read_resource(resource, group_id, None, f"{gwhere}.resources[{k}]")

    def _read_resource(
        self, resource: Any, group_id: str, parent: Mapping[str, Any] | None, where: str
    ) -> None:
        if not isinstance(resource, Mapping):
            raise TenantError(f"{where}: must be an ARM resource object")
        rtype = _require_str(resource.get("type"), "type", where)
        if "id" in resource:
            resource_id = _require_str(resource["id"], "id", where)
            scope = parent["id"] if parent is not None else group_id
            if not arm.is_within(resource_id, scope):
                raise TenantError(f"{where}: id {resource_id} is not within {scope}")
        else:
            name = _require_str(resource.get("name"), "name", where)
            if not _NAME.match(name):
                raise TenantError(f"{where}: name {name!r} is not a valid resource name")
            if parent is None:
                if rtype.count("/") != 1:
                    raise TenantError(
                        f"{where}: a top-level resource needs a type 'Namespace/type' (got "
                        f"{rtype!r}) or an explicit 'id'"
                    )
                resource_id = f"{group_id}/providers/{rtype}/{name}"
            else:
                parent_type = str(parent["type"])
                if "/" not in rtype:  # ARM-template style short child type
                    rtype = f"{parent_type}/{rtype}"
                if arm.normalize_type(rtype).rsplit("/", 1)[0] != arm.normalize_type(parent_type):
                    raise TenantError(f"{where}: type {rtype} is not a child type of {parent_type}")
                resource_id = f"{parent['id']}/{rtype.rsplit('/', 1)[1]}/{name}"
        document = {**resource, "id": resource_id, "type": rtype}
        try:
            stored = self.add(document)
        except TenantError as exc:
            raise TenantError(f"{where}: {exc}") from None
        children = resource.get("resources", [])
        if not isinstance(children, list):
            raise TenantError(f"{where}.resources: must be a list")
        for k, child in enumerate(children):
            self._read_resource(child, group_id, stored, f"{where}.resources[{k}]")
        settings = resource.get("diagnosticSettings", [])
        if not isinstance(settings, list):
            raise TenantError(f"{where}.diagnosticSettings: must be a list")
        for k, setting in enumerate(settings):
            swhere = f"{where}.diagnosticSettings[{k}]"
            if not isinstance(setting, Mapping):
                raise TenantError(f"{swhere}: must be an object with 'name' and 'properties'")
            name = _require_str(setting.get("name"), "name", swhere)
            properties = setting.get("properties", {})
            if not isinstance(properties, Mapping):
                raise TenantError(f"{swhere}.properties: must be an object")
            try:
                self.add_diagnostic_setting(resource_id, name, properties)
            except TenantError as exc:
                raise TenantError(f"{swhere}: {exc}") from None

    def to_dict(self) -> dict[str, Any]:
        """The tenant-file structure, resources flat with their ids (what `from_dict` reads)."""
        by_group: dict[tuple[str, str], list[dict[str, Any]]] = {}
        for resource in self._resources.values():
            key = (
                str(arm.subscription_of(resource["id"])).lower(),
                str(arm.resource_group_of(resource["id"])).lower(),
            )
            by_group.setdefault(key, []).append(resource)
        subscriptions: list[dict[str, Any]] = []
        for sub in self._subscriptions.values():
            entry: dict[str, Any] = {
                "subscriptionId": sub.subscription_id,
                "displayName": sub.display_name,
            }
            if sub.state != "Enabled":
                entry["state"] = sub.state
            if sub.unreadable:
                entry["unreadable"] = True
            if sub.throttle is not None:
                entry["throttle"] = {
                    "burst": sub.throttle.burst,
                    "refillPerSecond": sub.throttle.refill_per_second,
                }
            if sub.tags:
                entry["tags"] = dict(sub.tags)
            entry["resourceGroups"] = [
                {
                    "name": group.name,
                    "location": group.location,
                    **({"tags": dict(group.tags)} if group.tags else {}),
                    "resources": copy.deepcopy(
                        by_group.get((sub.subscription_id.lower(), key), [])
                    ),
                }
                for key, group in sub.resource_groups.items()
            ]
            subscriptions.append(entry)
        document: dict[str, Any] = {
            "format": TENANT_FORMAT,
            "tenantId": self.tenant_id,
            "subscriptions": subscriptions,
        }
        if self._denies:
            document["deny"] = [
                {"scope": d.scope, **({"type": d.resource_type} if d.resource_type else {})}
                for d in self._denies
            ]
        return document

    def save(self, path: Path) -> None:
        Path(path).write_text(json.dumps(self.to_dict(), indent=1), encoding="utf-8")

    # ----------------------------------------------------------------------------- serving

    def index(self) -> TenantIndex:
        """A read-only snapshot for the server; later changes to the tenant are not seen."""
        self.validate()
        return TenantIndex(self)


def _dumps(value: Any) -> bytes:
    return json.dumps(value, separators=(",", ":")).encode("utf-8")


# Collections the simulator can list even when the tenant holds none of their type, so an empty
# tenant answers `{"value": []}` rather than 404 InvalidResourceType.
LISTABLE_TYPES: tuple[str, ...] = (
    "Microsoft.MachineLearningServices/workspaces",
    "Microsoft.MachineLearningServices/registries",
    "Microsoft.MachineLearningServices/workspaces/onlineEndpoints",
    "Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments",
    "Microsoft.MachineLearningServices/workspaces/batchEndpoints",
    "Microsoft.MachineLearningServices/workspaces/batchEndpoints/deployments",
    "Microsoft.MachineLearningServices/workspaces/serverlessEndpoints",
    "Microsoft.MachineLearningServices/workspaces/computes",
    "Microsoft.MachineLearningServices/workspaces/connections",
    "Microsoft.KeyVault/vaults",
    "Microsoft.KeyVault/vaults/keys",
    "Microsoft.KeyVault/vaults/secrets",
    "Microsoft.CognitiveServices/accounts",
    "Microsoft.Storage/storageAccounts",
    "Microsoft.ContainerRegistry/registries",
    DIAGNOSTIC_SETTINGS,
)


_VAULT_KEYS = "microsoft.keyvault/vaults/keys"


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
                        "type": "Microsoft.Resources/resourceGroups",
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
            if (
                rtype.count("/") == 1
                and arm.type_of(parent) == "Microsoft.Resources/resourceGroups"
            ):
                subscription = f"/subscriptions/{arm.subscription_of(key)}"
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


def new_guid(seed_text: str) -> str:
    """A GUID derived from text, so generated tenants are the same on every run."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, seed_text))


def ids(resources: Sequence[Mapping[str, Any]]) -> list[str]:
    return [str(r["id"]) for r in resources]
