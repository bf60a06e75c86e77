"""The tenant file format (docs/simulator.md, schema in auditor/schemas/tenant.schema.json):
reading one into a Tenant and writing a Tenant out.

The schema checks the document's shape and gives its one-line errors; the Tenant checks what makes
sense however a tenant is built (GUIDs, ids within their scope, duplicates, parents). Either way the
error says the file and the JSON path: `tenant.json: subscriptions[0].throttle: must be ...`.

A file may nest: resources under their group, children under their parent (`resources`, with a
short child type like `onlineEndpoints` completed from the parent's) and `diagnosticSettings` under
their target; or give every resource flat with its full `id`, which is what `save_tenant` writes.
A subscription's `authorization` lists its role assignments, custom role definitions, deny
assignments and PIM eligibility instances (full ids, at any scope in it) and its `activityLog` its
Activity Log events, as ARM returns them.
"""

from __future__ import annotations

import contextlib
import copy
import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from auditor.core import schemas
from auditor.core.files import read_json
from auditor.inventory import arm
from auditor.inventory.resource_types import AUTHORIZATION
from auditor.simulator.errors import TenantError
from auditor.simulator.tenant import DEFAULT_TENANT_ID, NAME, Tenant, Throttle

TENANT_FORMAT = "aml-audit-tenant/1"
SCHEMA = "tenant"
# Keys of a tenant-file resource that nest more of the tenant in it: never served as its JSON.
_NESTING_KEYS = ("resources", "diagnosticSettings")


def load_tenant(path: Path) -> Tenant:
    """The tenant in the file at `path`; any problem is a one-line TenantError naming the file."""
    document = read_json(
        path,
        TenantError,
        not_found="tenant file not found",
        unreadable="cannot read the tenant file",
    )
    return tenant_from_document(document, str(path))


def tenant_from_document(document: Any, where: str = "tenant") -> Tenant:
    """Reads a parsed tenant file; `where` (the file) starts every error message."""
    schemas.validate(document, SCHEMA, where, TenantError)
    try:
        tenant = Tenant(document.get("tenantId", DEFAULT_TENANT_ID))
        for i, subscription in enumerate(document["subscriptions"]):
            _read_subscription(tenant, subscription, f"subscriptions[{i}]")
        for i, entry in enumerate(document.get("deny", [])):
            with _at(f"deny[{i}]"):
                tenant.deny(entry["scope"], entry.get("type"))
        tenant.validate()
    except TenantError as exc:
        raise TenantError(f"{where}: {exc}") from None
    return tenant


@contextlib.contextmanager
def _at(where: str) -> Iterator[None]:
    """Prefixes a TenantError raised inside with the JSON path it concerns."""
    try:
        yield
    except TenantError as exc:
        raise TenantError(f"{where}: {exc}") from None


def _read_subscription(tenant: Tenant, sub: Mapping[str, Any], where: str) -> None:
    spec = sub.get("throttle")
    throttle = (
        None if spec is None else Throttle(int(spec["burst"]), float(spec["refillPerSecond"]))
    )
    with _at(where):
        tenant.add_subscription(
            sub["subscriptionId"],
            sub.get("displayName"),
            state=sub.get("state", "Enabled"),
            unreadable=sub.get("unreadable", False),
            throttle=throttle,
            tags=sub.get("tags") or {},
        )
    for j, group in enumerate(sub.get("resourceGroups", [])):
        group_where = f"{where}.resourceGroups[{j}]"
        with _at(group_where):
            group_id = tenant.add_resource_group(
                sub["subscriptionId"],
                group["name"],
                group.get("location", "westeurope"),
                group.get("tags"),
            )
        for k, resource in enumerate(group.get("resources", [])):
            _read_resource(tenant, resource, group_id, None, f"{group_where}.resources[{k}]")
    for k, fact in enumerate(sub.get("authorization", [])):
        with _at(f"{where}.authorization[{k}]"):
            if not arm.is_within(str(fact["id"]), f"/subscriptions/{sub['subscriptionId']}"):
                raise TenantError(f"id {fact['id']} is not within the subscription")
            tenant.add_authorization(fact)
    for k, setting in enumerate(sub.get("settings", [])):
        with _at(f"{where}.settings[{k}]"):
            if not arm.is_within(str(setting["id"]), f"/subscriptions/{sub['subscriptionId']}"):
                raise TenantError(f"id {setting['id']} is not within the subscription")
            tenant.add_subscription_setting(setting)
    for k, event in enumerate(sub.get("activityLog", [])):
        with _at(f"{where}.activityLog[{k}]"):
            tenant.add_event(sub["subscriptionId"], event)


def _read_resource(
    tenant: Tenant,
    resource: Mapping[str, Any],
    group_id: str,
    parent: Mapping[str, Any] | None,
    where: str,
) -> None:
    with _at(where):
        resource_id, rtype = _identify(resource, group_id, parent)
        served = {k: v for k, v in resource.items() if k not in _NESTING_KEYS}
        stored = tenant.add({**served, "id": resource_id, "type": rtype})
    for k, child in enumerate(resource.get("resources", [])):
        _read_resource(tenant, child, group_id, stored, f"{where}.resources[{k}]")
    for k, setting in enumerate(resource.get("diagnosticSettings", [])):
        with _at(f"{where}.diagnosticSettings[{k}]"):
            tenant.add_diagnostic_setting(
                resource_id, setting["name"], setting.get("properties", {})
            )


def _identify(
    resource: Mapping[str, Any], group_id: str, parent: Mapping[str, Any] | None
) -> tuple[str, str]:
    """The resource's id and full type: given, or built from its name under group or parent."""
    rtype: str = resource["type"]
    if "id" in resource:
        resource_id: str = resource["id"]
        scope = parent["id"] if parent is not None else group_id
        if not arm.is_within(resource_id, scope):
            raise TenantError(f"id {resource_id} is not within {scope}")
        return resource_id, rtype
    name: str = resource["name"]
    if not NAME.match(name):
        raise TenantError(f"name {name!r} is not a valid resource name")
    if parent is None:
        if rtype.count("/") != 1:
            raise TenantError(
                f"a top-level resource needs a type 'Namespace/type' (got {rtype!r}) or an "
                "explicit 'id'"
            )
        return f"{group_id}/providers/{rtype}/{name}", rtype
    parent_type = str(parent["type"])
    if "/" not in rtype:  # ARM-template style short child type
        rtype = f"{parent_type}/{rtype}"
    if arm.normalize_type(rtype).rsplit("/", 1)[0] != arm.normalize_type(parent_type):
        raise TenantError(f"type {rtype} is not a child type of {parent_type}")
    return f"{parent['id']}/{rtype.rsplit('/', 1)[1]}/{name}", rtype


def tenant_document(tenant: Tenant) -> dict[str, Any]:
    """The tenant-file structure, resources flat with their ids (what `tenant_from_document`
    reads back)."""
    by_group: dict[tuple[str, str], list[dict[str, Any]]] = {}
    authorization: dict[str, list[dict[str, Any]]] = {}
    settings: dict[str, list[dict[str, Any]]] = {}  # on the subscription, outside any group
    for resource in tenant.resources():
        subscription = str(arm.subscription_of(resource["id"])).lower()
        if str(resource["type"]).lower().startswith(AUTHORIZATION.lower() + "/"):
            authorization.setdefault(subscription, []).append(copy.deepcopy(resource))
            continue
        if arm.resource_group_of(resource["id"]) is None:
            settings.setdefault(subscription, []).append(copy.deepcopy(resource))
            continue
        key = (
            str(arm.subscription_of(resource["id"])).lower(),
            str(arm.resource_group_of(resource["id"])).lower(),
        )
        by_group.setdefault(key, []).append(resource)
    subscriptions: list[dict[str, Any]] = []
    for sub in tenant.subscriptions:
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
                "resources": copy.deepcopy(by_group.get((sub.subscription_id.lower(), key), [])),
            }
            for key, group in sub.resource_groups.items()
        ]
        if authorization.get(sub.subscription_id.lower()):
            entry["authorization"] = authorization[sub.subscription_id.lower()]
        if settings.get(sub.subscription_id.lower()):
            entry["settings"] = settings[sub.subscription_id.lower()]
        if tenant.events(sub.subscription_id):
            entry["activityLog"] = copy.deepcopy(tenant.events(sub.subscription_id))
        subscriptions.append(entry)
    document: dict[str, Any] = {
        "format": TENANT_FORMAT,
        "tenantId": tenant.tenant_id,
        "subscriptions": subscriptions,
    }
    if tenant.denied_scopes:
        document["deny"] = [
            {"scope": d.scope, **({"type": d.resource_type} if d.resource_type else {})}
            for d in tenant.denied_scopes
        ]
    return document


def save_tenant(tenant: Tenant, path: Path) -> None:
    Path(path).write_text(json.dumps(tenant_document(tenant), indent=1), encoding="utf-8")
