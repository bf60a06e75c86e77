"""The input boundary: every resource a source reads passes through `sanitize_resource` before
rules, logs or a snapshot see it, so none of them can hold a credential.

Two treatments, the same for a live scan and a snapshot file:

- values that should never be there are withheld: a connection's credentials, a secret's value, a
  datastore's `credentials.secrets`, an attached compute's passwords, private keys, tokens and
  connection strings, a legacy web service's TLS key (ARM never returns them), and literal
  secrets users put in the `environmentVariables` of deployments, computes and web services;
- in any other string, the word that matches a credential pattern (a SAS URL in a tag, an
  `AccountKey=` connection string in a description or a connection's metadata) becomes
  redact.py's marker for its kind; the rest of the string stays. The resource's id, type and
  name and ARM-id references are kept whole: the inventory is built from them.

Activity Log events are reduced, not redacted: `reduce_activity_event` keeps the eight facts the
rules read (operation, status, time, caller, caller object id and type, correlation id, resource
id) and drops the rest (claims, httpRequest with its client IP, authorization, properties), and
`sanitize_resource` keeps no more than that shape of an event from any source.

Gap messages are redacted where a Gap is made (inventory.resources.Gap), whichever source made it.
"""

from __future__ import annotations

from typing import Any

from auditor.core.redact import (
    CANNOT_MATCH,
    literal_secret_reason,
    marker,
    may_match_pattern,
    redact_text,
    secret_kind,
)
from auditor.inventory import arm
from auditor.inventory.resource_types import (
    ACTIVITY_LOG_EVENTS,
    BATCH_DEPLOYMENTS,
    COMPUTES,
    CONNECTIONS,
    DATASTORES,
    ONLINE_DEPLOYMENTS,
    SECRETS,
    WEB_SERVICES,
)

WITHHELD = "[redacted: withheld by the collector]"

# The property ARM should never return for these types (so any value there is withheld whole).
_NEVER_RETURNED: dict[str, str] = {
    arm.normalize_type(CONNECTIONS): "credentials",
    arm.normalize_type(SECRETS): "value",
}
# Properties that hold a secret wherever they appear in these types' `properties` (lower-case
# names, or `parent.name`), each withheld whole. The REST specs mark them x-ms-secret (the
# create-only halves of the shapes) and GETs leave them out; a response or a snapshot that
# carries them anyway never reaches the inventory.
_SECRET_FIELDS: dict[str, frozenset[str]] = {
    # DatastoreCredentials.secrets (AccountKey, Sas, ServicePrincipal, Certificate secrets):
    # returned with `secretsType` only, which is kept (a discriminator, not a secret).
    arm.normalize_type(DATASTORES): frozenset({"secrets"}),
    # Attached computes: VirtualMachine/HDInsight administratorAccount, Databricks token,
    # Kubernetes relay and Service Bus connection strings, AKS TLS private key.
    arm.normalize_type(COMPUTES): frozenset(
        {
            "password",
            "privatekeydata",
            "databricksaccesstoken",
            "relayconnectionstring",
            "servicebusconnectionstring",
            "sslconfiguration.key",
        }
    ),
    # ACI web services' TLS private key, an image registry's password, an R package's token.
    arm.normalize_type(WEB_SERVICES): frozenset({"sslkey", "password", "authtoken"}),
}
# Names kept inside a withheld value: discriminators that say what kind of secret it was.
_KEPT_IN_WITHHELD = frozenset({"secretstype"})
# Types whose configuration carries environment variables, where users put literal secrets.
_WITH_ENVIRONMENT = {
    arm.normalize_type(t) for t in (ONLINE_DEPLOYMENTS, BATCH_DEPLOYMENTS, COMPUTES, WEB_SERVICES)
}
_STRUCTURAL_KEYS = frozenset({"id", "type", "name"})


def sanitize_resource(raw: dict[str, Any], resource_type: str) -> dict[str, Any]:
    """A copy of the resource `raw` (of `resource_type`) without credentials, or `raw` itself
    when it holds none."""
    if arm.normalize_type(resource_type) == _EVENTS:
        raw = _event_shape(raw)
    return _redact_credentials(_withhold_secrets(raw, resource_type))


# ---- Activity Log events ------------------------------------------------------------------------

_EVENTS = arm.normalize_type(ACTIVITY_LOG_EVENTS)
# The claim that holds the caller's Entra object id (users and service principals alike).
OBJECT_ID_CLAIM = "http://schemas.microsoft.com/identity/claims/objectidentifier"
# What a kept event holds, in order: every other member of an event is dropped.
EVENT_PROPERTIES = (
    "operationName",
    "status",
    "eventTimestamp",
    "caller",
    "callerObjectId",
    "callerType",
    "correlationId",
    "resourceId",
)


def _value(node: Any) -> str | None:
    """A string, or the `value` of a localizable string (`{"value", "localizedValue"}`)."""
    if isinstance(node, dict):
        node = node.get("value")
    return node if isinstance(node, str) else None


def _string(node: Any) -> str | None:
    return node if isinstance(node, str) else None


def reduce_activity_event(event: dict[str, Any]) -> dict[str, Any] | None:
    """An Activity Log event (ActivityLogs_List, 2015-04-01) reduced to what the rules read, or
    None when it has no ARM `id`, `eventDataId` or operation name (not an event).

    `callerType` comes from the authorization evidence (`authorization.evidence.principalType`)
    when the event carries it; the object id from the `objectidentifier` claim.
    """
    rid, event_id = _string(event.get("id")), _string(event.get("eventDataId"))
    operation = _value(event.get("operationName"))
    if not rid or not rid.startswith("/") or not event_id or not operation:
        return None
    claims = event.get("claims")
    authorization = event.get("authorization")
    evidence = authorization.get("evidence") if isinstance(authorization, dict) else None
    return {
        "id": rid,
        "type": ACTIVITY_LOG_EVENTS,
        "name": event_id,
        "properties": {
            "operationName": operation,
            "status": _value(event.get("status")),
            "eventTimestamp": _string(event.get("eventTimestamp")),
            "caller": _string(event.get("caller")),
            "callerObjectId": (
                _string(claims.get(OBJECT_ID_CLAIM)) if isinstance(claims, dict) else None
            ),
            "callerType": (
                _string(evidence.get("principalType")) if isinstance(evidence, dict) else None
            ),
            "correlationId": _string(event.get("correlationId")),
            "resourceId": _string(event.get("resourceId")),
        },
    }


def _event_shape(raw: dict[str, Any]) -> dict[str, Any]:
    """A kept event (from a live scan or a snapshot) with nothing beyond the reduced shape: other
    members, and any value that is not a string or null, are dropped."""
    properties = raw.get("properties")
    properties = properties if isinstance(properties, dict) else {}
    kept = {
        name: value if isinstance(value, str) else None
        for name, value in ((n, _member(properties, n)) for n in EVENT_PROPERTIES)
    }
    shaped: dict[str, Any] = {k: raw[k] for k in ("id", "type", "name") if k in raw}
    return {**shaped, "properties": kept}


def _member(document: dict[str, Any], name: str) -> Any:
    lowered = name.lower()
    return next((v for k, v in document.items() if str(k).lower() == lowered), None)


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
    cleaned_properties = properties
    secret_fields = _SECRET_FIELDS.get(key)
    if secret_fields is not None:
        cleaned_properties = _withhold_named(cleaned_properties, secret_fields)
    if key in _WITH_ENVIRONMENT:
        cleaned_properties = _withhold_environment(cleaned_properties)
    return raw if cleaned_properties is properties else {**raw, "properties": cleaned_properties}


def _withhold_named(
    document: dict[str, Any], names: frozenset[str], parent: str = ""
) -> dict[str, Any]:
    """`document` with the values of properties named in `names` withheld, at any depth (same
    object if there are none)."""
    changed: dict[str, Any] = {}
    for name, value in document.items():
        lowered = str(name).lower()
        if lowered in names or f"{parent}.{lowered}" in names:
            withheld = _withheld(value)
            if withheld != value:
                changed[name] = withheld
        elif isinstance(value, dict):
            nested = _withhold_named(value, names, lowered)
            if nested is not value:
                changed[name] = nested
        elif isinstance(value, list):
            items = [
                _withhold_named(item, names, lowered) if isinstance(item, dict) else item
                for item in value
            ]
            if any(new is not old for new, old in zip(items, value, strict=True)):
                changed[name] = items
    return {**document, **changed} if changed else document


def sanitize_document(document: Any) -> Any:
    """A JSON document read back as input (a report to merge, a baseline) with every
    credential-looking string replaced by redact.py's marker, ids kept (`document` itself when
    it holds none). What aml-audit wrote is redacted already; a hand-edited or forged report is
    not, and its titles, evidence and gap codes would reach the reports written from it."""
    return _redact_json(document)


def _redact_credentials(raw: dict[str, Any]) -> dict[str, Any]:
    """`raw` with every credential-looking string replaced by redact.py's marker, its own id,
    type and name kept (`raw` itself when it holds none)."""
    changed: dict[str, Any] = {}
    for key, value in raw.items():
        if str(key).lower() in _STRUCTURAL_KEYS:
            continue
        cleaned = _redact_json(value)
        if cleaned is not value:
            changed[key] = cleaned
    return {**raw, **changed} if changed else raw


def _redact_json(value: Any) -> Any:
    """`value`, or a copy of it with credentials redacted: only what changed is copied, so the
    resources of an estate (nearly all without a credential) are not copied."""
    # Only the credential patterns, and only the word that holds one (a description keeps its
    # sentence): an entropy guess is for text going out, where a marker hides less.
    if isinstance(value, str):
        if not may_match_pattern(value) or arm.is_arm_id(value):
            return value
        return redact_text(value, guess=False)
    if isinstance(value, dict):
        changed: dict[Any, Any] = {}
        for key, item in value.items():
            # Most members are scalars or strings no pattern can match (most of those repeat,
            # known not to match): not even a call.
            if type(item) in _SCALARS or (
                type(item) is str and (item in CANNOT_MATCH or not may_match_pattern(item))
            ):
                continue
            cleaned = _redact_json(item)
            if cleaned is not item:
                changed[key] = cleaned
        return {**value, **changed} if changed else value
    if isinstance(value, list):
        items = [item if type(item) in _SCALARS else _redact_json(item) for item in value]
        same = all(new is old for new, old in zip(items, value, strict=True))
        return value if same else items
    return value


_SCALARS = frozenset({int, float, bool, type(None)})


def _withheld(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            k: v if str(k).lower() in _KEPT_IN_WITHHELD else _withheld(v) for k, v in value.items()
        }
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
