"""Evaluating Terraform expressions statically: variables (defaults and .tfvars), locals, string
templates, conditionals, operators, a few pure functions, and references between resources.

A value that cannot be known before `terraform apply` is an `Unresolved` quoting the expression as
written and why: a variable nothing sets, a data source, a module from outside the files, an
attribute the provider computes, a function this reader does not evaluate. It is never guessed.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from auditor.sources.iac.model import Span, Unresolved
from auditor.sources.iac.terraform.syntax import Attribute, Block, source_text, span_of, tokens

if TYPE_CHECKING:
    from lark import Token, Tree

AFTER_APPLY = "known only after apply (the provider computes it)"


class Missing:
    """An attribute a resource does not have: distinct from null."""

    _instance: Missing | None = None

    def __new__(cls) -> Missing:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "NOTHING"


NOTHING = Missing()


@dataclass(frozen=True, slots=True)
class JsonText:
    """`jsonencode(x)` where x holds an unresolved value: the structure is kept so a reader that
    wants the object (an azapi body) still has it; as a string it is unresolved."""

    value: Any
    expression: str


@dataclass(frozen=True, slots=True)
class Resource:
    """One `resource` (or `data`) block of the module."""

    mode: str  # "resource" or "data"
    type: str
    name: str
    block: Block
    path: str
    text: str

    @property
    def address(self) -> str:
        prefix = "data." if self.mode == "data" else ""
        return f"{prefix}{self.type}.{self.name}"


@dataclass(frozen=True, slots=True)
class Instance:
    """One instance of a resource: `key` is its count index or for_each key, None without
    either, or an Unresolved when the count or for_each cannot be known."""

    resource: Resource
    key: Any = None
    each_value: Any = NOTHING

    @property
    def address(self) -> str:
        if self.key is None or isinstance(self.key, Unresolved):
            return self.resource.address
        return f"{self.resource.address}[{json.dumps(self.key)}]"


@dataclass(frozen=True, slots=True)
class Env:
    """What `count.index`, `each.key`/`each.value` and for-expression names mean here."""

    instance: Instance | None = None
    names: Mapping[str, Any] = field(default_factory=dict)


# Computed attributes: (instance, attribute name) -> value, or NOTHING when the mapping has no
# answer (then the reader says "known only after apply").
Computed = Callable[[Instance, str], Any]


class ModuleScope:
    """One Terraform module (one directory): its variables, locals and resources."""

    def __init__(
        self,
        variables: Mapping[str, Block],
        values: Mapping[str, tuple[Any, str]],  # name -> (value, where it was set)
        locals_: Mapping[str, Attribute],
        resources: Mapping[str, Resource],  # "type.name" and "data.type.name"
        modules: Mapping[str, Block],
        outputs_of: Callable[[str], Mapping[str, Any] | None] | None = None,
    ) -> None:
        self.variables = variables
        self.values = values
        self.locals = locals_
        self.resources = resources
        self.modules = modules
        self.outputs_of = outputs_of
        self.computed: Computed = lambda _i, _a: NOTHING
        self._cache: dict[tuple[str, ...], Any] = {}
        self._busy: set[tuple[str, ...]] = set()

    # --- the module's names -------------------------------------------------------------------

    def variable(self, name: str, expression: str) -> Any:
        key = ("var", name)
        if key in self._cache:
            return self._cache[key]
        if name in self.values:
            value = self.values[name][0]
        elif name not in self.variables:
            value = Unresolved(expression, f"variable {name!r} is not declared")
        else:
            block = self.variables[name]
            default = block.attributes.get("default")
            if default is None:
                value = Unresolved(
                    expression,
                    f"variable {name!r} has no default value and no .tfvars file sets it",
                )
            else:
                value = self._guarded(key, default.expr, default.source, Env())
        declared = self.variables.get(name)
        kind = declared.attributes.get("type") if declared is not None else None
        if kind is not None:
            value = _converted(value, source_text(kind.expr, kind.source))
        self._cache[key] = value
        return value

    def local(self, name: str, expression: str) -> Any:
        attribute = self.locals.get(name)
        if attribute is None:
            return Unresolved(expression, f"local value {name!r} is not defined")
        return self._guarded(("local", name), attribute.expr, attribute.source, Env())

    def _guarded(self, key: tuple[str, ...], expr: Tree[Token], text: str, env: Env) -> Any:
        if key in self._cache:
            return self._cache[key]
        if key in self._busy:
            return Unresolved(source_text(expr, text), "it refers to itself")
        self._busy.add(key)
        try:
            value = self.evaluate(expr, text, env)
        finally:
            self._busy.discard(key)
        self._cache[key] = value
        return value

    # --- resource instances -------------------------------------------------------------------

    def instances(self, resource: Resource) -> tuple[list[Instance], str | None]:
        """The instances a block declares, and the condition quoted when it cannot be known
        (then one instance stands for all of them)."""
        block = resource.block
        count = block.attributes.get("count")
        each = block.attributes.get("for_each")
        if count is not None:
            value = self._guarded(("count", resource.address), count.expr, count.source, Env())
            written = f"count = {source_text(count.expr, count.source)}"
            if isinstance(value, bool) or not isinstance(value, int | float):
                reason = value.reason if isinstance(value, Unresolved) else "not a number"
                return [Instance(resource, Unresolved("count.index", reason))], written
            return [Instance(resource, i) for i in range(int(value))], None
        if each is not None:
            value = self._guarded(("for_each", resource.address), each.expr, each.source, Env())
            written = f"for_each = {source_text(each.expr, each.source)}"
            if isinstance(value, Mapping) and not _holds_unresolved(list(value)):
                return [Instance(resource, str(k), v) for k, v in value.items()], None
            if isinstance(value, list) and all(isinstance(v, str) for v in value):
                return [Instance(resource, v, v) for v in dict.fromkeys(value)], None
            reason = value.reason if isinstance(value, Unresolved) else "its keys are unknown"
            unknown = Unresolved("each.key", reason)
            return [Instance(resource, unknown, Unresolved("each.value", reason))], written
        return [Instance(resource)], None

    def attribute(self, instance: Instance, name: str, expression: str) -> Any:
        """An attribute of a resource instance: its argument as written, or what the mapping
        computes (an id), else unknown until apply."""
        computed = self.computed(instance, name)
        if computed is not NOTHING:
            return computed
        resource = instance.resource
        if resource.mode == "data":
            return Unresolved(
                expression,
                f"{resource.address} reads an existing resource at plan time, outside these files",
            )
        argument = resource.block.attributes.get(name)
        if argument is not None:
            key = ("attr", instance.address, name)
            return self._guarded(key, argument.expr, argument.source, Env(instance))
        return Unresolved(expression, f"{resource.address}.{name} is {AFTER_APPLY}")

    def argument(self, instance: Instance, block: Block, name: str) -> Any:
        """An argument of `block` (the resource's or a nested block) in the instance's scope,
        or NOTHING when it is not written."""
        argument = block.attributes.get(name)
        if argument is None:
            return NOTHING
        return self.evaluate(argument.expr, argument.source, Env(instance))

    # --- expressions --------------------------------------------------------------------------

    def evaluate(self, node: Tree[Token], text: str, env: Env) -> Any:
        try:
            return self._eval(node, text, env)
        except RecursionError:
            return Unresolved(source_text(node, text), "too deeply nested to evaluate")

    def _eval(self, node: Tree[Token], text: str, env: Env) -> Any:
        from lark import Tree

        kind = node.data
        children = [c for c in node.children if isinstance(c, Tree)]
        if kind == "expr_term":
            inner = [c for c in children if c.data != "new_line_or_comment"]
            return self._eval(inner[0], text, env)
        if kind == "int_lit":
            return int(str(node.children[0]))
        if kind == "float_lit":
            number = float(str(node.children[0]))
            return number if not number.is_integer() else int(number)
        if kind == "literal_value":
            word = str(node.children[0])
            return {"true": True, "false": False, "null": None}[word]
        if kind == "string":
            return self._template(node, text, env)
        if kind in ("heredoc_template", "heredoc_template_trim"):
            return self._heredoc(node, text)
        if kind == "tuple":
            return [self._eval(c, text, env) for c in children if c.data != "new_line_or_comment"]
        if kind == "object":
            return self._object(node, text, env)
        if kind == "conditional":
            parts = [c for c in children if c.data != "new_line_or_comment"]
            condition = self._eval(parts[0], text, env)
            if isinstance(condition, bool):
                return self._eval(parts[1 if condition else 2], text, env)
            yes, no = self._eval(parts[1], text, env), self._eval(parts[2], text, env)
            if yes == no and not _holds_unresolved(yes):
                return yes
            reason = condition.reason if isinstance(condition, Unresolved) else "not a boolean"
            return Unresolved(source_text(node, text), f"its condition is unknown: {reason}")
        if kind == "binary_op":
            return self._binary(node, text, env)
        if kind == "unary_op":
            operator = str(node.children[0])
            value = self._eval(children[0], text, env)
            if isinstance(value, Unresolved):
                return _spread(value, node, text)
            if operator == "!" and isinstance(value, bool):
                return not value
            if operator == "-" and isinstance(value, int | float) and not isinstance(value, bool):
                return -value
            return Unresolved(source_text(node, text), f"{operator} cannot apply to {value!r}")
        if kind == "function_call":
            return self._call(node, text, env)
        if kind in ("get_attr_expr_term", "index_expr_term", "identifier"):
            return self._traversal(node, text, env)
        if kind in ("for_tuple_expr", "for_object_expr"):
            return self._for(node, text, env)
        return Unresolved(
            source_text(node, text), f"this kind of expression ({kind}) is not evaluated statically"
        )

    def _for(self, node: Tree[Token], text: str, env: Env) -> Any:
        """`[for k, v in coll : expr if cond]` and `{for k, v in coll : key => value...}`."""
        from lark import Token, Tree

        expression = source_text(node, text)
        parts = [
            c for c in node.children if isinstance(c, Tree) and c.data != "new_line_or_comment"
        ]
        intro, rest = parts[0], parts[1:]
        condition = rest.pop() if rest and rest[-1].data == "for_cond" else None
        grouped = any(isinstance(c, Token) and c.type == "ELLIPSIS" for c in node.children)
        names = [
            "".join(str(t) for t in tokens(c))
            for c in intro.children
            if isinstance(c, Tree) and c.data == "identifier"
        ]
        source = next(
            c
            for c in intro.children
            if isinstance(c, Tree) and c.data not in ("identifier", "new_line_or_comment")
        )
        collection = self._eval(source, text, env)
        if isinstance(collection, Unresolved):
            return Unresolved(expression, collection.reason)
        if isinstance(collection, Mapping):
            items = list(collection.items())
        elif isinstance(collection, list):
            items = list(enumerate(collection))
        else:
            return Unresolved(expression, "its collection is not a list or map")
        tuple_result: list[Any] = []
        object_result: dict[str, Any] = {}
        for key, value in items:
            bound = {names[0]: value} if len(names) == 1 else {names[0]: key, names[1]: value}
            inner = Env(env.instance, {**env.names, **bound})
            if condition is not None:
                cond_expr = next(
                    c
                    for c in condition.children
                    if isinstance(c, Tree) and c.data != "new_line_or_comment"
                )
                keep = self._eval(cond_expr, text, inner)
                if isinstance(keep, Unresolved):
                    return Unresolved(expression, keep.reason)
                if keep is not True:
                    continue
            if node.data == "for_tuple_expr":
                item = self._eval(rest[0], text, inner)
                tuple_result.append(item)
                continue
            result_key = self._eval(rest[0], text, inner)
            if isinstance(result_key, Unresolved):
                return Unresolved(expression, result_key.reason)
            if not isinstance(result_key, str | int | float) or isinstance(result_key, bool):
                return Unresolved(expression, "a key is not a string")
            result_value = self._eval(rest[1], text, inner)
            if grouped:
                object_result.setdefault(str(result_key), []).append(result_value)
            else:
                object_result[str(result_key)] = result_value
        return tuple_result if node.data == "for_tuple_expr" else object_result

    def _template(self, node: Tree[Token], text: str, env: Env) -> Any:
        from lark import Token, Tree

        pieces: list[str] = []
        unknown: Unresolved | None = None
        for part in node.children:
            if isinstance(part, Token):
                continue  # the quotes
            assert isinstance(part, Tree)
            inner = part.children[0]
            if isinstance(inner, Token):
                if inner.type == "STRING_CHARS":
                    pieces.append(_unescape(str(inner)))
                elif inner.type in ("ESCAPED_INTERPOLATION", "ESCAPED_DIRECTIVE"):
                    pieces.append(str(inner)[1:])
                continue
            if inner.data != "interpolation":
                return Unresolved(source_text(node, text), "template directives are not evaluated")
            expr = next(c for c in inner.children if isinstance(c, Tree))
            value = self._eval(expr, text, env)
            if isinstance(value, Unresolved):
                unknown = unknown or value
                continue
            rendered = _to_string(value)
            if rendered is None:
                return Unresolved(source_text(node, text), f"{value!r} cannot be put in a string")
            pieces.append(rendered)
        if unknown is not None:
            return _spread(unknown, node, text)
        return "".join(pieces)

    def _heredoc(self, node: Tree[Token], text: str) -> Any:
        raw = str(node.children[0])
        if "${" in raw or "%{" in raw:
            return Unresolved(source_text(node, text), "a heredoc template is not evaluated")
        lines = raw.split("\n")[1:-2]  # drop `<<EOF` and the closing marker
        if node.data == "heredoc_template_trim":
            indents = [len(x) - len(x.lstrip()) for x in lines if x.strip()]
            cut = min(indents, default=0)
            lines = [x[cut:] for x in lines]
        return "\n".join(lines) + "\n"

    def _object(self, node: Tree[Token], text: str, env: Env) -> Any:
        from lark import Tree

        result: dict[str, Any] = {}
        for element in node.children:
            if not isinstance(element, Tree) or element.data != "object_elem":
                continue
            key_node, value_node = element.children[0], element.children[-1]
            assert isinstance(key_node, Tree) and isinstance(value_node, Tree)
            key = object_key(key_node, text)
            if key is None:
                key_value = self._eval(key_node.children[0], text, env)  # type: ignore[arg-type]
                if not isinstance(key_value, str | int | float) or isinstance(key_value, bool):
                    return Unresolved(source_text(node, text), "an object key is unknown")
                key = str(key_value)
            result[key] = self._eval(value_node, text, env)
        return result

    def _binary(self, node: Tree[Token], text: str, env: Env) -> Any:
        from lark import Tree

        left_node = node.children[0]
        term = next(c for c in node.children[1:] if isinstance(c, Tree))
        operator_node = term.children[0]
        assert isinstance(left_node, Tree) and isinstance(operator_node, Tree)
        operator = str(operator_node.children[0]).strip()
        right_node = [c for c in term.children[1:] if isinstance(c, Tree)]
        right_node = [c for c in right_node if c.data != "new_line_or_comment"]
        left = self._eval(left_node, text, env)
        if (operator == "&&" and left is False) or (operator == "||" and left is True):
            return left
        right = self._eval(right_node[0], text, env)
        for value in (left, right):
            if isinstance(value, Unresolved):
                return _spread(value, node, text)
        if operator in ("==", "!="):
            same = _equal(left, right)
            return same if operator == "==" else not same
        if operator in ("&&", "||") and isinstance(left, bool) and isinstance(right, bool):
            return (left and right) if operator == "&&" else (left or right)
        numbers = all(isinstance(v, int | float) and not isinstance(v, bool) for v in (left, right))
        if numbers:
            return _arithmetic(operator, left, right, source_text(node, text))
        return Unresolved(source_text(node, text), f"{operator} cannot apply to these values")

    # --- references ---------------------------------------------------------------------------

    def _traversal(self, node: Tree[Token], text: str, env: Env) -> Any:
        root, steps = _flatten(node)
        expression = source_text(node, text)
        if root.data != "identifier":
            value = self._eval(root, text, env)
            return self._walk(value, steps, text, env, expression)
        name = "".join(str(t) for t in tokens(root))
        if name in env.names:
            return self._walk(env.names[name], steps, text, env, expression)
        first = steps[0] if steps else None
        attr = first[1] if first is not None and first[0] == "attr" else None
        if name == "var" and isinstance(attr, str):
            return self._walk(self.variable(attr, f"var.{attr}"), steps[1:], text, env, expression)
        if name == "local" and isinstance(attr, str):
            value = self.local(attr, f"local.{attr}")
            return self._walk(value, steps[1:], text, env, expression)
        if name == "count" and attr == "index":
            key = env.instance.key if env.instance else None
            if key is None:
                return Unresolved(expression, "count.index is used outside a counted resource")
            return self._walk(key, steps[1:], text, env, expression)
        if name == "each" and attr in ("key", "value") and env.instance is not None:
            value = env.instance.key if attr == "key" else env.instance.each_value
            return self._walk(value, steps[1:], text, env, expression)
        if name == "module" and isinstance(attr, str):
            return self._module_output(attr, steps[1:], text, env, expression)
        if name == "data" and isinstance(attr, str) and len(steps) >= 2 and steps[1][0] == "attr":
            address = f"data.{attr}.{steps[1][1]}"
            if address in self.resources:
                return Unresolved(
                    expression,
                    f"{address} reads an existing resource at plan time, outside these files",
                )
            return Unresolved(expression, f"{address} is not declared")
        if isinstance(attr, str) and f"{name}.{attr}" in self.resources:
            return self._resource(
                self.resources[f"{name}.{attr}"], steps[1:], text, env, expression
            )
        if name in ("path", "terraform", "self"):
            return Unresolved(expression, f"{name}.* is not evaluated statically")
        return Unresolved(expression, f"{name!r} is not declared in this module")

    def _resource(
        self,
        resource: Resource,
        steps: list[tuple[str, Any]],
        text: str,
        env: Env,
        expression: str,
    ) -> Any:
        instances, condition = self.instances(resource)
        counted = "count" in resource.block.attributes or "for_each" in resource.block.attributes
        if counted:
            if not steps or steps[0][0] != "index":
                what = "[*] (a list of instances)" if steps and steps[0][0] == "splat" else ""
                return Unresolved(
                    expression, f"refers to all instances of {resource.address} {what}".strip()
                )
            key = self._eval(steps[0][1], text, env)
            if isinstance(key, Unresolved):
                return _spread(key, steps[0][1], text, expression)
            if condition is not None:
                return Unresolved(
                    expression, f"the instances of {resource.address} are unknown ({condition})"
                )
            chosen = [i for i in instances if _equal(i.key, key)]
            if not chosen:
                return Unresolved(expression, f"{resource.address} has no instance {key!r}")
            instance, steps = chosen[0], steps[1:]
        else:
            instance = instances[0] if instances else Instance(resource)
        if not steps or steps[0][0] != "attr":
            return Unresolved(expression, f"the whole object {resource.address} is not evaluated")
        value = self.attribute(instance, steps[0][1], expression)
        if isinstance(value, Unresolved) and len(steps) > 1:
            return Unresolved(expression, value.reason)
        return self._walk(value, steps[1:], text, env, expression)

    def _module_output(
        self, name: str, steps: list[tuple[str, Any]], text: str, env: Env, expression: str
    ) -> Any:
        if name not in self.modules:
            return Unresolved(expression, f"module {name!r} is not declared")
        outputs = self.outputs_of(name) if self.outputs_of else None
        if outputs is None:
            source = self.modules[name].attributes.get("source")
            where = source_text(source.expr, source.source) if source else "an unknown source"
            return Unresolved(
                expression, f"an output of module {name!r} ({where}), outside these files"
            )
        if not steps or steps[0][0] != "attr":
            return Unresolved(expression, "the whole module object is not evaluated")
        output = steps[0][1]
        if output not in outputs:
            return Unresolved(expression, f"module {name!r} has no output {output!r}")
        return self._walk(outputs[output], steps[1:], text, env, expression)

    def _walk(
        self, value: Any, steps: list[tuple[str, Any]], text: str, env: Env, expression: str
    ) -> Any:
        for step, argument in steps:
            if isinstance(value, Unresolved):
                return (
                    Unresolved(expression, value.reason)
                    if value.expression != expression
                    else value
                )
            if step == "attr":
                if isinstance(value, Mapping) and argument in value:
                    value = value[argument]
                    continue
                return Unresolved(expression, f"{argument!r} is not an attribute of this value")
            if step == "splat":
                return Unresolved(expression, "splat expressions are not evaluated")
            key = self._eval(argument, text, env)
            if isinstance(key, Unresolved):
                return _spread(key, argument, text, expression)
            if (
                isinstance(value, list)
                and isinstance(key, int | float)
                and not isinstance(key, bool)
            ):
                if 0 <= int(key) < len(value):
                    value = value[int(key)]
                    continue
            elif isinstance(value, Mapping) and str(key) in value:
                value = value[str(key)]
                continue
            return Unresolved(expression, f"index {key!r} is not in this value")
        if isinstance(value, Unresolved) and value.expression != expression and steps:
            return Unresolved(expression, value.reason)
        return value

    # --- functions ----------------------------------------------------------------------------

    def _call(self, node: Tree[Token], text: str, env: Env) -> Any:
        from lark import Tree

        parts = [c for c in node.children if isinstance(c, Tree)]
        name = "".join(str(t) for t in tokens(parts[0]))
        expression = source_text(node, text)
        arguments = next((c for c in parts[1:] if c.data == "arguments"), None)
        nodes = [
            c
            for c in (arguments.children if arguments else [])
            if isinstance(c, Tree) and c.data != "new_line_or_comment"
        ]
        expands = arguments is not None and any(
            not isinstance(c, Tree) and str(c) == "..." for c in arguments.children
        )
        if name in ("try", "can") and not expands:
            return self._try(name, nodes, text, env, expression)
        function = FUNCTIONS.get(name)
        if function is None or expands:
            return Unresolved(expression, f"{name}() is not evaluated statically")
        values = [self._eval(n, text, env) for n in nodes]
        if name == "jsonencode" and values and _holds_unresolved(values[0]):
            return JsonText(values[0], expression)
        for value in values:
            if isinstance(value, Unresolved):
                return Unresolved(expression, value.reason)
        try:
            return function(*values)
        except (TypeError, ValueError, KeyError, IndexError, OverflowError) as error:
            return Unresolved(expression, f"{name}() cannot be evaluated here ({error})")

    def _try(
        self, name: str, nodes: list[Tree[Token]], text: str, env: Env, expression: str
    ) -> Any:
        """`try(a, b, ...)`: the first argument that evaluates without an error; `can(a)`: whether
        it does. An argument that is unknown (rather than an error) makes the answer unknown:
        Terraform would only know at apply whether it fails."""
        for node in nodes:
            value = self._eval(node, text, env)
            if not isinstance(value, Unresolved):
                return True if name == "can" else value
            if not is_error(value):
                return Unresolved(expression, value.reason)
            if name == "can":
                return False
        return Unresolved(expression, f"{name}(): no argument evaluates without an error")


# Reasons that are errors in the configuration (Terraform would refuse the expression), not
# values unknown until apply: `try()` moves past them.
ERRORS = (
    "is not declared",
    "is not defined",
    "has no instance",
    "has no output",
    "is not an attribute of this value",
    "is not in this value",
    "cannot be evaluated here",
)


def is_error(value: Unresolved) -> bool:
    return any(marker in value.reason for marker in ERRORS)


# --- helpers ---------------------------------------------------------------------------------


def object_key(key_node: Tree[Token], text: str) -> str | None:
    """A literal object key (`name` or `"name"`), else None (a computed key)."""
    from lark import Tree

    inner: Any = key_node.children[0]
    while isinstance(inner, Tree) and inner.data == "expr_term" and len(inner.children) == 1:
        inner = inner.children[0]
    if isinstance(inner, Tree) and inner.data in ("identifier", "keyword"):
        return "".join(str(t) for t in tokens(inner))
    if isinstance(inner, Tree) and inner.data == "string":
        parts = list(inner.children)[1:-1]
        if all(
            isinstance(p, Tree) and str(getattr(p.children[0], "type", "")) == "STRING_CHARS"
            for p in parts
        ):
            return "".join(_unescape(str(p.children[0])) for p in parts if isinstance(p, Tree))
    if not isinstance(inner, Tree):
        return str(inner)
    return None


def object_positions(node: Tree[Token], prefix: str) -> Iterator[tuple[str, Span]]:
    """(lower-case dotted path, lines) of each literal key in an object expression, recursively,
    looking through `jsonencode(...)`: where each property of an azapi body is written."""
    from lark import Tree

    while node.data == "expr_term":
        inner = [
            c for c in node.children if isinstance(c, Tree) and c.data != "new_line_or_comment"
        ]
        if len(inner) != 1:
            return
        node = inner[0]
    if node.data == "function_call":
        parts = [c for c in node.children if isinstance(c, Tree)]
        if "".join(str(t) for t in tokens(parts[0])) != "jsonencode" or len(parts) < 2:
            return
        args = [
            c for c in parts[1].children if isinstance(c, Tree) and c.data != "new_line_or_comment"
        ]
        if len(args) == 1:
            yield from object_positions(args[0], prefix)
        return
    if node.data != "object":
        return
    for element in node.children:
        if not isinstance(element, Tree) or element.data != "object_elem":
            continue
        key_node, value_node = element.children[0], element.children[-1]
        assert isinstance(key_node, Tree) and isinstance(value_node, Tree)
        key = object_key(key_node, "")
        if key is None:
            continue
        path = f"{prefix}.{key.lower()}" if prefix else key.lower()
        yield path, span_of(element)
        yield from object_positions(value_node, path)


def _flatten(node: Tree[Token]) -> tuple[Tree[Token], list[tuple[str, Any]]]:
    """`a.b[0].c` as its root (`a`) and steps [("attr","b"), ("index",expr), ("attr","c")]."""
    from lark import Tree

    steps: list[tuple[str, Any]] = []
    while True:
        while (
            node.data == "expr_term"
            and len(node.children) == 1
            and isinstance(node.children[0], Tree)
        ):
            node = node.children[0]
        if node.data not in (
            "get_attr_expr_term",
            "index_expr_term",
            "attr_splat_expr_term",
            "full_splat_expr_term",
        ):
            break
        base, accessor = node.children[0], node.children[1]
        assert isinstance(base, Tree) and isinstance(accessor, Tree)
        if accessor.data == "get_attr":
            steps.append(("attr", "".join(str(t) for t in tokens(accessor) if t.type != "DOT")))
        elif accessor.data == "braces_index":
            index = [
                c
                for c in accessor.children
                if isinstance(c, Tree) and c.data != "new_line_or_comment"
            ]
            steps.append(("index", index[0]))
        elif accessor.data == "short_index":
            steps.append(("index", Tree("int_lit", [accessor.children[1]])))
        else:
            steps.append(("splat", None))
        node = base
    steps.reverse()
    return node, steps


def _spread(
    value: Unresolved, node: Tree[Token], text: str, expression: str | None = None
) -> Unresolved:
    """An unknown part makes the whole expression unknown, for the same reason."""
    return Unresolved(expression or source_text(node, text), value.reason)


def _holds_unresolved(value: Any) -> bool:
    if isinstance(value, Unresolved | JsonText):
        return True
    if isinstance(value, Mapping):
        return any(_holds_unresolved(v) for v in value.values())
    if isinstance(value, list):
        return any(_holds_unresolved(v) for v in value)
    return False


def holds_unresolved(value: Any) -> bool:
    return _holds_unresolved(value)


def _equal(left: Any, right: Any) -> bool:
    if isinstance(left, bool) != isinstance(right, bool):
        return False
    return bool(left == right)


def _arithmetic(operator: str, left: float, right: float, expression: str) -> Any:
    if operator == "+":
        return left + right
    if operator == "-":
        return left - right
    if operator == "*":
        return left * right
    if operator in ("/", "%") and right == 0:
        return Unresolved(expression, "division by zero")
    if operator == "/":
        result = left / right
        return int(result) if result.is_integer() else result
    if operator == "%":
        return math.fmod(left, right)
    comparisons = {"<": left < right, ">": left > right, "<=": left <= right, ">=": left >= right}
    if operator in comparisons:
        return comparisons[operator]
    return Unresolved(expression, f"{operator} is not evaluated")


_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\"}


def _unescape(raw: str) -> str:
    out: list[str] = []
    index = 0
    while index < len(raw):
        char = raw[index]
        if char == "\\" and index + 1 < len(raw) and raw[index + 1] in _ESCAPES:
            out.append(_ESCAPES[raw[index + 1]])
            index += 2
            continue
        out.append(char)
        index += 1
    return "".join(out)


def _to_string(value: Any) -> str | None:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(int(value)) if float(value).is_integer() else repr(value)
    if isinstance(value, str):
        return value
    return None


def _converted(value: Any, kind: str) -> Any:
    """A variable's value as its declared primitive type makes it: Terraform converts "true" to
    true for a `bool`, "8" to 8 for a `number`, and 8 to "8" for a `string`. A value that does
    not convert is left as it is (Terraform would refuse it; the rule then judges the junk)."""
    try:
        if kind == "bool" and isinstance(value, str):
            return _tobool(value)
        if kind == "number" and isinstance(value, str):
            return _tonumber(value)
        if kind == "string" and isinstance(value, bool | int | float):
            return _tostring(value)
    except ValueError:
        return value
    return value


def _tostring(value: Any) -> str:
    rendered = _to_string(value)
    if rendered is None:
        raise TypeError("only a primitive value becomes a string")
    return rendered


def _tobool(value: Any) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    if value in ("true", "false"):
        return bool(value == "true")
    raise ValueError(f"{value!r} is not a boolean")


def _tonumber(value: Any) -> Any:
    if value is None or (isinstance(value, int | float) and not isinstance(value, bool)):
        return value
    if isinstance(value, str):
        number = float(value)
        return int(number) if number.is_integer() else number
    raise ValueError(f"{value!r} is not a number")


def _format(spec: str, *values: Any) -> str:
    out: list[str] = []
    index = 0
    position = 0
    while index < len(spec):
        char = spec[index]
        if char != "%":
            out.append(char)
            index += 1
            continue
        verb = spec[index + 1 : index + 2]
        index += 2
        if verb == "%":
            out.append("%")
            continue
        if verb not in ("s", "d", "v", "q"):
            raise ValueError(f"format verb %{verb} is not evaluated")
        value = values[position]
        position += 1
        rendered = (
            _tostring(value)
            if verb != "v" or not isinstance(value, list | dict)
            else json.dumps(value)
        )
        out.append(json.dumps(rendered) if verb == "q" else rendered)
    return "".join(out)


def _lookup(mapping: Any, key: Any, *default: Any) -> Any:
    if not isinstance(mapping, Mapping):
        raise TypeError("lookup() needs a map")
    if key in mapping:
        return mapping[key]
    if default:
        return default[0]
    raise KeyError(key)


def _coalesce(*values: Any) -> Any:
    for value in values:
        if value is not None and value != "":
            return value
    raise ValueError("no non-null argument")


def _merge(*maps: Any) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for item in maps:
        if item is None:
            continue
        if not isinstance(item, Mapping):
            raise TypeError("merge() takes maps")
        merged.update(item)
    return merged


def _concat(*lists: Any) -> list[Any]:
    merged: list[Any] = []
    for item in lists:
        if not isinstance(item, list):
            raise TypeError("concat() takes lists")
        merged.extend(item)
    return merged


def _jsondecode(value: Any) -> Any:
    if not isinstance(value, str):
        raise TypeError("jsondecode() takes a string")
    return json.loads(value)


def _join(separator: Any, items: Any) -> str:
    return str(separator).join(_tostring(v) for v in items)


def _length(value: Any) -> int:
    if isinstance(value, str | list | Mapping):
        return len(value)
    raise TypeError("length() takes a string, list or map")


def _element(items: Any, index: Any) -> Any:
    return items[int(index) % len(items)]


FUNCTIONS: dict[str, Callable[..., Any]] = {
    "lower": lambda s: s.lower() if isinstance(s, str) else _tostring(s).lower(),
    "upper": lambda s: s.upper() if isinstance(s, str) else _tostring(s).upper(),
    "format": _format,
    "concat": _concat,
    "merge": _merge,
    "lookup": _lookup,
    "coalesce": _coalesce,
    "tostring": lambda v: None if v is None else _tostring(v),
    "tobool": _tobool,
    "tonumber": _tonumber,
    "tolist": lambda v: list(v),
    "toset": lambda v: list(dict.fromkeys(v)),
    "tomap": lambda v: dict(v),
    "jsonencode": lambda v: json.dumps(v, separators=(",", ":")),
    "jsondecode": _jsondecode,
    "join": _join,
    "trimspace": lambda s: s.strip(),
    "length": _length,
    "contains": lambda items, v: any(_equal(i, v) for i in items),
    "element": _element,
    "substr": lambda s, o, n: s[int(o) :] if int(n) < 0 else s[int(o) : int(o) + int(n)],
    "min": lambda *v: min(v),
    "max": lambda *v: max(v),
    "title": lambda s: s.title(),
    "replace": lambda s, a, b: (
        s.replace(a, b) if not (a.startswith("/") and a.endswith("/")) else _no()
    ),
}


def _no() -> Any:
    raise ValueError("regular expressions are not evaluated")
