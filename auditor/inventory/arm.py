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
from auditor.inventory.unresolved import EVER_MADE, noted


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
    return list(filter(None, resource_id.strip().split("/")))


def subscription_of(resource_id: str) -> str | None:
    stripped = resource_id.strip()
    if "//" not in stripped:  # no empty segment to skip (nearly every id): split only the head
        head = stripped.lstrip("/").split("/", 2)
        if len(head) >= 2 and head[1] and head[0].lower() == "subscriptions":
            return head[1]
        return None
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
    # From the end, lengths first: a segment whose lower case is "providers" has its length.
    for i in range(len(parts) - 1, -1, -1):
        part = parts[i]
        if len(part) == 9 and part.lower() == "providers":
            return i
    return -1


def type_of(resource_id: str) -> str | None:
    """`Microsoft.X/a/b` for `.../providers/Microsoft.X/a/n1/b/n2`; None for scopes without one."""
    parts = _segments(resource_id)
    return _type(parts, _last_provider(parts))


def _type(parts: list[str], p: int) -> str | None:
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
    return _parent(parts, _last_provider(parts))


def _parent(parts: list[str], p: int) -> str | None:
    if p < 0:
        return "/" + "/".join(parts[:-2]) if len(parts) > 2 else None
    rest = parts[p + 1 :]
    if len(rest) > 3:  # a child: drop its own type and name
        return "/" + "/".join(parts[:-2])
    return "/" + "/".join(parts[:p]) if p > 0 else None


def type_and_parent(resource_id: str) -> tuple[str | None, str | None]:
    """`type_of` and `parent_id` of one id, split once (a report's tree asks both of 50,000)."""
    parts = _segments(resource_id)
    p = _last_provider(parts)
    return _type(parts, p), _parent(parts, p)


def is_within(resource_id: str, scope: str) -> bool:
    """True if `resource_id` is `scope` or lies under it (segment-wise, case-insensitively)."""
    rid, sc = normalize_id(resource_id), normalize_id(scope)
    return rid == sc or rid.startswith(sc.rstrip("/") + "/")


def type_within(resource_type: str, collection_type: str) -> bool:
    """True if `resource_type` is `collection_type` or a child type of it."""
    t, c = normalize_type(resource_type), normalize_type(collection_type)
    return t == c or t.startswith(c + "/")


# The keys of each path read: rules read the same few hundred paths a million times in an estate.
_PATH_KEYS: dict[str, tuple[str, ...]] = {}
_PATH_KEYS_KEPT = 4096


def get_path(document: Any, path: str) -> Any:
    """Value at a dotted path (`properties.encryption.status`), keys compared case-insensitively.

    Returns MISSING when any step is absent (an explicit JSON null is returned as None). A
    template's `Unresolved` value read here is noted (inventory/unresolved.py).
    """
    current = document
    keys = _PATH_KEYS.get(path)
    if keys is None:
        keys = tuple(path.split("."))
        if len(_PATH_KEYS) < _PATH_KEYS_KEPT:
            _PATH_KEYS[path] = keys
    depth = -1
    for key in keys:
        depth += 1
        # A parsed JSON object is a dict: the Mapping check (an ABC, slow) only for the others.
        if type(current) is dict:
            # One lookup for the key as written (nearly every hit): MISSING is never a value.
            found = current.get(key, MISSING)
            if found is not MISSING:
                current = found
                continue
        elif not isinstance(current, Mapping):
            # An unresolved object on the way (`networkAcls: [parameters('acls')]`) hides what
            # is under it: noted as read (at its own path), so nothing is judged on the
            # absence it looks like.
            noted(".".join(keys[:depth]), current)
            return MISSING
        elif key in current:
            current = current[key]
            continue
        lowered = key.lower()
        if key.isascii():
            # Lengths first: most members differ in length, and lowering each costs a string
            # (a string whose lower case is an ASCII key has that key's length). A parsed JSON
            # object's keys are all strings: walked without asking; a key of another kind (a
            # YAML number) stops the walk, and the careful one below answers.
            length = len(key)
            try:
                for candidate in current:
                    if len(candidate) == length and candidate.lower() == lowered:
                        current = current[candidate]
                        break
                else:
                    return MISSING
                continue
            except (TypeError, AttributeError):
                pass
        current = _member_ci(current, lowered)
        if current is MISSING:
            return MISSING
    # `noted` looks only once a template was read (never in a live scan or a snapshot's).
    return noted(path, current) if EVER_MADE[0] else current


def _member_ci(mapping: Mapping[Any, Any], lowered: str) -> Any:
    """The member of `mapping` whose string key is `lowered` in lower case; MISSING if none."""
    for candidate, value in mapping.items():
        if isinstance(candidate, str) and candidate.lower() == lowered:
            return value
    return MISSING


def equals_ci(value: Any, *expected: str) -> bool:
    """True if `value` is a string equal (ignoring case) to one of `expected`."""
    if not isinstance(value, str):
        return False
    lowered = value.strip().lower()
    # A loop, not any() over a generator: the generator cost as much as the comparison.
    for candidate in expected:  # noqa: SIM110 (300,000 calls in an estate)
        if lowered == candidate.lower():
            return True
    return False


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
