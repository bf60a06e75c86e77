"""JSON Schema validation of the files users hand us (config, snapshot, baseline report, tenant),
with the one-line errors the CLI prints.

Schemas live in `auditor/schemas/NAME.schema.json` (shipped in the wheel). jsonschema is imported
on first use, so commands that validate nothing do not pay for it.

A schema says how a failure reads with `"x-message"` on any subschema: the message of the deepest
subschema on the failing path that has one is used (local `$ref`s are followed). It is printed
after the JSON path of the failing value: `suppress[2]: must be a table`. Either
a string, which covers every failure under that subschema, or an object from keyword to message
(`{"required": "'{key}' is required"}`), which covers failures of those keywords in that very
subschema. Without one, jsonschema's own message follows the path of the failing value.

Words in braces are filled in:
- `{key}`: the member the failure is about: the one `required` misses or `additionalProperties`
  refuses, else the member whose value the subschema describes. A message that names it is
  printed after the path of the object holding it: `'fail-on' must be ...`, `suppress[2]: 'reason'
  is required`.
- `{path}`: the JSON path of the value the subschema describes; a message that places it itself
  gets no path before it (`gaps[0].status must be ...`).
- `{value}`: that value, as Python shows it (`'soon'`, `3`).
- `{known}`: the subschema's property names, in the schema's order.
- `{unexpected}`: the members `additionalProperties` refused, sorted.
Other braces are literal.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

from auditor.core.errors import AuditorError

MESSAGE_KEY = "x-message"

# Keywords whose next schema-path step names a subschema (`properties`, `name`); the first set
# also steps into the instance (a member or an item).
_NAMED_INTO_INSTANCE = frozenset({"properties", "patternProperties", "prefixItems"})
_NAMED = frozenset({"allOf", "anyOf", "oneOf", "dependentSchemas", "$defs"})
# Keywords that hold one subschema; the first set applies it to the instance's members or items.
_INTO_INSTANCE = frozenset(
    {"items", "additionalProperties", "unevaluatedItems", "unevaluatedProperties", "contains"}
)
# Keywords whose failure is about one member of the object (the one missing or refused).
_ABOUT_A_MEMBER = frozenset({"required", "additionalProperties", "unevaluatedProperties"})


@functools.cache
def load_schema(name: str) -> dict[str, Any]:
    """The schema `auditor/schemas/<name>.schema.json`, parsed once."""
    text = resources.files("auditor.schemas").joinpath(f"{name}.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


@functools.cache
def _validator(name: str) -> Any:
    import jsonschema

    schema = load_schema(name)
    cls = jsonschema.validators.validator_for(schema)
    # The shipped schemas are checked against the metaschema by tests, not on every run.
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def json_path(path: Sequence[str | int], first_index: int = 0) -> str:
    """`suppress[2].expires` for the path ('suppress', 2, 'expires'); '' for the document.

    `first_index` is how the file's own documentation numbers items (TOML's `[[suppress]]` from 1).
    """
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part + first_index}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _expand(node: Any, root: Any) -> Any:
    """`node` with its local `$ref` followed (the referring schema's own keywords win):
    jsonschema leaves `$ref` out of schema paths."""
    for _ in range(32):  # a bound, not a walk round a cycle of references
        if not isinstance(node, dict) or not str(node.get("$ref", "")).startswith("#"):
            break
        target = root
        for part in str(node["$ref"])[1:].split("/")[1:]:
            target = target[part.replace("~1", "/").replace("~0", "~")]
        node = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
    return node


def _subschemas(error: Any, root: Any) -> list[tuple[dict[str, Any], int]]:
    """The subschemas on the failing schema path, from the root to the one whose keyword failed,
    each with the number of instance-path steps it applies at."""
    node, depth = _expand(root, root), 0
    found = [(node, depth)]
    steps = list(error.absolute_schema_path)[:-1]  # the last step is the failing keyword
    index = 0
    try:
        while index < len(steps):
            keyword = steps[index]
            if keyword in _NAMED_INTO_INSTANCE or keyword in _NAMED:
                node = node[keyword][steps[index + 1]]
                depth += keyword in _NAMED_INTO_INSTANCE
                index += 2
            else:
                node = node[keyword]
                depth += keyword in _INTO_INSTANCE
                index += 1
            node = _expand(node, root)
            if not isinstance(node, dict):
                break
            found.append((node, depth))
    except (KeyError, IndexError, TypeError):
        pass
    return found


def _member_at_fault(error: Any) -> str | None:
    """The member `required` misses or `additionalProperties` refuses, in document order."""
    instance, schema = error.instance, error.schema
    if not isinstance(instance, dict) or not isinstance(schema, dict):
        return None
    if error.validator == "required":
        return next((str(k) for k in error.validator_value if k not in instance), None)
    return next(iter(_refused(error)), None)


def _refused(error: Any) -> list[str]:
    if error.validator not in ("additionalProperties", "unevaluatedProperties"):
        return []
    if not isinstance(error.instance, dict) or not isinstance(error.schema, dict):
        return []
    known = error.schema.get("properties", {})
    patterns = error.schema.get("patternProperties", {})
    return [
        str(key)
        for key in error.instance
        if key not in known and not any(re.search(p, str(key)) for p in patterns)
    ]


def _value_at(document: Any, path: Sequence[str | int]) -> Any:
    for part in path:
        document = document[part]
    return document


@dataclass(frozen=True, slots=True)
class _Problem:
    where: list[str | int]  # the JSON path printed before the message; [] when it has its own
    text: str


def _problem(error: Any, root: Any, document: Any, first_index: int) -> _Problem:
    """The x-message of the deepest subschema on the failing path that has one, filled in."""
    failing_path = list(error.absolute_path)
    chain = _subschemas(error, root)
    for position in range(len(chain) - 1, -1, -1):
        schema, depth = chain[position]
        message = schema.get(MESSAGE_KEY)
        if isinstance(message, dict):  # keyword -> message, for this very subschema's keywords
            own = position == len(chain) - 1
            message = message.get(error.validator) if own else None
        if isinstance(message, str):
            break
    else:
        return _Problem(failing_path, str(error.message))

    path = failing_path[:depth]
    about_member = error.validator in _ABOUT_A_MEMBER and depth == len(failing_path)
    key: str | None = _member_at_fault(error) if about_member else None
    holder = path
    if key is None and path and isinstance(path[-1], str):
        key, holder = path[-1], path[:-1]
    fills = {
        "{path}": json_path(path, first_index),
        "{key}": key if key is not None else json_path(path, first_index),
        "{value}": repr(_value_at(document, path)),
        "{known}": ", ".join(schema.get("properties", {})),
        "{unexpected}": ", ".join(sorted(_refused(error))),
    }
    text = re.sub(r"\{(?:path|key|value|known|unexpected)\}", lambda m: fills[m[0]], message)
    if "{path}" in message:
        return _Problem([], text)
    return _Problem(holder if "{key}" in message else failing_path, text)


def _rank(error: Any, document: Any) -> tuple[int, list[int], bool, bool]:
    """Shallow before deep, then document order, then not anyOf/oneOf, then a `type` failure."""
    positions, node = [], document
    for part in error.absolute_path:
        keys = list(node) if isinstance(node, dict) else None
        positions.append(keys.index(part) if keys is not None else int(part))
        node = node[part]
    weak = error.validator in ("anyOf", "oneOf")
    return len(positions), positions, weak, error.validator != "type"


def _line(problem: _Problem, first_index: int) -> str:
    path = json_path(problem.where, first_index)
    return f"{path}: {problem.text}" if path else problem.text


def errors(document: Any, name: str, first_index: int = 0) -> list[str]:
    """Every problem the schema `name` finds in `document` as the CLI words it (without the file),
    most relevant first."""
    validator = _validator(name)
    found = sorted(validator.iter_errors(document), key=lambda e: _rank(e, document))
    return [_line(_problem(e, validator.schema, document, first_index), first_index) for e in found]


def _omitted(error: Any) -> set[str]:
    """The members a top-level `required` error is about."""
    instance = error.instance if isinstance(error.instance, dict) else {}
    return {key for key in error.validator_value if key not in instance}


def validate(
    document: Any,
    name: str,
    where: str,
    error: Callable[[str], AuditorError] = AuditorError,
    first_index: int = 0,
    may_omit: Collection[str] = (),
) -> None:
    """Raises `error("<where>: <path>: <message>")` for the most relevant problem, if any.

    `where` names the file (and table) the document came from, so the message says where to look;
    `first_index` is how that file numbers array items in messages (see `json_path`); top-level
    members named in `may_omit` may be absent although the schema requires them (a reader that
    does not need them), and are checked when present.
    """
    import jsonschema

    validator = _validator(name)
    found = [
        e
        for e in validator.iter_errors(document)
        if not (e.validator == "required" and not e.absolute_path and _omitted(e) <= set(may_omit))
    ]
    if found:
        # The shallowest problem, the first in the document among those; best_match then picks
        # within an anyOf or oneOf (its own order prefers the *last* sibling).
        first = min(found, key=lambda e: _rank(e, document))
        best = jsonschema.exceptions.best_match([first])
        problem = _problem(best, validator.schema, document, first_index)
        raise error(f"{where}: {_line(problem, first_index)}")
