"""ARM template expressions (`"[concat(parameters('p'), '-kv')]"`) evaluated statically.

What can be known before deployment is computed: parameters (a value given, else the default),
variables, string, logical, array and object functions, and the ids `resourceId()` and its
siblings return. What cannot (a parameter without a value, `reference()`, `listKeys()`,
`utcNow()`, a user-defined function) is an `Unknown` carrying why, which the reader turns into
`model.Unresolved` quoting the whole expression as written.

An Unknown also carries a *stand-in*: a string that says where the value comes from
(`{parameters('name')}`). Names and ids are built from stand-ins, so a vault named by a
parameter without a default and a workspace's `resourceId('Microsoft.KeyVault/vaults',
parameters('name'))` still name the same id, and the reference resolves. `uniqueString()` and
`guid()` are computed from their arguments the same way (a hash, not Azure's value: it only has
to be equal where Azure's would be). A stand-in is never judged as a value: a property holding an
Unknown is Unresolved.

Function names, semantics and the placeholder values of `resourceGroup()` and `subscription()`
follow the ARM template functions reference (learn.microsoft.com/azure/azure-resource-manager/
templates/template-functions).
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from auditor.sources.iac.model import TEMPLATE_RESOURCE_GROUP, TEMPLATE_SUBSCRIPTION

# Values `resourceGroup()`, `subscription()` and `deployment()` stand for: the deployment's
# scope is chosen when it is deployed, so these are placeholders (ids under them match
# model.template_id).
TEMPLATE_TENANT = "00000000-0000-0000-0000-000000000000"
PLACEHOLDER_LOCATION = "[resourceGroup().location]"


@dataclass(frozen=True, slots=True)
class Unknown:
    """A value known only at deployment: why, and the stand-in names and ids use."""

    reason: str
    stand_in: str


@dataclass(frozen=True, slots=True)
class Default:
    """A parameter's `defaultValue` as written, evaluated when the parameter is read."""

    raw: Any


class ExpressionError(ValueError):
    """An expression that is not valid ARM syntax (the reader reports it as a file problem)."""


# --- syntax --------------------------------------------------------------------------------------

_TOKEN = re.compile(
    r"""\s*(?:
        (?P<string>'(?:[^']|'')*')
      | (?P<number>-?\d+(?:\.\d+)?)
      | (?P<name>[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)?(?=\s*\())
      | (?P<ident>[A-Za-z_$][A-Za-z0-9_$]*)
      | (?P<punct>[(),.\[\]])
    )""",
    re.VERBOSE,
)


@dataclass(frozen=True, slots=True)
class Literal:
    value: Any
    text: str


@dataclass(frozen=True, slots=True)
class Call:
    name: str
    args: tuple[Node, ...]
    text: str


@dataclass(frozen=True, slots=True)
class Access:
    target: Node
    key: Node  # a Literal property name, or an index expression
    text: str


Node = Literal | Call | Access


def is_expression(value: Any) -> bool:
    """`"[...]"` is an expression; `"[[..."` is a literal string starting with `[`."""
    return (
        isinstance(value, str)
        and value.startswith("[")
        and value.endswith("]")
        and not value.startswith("[[")
    )


def literal_text(value: str) -> str:
    """A string that is not an expression, as ARM reads it (`[[` escapes a leading bracket)."""
    return value[1:] if value.startswith("[[") else value


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens: list[tuple[str, str, int, int]] = []
        position = 0
        while position < len(text):
            if text[position:].strip() == "":
                break
            match = _TOKEN.match(text, position)
            if match is None or match.end() == position:
                raise ExpressionError(f"unexpected {text[position:].strip()[:20]!r}")
            kind = match.lastgroup or ""
            start = match.start(kind)
            self.tokens.append((kind, match.group(kind), start, match.end()))
            position = match.end()
        self.index = 0

    def peek(self) -> tuple[str, str, int, int] | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def take(self, value: str | None = None) -> tuple[str, str, int, int]:
        token = self.peek()
        if token is None or (value is not None and token[1] != value):
            raise ExpressionError(f"expected {value or 'more'} in {self.text!r}")
        self.index += 1
        return token

    def parse(self) -> Node:
        node = self.expression()
        if self.peek() is not None:
            raise ExpressionError(f"unexpected {self.peek()[1]!r} in {self.text!r}")  # type: ignore[index]
        return node

    def expression(self) -> Node:
        kind, value, start, _ = self.take()
        node: Node
        if kind == "string":
            node = Literal(value[1:-1].replace("''", "'"), value)
        elif kind == "number":
            node = Literal(float(value) if "." in value else int(value), value)
        elif kind == "name":
            self.take("(")
            args: list[Node] = []
            if self.peek() is not None and self.peek()[1] != ")":  # type: ignore[index]
                args.append(self.expression())
                while self.peek() is not None and self.peek()[1] == ",":  # type: ignore[index]
                    self.take(",")
                    args.append(self.expression())
            close = self.take(")")
            node = Call(value, tuple(args), self.text[start : close[3]])
        elif kind == "ident" and value.lower() in ("true", "false", "null"):  # lenient: true()
            node = Literal({"true": True, "false": False, "null": None}[value.lower()], value)
        else:
            raise ExpressionError(f"unexpected {value!r} in {self.text!r}")
        while self.peek() is not None and self.peek()[1] in (".", "["):  # type: ignore[index]
            _, punct, _, _ = self.take()
            if punct == ".":
                _, name, _, name_end = self.take()
                node = Access(node, Literal(name, name), self.text[start:name_end])
            else:
                key = self.expression()
                close = self.take("]")
                node = Access(node, key, self.text[start : close[3]])
        return node


@functools.lru_cache(maxsize=4096)
def parse(expression: str) -> Node:
    """The syntax tree of `"[...]"` (the brackets included). Templates repeat their expressions
    (`[parameters('location')]` on every resource): the immutable trees are cached."""
    return _Parser(expression[1:-1]).parse()


# --- evaluation ----------------------------------------------------------------------------------


def _ci_get(mapping: Mapping[str, Any], key: str) -> Any:
    if key in mapping:
        return mapping[key]
    lowered = key.lower()
    for candidate, value in mapping.items():
        if isinstance(candidate, str) and candidate.lower() == lowered:
            return value
    raise KeyError(key)


def stand_in(value: Any) -> str:
    """The string a value contributes to a name or id: itself, or an Unknown's stand-in."""
    if isinstance(value, Unknown):
        return value.stand_in
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return json.dumps(value, sort_keys=True)
    return str(value)


@dataclass
class Scope:
    """What expressions in one template (or an inner-scoped nested one) can see."""

    parameters: Mapping[str, Any]  # name -> value (or Unknown); lookup ignores case
    variables: Mapping[str, Any]  # name -> raw value as written (evaluated on use)
    resource_group: str = TEMPLATE_RESOURCE_GROUP
    subscription: str = TEMPLATE_SUBSCRIPTION
    copy_indexes: Mapping[str, Any] = field(default_factory=dict)  # loop name ("" = own) -> i
    _variable_values: dict[str, Any] = field(default_factory=dict)
    _evaluating: set[str] = field(default_factory=set)

    def with_copy(self, loop: str, index: Any) -> Scope:
        copies = {**self.copy_indexes, "": index, loop.lower(): index}
        return Scope(
            self.parameters,
            self.variables,
            self.resource_group,
            self.subscription,
            copies,
            self._variable_values,
            self._evaluating,
        )


class Evaluator:
    def __init__(self, scope: Scope) -> None:
        self.scope = scope

    # A whole value (object, array, string) with every expression in it evaluated.
    def value(self, raw: Any) -> Any:
        if isinstance(raw, str):
            return self.string(raw)
        if isinstance(raw, list):
            return [self.value(item) for item in raw]
        if isinstance(raw, dict):
            return self.object(raw)
        return raw

    def object(self, raw: Mapping[str, Any]) -> Any:
        result: dict[str, Any] = {}
        for key, item in raw.items():
            if key.lower() == "copy" and isinstance(item, list) and is_property_copy(item):
                for loop in item:
                    result[loop["name"]] = self.property_copy(loop)
                continue
            result[self.key(key)] = self.value(item)
        return result

    def key(self, raw: str) -> str:
        """A property name, which may itself be an expression (`userAssignedIdentities` keyed by
        `[resourceId(...)]`): its value, or its stand-in when unknown."""
        if not is_expression(raw):
            return literal_text(raw)
        try:
            value = self.string(raw)
        except ExpressionError:
            return raw
        return stand_in(value)

    def property_copy(self, loop: Mapping[str, Any]) -> Any:
        """A `copy` array inside properties (or variables): `count` copies of `input`."""
        count = self.value(loop.get("count"))
        name = str(loop.get("name"))
        if isinstance(count, Unknown):
            return count
        if not isinstance(count, int) or isinstance(count, bool):
            return Unknown(f"copy '{name}' has a count that is not a number", f"{{copy {name}}}")
        return [
            Evaluator(self.scope.with_copy(name, i)).value(loop.get("input"))
            for i in range(max(count, 0))
        ]

    def string(self, raw: str) -> Any:
        if not is_expression(raw):
            return literal_text(raw)
        return self.evaluate(parse(raw))

    def evaluate(self, node: Node) -> Any:
        if isinstance(node, Literal):
            return node.value
        if isinstance(node, Access):
            target = self.evaluate(node.target)
            key = self.evaluate(node.key)
            if isinstance(target, Unknown):
                return Unknown(target.reason, f"{target.stand_in}.{stand_in(key)}")
            if isinstance(key, Unknown):
                return key
            try:
                if isinstance(target, Mapping) and isinstance(key, str):
                    return _ci_get(target, key)
                if isinstance(target, list) and isinstance(key, int):
                    return target[key]
            except (KeyError, IndexError):
                pass
            return Unknown(f"{node.text} names nothing in the value it reads", f"{{{node.text}}}")
        return self.call(node)

    def call(self, node: Call) -> Any:
        name = node.name.lower()
        lazy = _LAZY.get(name)
        if lazy is not None:
            return lazy(self, node)
        function = _FUNCTIONS.get(name)
        if function is None:
            why = (
                f"{node.name}() is known only at deployment"
                if name in _RUNTIME or name.startswith("list")
                else f"{node.name}() is not evaluated before deployment"
            )
            return Unknown(why, f"{{{node.text}}}")
        args = [self.evaluate(arg) for arg in node.args]
        if name not in _TAKES_UNKNOWN:
            unknown = next((a for a in args if isinstance(a, Unknown)), None)
            if unknown is not None:
                if name in _IDENTITIES:  # the id of the resource named the same way: known
                    return function(self, [stand_in(a) for a in args])
                if name in _STRING_BUILDERS:  # names and ids keep a stand-in
                    built = function(self, [stand_in(a) for a in args])
                    return Unknown(unknown.reason, stand_in(built))
                return Unknown(unknown.reason, f"{{{node.text}}}")
        try:
            return function(self, args)
        except (TypeError, ValueError, KeyError, IndexError, ZeroDivisionError) as exc:
            return Unknown(f"{node.text} cannot be evaluated: {exc}", f"{{{node.text}}}")

    # -- parameters and variables --

    def _variable_loop(self, name: str) -> Mapping[str, Any] | None:
        """The `copy` entry of `variables` that declares `name`, if it is one."""
        for loop in _variable_loops(self.scope.variables):
            if str(loop.get("name", "")).lower() == name.lower() and "input" in loop:
                return loop
        return None

    def parameter(self, name: str) -> Any:
        try:
            value = _ci_get(self.scope.parameters, name)
        except KeyError:
            raise ExpressionError(f"parameter '{name}' is not declared") from None
        if isinstance(value, Default):
            key = f"parameter:{name.lower()}"
            if key in self.scope._evaluating:
                raise ExpressionError(f"the default of parameter '{name}' refers to itself")
            self.scope._evaluating.add(key)
            try:
                value = self.value(value.raw)
            finally:
                self.scope._evaluating.discard(key)
        return value

    def variable(self, name: str) -> Any:
        key = name.lower()
        cache = self.scope._variable_values
        if key in cache:
            return cache[key]
        if key in self.scope._evaluating:
            raise ExpressionError(f"variable '{name}' refers to itself")
        loop = self._variable_loop(name)
        if loop is None:
            try:
                raw = _ci_get(self.scope.variables, name)
            except KeyError:
                raise ExpressionError(f"variable '{name}' is not declared") from None
        self.scope._evaluating.add(key)
        try:
            value = self.property_copy(loop) if loop is not None else self.value(raw)
        finally:
            self.scope._evaluating.discard(key)
        cache[key] = value
        return value


def _variable_loops(variables: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    loops = next((v for k, v in variables.items() if k.lower() == "copy"), None)
    return [x for x in loops if isinstance(x, Mapping)] if isinstance(loops, list) else []


def is_property_copy(items: list[Any]) -> bool:
    return all(isinstance(i, dict) and "name" in i and "input" in i for i in items) and bool(items)


# -- functions --------------------------------------------------------------------------------


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "True" if value else "False"  # ARM's string(true) is "True"
    if isinstance(value, (dict, list)):
        return json.dumps(value, separators=(",", ":"))
    return "" if value is None else str(value)


def _equals(a: Any, b: Any) -> bool:
    if isinstance(a, str) and isinstance(b, str):
        return a == b  # equals() on strings is case-sensitive in ARM
    return bool(a == b)


def _format(_: Evaluator, args: list[Any]) -> str:
    template = str(args[0])

    def put(match: re.Match[str]) -> str:
        return _text(args[int(match.group(1)) + 1])

    return (
        re.sub(r"\{(\d+)(?::[^}]*)?\}", put, template.replace("{{", "\0").replace("}}", "\1"))
        .replace("\0", "{")
        .replace("\1", "}")
    )


def _concat(_: Evaluator, args: list[Any]) -> Any:
    if args and all(isinstance(a, list) for a in args):
        return [item for a in args for item in a]
    return "".join(_text(a) for a in args)


def _resource_path(type_and_names: list[Any]) -> str:
    resource_type, *names = (stand_in(a) for a in type_and_names)
    provider, *levels = resource_type.split("/")
    if len(levels) != len(names) and len(names) == 1 and "/" in names[0]:
        names = names[0].split("/")
    pairs = "/".join(f"{level}/{name}" for level, name in zip(levels, names, strict=False))
    return f"providers/{provider}/{pairs}"


def _split_scope(args: list[Any]) -> tuple[list[Any], list[Any]]:
    """resourceId's optional leading subscription id / resource group, and the rest."""
    for index, arg in enumerate(args):
        if isinstance(arg, str) and "/" in arg and "." in arg.split("/")[0]:
            return args[:index], args[index:]
    return [], args


def _resource_id(evaluator: Evaluator, args: list[Any]) -> str:
    scope, rest = _split_scope(args)
    subscription = evaluator.scope.subscription
    group = evaluator.scope.resource_group
    if len(scope) == 1:
        group = stand_in(scope[0])
    elif len(scope) >= 2:
        subscription, group = stand_in(scope[0]), stand_in(scope[1])
    return f"/subscriptions/{subscription}/resourceGroups/{group}/{_resource_path(rest)}"


def _subscription_resource_id(evaluator: Evaluator, args: list[Any]) -> str:
    scope, rest = _split_scope(args)
    subscription = stand_in(scope[0]) if scope else evaluator.scope.subscription
    return f"/subscriptions/{subscription}/{_resource_path(rest)}"


def _tenant_resource_id(_: Evaluator, args: list[Any]) -> str:
    return "/" + _resource_path(args)


def _extension_resource_id(_: Evaluator, args: list[Any]) -> str:
    return f"{stand_in(args[0]).rstrip('/')}/{_resource_path(args[1:])}"


def _unique_string(_: Evaluator, args: list[Any]) -> str:
    digest = hashlib.sha256("|".join(stand_in(a) for a in args).encode()).hexdigest()
    return digest[:13]


def _guid(_: Evaluator, args: list[Any]) -> str:
    digest = hashlib.sha256("|".join(stand_in(a) for a in args).encode()).hexdigest()
    return f"{digest[:8]}-{digest[8:12]}-{digest[12:16]}-{digest[16:20]}-{digest[20:32]}"


def _resource_group(evaluator: Evaluator, _: list[Any]) -> dict[str, Any]:
    group = evaluator.scope.resource_group
    subscription = evaluator.scope.subscription
    return {
        "id": f"/subscriptions/{subscription}/resourceGroups/{group}",
        "name": group,
        "type": "Microsoft.Resources/resourceGroups",
        "location": PLACEHOLDER_LOCATION,
        "properties": {"provisioningState": "Succeeded"},
    }


def _subscription(evaluator: Evaluator, _: list[Any]) -> dict[str, Any]:
    subscription = evaluator.scope.subscription
    return {
        "id": f"/subscriptions/{subscription}",
        "subscriptionId": subscription,
        "tenantId": TEMPLATE_TENANT,
        "displayName": "subscription",
    }


def _contains(_: Evaluator, args: list[Any]) -> bool:
    container, item = args
    if isinstance(container, str):
        return str(item).lower() in container.lower()
    if isinstance(container, Mapping):
        return any(str(k).lower() == str(item).lower() for k in container)
    return any(_equals(x, item) for x in container)


def _union(_: Evaluator, args: list[Any]) -> Any:
    if all(isinstance(a, Mapping) for a in args):
        merged: dict[str, Any] = {}
        for a in args:
            merged.update(a)
        return merged
    out: list[Any] = []
    for a in args:
        for item in a:
            if item not in out:
                out.append(item)
    return out


def _intersection(_: Evaluator, args: list[Any]) -> Any:
    first, *rest = args
    if isinstance(first, Mapping):
        return {k: v for k, v in first.items() if all(r.get(k) == v for r in rest)}
    return [x for x in first if all(x in r for r in rest)]


def _bool(_: Evaluator, args: list[Any]) -> bool:
    value = args[0]
    if isinstance(value, str):
        if value.lower() in ("true", "false"):
            return value.lower() == "true"
        raise ValueError(f"{value!r} is not a boolean")
    return bool(value)


def _int(_: Evaluator, args: list[Any]) -> int:
    value = args[0]
    if isinstance(value, bool):
        raise ValueError("a boolean is not a number")
    return int(value)


def _json(_: Evaluator, args: list[Any]) -> Any:
    return json.loads(str(args[0]))


def _empty(_: Evaluator, args: list[Any]) -> bool:
    value = args[0]
    return value is None or (isinstance(value, (str, list, dict)) and len(value) == 0)


def _length(_: Evaluator, args: list[Any]) -> int:
    return len(args[0])


def _coalesce(_: Evaluator, args: list[Any]) -> Any:
    for value in args:
        if isinstance(value, Unknown):
            return value
        if value is not None:
            return value
    return None


def _copy_index(evaluator: Evaluator, args: list[Any]) -> Any:
    loop = ""
    offset = 0
    if args and isinstance(args[0], str):
        loop = args[0].lower()
        args = args[1:]
    if args:
        offset = int(args[0])
    index = evaluator.scope.copy_indexes.get(loop)
    if index is None:
        raise ValueError(f"copyIndex({loop!r}) is outside its copy loop")
    if isinstance(index, Unknown):
        return Unknown(index.reason, index.stand_in + (f"+{offset}" if offset else ""))
    return index + offset


def _lazy_if(evaluator: Evaluator, node: Call) -> Any:
    if len(node.args) != 3:
        raise ExpressionError(f"if() takes 3 arguments: {node.text}")
    condition = evaluator.evaluate(node.args[0])
    if isinstance(condition, Unknown):
        return Unknown(condition.reason, f"{{{node.text}}}")
    return evaluator.evaluate(node.args[1] if _truthy(condition) else node.args[2])


def _truthy(value: Any) -> bool:
    if isinstance(value, str):
        return value.lower() == "true"
    return bool(value)


def _lazy_and(evaluator: Evaluator, node: Call) -> Any:
    values = [evaluator.evaluate(arg) for arg in node.args]
    if any(not isinstance(v, Unknown) and not _truthy(v) for v in values):
        return False  # one known false decides, whatever the unknown ones are
    unknown = next((v for v in values if isinstance(v, Unknown)), None)
    return Unknown(unknown.reason, f"{{{node.text}}}") if unknown is not None else True


def _lazy_or(evaluator: Evaluator, node: Call) -> Any:
    values = [evaluator.evaluate(arg) for arg in node.args]
    if any(not isinstance(v, Unknown) and _truthy(v) for v in values):
        return True
    unknown = next((v for v in values if isinstance(v, Unknown)), None)
    return Unknown(unknown.reason, f"{{{node.text}}}") if unknown is not None else False


def _lazy_parameters(evaluator: Evaluator, node: Call) -> Any:
    name = evaluator.evaluate(node.args[0]) if node.args else None
    if not isinstance(name, str):
        raise ExpressionError(f"parameters() needs a name: {node.text}")
    value = evaluator.parameter(name)
    if isinstance(value, Unknown):
        return value
    return value


def _lazy_variables(evaluator: Evaluator, node: Call) -> Any:
    name = evaluator.evaluate(node.args[0]) if node.args else None
    if not isinstance(name, str):
        raise ExpressionError(f"variables() needs a name: {node.text}")
    return evaluator.variable(name)


Function = Callable[[Evaluator, list[Any]], Any]
_FUNCTIONS: dict[str, Function] = {
    "concat": _concat,
    "format": _format,
    "tolower": lambda _, a: str(a[0]).lower(),
    "toupper": lambda _, a: str(a[0]).upper(),
    "trim": lambda _, a: str(a[0]).strip(),
    "replace": lambda _, a: str(a[0]).replace(str(a[1]), str(a[2])),
    "substring": lambda _, a: (
        str(a[0])[int(a[1]) : int(a[1]) + int(a[2])] if len(a) > 2 else str(a[0])[int(a[1]) :]
    ),
    "take": lambda _, a: a[0][: int(a[1])],
    "skip": lambda _, a: a[0][int(a[1]) :],
    "split": lambda _, a: str(a[0]).split(str(a[1])),
    "join": lambda _, a: str(a[1]).join(_text(x) for x in a[0]),
    "startswith": lambda _, a: str(a[0]).lower().startswith(str(a[1]).lower()),
    "endswith": lambda _, a: str(a[0]).lower().endswith(str(a[1]).lower()),
    "indexof": lambda _, a: str(a[0]).lower().find(str(a[1]).lower()),
    "padleft": lambda _, a: str(a[0]).rjust(int(a[1]), str(a[2]) if len(a) > 2 else " "),
    "string": lambda _, a: _text(a[0]),
    "base64": lambda _, a: base64.b64encode(str(a[0]).encode()).decode(),
    "bool": _bool,
    "int": _int,
    "json": _json,
    "equals": lambda _, a: _equals(a[0], a[1]),
    "not": lambda _, a: not _truthy(a[0]),
    "true": lambda _, a: True,
    "false": lambda _, a: False,
    "null": lambda _, a: None,
    "greater": lambda _, a: a[0] > a[1],
    "greaterorequals": lambda _, a: a[0] >= a[1],
    "less": lambda _, a: a[0] < a[1],
    "lessorequals": lambda _, a: a[0] <= a[1],
    "add": lambda _, a: a[0] + a[1],
    "sub": lambda _, a: a[0] - a[1],
    "mul": lambda _, a: a[0] * a[1],
    "div": lambda _, a: int(a[0] / a[1]),
    "mod": lambda _, a: a[0] % a[1],
    "min": lambda _, a: min(a[0]) if len(a) == 1 and isinstance(a[0], list) else min(a),
    "max": lambda _, a: max(a[0]) if len(a) == 1 and isinstance(a[0], list) else max(a),
    "range": lambda _, a: list(range(int(a[0]), int(a[0]) + int(a[1]))),
    "empty": _empty,
    "length": _length,
    "contains": _contains,
    "first": lambda _, a: a[0][0] if a[0] else None,
    "last": lambda _, a: a[0][-1] if a[0] else None,
    "union": _union,
    "intersection": _intersection,
    "createarray": lambda _, a: list(a),
    "array": lambda _, a: a[0] if isinstance(a[0], list) else [a[0]],
    "createobject": lambda _, a: {str(a[i]): a[i + 1] for i in range(0, len(a), 2)},
    "coalesce": _coalesce,
    "resourceid": _resource_id,
    "subscriptionresourceid": _subscription_resource_id,
    "tenantresourceid": _tenant_resource_id,
    "extensionresourceid": _extension_resource_id,
    "uniquestring": _unique_string,
    "guid": _guid,
    "resourcegroup": _resource_group,
    "subscription": _subscription,
    "copyindex": _copy_index,
}
# Functions whose result is a string built from their arguments: with an unknown argument they
# still give a stand-in (a name, an id) built from the arguments' stand-ins.
_STRING_BUILDERS = frozenset(
    {
        "concat",
        "format",
        "tolower",
        "toupper",
        "resourceid",
        "subscriptionresourceid",
        "tenantresourceid",
        "extensionresourceid",
        "uniquestring",
        "guid",
        "string",
    }
)
# Functions that name a resource: with an unknown argument (a name from a parameter without a
# default) they give the id built from the stand-in, which is the id of the resource whose name
# is written the same way. Such a value identifies; it is never judged as a setting.
_IDENTITIES = frozenset(
    {
        "resourceid",
        "subscriptionresourceid",
        "tenantresourceid",
        "extensionresourceid",
        "uniquestring",
        "guid",
    }
)
_TAKES_UNKNOWN = frozenset({"coalesce"})
_LAZY: dict[str, Callable[[Evaluator, Call], Any]] = {
    "if": _lazy_if,
    "and": _lazy_and,
    "or": _lazy_or,
    "parameters": _lazy_parameters,
    "variables": _lazy_variables,
}
# Known only once deployed (the reason says so rather than "not evaluated").
_RUNTIME = frozenset(
    {
        "reference",
        "listkeys",
        "listsecrets",
        "listaccountsas",
        "listservicesas",
        "utcnow",
        "newguid",
        "deployment",
        "environment",
        "managementgroup",
        "tenant",
        "pickzones",
        "providers",
        "deployer",
    }
)
