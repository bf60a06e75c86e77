"""Workspace connections: which `authType`s keep a secret in the connection.

A connection with ApiKey, AccountKey, PAT, SAS, ... stores a credential in the workspace's key vault
and hands it to anyone allowed to use the connection; identity-based connections (AAD,
ManagedIdentity) and None store nothing. Several rules (AML105, AML312, AML313) share this list.
"""

from __future__ import annotations

import enum
from typing import Any

from auditor.inventory.arm import MISSING

# The authType values of WorkspaceConnectionPropertiesV2 (REST API 2024-10-01 and later).
SECRET_AUTH_TYPES = (
    "ApiKey",
    "AccountKey",
    "PAT",
    "SAS",
    "UsernamePassword",
    "ServicePrincipal",
    "AccessKey",
    "CustomKeys",
    "OAuth2",
)
IDENTITY_AUTH_TYPES = ("AAD", "ManagedIdentity", "None")


class AuthKind(enum.Enum):
    SECRET = "secret"  # the connection stores a credential
    IDENTITY = "identity"  # identity-based or no authentication: nothing stored
    UNKNOWN = "unknown"  # a value this auditor does not know
    ABSENT = "absent"  # no authType at all


def auth_kind(auth_type: Any) -> AuthKind:
    """How a connection authenticates, comparing authType case-insensitively."""
    if auth_type is MISSING or auth_type is None or auth_type == "":
        return AuthKind.ABSENT
    if not isinstance(auth_type, str):
        return AuthKind.UNKNOWN
    wanted = auth_type.strip().lower()
    if wanted in {t.lower() for t in SECRET_AUTH_TYPES}:
        return AuthKind.SECRET
    if wanted in {t.lower() for t in IDENTITY_AUTH_TYPES}:
        return AuthKind.IDENTITY
    return AuthKind.UNKNOWN
