"""Which resources accept keys: the one reading of an endpoint's `authMode`, an AI account's
`disableLocalAuth` and a storage account's `allowSharedKeyAccess`, shared by the rules that
judge key authentication (AML101, AML103, AML107, AML109) and the rules about the keys
themselves (their age, who can read them, who read them).

Each answer is `True` (accepts keys), `False` (does not) or `None` (cannot tell: absent where
no default is documented, or a value this tool does not know), with the evidence of the value.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from auditor.inventory import arm
from auditor.inventory.arm import MISSING
from auditor.inventory.resource_types import ONLINE_ENDPOINTS, SERVERLESS_ENDPOINTS
from auditor.inventory.resources import Resource
from auditor.rulekit.meta import Evidence
from auditor.rulekit.rule import evidence

AUTH_MODE = "properties.authMode"
# Online endpoints (EndpointAuthMode): Key accepts the endpoint's keys; AADToken and AMLToken are
# tokens (learn.microsoft.com/azure/machine-learning/how-to-authenticate-online-endpoint).
ONLINE_KEY_MODES = ("Key",)
ONLINE_TOKEN_MODES = ("AADToken", "AMLToken")
# Serverless endpoints (ServerlessInferenceEndpointAuthMode): Key and KeyAndAAD accept keys.
SERVERLESS_KEY_MODES = ("Key", "KeyAndAAD")
SERVERLESS_TOKEN_MODES = ("AAD",)

LOCAL_AUTH = "properties.disableLocalAuth"
SHARED_KEY = "properties.allowSharedKeyAccess"


@dataclass(frozen=True, slots=True)
class KeyAuth:
    accepts: bool | None
    proof: Evidence
    why: str = ""  # when `accepts` is None


def endpoint(resource: Resource) -> KeyAuth:
    """An online or serverless endpoint's authMode (required by the API: absent is unknown)."""
    serverless = arm.normalize_type(resource.type) == SERVERLESS_ENDPOINTS.lower()
    keys, tokens = (
        (SERVERLESS_KEY_MODES, SERVERLESS_TOKEN_MODES)
        if serverless
        else (ONLINE_KEY_MODES, ONLINE_TOKEN_MODES)
    )
    mode = resource.get(AUTH_MODE)
    proof = evidence(AUTH_MODE, mode, " or ".join(keys) + " (accepts keys)")
    if arm.equals_ci(mode, *keys):
        return KeyAuth(True, proof)
    if arm.equals_ci(mode, *tokens):
        return KeyAuth(False, proof)
    why = (
        "authMode is not present, so whether the endpoint accepts keys is unknown"
        if mode is MISSING or mode is None
        else f"authMode {mode!r} is not a value this rule knows"
    )
    return KeyAuth(None, proof, why)


def key_endpoint_types() -> tuple[str, ...]:
    return (ONLINE_ENDPOINTS, SERVERLESS_ENDPOINTS)


def _flag(resource: Resource, path: str, accepts_when: bool, default: str) -> KeyAuth:
    """A boolean switch: absent and null are the documented default (keys accepted)."""
    value: Any = resource.get(path)
    proof = evidence(path, value, f"{str(not accepts_when).lower()} (keys refused)", default)
    if value is MISSING or value is None:
        return KeyAuth(True, proof)
    if arm.is_true(value):
        return KeyAuth(accepts_when, proof)
    if arm.is_false(value):
        return KeyAuth(not accepts_when, proof)
    return KeyAuth(None, proof, f"{path.rsplit('.', 1)[-1]} {value!r} is not true or false")


def ai_account(resource: Resource) -> KeyAuth:
    """Local (key) authentication is on unless disableLocalAuth is true
    (learn.microsoft.com/azure/ai-services/disable-local-auth)."""
    return _flag(resource, LOCAL_AUTH, accepts_when=False, default="false, keys accepted")


def storage_account(resource: Resource) -> KeyAuth:
    """StorageAccountProperties.allowSharedKeyAccess: "The default value is null, which is
    equivalent to true" (Storage REST reference)."""
    return _flag(resource, SHARED_KEY, accepts_when=True, default="true")
