"""The Bicep functions that can be evaluated before deployment (string, array, object and logical
functions, `resourceId`); every other function is `Unresolved` with its reason. Reference:
https://learn.microsoft.com/azure/azure-resource-manager/bicep/bicep-functions"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from typing import Any

from auditor.sources.iac.bicep.symbols import ModuleSymbol, ResourceSymbol, resource_id
from auditor.sources.iac.model import Unresolved

# Functions whose answer depends on the deployment (where, by whom, when) or on Azure's state.
_DEPLOY_TIME = {
    "resourceGroup": "the resource group is chosen at deployment",
    "subscription": "the subscription is chosen at deployment",
    "tenant": "the tenant is chosen at deployment",
    "managementGroup": "the management group is chosen at deployment",
    "deployment": "the deployment's details are known only at deployment",
    "environment": "the cloud environment is known only at deployment",
    "uniqueString": "uniqueString() hashes values known only at deployment",
    "guid": "guid() hashes values known only at deployment",
    "newGuid": "newGuid() is random at deployment",
    "utcNow": "utcNow() is the deployment time",
    "reference": "reference() reads a deployed resource",
    "list": "list*() reads a deployed resource",
    "listKeys": "listKeys() reads a deployed resource's keys",
    "getSecret": "getSecret() reads a Key Vault secret at deployment",
    "readEnvironmentVariable": "an environment variable of the machine that deploys",
    "loadTextContent": "file contents are not read",
    "loadFileAsBase64": "file contents are not read",
    "loadJsonContent": "file contents are not read",
    "loadYamlContent": "file contents are not read",
    "pickZones": "zones depend on the region's capabilities",
    "providers": "providers() reads the subscription",
}


def call(name: str, args: Sequence[Any], expression: str, resource_group: str) -> Any:
    if name in _DEPLOY_TIME or name.startswith("list"):
        return Unresolved(expression, _DEPLOY_TIME.get(name, "list*() reads a deployed resource"))
    for arg in args:
        if isinstance(arg, Unresolved):
            return Unresolved(expression, arg.reason)
    function = _FUNCTIONS.get(name.lower())
    if function is None:
        return Unresolved(expression, f"function '{name}' is not evaluated before deployment")
    if name.lower() == "resourceid":
        return _resource_id(args, expression, resource_group)
    if any(_is_symbol(arg) for arg in args):
        return Unresolved(expression, "a resource or module passed to a function")
    try:
        return function(*args)
    except (TypeError, ValueError, IndexError, KeyError, AttributeError):
        return Unresolved(expression, f"{name}() with arguments of an unexpected type")


def _is_symbol(value: Any) -> bool:

    return isinstance(value, ResourceSymbol | ModuleSymbol)


def _resource_id(args: Sequence[Any], expression: str, resource_group: str) -> Any:
    """resourceId([subscriptionId], [resourceGroupName], type, name1, name2...)."""

    strings = [arg for arg in args if isinstance(arg, str)]
    if len(strings) != len(args):
        return Unresolved(expression, "resourceId() with arguments that are not strings")
    type_at = next((i for i, arg in enumerate(strings) if "/" in arg and "." in arg), None)
    if type_at is None:
        return Unresolved(expression, "resourceId() without a resource type")
    before, resource_type, names = strings[:type_at], strings[type_at], strings[type_at + 1 :]
    if len(before) == 2:
        return Unresolved(expression, "resourceId() in another subscription")
    group = before[0] if before else resource_group
    return resource_id(resource_type, tuple(names), group)


def _format(template: str, *args: Any) -> str:
    def replace(match: re.Match[str]) -> str:
        return _text(args[int(match.group(1))])

    return re.sub(r"\{(\d+)(?::[^}]*)?\}", replace, template)


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | dict):
        return json.dumps(value, separators=(",", ":"))
    return "" if value is None else str(value)


def _concat(*args: Any) -> Any:
    if args and all(isinstance(arg, list) for arg in args):
        return [item for arg in args for item in arg]
    return "".join(_text(arg) for arg in args)


def _union(*args: Any) -> Any:
    if all(isinstance(arg, dict) for arg in args):
        merged: dict[str, Any] = {}
        for arg in args:
            merged.update(arg)
        return merged
    if all(isinstance(arg, list) for arg in args):
        out: list[Any] = []
        for arg in args:
            out.extend(item for item in arg if item not in out)
        return out
    raise TypeError


def _contains(container: Any, item: Any) -> bool:
    if isinstance(container, str):
        return str(item).lower() in container.lower()
    if isinstance(container, dict):
        return any(key.lower() == str(item).lower() for key in container)
    if isinstance(container, list):
        return item in container
    raise TypeError


def _empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str | list | dict):
        return len(value) == 0
    raise TypeError


def _length(value: Any) -> int:
    if isinstance(value, str | list | dict):
        return len(value)
    raise TypeError


def _range(start: int, count: int) -> list[int]:
    if not isinstance(start, int) or not isinstance(count, int) or count > 10_000:
        raise TypeError
    return list(range(start, start + count))


def _coalesce(*args: Any) -> Any:
    return next((arg for arg in args if arg is not None), None)


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in {"true", "false"}:
        return value.lower() == "true"
    if isinstance(value, int):
        return value != 0
    raise TypeError


def _if(condition: Any, yes: Any, no: Any) -> Any:
    if not isinstance(condition, bool):
        raise TypeError
    return yes if condition else no


def _items(value: dict[str, Any]) -> list[dict[str, Any]]:
    if not isinstance(value, dict):
        raise TypeError
    return [{"key": key, "value": value[key]} for key in sorted(value, key=str.lower)]


def _split(value: str, separators: str | list[str]) -> list[str]:
    if isinstance(separators, str):
        return value.split(separators)
    return re.split("|".join(map(re.escape, separators)), value)


def _substring(value: str, start: int, length: int | None = None) -> str:
    return value[start:] if length is None else value[start : start + length]


_FUNCTIONS: dict[str, Callable[..., Any]] = {
    "concat": _concat,
    "format": _format,
    "tolower": lambda s: s.lower(),
    "toupper": lambda s: s.upper(),
    "string": _text,
    "trim": lambda s: s.strip(),
    "replace": lambda s, old, new: s.replace(old, new),
    "split": _split,
    "substring": _substring,
    "take": lambda v, n: v[:n],
    "skip": lambda v, n: v[n:],
    "startswith": lambda s, p: s.lower().startswith(p.lower()),
    "endswith": lambda s, p: s.lower().endswith(p.lower()),
    "contains": _contains,
    "empty": _empty,
    "length": _length,
    "first": lambda v: v[0] if v else None,
    "last": lambda v: v[-1] if v else None,
    "union": _union,
    "range": _range,
    "coalesce": _coalesce,
    "bool": _bool,
    "int": int,
    "if": _if,
    "equals": lambda a, b: a == b,
    "not": lambda a: not _bool(a),
    "and": lambda *a: all(_bool(x) for x in a),
    "or": lambda *a: any(_bool(x) for x in a),
    "items": _items,
    "json": json.loads,
    "array": lambda v: v if isinstance(v, list) else [v],
    "createarray": lambda *a: list(a),
    "createobject": lambda *a: {a[i]: a[i + 1] for i in range(0, len(a), 2)},
    "min": lambda *a: min(a[0]) if len(a) == 1 else min(a),
    "max": lambda *a: max(a[0]) if len(a) == 1 else max(a),
    "resourceid": lambda *a: None,  # handled by _resource_id
}
