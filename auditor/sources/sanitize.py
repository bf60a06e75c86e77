"""The input boundary: every resource a source reads passes through `sanitize_resource` before
rules, logs or a snapshot see it, so none of them can hold a credential.

Two treatments, the same for a live scan and a snapshot file:

- values that should never be there are withheld: a connection's credentials and a secret's value
  (ARM never returns them), and literal secrets users put in the `environmentVariables` of
  deployments and computes;
- in any other string, the word that matches a credential pattern (a SAS URL in a tag, an
  `AccountKey=` connection string in a description or a connection's metadata) becomes
  redact.py's marker for its kind; the rest of the string stays. The resource's id, type and
  name and ARM-id references are kept whole: the inventory is built from them.

Gap messages are redacted where a Gap is made (inventory.resources.Gap), whichever source made it.
"""

from __future__ import annotations

from typing import Any

from auditor.core.redact import literal_secret_reason, marker, redact_text, secret_kind
from auditor.inventory import arm
from auditor.inventory.resource_types import (
    BATCH_DEPLOYMENTS,
    COMPUTES,
    CONNECTIONS,
    ONLINE_DEPLOYMENTS,
    SECRETS,
)

WITHHELD = "[redacted: withheld by the collector]"

# The property ARM should never return for these types (so any value there is withheld whole).
_NEVER_RETURNED: dict[str, str] = {
    arm.normalize_type(CONNECTIONS): "credentials",
    arm.normalize_type(SECRETS): "value",
}
# Types whose configuration carries environment variables, where users put literal secrets.
_WITH_ENVIRONMENT = {
    arm.normalize_type(t) for t in (ONLINE_DEPLOYMENTS, BATCH_DEPLOYMENTS, COMPUTES)
}
_STRUCTURAL_KEYS = frozenset({"id", "type", "name"})


def sanitize_resource(raw: dict[str, Any], resource_type: str) -> dict[str, Any]:
    """A copy of the resource `raw` (of `resource_type`) without credentials, or `raw` itself
    when it holds none."""
    return _redact_credentials(_withhold_secrets(raw, resource_type))


def _withhold_secrets(raw: dict[str, Any], rtype: str) -> dict[str, Any]:
    """`raw` without the values ARM never returns and literal secrets in environment variables.

    A literal secret in an environment variable becomes redact.py's marker for its kind (or a
    plain marker when only its name gives it away), so rules still see that a literal secret was
    there, and see it the same way live and in a snapshot.
    """
    key = arm.normalize_type(rtype)
    properties = raw.get("properties")
    if not isinstance(properties, dict):
        return raw
    field = _NEVER_RETURNED.get(key)
    if field is not None:
        cleaned = {k: _withheld(v) if k.lower() == field else v for k, v in properties.items()}
        return raw if cleaned == properties else {**raw, "properties": cleaned}
    if key in _WITH_ENVIRONMENT:
        cleaned_properties = _withhold_environment(properties)
        if cleaned_properties is not properties:
            return {**raw, "properties": cleaned_properties}
    return raw


def _redact_credentials(raw: dict[str, Any]) -> dict[str, Any]:
    """`raw` with every credential-looking string replaced by redact.py's marker, its own id,
    type and name kept."""
    cleaned = {
        k: v if str(k).lower() in _STRUCTURAL_KEYS else _redact_json(v) for k, v in raw.items()
    }
    return raw if cleaned == raw else cleaned


def _redact_json(value: Any) -> Any:
    # Only the credential patterns, and only the word that holds one (a description keeps its
    # sentence): an entropy guess is for text going out, where a marker hides less.
    if isinstance(value, str):
        return value if arm.is_arm_id(value) else redact_text(value, guess=False)
    if isinstance(value, dict):
        return {k: _redact_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_redact_json(v) for v in value]
    return value


def _withheld(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _withheld(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_withheld(v) for v in value]
    return WITHHELD if isinstance(value, str) and value else value


def _variable_value(name: str, value: Any) -> Any:
    """An environment variable's value, or in place of a literal secret the marker of its kind
    (the whole value: it is the secret)."""
    if not literal_secret_reason(name, value):
        return value
    kind = secret_kind(value)
    return marker(kind) if kind else WITHHELD


def _withhold_environment(document: dict[str, Any]) -> dict[str, Any]:
    """`document` with literal secrets in any `environmentVariables` replaced (same object if
    there are none)."""
    changed: dict[str, Any] = {}
    for name, value in document.items():
        if name.lower() == "environmentvariables" and isinstance(value, dict):
            variables = {var: _variable_value(str(var), val) for var, val in value.items()}
            if variables != value:
                changed[name] = variables
        elif isinstance(value, dict):
            nested = _withhold_environment(value)
            if nested is not value:
                changed[name] = nested
    return {**document, **changed} if changed else document
