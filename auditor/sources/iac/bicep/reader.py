"""Bicep (`.bicep`, with `.bicepparam` parameter files) into ARM-shaped template resources.

Parser: tree-sitter with the `tree-sitter-bicep` grammar (MIT), chosen over `pycep-parser` (the
parser Checkov uses) on these grounds, measured on the same files (docs/lint.md, "Bicep"):
- positions: tree-sitter gives every node its exact lines, so a result points at the property
  that set a value; pycep-parser gives only each declaration's first and last line;
- meaning: pycep-parser returns an identifier and a string literal alike (`name: name` and
  `name: 'name'` both come back as "name"), so a parameter cannot be told from a value;
  tree-sitter keeps them apart;
- syntax: pycep-parser rejects whole files for `[for x in xs: if (c) {...}]` (a filtered loop,
  common in the wild) and `assert`; tree-sitter-bicep accepts both, and where it meets syntax it
  does not know (`extension`, the object spread `...`, resource-derived types) it recovers: only
  the declaration holding it is lost (a `BicepSyntaxError` problem naming the line), the rest of
  the file is read;
- weight: a compiled grammar of 0.3 MB and a 2 MB binding, imported in about 1 ms, against
  pycep-parser's lark grammar (about 75 ms to build the parser, and 0.5 s for the first parse);
- maintenance: both are maintained; pycep-parser more recently released, tree-sitter-bicep
  by the tree-sitter-grammars organisation with the tree-sitter runtime (released monthly).

What is evaluated statically (`evaluate.py`, `functions.py`): parameters with their
defaults or given values (a `.bicepparam` whose `using` names the file, or `--parameters`),
variables, string interpolation, the pure functions, symbolic references (`kv.id`, `kv.name`,
`parent: ws`, nested child resources), `existing` resources (their id is known, their body is
not in the files and is not emitted: a rule that needs it finds it missing and says so), local
modules with their params (their resources carry the module file's path and lines) and outputs,
loops and conditions. An unknown loop collection or condition gives one resource carrying the
condition; a value only known at deployment is `Unresolved`. A registry module (`br:`, `ts:`)
is a `RegistryModule` problem: its resources are not read.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from auditor.sources.iac.bicep.evaluate import (
    Scope,
    _object_of,
    condition_of,
    declaration_body,
    first_named,
    is_existing,
    loop_variables,
    object_properties,
    property_key,
    property_value,
    text,
)
from auditor.sources.iac.bicep.symbols import ModuleSymbol, ResourceSymbol
from auditor.sources.iac.bicep.syntax import BicepFile, ModuleCall
from auditor.sources.iac.comments import suppressions_for
from auditor.sources.iac.model import (
    FileProblem,
    ReadOptions,
    ReadResult,
    Span,
    TemplateResource,
    Unresolved,
    relative,
)

if TYPE_CHECKING:
    from tree_sitter import Node, Parser

# Keys of a Bicep resource body that are not part of the ARM resource.
_NOT_IN_BODY = {"parent", "dependson", "scope"}
_REGISTRY = re.compile(r"^(br|ts)[:/]", re.IGNORECASE)
# `.bicepparam` assigns `param x = value`; the grammar knows only `param x type = value`, so the
# keyword is read as `var` (padded: columns and lines stay where they were).
# A module declaration (`module name 'path' = ...`), found without parsing: a match in a comment or
# string only keeps the files together.
_MODULE = re.compile(rb"^[ \t]*module[ \t]", re.MULTILINE)
_PARAM_ASSIGNMENT = re.compile(rb"^([ \t]*)param(?=[ \t]+(\w+)[ \t]*=)", re.MULTILINE)
# The grammar reads `param x string?` but not a nullable user-defined type (`param x myType?`),
# and its error recovery then swallows the next declaration. Nullability does not change what
# is evaluated (a parameter without a default is unknown either way), so the `?` is blanked out
# (a space: columns and lines stay where they were).
_NULLABLE_CUSTOM_TYPE = re.compile(
    rb"^([ \t]*(?:param|output)[ \t]+\w+[ \t]+[A-Za-z_][\w.]*)\?", re.M
)
_MAX_MODULE_DEPTH = 20


def _parser() -> Parser:
    import tree_sitter
    import tree_sitter_bicep

    return tree_sitter.Parser(tree_sitter.Language(tree_sitter_bicep.language()))


class BicepReader:
    name = "bicep"
    suffixes = (".bicep", ".bicepparam")

    def claims(self, path: Path, head: str) -> bool:
        return path.suffix.lower() in {".bicep", ".bicepparam"}

    def parts(self, files: Sequence[Path], root: Path, options: ReadOptions) -> list[list[Path]]:
        """Parts that read alone give what reading all the files gives (parallel.py): each
        `.bicep` file, in the order `read` takes them, when none declares a module and no
        parameters file is given or linted (a module is read through its caller, a parameters
        file with the file it names); else all the files as one part."""
        whole = [list(files)]
        if options.parameters or any(p.suffix.lower() != ".bicep" for p in files):
            return whole
        for path in files:
            try:
                if _MODULE.search(path.read_bytes()):
                    return whole
            except OSError:
                return whole
        return [[path] for path in sorted(files, key=lambda p: p.resolve())]

    def read(self, files: Sequence[Path], root: Path, options: ReadOptions) -> ReadResult:
        return _Run(root).read(files, options)


class _Run:
    """One read of a set of files, with the parsed files cached by path."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.parser = _parser()
        self.parsed: dict[Path, BicepFile | None] = {}
        self.problems: list[FileProblem] = []
        self.resources: list[TemplateResource] = []
        self._reported: set[tuple[str, int | None, str]] = set()

    # ---- files -------------------------------------------------------------------------------

    def parse(self, path: Path) -> BicepFile | None:
        path = path.resolve()
        if path in self.parsed:
            return self.parsed[path]
        rel = relative(path, self.root)
        try:
            source = path.read_bytes()
        except OSError as error:
            self.problem(
                FileProblem(rel, None, "FileUnreadable", f"cannot be read: {error.strerror}")
            )
            self.parsed[path] = None
            return None
        assigned: set[str] = set()
        if path.suffix.lower() == ".bicepparam":
            assigned = {m.group(2).decode() for m in _PARAM_ASSIGNMENT.finditer(source)}
            source = _PARAM_ASSIGNMENT.sub(rb"\1var  ", source)
        source = _NULLABLE_CUSTOM_TYPE.sub(rb"\1 ", source)
        lines = source.decode("utf-8", "replace").splitlines()
        tree = self.parser.parse(source)
        parsed = BicepFile(path=path, rel=rel, lines=lines, root=tree.root_node, assigned=assigned)
        self._index(parsed)
        self.parsed[path] = parsed
        for found in parsed.problems:
            self.problem(found)
        return parsed

    def _index(self, parsed: BicepFile) -> None:
        for node in parsed.root.named_children:
            if node.type == "ERROR" and _is_known_newer_statement(node):
                continue  # `extension x` / `provider x`: not ARM resources
            name_node = first_named(node, "identifier")
            name = text(name_node) if name_node is not None else None
            error = _first_error(node)
            if error is not None:
                parsed.problems.append(_syntax_problem(parsed.rel, error))
                if name:
                    parsed.broken.add(name)
                continue
            if node.type == "using_statement":
                target = first_named(node, "string")
                parsed.using = text(target).strip("'") if target is not None else None
            elif node.type in {"parameter_declaration", "variable_declaration"} and name:
                parsed.declarations[name] = node
            elif node.type == "resource_declaration" and name:
                parsed.declarations[name] = node
                parsed.resources.append(node)
                for nested in _nested_resources(node):
                    nested_name = first_named(nested, "identifier")
                    if nested_name is not None:  # nested symbols are reached as parent::child
                        parsed.declarations.setdefault(f"{name}::{text(nested_name)}", nested)
            elif node.type == "module_declaration" and name:
                parsed.declarations[name] = node
                parsed.modules.append(node)
            elif node.type == "output_declaration" and name:
                parsed.outputs[name] = node
            elif node.type == "user_defined_function" and name:
                parsed.functions.add(name)

    def problem(self, found: FileProblem) -> None:
        key = (found.path, found.line, found.code)
        if key not in self._reported:
            self._reported.add(key)
            self.problems.append(found)

    # ---- the run -----------------------------------------------------------------------------

    def read(self, files: Sequence[Path], options: ReadOptions) -> ReadResult:
        bicep_files = sorted(p.resolve() for p in files if p.suffix.lower() == ".bicep")
        param_files = sorted(p.resolve() for p in files if p.suffix.lower() == ".bicepparam")
        param_files += [
            p.resolve() for p in options.parameters if p.suffix.lower() == ".bicepparam"
        ]
        json_parameters = self._json_parameters(options)
        parsed_files = [f for f in (self.parse(p) for p in bicep_files) if f is not None]
        called = self._local_module_targets(parsed_files)
        by_target = self._parameter_files(param_files)
        for parsed in parsed_files:
            if parsed.path in called:
                continue  # read through its callers, with the params they pass
            given = dict(json_parameters)
            given.update(by_target.get(parsed.path, {}))
            scope = Scope(file=parsed, parameters=given, modules=self.module_symbol)
            self.collect(scope, depth=0)
        return ReadResult(resources=tuple(self.resources), problems=tuple(self.problems))

    def _json_parameters(self, options: ReadOptions) -> dict[str, Any]:
        """`--parameters x.json`: an ARM parameters file applies to every Bicep file linted, as
        `az deployment group create -f main.bicep -p x.json` would."""
        values: dict[str, Any] = {}
        for path in options.parameters:
            if path.suffix.lower() != ".json":
                continue
            rel = relative(path, self.root)
            try:
                document = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError) as error:
                self.problem(
                    FileProblem(rel, None, "MalformedParameters", f"cannot be read: {error}")
                )
                continue
            parameters = document.get("parameters") if isinstance(document, dict) else None
            if not isinstance(parameters, dict):
                continue
            for name, entry in parameters.items():
                if isinstance(entry, dict) and "value" in entry:
                    values[name] = entry["value"]
                elif isinstance(entry, dict) and "reference" in entry:
                    values[name] = Unresolved(name, "the parameter is a Key Vault reference")
        return values

    def _parameter_files(self, param_files: Sequence[Path]) -> dict[Path, dict[str, Any]]:
        """Values of each `.bicepparam`, keyed by the Bicep file its `using` names. A file named
        by several parameter files gets none of them (which one deploys is not said)."""
        found: dict[Path, list[dict[str, Any]]] = {}
        for path in dict.fromkeys(param_files):
            parsed = self.parse(path)
            if parsed is None or parsed.using is None or _REGISTRY.match(parsed.using):
                continue
            target = (parsed.path.parent / parsed.using).resolve()
            scope = Scope(file=parsed, parameters={})
            values = {
                name: scope.lookup(name, node, {})
                for name, node in parsed.declarations.items()
                if node.type == "variable_declaration" and name in parsed.assigned
            }
            found.setdefault(target, []).append(values)
        return {target: sets[0] for target, sets in found.items() if len(sets) == 1}

    def _local_module_targets(self, parsed_files: Sequence[BicepFile]) -> set[Path]:
        targets: set[Path] = set()
        for parsed in parsed_files:
            for module in parsed.modules:
                source = _module_source(module)
                target = (parsed.path.parent / (source or "")).resolve()
                if source and not _REGISTRY.match(source) and target != parsed.path:
                    targets.add(target)
        return targets

    # ---- resources ---------------------------------------------------------------------------

    def collect(self, scope: Scope, depth: int) -> None:
        for declaration in scope.file.resources:
            if not is_existing(declaration):
                self.resources.extend(self._instances(scope, declaration, {}, None, ()))
        for module in scope.file.modules:
            self._module(scope, module, depth)

    def _instances(
        self,
        scope: Scope,
        declaration: Node,
        local: Mapping[str, Any],
        parent: ResourceSymbol | None,
        conditions: tuple[str, ...],
    ) -> Iterator[TemplateResource]:
        body = declaration_body(declaration)
        for bound, loop_condition in self._iterations(scope, body, local):
            condition = self._decide(scope, body, bound)
            if condition is False:
                continue
            extra = tuple(c for c in (loop_condition, condition) if isinstance(c, str))
            obj = _object_of(body)
            if obj is None:
                continue
            symbol = scope.resource_symbol_for(declaration, obj, bound, parent)
            yield self._resource(scope, declaration, obj, bound, symbol, conditions + extra)
            for nested in _nested_resources(declaration, direct_only=True):
                if not is_existing(nested):
                    yield from self._instances(scope, nested, bound, symbol, conditions + extra)

    def _iterations(
        self, scope: Scope, body: Node | None, local: Mapping[str, Any]
    ) -> Iterator[tuple[Mapping[str, Any], str | None]]:
        """Each loop iteration's bindings; an unknown collection gives one iteration whose loop
        variables are Unresolved, with the loop quoted as its condition."""
        if body is None or body.type != "for_statement":
            yield local, None
            return
        items = scope.loop_items(body, local)
        if isinstance(items, Unresolved):
            item, index = loop_variables(body)
            bound = dict(local)
            for variable in (item, index):
                if variable:
                    bound[variable] = Unresolved(variable, f"a loop over {items.expression}")
            yield bound, f"for each item of {items.expression} ({items.reason})"
            return
        for binding in items:
            yield {**local, **binding}, None

    def _decide(self, scope: Scope, body: Node | None, local: Mapping[str, Any]) -> bool | str:
        """True when deployed, False when not, or the condition's text when unknown."""
        node = condition_of(body)
        if node is None:
            return True
        value = scope.evaluate(node, local)
        if isinstance(value, bool):
            return value
        reason = value.reason if isinstance(value, Unresolved) else "not a boolean"
        return f"if {text(node)} ({reason})"

    def _resource(
        self,
        scope: Scope,
        declaration: Node,
        obj: Node,
        local: Mapping[str, Any],
        symbol: ResourceSymbol,
        conditions: tuple[str, ...],
    ) -> TemplateResource:
        positions: dict[str, Span] = {}
        body: dict[str, Any] = {"id": symbol.id, "type": symbol.type}
        for prop in obj.named_children:
            if prop.type != "object_property":
                continue
            key, value_node = property_key(prop), property_value(prop)
            if key is None or value_node is None or key.lower() in _NOT_IN_BODY:
                continue
            if value_node.type == "resource_declaration":
                continue
            positions[key.lower()] = _span(prop)
            if key == "name":
                body["name"] = symbol.names[-1]
                continue
            body[key] = self._value(scope, value_node, local, key.lower(), positions)
        all_conditions = tuple(c for c in (scope.condition, *conditions) if c)
        found = suppressions_for(
            scope.file.lines, declaration.start_point.row + 1, scope.file.rel, "//", ("@",)
        )
        for problem in found.problems:
            self.problem(problem)
        return TemplateResource(
            id=symbol.id,
            type=symbol.type,
            body=body,
            path=scope.file.rel,
            block=_span(declaration),
            positions=positions,
            suppressions=found.suppressions,
            condition=" and ".join(all_conditions) if all_conditions else None,
        )

    def _value(
        self,
        scope: Scope,
        node: Node,
        local: Mapping[str, Any],
        path: str,
        positions: dict[str, Span],
    ) -> Any:
        """A property's value, recording where each nested object property was set."""
        if node.type != "object":
            return _plain(scope.evaluate(node, local), text(node))
        result: dict[str, Any] = {}
        for prop in node.named_children:
            if prop.type != "object_property":
                if prop.type != "comment":
                    return _plain(scope.evaluate(node, local), text(node))
                continue
            key, value_node = property_key(prop), property_value(prop)
            if key is None or value_node is None:
                return Unresolved(text(node), "an object key that is not a plain name")
            child_path = f"{path}.{key.lower()}"
            positions[child_path] = _span(prop)
            result[key] = self._value(scope, value_node, local, child_path, positions)
        return result

    # ---- modules -----------------------------------------------------------------------------

    def _module(self, scope: Scope, module: Node, depth: int) -> None:
        source = _module_source(module) or ""
        line = module.start_point.row + 1
        if _REGISTRY.match(source):
            self.problem(
                FileProblem(
                    scope.file.rel,
                    line,
                    "RegistryModule",
                    f"module '{source}' comes from a registry, which "
                    "lint does not fetch: the resources it deploys are not assessed (lint the "
                    "module's source, or compile with `bicep build` and lint the ARM JSON)",
                )
            )
            return
        target = self._module_file(scope, module, source, depth)
        if target is None:
            return
        body = declaration_body(module)
        for bound, loop_condition in self._iterations(scope, body, {}):
            condition = self._decide(scope, body, bound)
            if condition is False:
                continue
            obj = _object_of(body)
            properties = object_properties(obj) if obj is not None else {}
            params_node = properties.get("params")
            params = scope.evaluate(params_node, bound) if params_node is not None else {}
            if not isinstance(params, dict):
                text_of = text(params_node) if params_node is not None else ""
                reason = params.reason if isinstance(params, Unresolved) else "not an object"
                self.problem(
                    FileProblem(
                        scope.file.rel,
                        line,
                        "ModuleParamsUnresolved",
                        f"the params of module '{source}' cannot be "
                        f"read ({text_of[:60]}: {reason}); its resources are not assessed",
                    )
                )
                continue
            group = scope.resource_group
            if "scope" in properties:
                group = scope.scope_group(properties["scope"], bound, group)
            conditions = [scope.condition, loop_condition]
            conditions.append(condition if isinstance(condition, str) else None)
            joined = " and ".join(c for c in conditions if c) or None
            child = Scope(
                file=target,
                parameters=params,
                resource_group=group,
                condition=joined,
                modules=self.module_symbol,
            )
            self.collect(child, depth + 1)

    def _module_file(self, scope: Scope, module: Node, source: str, depth: int) -> BicepFile | None:
        line = module.start_point.row + 1
        path = (scope.file.path.parent / source).resolve()
        if depth >= _MAX_MODULE_DEPTH:
            self.problem(
                FileProblem(
                    scope.file.rel,
                    line,
                    "ModuleTooDeep",
                    f"modules nest more than {_MAX_MODULE_DEPTH} deep "
                    f"(a module that calls itself?); '{source}' is not read",
                )
            )
            return None
        if not path.is_file():
            self.problem(
                FileProblem(
                    scope.file.rel,
                    line,
                    "ModuleNotFound",
                    f"module file '{source}' was not found; its resources are not assessed",
                )
            )
            return None
        if path.suffix.lower() == ".json":
            self.problem(
                FileProblem(
                    scope.file.rel,
                    line,
                    "ModuleNotBicep",
                    f"module '{source}' is an ARM JSON template; lint "
                    "it on its own (its parameters from this call are not passed)",
                )
            )
            return None
        return self.parse(path)

    def module_symbol(self, scope: Scope, call: ModuleCall) -> ModuleSymbol:
        """A module's symbol for `m.outputs.x`: the module file evaluated with the params the
        call passes."""
        source = _module_source(call.declaration) or ""
        name = scope.symbol_name(call.declaration)
        if _REGISTRY.match(source):
            return ModuleSymbol(name, None)
        path = (scope.file.path.parent / source).resolve()
        target = self.parsed.get(path) if path in self.parsed else None
        if target is None and path.is_file() and path.suffix.lower() == ".bicep":
            target = self.parse(path)
        if target is None:
            return ModuleSymbol(name, None)
        obj = _object_of(call.body)
        properties = object_properties(obj) if obj is not None else {}
        params_node = properties.get("params")
        params = scope.evaluate(params_node, call.local) if params_node is not None else {}
        if not isinstance(params, dict):
            return ModuleSymbol(name, None)
        child = Scope(file=target, parameters=params, modules=self.module_symbol)

        def outputs(output: str) -> Any:
            node = target.outputs.get(output)
            if node is None:
                return Unresolved(f"{name}.outputs.{output}", "the module has no such output")
            return child.evaluate(declaration_body(node), {})

        return ModuleSymbol(name, outputs)


# ---- helpers ----------------------------------------------------------------------------------


def _plain(value: Any, expression: str) -> Any:
    """A body value: a resource symbol as a value is an error in Bicep; keep it honest."""
    if isinstance(value, ResourceSymbol | ModuleSymbol):
        return Unresolved(expression, "a resource used as a value")
    if isinstance(value, list):
        return [_plain(item, expression) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item, expression) for key, item in value.items()}
    return value


def _span(node: Node) -> Span:
    return Span(node.start_point.row + 1, node.end_point.row + 1)


def _first_error(node: Node) -> Node | None:
    if node.type == "ERROR" or node.is_missing:
        return node
    if not node.has_error:
        return None
    for child in node.children:
        found = _first_error(child)
        if found is not None:
            return found
    return node


def _syntax_problem(rel: str, error: Node) -> FileProblem:
    line = error.start_point.row + 1
    near = text(error).splitlines()[0][:40] if text(error) else ""
    what = f"missing '{error.type}'" if error.is_missing else f"near '{near}'"
    return FileProblem(
        rel,
        line,
        "BicepSyntaxError",
        f"Bicep syntax this parser cannot read ({what}): a syntax error, or syntax "
        "newer than the parser knows; the declaration holding it is not assessed (`bicep build` "
        "names the error)",
    )


def _is_known_newer_statement(node: Node) -> bool:
    return bool(re.match(r"(extension|provider)\s+\S", text(node)))


def _module_source(module: Node) -> str | None:
    source = first_named(module, "string")
    if source is None:
        return None
    return "".join(text(part) for part in source.named_children if part.type == "string_content")


def _nested_resources(declaration: Node, direct_only: bool = False) -> list[Node]:
    """Resource declarations inside a resource's body (the parent's loop/condition included)."""
    obj = _object_of(declaration_body(declaration))
    if obj is None:
        return []
    found = []
    for prop in obj.named_children:
        if prop.type == "object_property":
            nested = first_named(prop, "resource_declaration")
            if nested is not None:
                found.append(nested)
                if not direct_only:
                    found.extend(_nested_resources(nested))
    return found


__all__ = ["BicepReader"]
