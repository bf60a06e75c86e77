"""From one resource's arguments to a TemplateResource body, through the azurerm tables.

The arguments come from an HCL block (evaluated, with the lines that set them) or from a plan's
resolved values (`plan.py`); `Arguments` is what both give.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from auditor.sources.iac.model import (
    TEMPLATE_RESOURCE_GROUP,
    TEMPLATE_SUBSCRIPTION,
    Span,
    Unresolved,
    template_id,
)
from auditor.sources.iac.terraform.azurerm import (
    ID_ONLY,
    PRIVATE_SERVICE_CONNECTION,
    TABLES,
    ResourceMap,
)
from auditor.sources.iac.terraform.values import NOTHING


class Arguments(Protocol):
    """One block's arguments: a value and the lines that set it (NOTHING when not written)."""

    def get(self, name: str) -> tuple[Any, Span | None]: ...

    def blocks(self, name: str) -> Sequence[Arguments]: ...

    @property
    def span(self) -> Span | None: ...


@dataclass(slots=True)
class Built:
    body: dict[str, Any]
    positions: dict[str, Span]


def arm_id(
    resource_type: str,
    arm_type: str,
    name: Any,
    parent: Any,
    group: Any,
    levels: Sequence[Any] = (),
) -> str:
    """The id the deployment would give the resource: under its parent's id when it is a child,
    else under its resource group (the placeholder group when the group is unknown).

    An unknown name stands as its expression: `<type>/<expression>` for a top-level resource (as
    the model asks), `<parent id>/<collection>/<expression>` for a child, so a child stays under
    its parent's id, whatever that is, and the rules still find a workspace's computes."""
    shown = _written(name)
    if parent is not NOTHING:
        if not isinstance(parent, str) or not parent:
            return f"{arm_type}/{_written(parent)}/{shown}"
        if arm_type.lower() == "microsoft.insights/diagnosticsettings":
            return f"{parent.rstrip('/')}/providers/{arm_type}/{shown}"
        return child_id(parent, arm_type, shown)
    if not isinstance(name, str):
        return f"{arm_type}/{shown}"
    if any(not isinstance(n, str) for n in levels):
        bad = next(n for n in levels if not isinstance(n, str))
        return f"{arm_type}/{_written(bad)}/{name}"
    if arm_type.lower() == "microsoft.resources/resourcegroups":
        return f"/subscriptions/{TEMPLATE_SUBSCRIPTION}/resourceGroups/{name}"
    rg = group if isinstance(group, str) and group else TEMPLATE_RESOURCE_GROUP
    return template_id(arm_type, [*levels, name], rg)


def _written(value: Any) -> str:
    """A name as it stands in an id: itself, or the expression of an unknown one, whose `/`s
    are escaped as in a URL so that they do not split the id into more segments."""
    if isinstance(value, str):
        return value
    if isinstance(value, Unresolved):
        return value.expression.replace("/", "%2F")
    return json.dumps(value, default=str).replace("/", "%2F")


def child_id(parent: str, arm_type: str, name: str) -> str:
    """A child's id: the parent's id and the type's last segment, or an extension resource
    (`{scope}/providers/{type}/{name}`) when the type has one level below its provider and the
    parent is not of the type above it."""
    levels = arm_type.split("/")[1:]
    if len(levels) == 1:
        return f"{parent.rstrip('/')}/providers/{arm_type}/{name}"
    return f"{parent.rstrip('/')}/{levels[-1]}/{name}"


def put(body: dict[str, Any], path: str, value: Any) -> None:
    parts = path.split(".")
    node = body
    for part in parts[:-1]:
        child = node.get(part)
        if not isinstance(child, dict):
            child = {}
            node[part] = child
        node = child
    node[parts[-1]] = value


def _lookup(args: Arguments, path: str) -> tuple[Any, Span | None, Span | None]:
    """An argument, possibly `block.argument` in the block's first instance: value, its lines,
    and the block's lines."""
    if "." not in path:
        value, span = args.get(path)
        return value, span, None
    block_name, rest = path.split(".", 1)
    blocks = args.blocks(block_name)
    if not blocks:
        return NOTHING, None, None
    value, span, _ = _lookup(blocks[0], rest)
    return value, span, blocks[0].span


def build(table: ResourceMap, args: Arguments) -> Built:
    """The ARM body the table makes of the arguments (without name, type and id)."""
    # A resource read from a file always has its properties, even when empty: absent means
    # "not set", never "not collected".
    body: dict[str, Any] = {"properties": {}}
    positions: dict[str, Span] = {}
    for key, value in table.fixed.items():
        put(body, key, value)
    for arg in table.args:
        value, span, block_span = _lookup(args, arg.tf)
        if value is NOTHING or value is None:
            # An omitted argument (or null, which Terraform treats as omitted) deploys the
            # provider's documented default.
            if arg.default is NOTHING or (block_span is None and "." in arg.tf):
                continue
            if _get(body, arg.arm) is not None:
                continue  # another spelling of the argument (an older provider's) set it
            value, span = arg.default, None
        put(body, arg.arm, arg.convert(value))
        if span is not None:
            positions[arg.arm.lower()] = span
        if block_span is not None:
            parent = arg.arm.rsplit(".", 1)[0].lower()
            positions.setdefault(parent, block_span)
    for present in table.present:
        blocks = args.blocks(present.block)
        doubt = getattr(blocks[0], "doubt", None) if blocks else None
        if doubt is not None:
            put(body, present.arm, doubt)  # a dynamic block that may not be written
        elif blocks:
            put(body, present.arm, present.when_present)
            if blocks[0].span is not None:
                positions[present.arm.lower()] = blocks[0].span
        elif present.when_absent is not NOTHING:
            put(body, present.arm, present.when_absent)
    for block_path, arm_path, keys, constants in table.lists:
        items = _list_items(args, block_path, keys, constants)
        if items[0]:
            existing = _get(body, arm_path)
            put(body, arm_path, (existing if isinstance(existing, list) else []) + items[0])
            if items[1] is not None:
                positions.setdefault(arm_path.lower(), items[1])
    if table.credentials:
        kind = "None"
        for argument, credential in table.credentials.items():
            value, span = args.get(argument)
            if value is not NOTHING and value is not None:
                kind = credential
                if span is not None:
                    positions["properties.credentials.credentialstype"] = span
        put(body, "properties.credentials.credentialsType", kind)
    for path, (written, reason) in table.unknown.items():
        put(body, path, Unresolved(written, reason))
    if table.identity:
        _identity(args, body, positions)
    if table.arm_type.lower() == "microsoft.network/privateendpoints":
        _private_endpoint(args, body, positions)
    if table.arm_type.lower() == "microsoft.keyvault/vaults/keys":
        _notify_before_expiry(args, body, positions)
    return Built(body, positions)


def _notify_before_expiry(
    args: Arguments, body: dict[str, Any], positions: dict[str, Span]
) -> None:
    policies = args.blocks("rotation_policy")
    if not policies:
        return
    value, span = policies[0].get("notify_before_expiry")
    if value is NOTHING or value is None:
        return
    actions = _get(body, "properties.rotationPolicy.lifetimeActions")
    notify = {"trigger": {"timeBeforeExpiry": value}, "action": {"type": "Notify"}}
    put(body, "properties.rotationPolicy.lifetimeActions", [*(actions or []), notify])
    if span is not None:
        positions.setdefault("properties.rotationpolicy.lifetimeactions", span)


def _get(body: Mapping[str, Any], path: str) -> Any:
    node: Any = body
    for part in path.split("."):
        if not isinstance(node, Mapping) or part not in node:
            return None
        node = node[part]
    return node


def _list_items(
    args: Arguments, block_path: str, keys: Mapping[str, str], constants: Mapping[str, Any]
) -> tuple[list[dict[str, Any]], Span | None]:
    if "." in block_path:
        outer, inner = block_path.split(".", 1)
        parents = args.blocks(outer)
        if not parents:
            return [], None
        return _list_items(parents[0], inner, keys, constants)
    blocks = args.blocks(block_path)
    items: list[dict[str, Any]] = []
    for block in blocks:
        item: dict[str, Any] = json.loads(json.dumps(constants))
        for argument, key in keys.items():
            value, _ = block.get(argument)
            if value is not NOTHING and value is not None:
                put(item, key, value)
        items.append(item)
    return items, (blocks[0].span if blocks else None)


def _identity(args: Arguments, body: dict[str, Any], positions: dict[str, Span]) -> None:
    blocks = args.blocks("identity")
    if not blocks:
        return
    block = blocks[0]
    identity: dict[str, Any] = {}
    kind, kind_span = block.get("type")
    if kind is not NOTHING:
        identity["type"] = kind
        if kind_span is not None:
            positions["identity.type"] = kind_span
    ids, ids_span = block.get("identity_ids")
    if isinstance(ids, list):
        identity["userAssignedIdentities"] = {
            (i if isinstance(i, str) else json.dumps(getattr(i, "expression", repr(i)))): {}
            for i in ids
        }
    elif ids is not NOTHING and ids is not None:
        identity["userAssignedIdentities"] = ids
    if ids_span is not None:
        positions["identity.userassignedidentities"] = ids_span
    body["identity"] = identity
    if block.span is not None:
        positions["identity"] = block.span


def _private_endpoint(args: Arguments, body: dict[str, Any], positions: dict[str, Span]) -> None:
    for block in args.blocks("private_service_connection"):
        manual, _ = block.get("is_manual_connection")
        key = (
            "manualPrivateLinkServiceConnections"
            if manual is True
            else "privateLinkServiceConnections"
        )
        name, _ = block.get("name")
        connection: dict[str, Any] = {"properties": {}}
        if name is not NOTHING:
            connection["name"] = name
        for argument, arm_key in PRIVATE_SERVICE_CONNECTION.items():
            value, _ = block.get(argument)
            if value is not NOTHING and value is not None:
                connection["properties"][arm_key] = value
        body.setdefault("properties", {}).setdefault(key, []).append(connection)
        if block.span is not None:
            positions.setdefault(f"properties.{key.lower()}", block.span)


def group_of(resource_id: Any) -> Any:
    """The resource group an ARM id names (`/subscriptions/s/resourceGroups/<group>/...`)."""
    if not isinstance(resource_id, str):
        return NOTHING
    parts = resource_id.split("/")
    for index, part in enumerate(parts[:-1]):
        if part.lower() == "resourcegroups":
            return parts[index + 1]
    return NOTHING


def id_levels(resource_type: str) -> tuple[str, tuple[str, ...]] | None:
    return ID_ONLY.get(resource_type)


def table_for(resource_type: str) -> ResourceMap | None:
    return TABLES.get(resource_type)
