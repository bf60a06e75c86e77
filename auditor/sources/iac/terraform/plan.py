"""`terraform show -json` output (a plan, or a state): values already resolved by Terraform,
mapped through the same azurerm tables as `.tf` files.

Values Terraform knows only after apply are absent from `planned_values` and marked in the
resource's `change.after_unknown`: they become Unresolved, except a reference to another
resource's `id` in the same plan (`configuration` records it), which gets that resource's
template id so cross-resource rules can follow it. Lines are the JSON file's: the line of the
resource's `"address"` entry in the planned values.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from auditor.sources.iac.model import FileProblem, ReadResult, Span, TemplateResource, Unresolved
from auditor.sources.iac.terraform import build as builder
from auditor.sources.iac.terraform.values import AFTER_APPLY, NOTHING

AZAPI = "azapi_resource"


@dataclass(slots=True)
class PlanArguments:
    values: Mapping[str, Any]
    unknown: Any  # the matching part of after_unknown
    address: str
    line: Span
    resolve: Any  # (argument) -> value from configuration references, or NOTHING

    def get(self, name: str) -> tuple[Any, Span | None]:
        if name in self.values and self.values[name] is not None:
            value = self.values[name]
            if isinstance(value, list) and value and isinstance(value[0], dict):
                return NOTHING, None  # a nested block, not an argument
            return value, self.line
        if isinstance(self.unknown, Mapping) and self.unknown.get(name) is True:
            referenced = self.resolve(name) if self.resolve else NOTHING
            if referenced is not NOTHING:
                return referenced, self.line
            return Unresolved(f"{self.address}.{name}", AFTER_APPLY), self.line
        if name in self.values:
            return None, self.line
        return NOTHING, None

    def blocks(self, name: str) -> Sequence[PlanArguments]:
        items = self.values.get(name)
        if not isinstance(items, list):
            return []
        unknown = self.unknown.get(name) if isinstance(self.unknown, Mapping) else None
        found = []
        for index, item in enumerate(items):
            if isinstance(item, dict):
                part = (
                    unknown[index] if isinstance(unknown, list) and index < len(unknown) else None
                )
                found.append(PlanArguments(item, part, f"{self.address}.{name}", self.line, None))
        return found

    @property
    def span(self) -> Span | None:
        return self.line


def _modules(module: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    yield module
    for child in module.get("child_modules") or ():
        if isinstance(child, Mapping):
            yield from _modules(child)


def _address_lines(text: str) -> dict[str, int]:
    lines: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        start = 0
        while (found := line.find('"address"', start)) != -1:
            rest = line[found + len('"address"') :].lstrip().lstrip(":").lstrip()
            if rest.startswith('"'):
                end = rest.find('"', 1)
                lines.setdefault(rest[1:end], number)
            start = found + 1
    return lines


def _references(document: Mapping[str, Any]) -> dict[str, dict[str, str]]:
    """address -> argument -> the resource address its expression refers to with `.id`."""
    found: dict[str, dict[str, str]] = {}
    config = document.get("configuration")
    root = config.get("root_module") if isinstance(config, Mapping) else None
    for resource in (root or {}).get("resources") or ():
        if not isinstance(resource, Mapping):
            continue
        expressions = resource.get("expressions")
        if not isinstance(expressions, Mapping):
            continue
        for argument, expression in expressions.items():
            refs = expression.get("references") if isinstance(expression, Mapping) else None
            for ref in refs or ():
                if isinstance(ref, str) and ref.endswith(".id"):
                    found.setdefault(str(resource.get("address")), {})[argument] = ref[:-3]
                    break
    return found


def read_plan(file: Path, shown: str) -> ReadResult:
    try:
        text = file.read_text(encoding="utf-8-sig")
        document = json.loads(text)
    except (OSError, UnicodeDecodeError) as error:
        return ReadResult(
            problems=(FileProblem(shown, None, "UnreadableFile", f"cannot read {shown}: {error}"),)
        )
    except json.JSONDecodeError as error:
        return ReadResult(
            problems=(
                FileProblem(
                    shown,
                    error.lineno,
                    "MalformedJson",
                    f"{shown}:{error.lineno} is not valid JSON ({error.msg}); regenerate it with "
                    "`terraform show -json`",
                ),
            )
        )
    except RecursionError:
        return ReadResult(
            problems=(FileProblem(shown, None, "MalformedJson", f"{shown} is nested too deeply"),)
        )
    if not isinstance(document, Mapping) or "format_version" not in document:
        return ReadResult(skipped=(shown,))
    planned = document.get("planned_values") or document.get("values")
    root = planned.get("root_module") if isinstance(planned, Mapping) else None
    if not isinstance(root, Mapping):
        return ReadResult(skipped=(shown,))
    lines = _address_lines(text)
    changes = {
        c.get("address"): (c.get("change") or {}).get("after_unknown")
        for c in document.get("resource_changes") or ()
        if isinstance(c, Mapping)
    }
    references = _references(document)
    entries = [
        r
        for module in _modules(root)
        for r in module.get("resources") or ()
        if isinstance(r, Mapping) and r.get("mode") == "managed"
    ]
    ids: dict[str, Any] = {}

    def argument_line(address: str) -> Span:
        number = lines.get(address, 1)
        return Span(number, number)

    def args_of(entry: Mapping[str, Any]) -> PlanArguments:
        address = str(entry.get("address"))
        base = address.split("[", 1)[0]

        def resolve(argument: str) -> Any:
            target = references.get(base, {}).get(argument)
            return id_of(target) if target else NOTHING

        raw = entry.get("values")
        values: Mapping[str, Any] = raw if isinstance(raw, Mapping) else {}
        return PlanArguments(values, changes.get(address), address, argument_line(address), resolve)

    by_address = {str(e.get("address")).split("[", 1)[0]: e for e in entries}

    def id_of(address: str) -> Any:
        if address in ids:
            return ids[address]
        entry = by_address.get(address)
        if entry is None:
            return NOTHING
        ids[address] = Unresolved(f"{address}.id", "it refers to itself")
        ids[address] = _arm_id(str(entry.get("type")), args_of(entry))
        return ids[address]

    resources: list[TemplateResource] = []
    for entry in entries:
        kind = str(entry.get("type"))
        table = builder.table_for(kind)
        if table is None and kind != AZAPI:
            continue
        args = args_of(entry)
        address = str(entry.get("address"))
        resource_id = id_of(address.split("[", 1)[0]) if "[" not in address else _arm_id(kind, args)
        if kind == AZAPI:
            arm_type = _azapi_type(args)
            built = _azapi_body(args)
        else:
            assert table is not None
            arm_type = table.arm_type
            built = builder.build(table, args)
        identifier = resource_id if isinstance(resource_id, str) else f"{arm_type}/{address}"
        name, _ = args.get("name")
        body: dict[str, Any] = {"id": identifier, "name": name, "type": arm_type}
        for argument in ("location", "tags"):
            value, _ = args.get(argument)
            if value is not NOTHING:
                body[argument] = value
        body.update(built.body)
        resources.append(
            TemplateResource(
                id=identifier,
                type=arm_type,
                body=body,
                path=shown,
                block=argument_line(address),
                positions={},
            )
        )
    return ReadResult(resources=tuple(resources))


def _azapi_type(args: PlanArguments) -> str:
    value, _ = args.get("type")
    return value.split("@", 1)[0] if isinstance(value, str) else "azapi_resource"


def _azapi_body(args: PlanArguments) -> builder.Built:
    value, _ = args.get("body")
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            value = Unresolved(value[:80], "azapi body is not a JSON object")
    body: dict[str, Any] = {"properties": {}}
    if isinstance(value, Mapping):
        body.update({k: v for k, v in value.items() if k not in ("name", "type", "id")})
    elif isinstance(value, Unresolved):
        body["properties"] = value
    return builder.Built(body, {})


def _arm_id(kind: str, args: PlanArguments) -> Any:
    name, _ = args.get("name")
    group, _ = args.get("resource_group_name")
    if kind == AZAPI:
        parent, _ = args.get("parent_id")
        return builder.arm_id(kind, _azapi_type(args), name, parent, NOTHING)
    table = builder.table_for(kind)
    if table is not None:
        parent = args.get(table.parent)[0] if table.parent else NOTHING
        if table.group_from and group is NOTHING:
            group = builder.group_of(args.get(table.group_from)[0])
        return builder.arm_id(kind, table.arm_type, name, parent, group)
    levels = builder.id_levels(kind)
    if levels is None:
        existing, _ = args.get("id")
        return existing if isinstance(existing, str) else NOTHING
    arm_type, level_args = levels
    parents = [args.get(a)[0] for a in level_args]
    return builder.arm_id(kind, arm_type, name, NOTHING, group, parents)
