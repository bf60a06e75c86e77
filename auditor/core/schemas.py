"""JSON Schema validation of the files users hand us (config, snapshot, baseline report, tenant),
with the one-line errors the CLI prints.

Schemas live in `auditor/schemas/NAME.schema.json` (shipped in the wheel). A schema may say how a
failure should read: `"x-message": "must be a list of rule ids"` on any subschema; the message of
the deepest subschema on the failing path that has one is used, after the JSON path of the value
(local `$ref`s are followed; `{unexpected}` in a message names the keys an
`additionalProperties: false` refused).
Without one, jsonschema's own message is used. jsonschema is imported on first use, so commands
that validate nothing do not pay for it.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Sequence
from importlib import resources
from typing import Any

from auditor.core.errors import AuditorError

MESSAGE_KEY = "x-message"


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
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def json_path(path: Sequence[str | int]) -> str:
    """`suppress[2].expires` for the path ('suppress', 2, 'expires'); '' for the document."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _referenced(root: Any, node: Any) -> Any:
    """The subschema a local `$ref` ("#/$defs/name") points to; None for any other node."""
    ref = node.get("$ref") if isinstance(node, dict) else None
    if not isinstance(ref, str) or not ref.startswith("#/"):
        return None
    target = root
    for part in ref[2:].split("/"):
        target = target[part.replace("~1", "/").replace("~0", "~")]
    return target


def _unexpected(error: Any) -> str:
    """The keys an `additionalProperties: false` refused, for `{unexpected}` in a message."""
    if error.validator != "additionalProperties" or not isinstance(error.instance, dict):
        return ""
    known = error.schema.get("properties", {})
    patterns = error.schema.get("patternProperties", {})
    extra = [
        key
        for key in error.instance
        if key not in known and not any(re.search(p, key) for p in patterns)
    ]
    return ", ".join(sorted(extra))


def _message(error: Any, root: Any) -> str:
    """The x-message of the deepest subschema on the failing path that has one; `{unexpected}`
    in it names the keys an `additionalProperties: false` refused."""
    node, found = root, None

    def note(candidate: Any) -> None:
        nonlocal found
        if isinstance(candidate, dict) and MESSAGE_KEY in candidate:
            found = str(candidate[MESSAGE_KEY])

    for step in error.absolute_schema_path:
        note(node)
        # jsonschema leaves `$ref` out of schema paths: follow it when the step is not here.
        for _ in range(32):  # a bound, not a walk round a cycle of references
            if not isinstance(node, dict) or step in node or _referenced(root, node) is None:
                break
            node = _referenced(root, node)
            note(node)
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            break
    else:
        note(node)
    if found is None:
        return str(error.message)
    return found.replace("{unexpected}", _unexpected(error))


def errors(document: Any, name: str) -> list[tuple[str, str]]:
    """Every (json path, message) the schema `name` finds in `document`, most relevant first."""
    import jsonschema

    validator = _validator(name)
    found = sorted(validator.iter_errors(document), key=jsonschema.exceptions.relevance)
    return [(json_path(list(e.absolute_path)), _message(e, validator.schema)) for e in found]


def validate(
    document: Any,
    name: str,
    where: str,
    error: Callable[[str], AuditorError] = AuditorError,
) -> None:
    """Raises `error("<where>: <path>: <message>")` for the most relevant problem, if any.

    `where` names the file (and table) the document came from, so the message says where to look.
    """
    import jsonschema

    validator = _validator(name)
    best = jsonschema.exceptions.best_match(validator.iter_errors(document))
    if best is None:
        return
    path = json_path(list(best.absolute_path))
    raise error(f"{where}: {path + ': ' if path else ''}{_message(best, validator.schema)}")
