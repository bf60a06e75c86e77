"""ARM resource ids and JSON paths, compared the way ARM compares them: case-insensitively.

azure-mgmt-core parses ids too (`azure.mgmt.core.tools.parse_resource_id`), but importing it loads
azure-core's whole pipeline (about 80 ms), and every rule imports this module: `aml-audit rules`
would pay for an HTTP stack it never uses. So the few functions below parse ids themselves, and
tests/auditor/inventory/test_arm.py holds them to parse_resource_id on a table of real id shapes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor.inventory.resource_types import RESOURCE_GROUPS, SUBSCRIPTIONS
from auditor.inventory.unresolved import noted


class _Missing:
    """The value of a JSON path that is not there (distinct from an explicit null)."""

    _instance: _Missing | None = None

    def __new__(cls) -> _Missing:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "MISSING"

    def __bool__(self) -> bool:
        return False


MISSING: Any = _Missing()


def normalize_id(resource_id: str) -> str:
    """The comparison key of an ARM id: lower case, one leading slash, no trailing slash."""
    return "/" + resource_id.strip().strip("/").lower()


def normalize_type(resource_type: str) -> str:
    return resource_type.strip().strip("/").lower()


def same_id(a: str | None, b: str | None) -> bool:
    return a is not None and b is not None and normalize_id(a) == normalize_id(b)


def _segments(resource_id: str) -> list[str]:
    return [s for s in resource_id.strip().split("/") if s]


def subscription_of(resource_id: str) -> str | None:
    parts = _segments(resource_id)
    if len(parts) >= 2 and parts[0].lower() == "subscriptions":
        return parts[1]
    return None


def resource_group_of(resource_id: str) -> str | None:
    parts = _segments(resource_id)
    if len(parts) >= 4 and parts[2].lower() == "resourcegroups":
        return parts[3]
    return None


def _last_provider(parts: list[str]) -> int:
    index = -1
    for i, part in enumerate(parts):
        if part.lower() == "providers":
            index = i
    return index


def type_of(resource_id: str) -> str | None:
    """`Microsoft.X/a/b` for `.../providers/Microsoft.X/a/n1/b/n2`; None for scopes without one."""
    parts = _segments(resource_id)
    p = _last_provider(parts)
    if p < 0:
        if len(parts) == 2 and parts[0].lower() == "subscriptions":
            return SUBSCRIPTIONS
        if len(parts) == 4 and parts[2].lower() == "resourcegroups":
            return RESOURCE_GROUPS
        return None
    rest = parts[p + 1 :]
    if len(rest) < 3:
        return None
    return "/".join([rest[0], *rest[1::2]])


def name_of(resource_id: str) -> str:
    parts = _segments(resource_id)
    return parts[-1] if parts else resource_id


def parent_id(resource_id: str) -> str | None:
    """The id of the resource that contains this one.

    A child (`.../workspaces/w/onlineEndpoints/e`) has its parent resource; an extension resource
    (`{scope}/providers/Microsoft.Insights/diagnosticSettings/s`) has the scope it extends; a
    top-level resource has its resource group.
    """
    parts = _segments(resource_id)
    p = _last_provider(parts)
    if p < 0:
        return "/" + "/".join(parts[:-2]) if len(parts) > 2 else None
    rest = parts[p + 1 :]
    if len(rest) > 3:  # a child: drop its own type and name
        return "/" + "/".join(parts[:-2])
    return "/" + "/".join(parts[:p]) if p > 0 else None


def is_within(resource_id: str, scope: str) -> bool:
    """True if `resource_id` is `scope` or lies under it (segment-wise, case-insensitively)."""
    rid, sc = normalize_id(resource_id), normalize_id(scope)
    return rid == sc or rid.startswith(sc.rstrip("/") + "/")


def type_within(resource_type: str, collection_type: str) -> bool:
    """True if `resource_type` is `collection_type` or a child type of it."""
    t, c = normalize_type(resource_type), normalize_type(collection_type)
    return t == c or t.startswith(c + "/")


def get_path(document: Any, path: str) -> Any:
    """Value at a dotted path (`properties.encryption.status`), keys compared case-insensitively.

    Returns MISSING when any step is absent (an explicit JSON null is returned as None). A
    template's `Unresolved` value read here is noted (inventory/unresolved.py).
    """
    current = document
    keys = path.split(".")
    for depth, key in enumerate(keys):
        if not isinstance(current, Mapping):
            # An unresolved object on the way (`networkAcls: [parameters('acls')]`) hides what
            # is under it: noted as read (at its own path), so nothing is judged on the
            # absence it looks like.
            noted(".".join(keys[:depth]), current)
            return MISSING
        if key in current:
            current = current[key]
            continue
        lowered = key.lower()
        for candidate, value in current.items():
            if isinstance(candidate, str) and candidate.lower() == lowered:
                current = value
                break
        else:
            return MISSING
    return noted(path, current)


def equals_ci(value: Any, *expected: str) -> bool:
    """True if `value` is a string equal (ignoring case) to one of `expected`."""
    return isinstance(value, str) and value.strip().lower() in {e.lower() for e in expected}


def is_true(value: Any) -> bool:
    """ARM booleans sometimes arrive as strings in templates and exports."""
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")


def is_false(value: Any) -> bool:
    return value is False or (isinstance(value, str) and value.strip().lower() == "false")


def is_arm_id(value: Any) -> bool:
    """A string that names an ARM resource (`/subscriptions/.../providers/...`)."""
    return (
        isinstance(value, str)
        and value.strip().lower().startswith("/subscriptions/")
        and type_of(value) is not None
    )
