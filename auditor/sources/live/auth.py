"""Credentials and clouds for live collection.

`--auth` picks an azure-identity credential (DefaultAzureCredential unless told otherwise) or, with
`token`, a pre-obtained ARM access token read from AML_AUDIT_ACCESS_TOKEN (what
`az account get-access-token --query accessToken -o tsv` prints). `--cloud` picks the ARM endpoint,
the Entra authority and the token scope together; `--arm-endpoint` sends requests to another ARM
(a sovereign or private one, or the simulator). TLS is always verified: a private CA is trusted
through REQUESTS_CA_BUNDLE, never by turning verification off.
"""

from __future__ import annotations

import base64
import binascii
import enum
import json
import os
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from azure.core.credentials import AccessToken, TokenCredential

from auditor.core.errors import ConfigError

TOKEN_VARIABLE = "AML_AUDIT_ACCESS_TOKEN"


@dataclass(frozen=True, slots=True)
class Cloud:
    name: str
    arm_endpoint: str
    authority: str
    scope: str


CLOUDS: dict[str, Cloud] = {
    "public": Cloud(
        "public",
        "https://management.azure.com",
        "login.microsoftonline.com",
        "https://management.azure.com/.default",
    ),
    "usgov": Cloud(
        "usgov",
        "https://management.usgovcloudapi.net",
        "login.microsoftonline.us",
        "https://management.usgovcloudapi.net/.default",
    ),
    "china": Cloud(
        "china",
        "https://management.chinacloudapi.cn",
        "login.chinacloudapi.cn",
        "https://management.chinacloudapi.cn/.default",
    ),
}


class AuthMethod(enum.StrEnum):
    DEFAULT = "default"
    CLI = "cli"
    MANAGED_IDENTITY = "managed-identity"
    ENV = "env"
    WORKLOAD_IDENTITY = "workload-identity"
    TOKEN = "token"


# What the one-line error after an HTTP 401 suggests, per method.
HINTS: dict[AuthMethod, str] = {
    AuthMethod.DEFAULT: "run `az login` (or set AZURE_* variables for a service principal)",
    AuthMethod.CLI: "run `az login` and check `az account show`",
    AuthMethod.MANAGED_IDENTITY: "check the managed identity is assigned and AZURE_CLIENT_ID",
    AuthMethod.ENV: "check AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET",
    AuthMethod.WORKLOAD_IDENTITY: "check AZURE_FEDERATED_TOKEN_FILE, AZURE_CLIENT_ID and "
    "AZURE_TENANT_ID",
    AuthMethod.TOKEN: f"check {TOKEN_VARIABLE} holds a current ARM token "
    "(`az account get-access-token --query accessToken -o tsv`)",
}


def resolve_endpoint(cloud: Cloud, arm_endpoint: str | None) -> str:
    """The ARM base URL to call: the cloud's, or `--arm-endpoint` (which must be https)."""
    if not arm_endpoint:
        return cloud.arm_endpoint
    parts = urlsplit(arm_endpoint.strip())
    # Error messages and reports quote the endpoint: never a password written into it.
    shown = arm_endpoint.replace(f"{parts.netloc.rpartition('@')[0]}@", "***@", 1)
    if parts.scheme != "https" or not parts.netloc:
        raise ConfigError(
            f"--arm-endpoint {shown!r} must be an https:// URL "
            "(bearer tokens are never sent over plain HTTP)"
        )
    if "@" in parts.netloc:
        raise ConfigError(
            f"--arm-endpoint {shown!r} must not hold a user name or password: "
            "the credential comes from --auth"
        )
    try:
        parts.port  # noqa: B018 - raises for a port that is not a number in 0..65535
    except ValueError:
        raise ConfigError(f"--arm-endpoint {shown!r} has an invalid port") from None
    if parts.query or parts.fragment or parts.path.strip("/"):
        raise ConfigError(
            f"--arm-endpoint {shown!r} must be a bare base URL such as https://management.azure.com"
        )
    return f"https://{parts.netloc}"


def parse_cloud(name: str) -> Cloud:
    try:
        return CLOUDS[name.strip().lower()]
    except KeyError:
        raise ConfigError(f"unknown cloud {name!r} (choose from {', '.join(CLOUDS)})") from None


class StaticTokenCredential:
    """A pre-obtained access token. It cannot be refreshed: when it expires, ARM answers 401 and
    the scan stops with a hint. The token is never logged or shown (its repr hides it)."""

    def __init__(self, token: str, expires_on: int) -> None:
        self._token = token
        self._expires_on = expires_on

    def __repr__(self) -> str:
        return "StaticTokenCredential(<hidden>)"

    def get_token(self, *scopes: str, **kwargs: Any) -> AccessToken:
        return AccessToken(self._token, self._expires_on)

    def close(self) -> None:
        return None


def _jwt_expiry(token: str) -> int | None:
    """The `exp` claim of a JWT, read without verifying it (ARM verifies); None if not a JWT."""
    parts = token.split(".")
    if len(parts) != 3:
        return None
    payload = parts[1] + "=" * (-len(parts[1]) % 4)
    try:
        claims = json.loads(base64.urlsafe_b64decode(payload))
    except (binascii.Error, ValueError):
        return None
    exp = claims.get("exp") if isinstance(claims, dict) else None
    return int(exp) if isinstance(exp, int | float) else None


def token_from_environment(environ: dict[str, str] | None = None) -> StaticTokenCredential:
    env = os.environ if environ is None else environ
    token = (env.get(TOKEN_VARIABLE) or "").strip()
    if token.lower().startswith("bearer "):
        token = token[7:].strip()
    if not token:
        raise ConfigError(
            f"--auth token needs the ARM access token in {TOKEN_VARIABLE} "
            "(e.g. `export AML_AUDIT_ACCESS_TOKEN=$(az account get-access-token "
            "--query accessToken -o tsv)`)"
        )
    if any(c.isspace() for c in token):
        raise ConfigError(f"{TOKEN_VARIABLE} does not look like an access token (it has spaces)")
    now = int(time.time())
    expiry = _jwt_expiry(token)
    if expiry is not None and expiry <= now:
        ago = now - expiry
        raise ConfigError(
            f"the token in {TOKEN_VARIABLE} expired {ago} s ago; get a new one with "
            "`az account get-access-token --query accessToken -o tsv`"
        )
    # Not a JWT (a simulator's token): assume an hour, the lifetime of an ARM token.
    return StaticTokenCredential(token, expiry if expiry is not None else now + 3600)


def build_credential(method: AuthMethod, cloud: Cloud) -> TokenCredential:
    """The credential for `--auth`. azure-identity is imported only when one is needed."""
    if method is AuthMethod.TOKEN:
        return token_from_environment()
    import azure.identity as identity

    client_id = os.environ.get("AZURE_CLIENT_ID") or None
    credential: Any
    if method is AuthMethod.DEFAULT:
        credential = identity.DefaultAzureCredential(authority=cloud.authority)
    elif method is AuthMethod.CLI:
        credential = identity.AzureCliCredential()
    elif method is AuthMethod.MANAGED_IDENTITY:
        credential = identity.ManagedIdentityCredential(client_id=client_id)
    elif method is AuthMethod.ENV:
        credential = identity.EnvironmentCredential(authority=cloud.authority)
    elif method is AuthMethod.WORKLOAD_IDENTITY:
        try:
            credential = identity.WorkloadIdentityCredential(authority=cloud.authority)
        except ValueError as exc:  # missing AZURE_* variables
            raise ConfigError(f"--auth workload-identity: {exc}") from None
    else:  # pragma: no cover - the enum is exhaustive
        raise ConfigError(f"unknown auth method {method}")
    result: TokenCredential = credential
    return result
