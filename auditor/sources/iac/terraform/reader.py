"""The Terraform reader: `.tf` modules (one directory each, with their `.tfvars`), local modules
called with `source = "./dir"`, and `terraform show -json` plans.

Variables take, in Terraform's order of precedence: the declared default, `terraform.tfvars`,
`*.auto.tfvars` (alphabetically), then each `--parameters FILE`. Environment variables
(`TF_VAR_*`) are not read: lint judges the files, the same on every machine.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from auditor.sources.iac.model import (
    FileProblem,
    InlineSuppression,
    ReadOptions,
    ReadResult,
    Span,
    TemplateResource,
    Unresolved,
    relative,
)
from auditor.sources.iac.terraform import build as builder
from auditor.sources.iac.terraform.syntax import Block, HclFile, HclSyntaxError, parse, source_text
from auditor.sources.iac.terraform.values import (
    NOTHING,
    Env,
    Instance,
    JsonText,
    ModuleScope,
    Resource,
    holds_unresolved,
    object_positions,
)

MAX_MODULE_DEPTH = 8
LOCAL_SOURCE = re.compile(r'^\s*source\s*=\s*"(\.\.?/[^"]*)"', re.MULTILINE)
SUPPRESSION = re.compile(r"(?:#|//)\s*aml-audit:ignore\s+([A-Za-z]+\d+)\b[ \t]*(.*)$")
COMMENT = re.compile(r"^\s*(?:#|//|/\*|\*)")


def is_plan_head(head: str) -> bool:
    return '"format_version"' in head and (
        '"planned_values"' in head or '"terraform_version"' in head
    )


class TerraformReader:
    name = "terraform"

    def claims(self, path: Path, head: str) -> bool:
        if ".terraform" in path.parts:
            return False  # Terraform's own working folder: downloaded modules and providers
        name = path.name.lower()
        if name.endswith((".tf", ".tfvars", ".tfvars.json")):
            return True
        return name.endswith(".json") and is_plan_head(head)

    def parts(self, files: Sequence[Path], root: Path, options: ReadOptions) -> list[list[Path]]:
        """Parts that read alone give what reading all the files gives (parallel.py): each plan,
        then each folder with its .tfvars, in the order `read` takes them; all the files as one
        part when a folder calls a local module (a called module is read through its caller,
        with the caller's inputs)."""
        plans: list[list[Path]] = []
        folders: dict[Path, list[Path]] = {}
        for file in files:
            lower = file.name.lower()
            if lower.endswith(".json") and not lower.endswith(".tfvars.json"):
                plans.append([file])
            else:
                folders.setdefault(file.parent, []).append(file)
        loader = Loader(root, options)
        if any(True for folder in folders for _ in loader.local_calls(folder)):
            return [list(files)]
        return plans + [folders[folder] for folder in sorted(folders)]

    def read(self, files: Sequence[Path], root: Path, options: ReadOptions) -> ReadResult:
        from auditor.sources.iac.terraform import plan

        resources: list[TemplateResource] = []
        problems: list[FileProblem] = []
        skipped: list[str] = []
        modules: dict[Path, list[Path]] = {}
        for file in files:
            lower = file.name.lower()
            if lower.endswith(".json") and not lower.endswith(".tfvars.json"):
                planned = plan.read_plan(file, relative(file, root))
                resources.extend(planned.resources)
                problems.extend(planned.problems)
                skipped.extend(planned.skipped)
                continue
            modules.setdefault(file.parent, []).append(file)
        loader = Loader(root, options)
        folders = [
            folder
            for folder in sorted(modules)
            if any(f.name.lower().endswith(".tf") for f in modules[folder])  # not .tfvars alone
        ]
        called = {d for folder in folders for d in loader.local_calls(folder)}
        # A module another one calls is read through its caller, with its inputs; modules that
        # only call each other (a cycle) are read on their own.
        ordered = [f for f in folders if f.resolve() not in called]
        ordered += [f for f in folders if f.resolve() in called]
        for folder in ordered:
            if folder.resolve() in loader.instantiated:
                continue
            try:
                result = loader.root_module(folder)
                loader.forget()
            except RecursionError:
                loader.forget()
                shown = relative(folder, root)
                problems.append(
                    FileProblem(
                        shown,
                        None,
                        "HclTooDeep",
                        f"the Terraform module in {shown} nests expressions or modules too deeply "
                        "to evaluate; simplify it or exclude it with --exclude",
                    )
                )
                continue
            resources.extend(result.resources)
            problems.extend(result.problems)
        return ReadResult(tuple(resources), tuple(dict.fromkeys(problems)), tuple(skipped))


# --- arguments of an HCL block, evaluated -----------------------------------------------------


@dataclass(slots=True)
class HclArguments:
    scope: ModuleScope
    instance: Instance
    block: Block
    names: Mapping[str, Any] = field(default_factory=dict)  # a dynamic block's iterator
    outer: Block | None = None  # the `dynamic` block this content was written in
    # Why the block may or may not exist (a dynamic block whose for_each is unknown), else None.
    doubt: Unresolved | None = None

    @property
    def certain(self) -> bool:
        return self.doubt is None

    def get(self, name: str) -> tuple[Any, Span | None]:
        attribute = self.block.attributes.get(name)
        if attribute is None:
            return NOTHING, None
        span = attribute.span if self._here(attribute.source) else None
        if self.doubt is not None:
            return self.doubt, span
        env = Env(self.instance, self.names)
        return self.scope.evaluate(attribute.expr, attribute.source, env), span

    def _here(self, source: str) -> bool:
        """Whether lines from `source` are lines of the resource's file (an override file's
        are not: the finding then points at the resource block)."""
        return source is self.instance.resource.text

    def blocks(self, name: str) -> Sequence[HclArguments]:
        found = [
            HclArguments(self.scope, self.instance, b, self.names)
            for b in self.block.blocks_of(name)
        ]
        for dynamic in self.block.blocks_of("dynamic"):
            if dynamic.labels[:1] == (name,):
                found.extend(self._dynamic(dynamic))
        return found

    def _dynamic(self, block: Block) -> list[HclArguments]:
        """`dynamic "x" { for_each = ...; content { ... } }`: one block per element, its
        iterator (`x.key`, `x.value`, or the `iterator` name) bound; an unknown for_each gives
        one block whose existence and values are unknown."""
        content = block.first("content") or block
        label = block.labels[0] if block.labels else "dynamic"
        iterator = block.attributes.get("iterator")
        name = source_text(iterator.expr, iterator.source) if iterator else label
        each = block.attributes.get("for_each")
        env = Env(self.instance, self.names)
        value: Any = (
            self.scope.evaluate(each.expr, each.source, env)
            if each is not None
            else Unresolved(f"dynamic {label!r}", "it has no for_each")
        )
        items: list[tuple[Any, Any]] | None = None
        if isinstance(value, Mapping) and not holds_unresolved(list(value)):
            items = list(value.items())
        elif isinstance(value, list):
            items = list(enumerate(value))
        if items is None:
            reason = (
                value.reason if isinstance(value, Unresolved) else "for_each is not a collection"
            )
            doubt = Unresolved(f"dynamic {label!r}", f"whether it is written is unknown: {reason}")
            return [HclArguments(self.scope, self.instance, content, self.names, block, doubt)]
        return [
            HclArguments(
                self.scope,
                self.instance,
                content,
                {**self.names, name: {"key": key, "value": item}},
                block,
            )
            for key, item in items
        ]

    @property
    def span(self) -> Span | None:
        block = self.outer or self.block
        sources = [a.source for a in self.block.attributes.values()]
        if sources and not self._here(sources[0]):
            return None
        return block.span


# --- modules -----------------------------------------------------------------------------------


@dataclass(slots=True)
class ModuleResult:
    resources: list[TemplateResource] = field(default_factory=list)
    problems: list[FileProblem] = field(default_factory=list)
    outputs: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Parsed:
    files: list[HclFile]
    problems: list[FileProblem]


class Loader:
    def __init__(self, root: Path, options: ReadOptions) -> None:
        self.root = root
        self.options = options
        self._parsed: dict[Path, Parsed] = {}
        self.instantiated: set[Path] = set()  # folders read, as a root or through a call

    def parsed(self, folder: Path) -> Parsed:
        key = folder.resolve()
        if key not in self._parsed:
            files: list[HclFile] = []
            problems: list[FileProblem] = []
            for path in sorted(folder.glob("*.tf")):
                hcl, problem = self._parse(path)
                if hcl is not None:
                    files.append(hcl)
                if problem is not None:
                    problems.append(problem)
            self._parsed[key] = Parsed(files, problems)
        return self._parsed[key]

    def _parse(self, path: Path) -> tuple[HclFile | None, FileProblem | None]:
        shown = relative(path, self.root)
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            reason = (
                "it is not UTF-8 text"
                if isinstance(error, UnicodeDecodeError)
                else str(error.strerror or error)
            )
            return None, FileProblem(
                shown, None, "UnreadableFile", f"cannot read {shown}: {reason}"
            )
        try:
            return parse(shown, text), None
        except HclSyntaxError as error:
            where = f"{shown}:{error.line}" if error.line else shown
            return None, FileProblem(
                shown,
                error.line,
                "HclSyntaxError",
                f"{where} is not valid HCL ({error.message}); fix the syntax "
                "(`terraform validate` shows the error)",
            )

    def local_calls(self, folder: Path) -> Iterator[Path]:
        """The folders this module's files seem to call as local modules, read from their text
        without parsing it: this only orders the reading (a folder named here waits for its
        caller, and is read on its own if no caller reads it), so a match in a comment costs
        nothing, and no parse tree is held for every module at once."""
        for path in sorted(folder.glob("*.tf")):
            try:
                text = path.read_text(encoding="utf-8-sig")
            except (OSError, UnicodeDecodeError):
                continue
            for match in LOCAL_SOURCE.finditer(text):
                target = (folder / match.group(1)).resolve()
                if target != folder.resolve():
                    yield target

    def forget(self) -> None:
        """Drop the parse trees read so far (a root module and the modules it called)."""
        self._parsed.clear()

    def root_module(self, folder: Path) -> ModuleResult:
        values, problems = self._tfvars(folder)
        result = self.module(folder, values, "", 0, ())
        result.problems[:0] = problems
        return result

    def _tfvars(self, folder: Path) -> tuple[dict[str, tuple[Any, str]], list[FileProblem]]:
        auto = [folder / "terraform.tfvars", folder / "terraform.tfvars.json"]
        auto += sorted(
            p for p in folder.glob("*.auto.tfvars*") if p.name.endswith((".tfvars", ".tfvars.json"))
        )
        values: dict[str, tuple[Any, str]] = {}
        problems: list[FileProblem] = []
        for path in [*auto, *self.options.parameters]:
            # --parameters may also name another format's file (an ARM parameters file).
            if not path.is_file() or not path.name.lower().endswith((".tfvars", ".tfvars.json")):
                continue
            shown = relative(path, self.root)
            if path.name.lower().endswith(".json"):
                try:
                    data = json.loads(path.read_text(encoding="utf-8-sig"))
                except (OSError, UnicodeDecodeError, ValueError) as error:
                    problems.append(
                        FileProblem(
                            shown,
                            getattr(error, "lineno", None),
                            "MalformedJson",
                            f"{shown} is not valid JSON; fix it or remove it",
                        )
                    )
                    continue
                if isinstance(data, dict):
                    values.update({k: (v, shown) for k, v in data.items()})
                continue
            hcl, problem = self._parse(path)
            if problem is not None:
                problems.append(problem)
            if hcl is None:
                continue
            empty = ModuleScope({}, {}, {}, {}, {})
            for name, attribute in hcl.body.attributes.items():
                values[name] = (empty.evaluate(attribute.expr, attribute.source, Env()), shown)
        return values, problems

    def module(
        self,
        folder: Path,
        values: Mapping[str, tuple[Any, str]],
        prefix: str,
        depth: int,
        calling: tuple[Path, ...],
        condition: str | None = None,
    ) -> ModuleResult:
        parsed = self.parsed(folder)
        self.instantiated.add(folder.resolve())
        result = ModuleResult(problems=list(parsed.problems))
        variables: dict[str, Block] = {}
        locals_: dict[str, Any] = {}
        resources: dict[str, Resource] = {}
        modules: dict[str, Block] = {}
        outputs: dict[str, Any] = {}
        # Override files (`override.tf`, `*_override.tf`) are merged last, into the blocks they
        # name, as Terraform does: their arguments replace the original's, and a nested block
        # type they write replaces the original's blocks of that type.
        ordered = sorted(parsed.files, key=lambda f: _is_override(f.path))
        for hcl in ordered:
            override = _is_override(hcl.path)
            for block in hcl.body.blocks:
                labels = block.labels
                if block.type == "variable" and labels:
                    variables[labels[0]] = _merged(variables.get(labels[0]), block, override)
                elif block.type == "locals":
                    locals_.update(block.attributes)
                elif block.type in ("resource", "data") and len(labels) >= 2:
                    res = Resource(block.type, labels[0], labels[1], block, hcl.path, hcl.text)
                    original = resources.get(res.address)
                    if override and original is not None:
                        res = replace(original, block=_merged(original.block, block, True))
                    resources[res.address] = res
                elif block.type == "module" and labels:
                    modules[labels[0]] = _merged(modules.get(labels[0]), block, override)
                elif block.type == "output" and labels:
                    outputs[labels[0]] = _merged(outputs.get(labels[0]), block, override)
        children: dict[str, ModuleResult | None] = {}

        def outputs_of(name: str) -> Mapping[str, Any] | None:
            if name not in children:
                children[name] = self._call(
                    scope, folder, name, modules[name], prefix, depth, calling, condition
                )
            child = children[name]
            return child.outputs if child is not None else None

        scope = ModuleScope(variables, values, locals_, resources, modules, outputs_of)
        mapper = Mapper(scope, prefix)
        scope.computed = mapper.computed
        for name in modules:
            outputs_of(name)
        for resource in resources.values():
            if resource.mode != "resource":
                continue
            result.resources.extend(mapper.resources(resource, condition))
            result.problems.extend(mapper.problems)
            mapper.problems.clear()
        for child in children.values():
            if child is not None:
                result.resources.extend(child.resources)
                result.problems.extend(child.problems)
        for name, block in outputs.items():
            value = block.attributes.get("value")
            result.outputs[name] = (
                scope.evaluate(value.expr, value.source, Env()) if value is not None else None
            )
        return result

    def _call(
        self,
        scope: ModuleScope,
        folder: Path,
        name: str,
        block: Block,
        prefix: str,
        depth: int,
        calling: tuple[Path, ...],
        condition: str | None,
    ) -> ModuleResult | None:
        target = _local_source(block, folder)
        if target is None or not target.is_dir():
            return None  # a registry or git module: its outputs leave the files
        if depth >= MAX_MODULE_DEPTH or target.resolve() in calling:
            return None
        inputs: dict[str, tuple[Any, str]] = {}
        for argument, attribute in block.attributes.items():
            if argument in ("source", "version", "providers", "depends_on", "count", "for_each"):
                continue
            inputs[argument] = (scope.evaluate(attribute.expr, attribute.source, Env()), "module")
        counted = block.attributes.get("count") or block.attributes.get("for_each")
        if counted is not None:
            from auditor.sources.iac.terraform.syntax import source_text

            written = f"module.{name}: {counted.name} = {source_text(counted.expr, counted.source)}"
            condition = f"{condition}; {written}" if condition else written
        return self.module(
            target,
            inputs,
            f"{prefix}module.{name}.",
            depth + 1,
            (*calling, folder.resolve()),
            condition,
        )


def _is_override(path: str) -> bool:
    name = path.rsplit("/", 1)[-1].lower()
    return name in ("override.tf", "override.tf.json") or name.endswith(
        ("_override.tf", "_override.tf.json")
    )


def _merged(original: Block | None, block: Block, override: bool) -> Block:
    """`block` merged over `original` when it comes from an override file, else `block`. The
    lines stay the original's: a finding points at the resource the user reads first."""
    if not override or original is None:
        return block
    kinds = {b.type for b in block.blocks}
    return replace(
        original,
        attributes={**original.attributes, **block.attributes},
        blocks=tuple(b for b in original.blocks if b.type not in kinds) + block.blocks,
    )


def _local_source(block: Block, folder: Path) -> Path | None:
    source = block.attributes.get("source")
    if source is None:
        return None
    scope = ModuleScope({}, {}, {}, {}, {})
    value = scope.evaluate(source.expr, source.source, Env())
    if not isinstance(value, str) or not value.startswith(("./", "../")):
        return None
    return folder / value


# --- resources -----------------------------------------------------------------------------------


AZAPI = "azapi_resource"


class Mapper:
    """Maps the module's resources to TemplateResources and answers what their ids are."""

    def __init__(self, scope: ModuleScope, prefix: str) -> None:
        self.scope = scope
        self.prefix = prefix
        self.problems: list[FileProblem] = []
        self._ids: dict[str, Any] = {}

    def computed(self, instance: Instance, attribute: str) -> Any:
        kind = instance.resource.type
        if instance.resource.mode != "resource":
            return NOTHING
        if kind == "azurerm_key_vault_key" or kind == "azurerm_key_vault_secret":
            # The provider's `id` of a key or secret is its URL (with the version made at apply;
            # the key the file declares is that version); `resource_id` is the ARM id.
            if attribute in ("id", "versionless_id"):
                return self._vault_url(instance, "keys" if kind.endswith("_key") else "secrets")
            if attribute in ("resource_id", "resource_versionless_id"):
                return self.arm_id(instance)
            return NOTHING
        if kind == "azurerm_key_vault" and attribute == "vault_uri":
            name = self.scope.attribute(instance, "name", f"{instance.address}.name")
            if isinstance(name, str):
                return f"https://{name}.vault.azure.net/"
            return NOTHING
        if attribute == "id":
            return self.arm_id(instance)
        return NOTHING

    def _vault_url(self, instance: Instance, collection: str) -> Any:
        name = self.scope.attribute(instance, "name", f"{instance.address}.name")
        vault = self.scope.argument(instance, instance.resource.block, "key_vault_id")
        expression = f"{instance.address}.id"
        for value in (name, vault):
            if isinstance(value, Unresolved):
                return Unresolved(expression, value.reason)
        if not isinstance(vault, str) or not isinstance(name, str):
            return Unresolved(expression, "its vault or name is not known")
        vault_name = vault.rstrip("/").rsplit("/", 1)[-1]
        return f"https://{vault_name}.vault.azure.net/{collection}/{name}"

    def arm_id(self, instance: Instance) -> Any:
        key = instance.address
        if key in self._ids:
            return self._ids[key]
        self._ids[key] = Unresolved(f"{key}.id", "it refers to itself")
        self._ids[key] = self._arm_id(instance)
        return self._ids[key]

    def _arm_id(self, instance: Instance) -> Any:
        resource = instance.resource
        block = resource.block
        expression = f"{instance.address}.id"
        name = self.scope.argument(instance, block, "name")
        group = self.scope.argument(instance, block, "resource_group_name")
        if resource.type == AZAPI:
            arm_type = self._azapi_type(instance)
            if not isinstance(arm_type, str):
                return Unresolved(expression, "its type is not known")
            parent = self.scope.argument(instance, block, "parent_id")
            return builder.arm_id(resource.type, arm_type, name, parent, NOTHING)
        table = builder.table_for(resource.type)
        if table is not None:
            parent = self.scope.argument(instance, block, table.parent) if table.parent else NOTHING
            if table.parent and parent is NOTHING:
                return Unresolved(expression, f"{table.parent} is not set")
            if table.group_from and group is NOTHING:
                group = builder.group_of(self.scope.argument(instance, block, table.group_from))
            return builder.arm_id(resource.type, table.arm_type, name, parent, group)
        levels = builder.id_levels(resource.type)
        if levels is None:
            return NOTHING
        arm_type, level_args = levels
        parents = [self.scope.argument(instance, block, a) for a in level_args]
        return builder.arm_id(resource.type, arm_type, name, NOTHING, group, parents)

    def _azapi_type(self, instance: Instance) -> Any:
        value = self.scope.argument(instance, instance.resource.block, "type")
        if isinstance(value, str) and "/" in value:
            return value.split("@", 1)[0]
        return value

    def resources(self, resource: Resource, condition: str | None) -> list[TemplateResource]:
        if resource.type != AZAPI and builder.table_for(resource.type) is None:
            return []
        instances, unknown = self.scope.instances(resource)
        if unknown and condition:
            unknown = f"{condition}; {unknown}"
        elif condition:
            unknown = condition
        suppressions, problems = suppressions_for(resource)
        self.problems.extend(problems)
        made: list[TemplateResource] = []
        for instance in instances:
            made.append(self._one(instance, unknown, suppressions))
        return made

    def _one(
        self,
        instance: Instance,
        condition: str | None,
        suppressions: tuple[InlineSuppression, ...],
    ) -> TemplateResource:
        resource = instance.resource
        args = HclArguments(self.scope, instance, resource.block)
        if resource.type == AZAPI:
            arm_type, built = self._azapi(instance, args)
        else:
            table = builder.table_for(resource.type)
            assert table is not None
            arm_type = table.arm_type
            built = builder.build(table, args)
        resource_id = self.arm_id(instance)
        body: dict[str, Any] = {}
        identifier = (
            resource_id if isinstance(resource_id, str) else f"{arm_type}/{instance.address}"
        )
        body["id"] = identifier
        name, name_span = args.get("name")
        body["name"] = name if name is not NOTHING else Unresolved(instance.address, "no name")
        body["type"] = arm_type
        positions = dict(built.positions)
        if name_span is not None:
            positions["name"] = name_span
        for argument, key in (("location", "location"), ("tags", "tags")):
            value, span = args.get(argument)
            if value is not NOTHING:
                body[key] = value
                if span is not None:
                    positions[key] = span
        for key, value in built.body.items():
            if key in body and isinstance(body[key], dict) and isinstance(value, dict):
                body[key] = {**body[key], **value}
            else:
                body[key] = value
        return TemplateResource(
            id=identifier,
            type=arm_type,
            body=body,
            path=resource.path,
            block=resource.block.span,
            positions=positions,
            suppressions=suppressions,
            condition=condition,
        )

    def _azapi(self, instance: Instance, args: HclArguments) -> tuple[str, builder.Built]:
        """azapi's `body` is already the ARM shape (an HCL object in azapi 2.x, `jsonencode()`
        of one in 1.x): it is used as written."""
        arm_type = self._azapi_type(instance)
        shown_type = arm_type if isinstance(arm_type, str) else "azapi_resource"
        body: dict[str, Any] = {}
        positions: dict[str, Any] = {}
        attribute = instance.resource.block.attributes.get("body")
        if attribute is not None:
            value = self.scope.evaluate(attribute.expr, attribute.source, Env(instance))
            if isinstance(value, JsonText):
                value = value.value
            if isinstance(value, str):
                try:
                    value = json.loads(value)
                except ValueError:
                    value = Unresolved(value[:80], "azapi body is not a JSON object")
            body["properties"] = {}
            if isinstance(value, dict):
                body.update({k: v for k, v in value.items() if k not in ("name", "type", "id")})
                positions.update(dict(object_positions(attribute.expr, "")))
            elif isinstance(value, Unresolved):
                body["properties"] = value
                positions["properties"] = attribute.span
        identity = args.blocks("identity")
        if identity:
            kind, _ = identity[0].get("type")
            ids, _ = identity[0].get("identity_ids")
            entry: dict[str, Any] = {"type": kind} if kind is not NOTHING else {}
            if isinstance(ids, list):
                entry["userAssignedIdentities"] = {str(i): {} for i in ids}
            body["identity"] = entry
            if identity[0].span is not None:
                positions["identity"] = identity[0].span
        return shown_type, builder.Built(body, positions)


# --- suppressions ----------------------------------------------------------------------------


def suppressions_for(resource: Resource) -> tuple[tuple[InlineSuppression, ...], list[FileProblem]]:
    """`# aml-audit:ignore AML201 reason` on the block's first line or in the comment lines
    right above it. A suppression without a reason is a problem, not a suppression."""
    lines = resource.text.splitlines()
    start = resource.block.span.start_line
    candidates = [start]
    line = start - 1
    while line >= 1 and COMMENT.match(lines[line - 1]):
        candidates.append(line)
        line -= 1
    found: list[InlineSuppression] = []
    problems: list[FileProblem] = []
    for number in sorted(candidates):
        if number - 1 >= len(lines):
            continue
        match = SUPPRESSION.search(lines[number - 1])
        if match is None:
            continue
        rule, reason = match.group(1).upper(), match.group(2).strip().rstrip("*/").strip()
        if not reason:
            problems.append(
                FileProblem(
                    resource.path,
                    number,
                    "SuppressionWithoutReason",
                    f"{resource.path}:{number}: aml-audit:ignore {rule} needs a reason after the "
                    "rule id (e.g. `# aml-audit:ignore AML201 reached only through the VPN`)",
                )
            )
            continue
        found.append(InlineSuppression(rule, reason, number))
    return tuple(found), problems


__all__ = ["TerraformReader"]
