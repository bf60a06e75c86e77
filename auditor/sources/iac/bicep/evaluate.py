"""Static evaluation of Bicep expressions over a tree-sitter syntax tree.

A value is a plain JSON value (str, int, bool, None, list, dict), a `ResourceSymbol` or
`ModuleSymbol` (what a symbolic name such as `kv` stands for), or `Unresolved` where the value is
only known at deployment (a parameter without a default, `resourceGroup().location`,
`uniqueString()`, a deployed resource's runtime properties). Anything built from an `Unresolved`
is itself `Unresolved` and quotes the whole expression as written: nothing is guessed.

`Scope` is one evaluation of one Bicep file with its parameter values: declarations are
evaluated lazily and memoised, so they may refer to each other in any order, as Bicep allows.
"""

from __future__ import annotations

import operator as op
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from auditor.inventory.resource_types import RESOURCE_GROUPS
from auditor.sources.iac.bicep import functions
from auditor.sources.iac.bicep.symbols import ModuleSymbol, ResourceSymbol, split_type
from auditor.sources.iac.bicep.syntax import BicepFile, ModuleCall
from auditor.sources.iac.model import TEMPLATE_RESOURCE_GROUP, Unresolved

if TYPE_CHECKING:
    from tree_sitter import Node


RUNTIME = "known only at deployment"


class EvaluationError(Exception):
    """An expression Bicep itself would reject (the reader reports it, never raises past)."""


@dataclass
class Scope:
    """One evaluation of one Bicep file."""

    file: BicepFile
    parameters: Mapping[str, Any]  # given values: a module call's params or a parameters file
    resource_group: str = TEMPLATE_RESOURCE_GROUP
    condition: str | None = None  # a condition every resource of this evaluation is under
    modules: Callable[[Scope, ModuleCall], ModuleSymbol] | None = None
    _cache: dict[str, Any] = field(default_factory=dict)
    _busy: set[str] = field(default_factory=set)

    # ---- names -----------------------------------------------------------------------------

    def lookup(self, name: str, node: Node, local: Mapping[str, Any]) -> Any:
        if name in local:
            return local[name]
        if name in self._cache:
            return self._cache[name]
        if name in self._busy:
            return Unresolved(text(node), f"'{name}' refers to itself")
        declaration = self.file.declarations.get(name)
        if declaration is None:
            if name in self.file.broken:
                return Unresolved(text(node), f"the declaration of '{name}' could not be parsed")
            return Unresolved(text(node), f"'{name}' is not declared in {self.file.path}")
        self._busy.add(name)
        try:
            value = self._declare(name, declaration)
        finally:
            self._busy.discard(name)
        self._cache[name] = value
        return value

    def _declare(self, name: str, declaration: Node) -> Any:
        kind = declaration.type
        if kind == "parameter_declaration":
            if name in self.parameters:
                return self.parameters[name]
            default = _value_child(declaration)
            if default is None:
                return Unresolved(name, f"parameter '{name}' has no default value")
            return self.evaluate(default, {})
        if kind == "variable_declaration":
            value_node = _value_child(declaration)
            return self.evaluate(value_node, {}) if value_node is not None else None
        if kind == "resource_declaration":
            return self.resource_symbol(declaration, {})
        if kind == "module_declaration":
            return self.module_symbol(declaration)
        return Unresolved(name, f"'{name}' is a {kind.replace('_', ' ')}, not a value")

    # ---- resources and modules ---------------------------------------------------------------

    def resource_symbol(self, declaration: Node, local: Mapping[str, Any]) -> Any:
        """The symbol of a resource declaration; for a loop, a list of symbols (or Unresolved
        when the loop's collection is unknown)."""
        body = declaration_body(declaration)
        if body is not None and body.type == "for_statement":
            items = self.loop_items(body, local)
            if isinstance(items, Unresolved):
                return Unresolved(self.symbol_name(declaration), items.reason)
            inner = loop_body(body)
            return [self._one_symbol(declaration, inner, {**local, **bound}) for bound in items]
        return self._one_symbol(declaration, body, local)

    def resource_symbol_for(
        self,
        declaration: Node,
        obj: Node,
        local: Mapping[str, Any],
        parent: ResourceSymbol | None,
    ) -> ResourceSymbol:
        """The symbol of one instance of a declaration (one loop iteration), under `parent` when
        the caller already knows it (a nested child in its parent's iteration)."""
        return self._one_symbol(declaration, obj, local, parent)

    def symbol_name(self, declaration: Node) -> str:
        name = declaration.child_by_field_name("name") or first_named(declaration, "identifier")
        return text(name) if name is not None else "?"

    def _one_symbol(
        self,
        declaration: Node,
        body: Node | None,
        local: Mapping[str, Any],
        parent: ResourceSymbol | None = None,
    ) -> ResourceSymbol:
        declared_type = self.declared_type(declaration)
        resource_type, api_version = split_type(declared_type)
        obj = _object_of(body)
        properties = object_properties(obj) if obj is not None else {}
        name_value = (
            self.evaluate(properties["name"], local)
            if "name" in properties
            else Unresolved(self.symbol_name(declaration), "the resource has no name")
        )
        name_node = properties.get("name")
        if (
            isinstance(name_value, Unresolved)
            and name_node is not None
            and name_node.type == "string"
        ):
            # an interpolated name shows as written without its quotes: ${hub}-connection
            segments = self._split(name_node, local)
            if len(segments) == 1:
                name_value = segments[0]
        parent_symbol = parent or self.parent_of(declaration, properties, local)
        resource_group = self.resource_group
        extends: str | None = None
        scope_node = properties.get("scope")
        if scope_node is not None and _is_scope_function(scope_node):
            resource_group = self.scope_group(scope_node, local, resource_group)
        elif scope_node is not None:  # another resource: this one extends it
            scope = self.evaluate(scope_node, local)
            if isinstance(scope, ResourceSymbol):
                extends = scope.id
            elif isinstance(scope, Unresolved):  # a loop's resource, or an unknown one
                extends = scope.expression
        if isinstance(parent_symbol, ResourceSymbol):
            if "/" not in resource_type:  # nested 'childType' under its parent
                resource_type = f"{parent_symbol.type}/{resource_type}"
                api_version = api_version or parent_symbol.api_version
            names = (*parent_symbol.names, name_value)
            resource_group = parent_symbol.resource_group
        elif isinstance(parent_symbol, Unresolved):
            names = (parent_symbol, name_value)
        elif isinstance(name_value, str) and resource_type.count("/") > 1:
            names = tuple(name_value.split("/"))
        elif resource_type.count("/") > 1 and "name" in properties:
            names = self.name_segments(properties["name"], local) or (name_value,)
        else:
            names = (name_value,)
        return ResourceSymbol(
            type=resource_type,
            api_version=api_version,
            names=names,
            resource_group=resource_group,
            existing=is_existing(declaration),
            expression=self.symbol_name(declaration),
            extends=extends,
        )

    def name_segments(self, node: Node, local: Mapping[str, Any]) -> tuple[Any, ...] | None:
        """A child's full name 'parent/child' that is only partly known, one value per level:
        `'${workspaceName}/cluster001'` gives (Unresolved, 'cluster001'), so the child's own
        name is still known. None when the name is not a string with a '/' in its text."""
        if node.type != "string":
            return None
        if not any(c.type == "string_content" and "/" in text(c) for c in node.children):
            return None
        return self._split(node, local)

    def _split(self, node: Node, local: Mapping[str, Any]) -> tuple[Any, ...]:
        values: list[Any] = []
        parts: list[str] = []  # the segment's text as written ("${x}-ci")
        known: list[str] = []  # its value as far as known
        bare: list[str] = []  # an unknown interpolation's own expression
        reason: str | None = None
        for child in node.children:
            if child.type == "string_content":
                pieces = text(child).split("/")
                for index, piece in enumerate(pieces):
                    if index:  # a '/' ends the segment
                        values.append(_segment(parts, known, bare, reason))
                        parts, known, bare, reason = [], [], [], None
                    if piece:
                        parts.append(piece)
                        known.append(piece)
            elif child.type == "escape_sequence":
                parts.append(text(child))
                known.append(_ESCAPES.get(text(child), text(child)[1:]))
            elif child.type == "interpolation":
                inner = child.named_children[0] if child.named_children else None
                value = self.evaluate(inner, local)
                parts.append("${" + text(inner) + "}")
                if isinstance(value, str | int) and not isinstance(value, bool):
                    known.append(str(value))
                else:
                    reason = value.reason if isinstance(value, Unresolved) else "not a string"
                    # A value passed in unknown (a module's param) keeps the caller's
                    # expression, so a child names its parent as the parent's own id does.
                    bare.append(value.expression if isinstance(value, Unresolved) else "")
        values.append(_segment(parts, known, bare, reason))
        return tuple(values)

    def declared_type(self, declaration: Node) -> str:
        type_node = first_named(declaration, "string")
        value = self.evaluate(type_node, {}) if type_node is not None else None
        return value if isinstance(value, str) else ""

    def parent_of(
        self, declaration: Node, properties: Mapping[str, Node], local: Mapping[str, Any]
    ) -> ResourceSymbol | Unresolved | None:
        """`parent: ws`, or the resource this declaration is nested in."""
        if "parent" in properties:
            value = self.evaluate(properties["parent"], local)
            if isinstance(value, ResourceSymbol | Unresolved):
                return value
            return Unresolved(text(properties["parent"]), "parent is not a resource")
        enclosing = enclosing_resource(declaration)
        if enclosing is not None:
            symbol = self.resource_symbol(enclosing, local)
            if isinstance(symbol, ResourceSymbol | Unresolved):
                return symbol
            return Unresolved(self.symbol_name(enclosing), "the parent is a loop")
        return None

    def scope_group(self, node: Node, local: Mapping[str, Any], default: str) -> str:
        """`scope: resourceGroup('name')`, or a module's `scope: rg` (a resource group declared
        in the files), names the resource group; other scopes keep `default`."""
        if node.type == "call_expression" and function_name(node) == "resourceGroup":
            args = call_arguments(node)
            if args:
                value = self.evaluate(args[-1], local)
                if isinstance(value, str):
                    return value
        elif node.type in {"identifier", "member_expression", "subscript_expression"}:
            value = self.evaluate(node, local)
            if (
                isinstance(value, ResourceSymbol)
                and value.type.lower() == RESOURCE_GROUPS.lower()
                and isinstance(value.names[-1], str)
            ):
                return value.names[-1]
        return default

    def module_symbol(self, declaration: Node) -> Any:
        if self.modules is None:
            return ModuleSymbol(self.symbol_name(declaration), None)

        body = declaration_body(declaration)
        if body is not None and body.type == "for_statement":
            return Unresolved(self.symbol_name(declaration), "the module is deployed in a loop")
        return self.modules(self, ModuleCall(declaration, body, {}))

    # ---- loops -----------------------------------------------------------------------------

    def loop_items(self, loop: Node, local: Mapping[str, Any]) -> list[dict[str, Any]] | Unresolved:
        """The bindings of each iteration of `[for ... in collection: ...]`."""
        item_name, index_name = loop_variables(loop)
        collection_node = loop.child_by_field_name("collection") or _loop_collection(loop)
        if collection_node is None:
            return Unresolved(text(loop), "the loop has no collection")
        collection = self.evaluate(collection_node, local)
        if isinstance(collection, Unresolved):
            return Unresolved(text(collection_node), collection.reason)
        if isinstance(collection, dict):  # items(obj) is the usual form; a bare object is an error
            collection = [{"key": k, "value": v} for k, v in collection.items()]
        if isinstance(collection, int) and not isinstance(collection, bool):
            collection = list(range(collection))  # `[for i in range(...)]` already gives a list
        if not isinstance(collection, list):
            return Unresolved(text(collection_node), "the loop's collection is not an array")
        bindings = []
        for index, item in enumerate(collection):
            bound: dict[str, Any] = {}
            if item_name:
                bound[item_name] = item
            if index_name:
                bound[index_name] = index
            bindings.append(bound)
        return bindings

    # ---- expressions -----------------------------------------------------------------------

    def evaluate(self, node: Node | None, local: Mapping[str, Any]) -> Any:
        if node is None:
            return None
        handler = _HANDLERS.get(node.type)
        if handler is None:
            return Unresolved(text(node), f"a Bicep {node.type.replace('_', ' ')} is not evaluated")
        return handler(self, node, local)


def _is_scope_function(node: Node) -> bool:
    """`resourceGroup(...)`, `subscription(...)` and the like: a scope, not a resource."""
    return node.type == "call_expression" and function_name(node) in {
        "resourceGroup",
        "subscription",
        "tenant",
        "managementGroup",
    }


def _segment(parts: list[str], known: list[str], bare: list[str], reason: str | None) -> Any:
    if reason is None:
        return "".join(known)
    if len(parts) == 1 and len(bare) == 1 and bare[0]:  # the segment is one unknown value
        return Unresolved(bare[0], reason)
    return Unresolved("".join(parts), reason)


# ---- tree helpers ---------------------------------------------------------------------------


def text(node: Node | None) -> str:
    if node is None or node.text is None:
        return ""
    return node.text.decode("utf-8", "replace")


def first_named(node: Node, kind: str) -> Node | None:
    for child in node.named_children:
        if child.type == kind:
            return child
    return None


def is_existing(declaration: Node) -> bool:
    return any(not child.is_named and child.type == "existing" for child in declaration.children)


def _named_after(node: Node, token: str) -> Node | None:
    """The first named child of `node` after its `token` (`=`, `:`, `in`), comments skipped."""
    seen = False
    for child in node.children:
        if not child.is_named and child.type == token:
            seen = True
        elif seen and child.is_named and child.type != "comment":
            return child
    return None


def declaration_body(declaration: Node) -> Node | None:
    """What follows `=` in a resource or module declaration: an object, an if or a for."""
    return _named_after(declaration, "=")


def loop_body(loop: Node) -> Node | None:
    body = loop.child_by_field_name("body")
    return body if body is not None else _named_after(loop, ":")


def _loop_collection(loop: Node) -> Node | None:
    return _named_after(loop, "in")


def loop_variables(loop: Node) -> tuple[str | None, str | None]:
    for child in loop.named_children:
        if child.type == "for_loop_parameters":
            item = first_named(child, "loop_variable")
            index = first_named(child, "loop_enumerator")
            return (text(item) or None, text(index) or None)
        if child.type == "identifier":
            return (text(child), None)
    return (None, None)


def _object_of(body: Node | None) -> Node | None:
    """The object of a declaration body, through `if (...)` and `[for ...: ...]`."""
    while body is not None and body.type in {"if_statement", "for_statement"}:
        body = loop_body(body) if body.type == "for_statement" else first_named(body, "object")
    return body if body is not None and body.type == "object" else None


def condition_of(body: Node | None) -> Node | None:
    """The condition expression of `if (...) {...}`, inside a loop or not."""
    if body is not None and body.type == "for_statement":
        body = loop_body(body)
    if body is not None and body.type == "if_statement":
        return first_named(body, "parenthesized_expression")
    return None


def property_key(prop: Node) -> str | None:
    key = prop.named_children[0] if prop.named_children else None
    if key is None:
        return None
    if key.type == "string":
        return "".join(text(part) for part in key.named_children if part.type == "string_content")
    if key.type in {"identifier", "property_identifier"}:
        return text(key)
    return None


def property_value(prop: Node) -> Node | None:
    seen_colon = False
    for child in prop.children:
        if not child.is_named and child.type == ":":
            seen_colon = True
        elif seen_colon and child.is_named and child.type != "comment":
            return child
    return None


def object_properties(obj: Node) -> dict[str, Node]:
    """key -> value node, for the plain `key: value` properties of an object."""
    found: dict[str, Node] = {}
    for prop in obj.named_children:
        if prop.type != "object_property":
            continue
        key, value = property_key(prop), property_value(prop)
        if key is not None and value is not None:
            found[key] = value
    return found


def enclosing_resource(declaration: Node) -> Node | None:
    parent = declaration.parent
    while parent is not None:
        if parent.type == "resource_declaration":
            return parent
        parent = parent.parent
    return None


def _value_child(declaration: Node) -> Node | None:
    """The value after `=` in a param or var declaration."""
    return declaration_body(declaration)


def function_name(call: Node) -> str:
    callee = call.child_by_field_name("function") or (
        call.named_children[0] if call.named_children else None
    )
    if callee is None:
        return ""
    if callee.type == "member_expression":  # az.resourceGroup(), sys.concat()
        prop = first_named(callee, "property_identifier")
        return text(prop)
    return text(callee)


def call_arguments(call: Node) -> list[Node]:
    args = first_named(call, "arguments")
    if args is None:
        return []
    return [child for child in args.named_children if child.type != "comment"]


# ---- expression handlers --------------------------------------------------------------------


def _string(scope: Scope, node: Node, local: Mapping[str, Any]) -> Any:
    parts: list[Any] = []
    multi_line = bool(node.children) and node.children[0].type == "'''"
    for child in node.children:
        if child.type == "string_content":
            parts.append(text(child))
        elif child.type == "escape_sequence":
            parts.append(_ESCAPES.get(text(child), text(child)[1:]))
        elif child.type == "interpolation":
            inner = child.named_children[0] if child.named_children else None
            value = scope.evaluate(inner, local)
            if isinstance(value, Unresolved):
                return Unresolved(text(node), value.reason)
            if isinstance(value, ResourceSymbol | ModuleSymbol):
                return Unresolved(text(node), "a resource is interpolated into a string")
            parts.append(_as_string(value))
    joined = "".join(parts)
    if multi_line:  # Bicep drops the line break right after the opening '''
        joined = joined.removeprefix("\r\n").removeprefix("\n")
    return joined


_ESCAPES = {"\\n": "\n", "\\r": "\r", "\\t": "\t", "\\\\": "\\", "\\'": "'", "\\$": "$"}


def _as_string(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    if isinstance(value, list | dict):
        import json

        return json.dumps(value, separators=(",", ":"))
    return str(value)


def _number(scope: Scope, node: Node, local: Mapping[str, Any]) -> Any:
    try:
        return int(text(node))
    except ValueError:
        return Unresolved(text(node), "not an integer")


def _boolean(scope: Scope, node: Node, local: Mapping[str, Any]) -> Any:
    return text(node) == "true"


def _null(scope: Scope, node: Node, local: Mapping[str, Any]) -> Any:
    return None


def _array(scope: Scope, node: Node, local: Mapping[str, Any]) -> Any:
    items = []
    for child in node.named_children:
        if child.type == "comment":
            continue
        if child.type == "for_statement":
            return _for_expression(scope, child, local)
        items.append(scope.evaluate(child, local))
    return items


def _for_expression(scope: Scope, loop: Node, local: Mapping[str, Any]) -> Any:
    """`[for x in xs: expr]` as a value."""
    bindings = scope.loop_items(loop, local)
    if isinstance(bindings, Unresolved):
        return Unresolved(text(loop.parent) or text(loop), bindings.reason)
    body = loop_body(loop)
    values = []
    for bound in bindings:
        inner_local = {**local, **bound}
        if body is not None and body.type == "if_statement":
            cond = scope.evaluate(first_named(body, "parenthesized_expression"), inner_local)
            if isinstance(cond, Unresolved):
                return Unresolved(text(loop), cond.reason)
            if cond is not True:
                continue
            values.append(scope.evaluate(first_named(body, "object"), inner_local))
        else:
            values.append(scope.evaluate(body, inner_local))
    return values


def _object(scope: Scope, node: Node, local: Mapping[str, Any]) -> Any:
    result: dict[str, Any] = {}
    for prop in node.named_children:
        if prop.type == "comment":
            continue
        if prop.type != "object_property":
            return Unresolved(text(node), f"a {prop.type.replace('_', ' ')} in an object")
        key, value = property_key(prop), property_value(prop)
        if key is None:
            return Unresolved(text(node), "an object key that is not a plain name")
        result[key] = scope.evaluate(value, local)
    return result


def _identifier(scope: Scope, node: Node, local: Mapping[str, Any]) -> Any:
    return scope.lookup(text(node), node, local)


def _parenthesized(scope: Scope, node: Node, local: Mapping[str, Any]) -> Any:
    inner = node.named_children[0] if node.named_children else None
    return scope.evaluate(inner, local)


def _nullable(scope: Scope, node: Node, local: Mapping[str, Any]) -> Any:
    """`x!` (the non-null assertion) is its operand's value."""
    inner = node.named_children[0] if node.named_children else None
    return scope.evaluate(inner, local)


def _member(scope: Scope, node: Node, local: Mapping[str, Any]) -> Any:
    target_node = node.child_by_field_name("object") or node.named_children[0]
    prop_node = node.child_by_field_name("property") or first_named(node, "property_identifier")
    name = text(prop_node)
    safe = any(not child.is_named and child.type == ".?" for child in node.children)
    if target_node.type == "identifier" and text(target_node) in {"az", "sys"}:
        return Unresolved(text(node), f"'{name}' is a function, not a value")
    target = scope.evaluate(target_node, local)
    return member_of(target, name, safe, text(node))


def member_of(target: Any, name: str, safe: bool, expression: str) -> Any:
    if isinstance(target, Unresolved):
        return Unresolved(expression, target.reason)
    if isinstance(target, ResourceSymbol):
        if name == "id":
            return target.id
        if name == "name":
            return target.names[-1] if target.names else Unresolved(expression, RUNTIME)
        if name == "type":
            return target.type
        if name == "apiVersion":
            return target.api_version
        return Unresolved(expression, f"a deployed resource's '{name}' is {RUNTIME}")
    if isinstance(target, ModuleSymbol):
        if name == "outputs" and target.outputs is not None:
            return _Outputs(target)
        if name == "outputs":
            return Unresolved(expression, "the module's outputs are not read (a registry module)")
        return Unresolved(expression, f"module '{name}' is {RUNTIME}")
    if isinstance(target, _Outputs):
        assert target.module.outputs is not None
        value = target.module.outputs(name)
        if isinstance(value, Unresolved):
            return Unresolved(expression, value.reason)
        return value
    if target is None and safe:
        return None
    if isinstance(target, dict):
        for key, value in target.items():
            if key.lower() == name.lower():
                return value
        if safe:
            return None
        return Unresolved(expression, f"'{name}' is not set")
    return Unresolved(expression, f"'{name}' of a value that is not an object")


@dataclass(frozen=True, slots=True)
class _Outputs:
    module: ModuleSymbol


def _subscript(scope: Scope, node: Node, local: Mapping[str, Any]) -> Any:
    children = [child for child in node.named_children if child.type != "comment"]
    if len(children) != 2:
        return Unresolved(text(node), "an index expression that is not evaluated")
    target, index = scope.evaluate(children[0], local), scope.evaluate(children[1], local)
    safe = any(not child.is_named and child.type == "?" for child in node.children)
    if isinstance(target, Unresolved) or isinstance(index, Unresolved):
        reason = target.reason if isinstance(target, Unresolved) else index.reason
        return Unresolved(text(node), reason)
    if isinstance(target, list) and isinstance(index, int) and not isinstance(index, bool):
        if -len(target) <= index < len(target):
            return target[index]
        return None if safe else Unresolved(text(node), "index out of range")
    if isinstance(index, str):
        return member_of(target, index, safe, text(node))
    return Unresolved(text(node), "an index expression that is not evaluated")


def _unary(scope: Scope, node: Node, local: Mapping[str, Any]) -> Any:
    operator = next((c.type for c in node.children if not c.is_named), "")
    operand = scope.evaluate(node.named_children[0] if node.named_children else None, local)
    if isinstance(operand, Unresolved):
        return Unresolved(text(node), operand.reason)
    if operator == "!" and isinstance(operand, bool):
        return not operand
    if operator == "-" and isinstance(operand, int) and not isinstance(operand, bool):
        return -operand
    return Unresolved(text(node), f"'{operator}' on a value of the wrong type")


def _binary(scope: Scope, node: Node, local: Mapping[str, Any]) -> Any:
    operator = next((c.type for c in node.children if not c.is_named), "")
    left_node = node.child_by_field_name("left") or node.named_children[0]
    right_node = node.child_by_field_name("right") or node.named_children[-1]
    left = scope.evaluate(left_node, local)
    # Short circuits decide without the right side, so an unknown right side does not matter.
    if operator == "||" and left is True:
        return True
    if operator == "&&" and left is False:
        return False
    if operator == "??":
        if isinstance(left, Unresolved):
            return Unresolved(text(node), left.reason)
        return left if left is not None else scope.evaluate(right_node, local)
    right = scope.evaluate(right_node, local)
    for side in (left, right):
        if isinstance(side, Unresolved):
            return Unresolved(text(node), side.reason)
    try:
        return _apply(operator, left, right)
    except (TypeError, ZeroDivisionError):
        return Unresolved(text(node), f"'{operator}' on values of the wrong type")


def _apply(operator: str, left: Any, right: Any) -> Any:
    if operator == "==":
        return _equal(left, right)
    if operator == "!=":
        return not _equal(left, right)
    if operator in {"=~", "!~"}:
        if not (isinstance(left, str) and isinstance(right, str)):
            raise TypeError
        same = left.lower() == right.lower()
        return same if operator == "=~" else not same
    if operator in {"&&", "||"}:
        if not (isinstance(left, bool) and isinstance(right, bool)):
            raise TypeError
        return (left and right) if operator == "&&" else (left or right)
    numeric = _NUMERIC
    if operator in numeric:
        if operator in {"<", ">", "<=", ">="} and isinstance(left, str) and isinstance(right, str):
            return numeric[operator](left, right)
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in (left, right)):
            raise TypeError
        return numeric[operator](left, right)
    raise TypeError


def _divide(left: int, right: int) -> int:
    return int(left / right)  # Bicep's integer division truncates towards zero


_NUMERIC: dict[str, Callable[[Any, Any], Any]] = {
    "+": op.add,
    "-": op.sub,
    "*": op.mul,
    "/": _divide,
    "%": op.mod,
    "<": op.lt,
    ">": op.gt,
    "<=": op.le,
    ">=": op.ge,
}


def _equal(left: Any, right: Any) -> bool:
    if isinstance(left, ResourceSymbol | ModuleSymbol) or isinstance(
        right, ResourceSymbol | ModuleSymbol
    ):
        raise TypeError
    if isinstance(left, bool) != isinstance(right, bool):
        return False
    return bool(left == right)


def _ternary(scope: Scope, node: Node, local: Mapping[str, Any]) -> Any:
    children = [child for child in node.named_children if child.type != "comment"]
    if len(children) != 3:
        return Unresolved(text(node), "a conditional that is not evaluated")
    cond = scope.evaluate(children[0], local)
    if isinstance(cond, Unresolved):
        return Unresolved(text(node), cond.reason)
    if not isinstance(cond, bool):
        return Unresolved(text(node), "the condition is not a boolean")
    return scope.evaluate(children[1] if cond else children[2], local)


def _resource_accessor(scope: Scope, node: Node, local: Mapping[str, Any]) -> Any:
    """`parent::child`, a nested resource's symbol."""
    return scope.lookup("".join(text(node).split()), node, local)


def _call(scope: Scope, node: Node, local: Mapping[str, Any]) -> Any:

    name = function_name(node)
    if name in scope.file.functions:
        return Unresolved(text(node), f"user-defined function '{name}' is not evaluated")
    arguments = [scope.evaluate(arg, local) for arg in call_arguments(node)]
    return functions.call(name, arguments, text(node), scope.resource_group)


_HANDLERS: dict[str, Callable[[Scope, Node, Mapping[str, Any]], Any]] = {
    "string": _string,
    "number": _number,
    "boolean": _boolean,
    "null": _null,
    "array": _array,
    "object": _object,
    "identifier": _identifier,
    "parenthesized_expression": _parenthesized,
    "nullable_type": _nullable,
    "member_expression": _member,
    "subscript_expression": _subscript,
    "unary_expression": _unary,
    "binary_expression": _binary,
    "ternary_expression": _ternary,
    "call_expression": _call,
    "for_statement": _for_expression,
    "resource_expression": _resource_accessor,
}
