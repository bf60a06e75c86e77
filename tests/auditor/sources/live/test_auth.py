"""Credentials, clouds and endpoints for live collection (no network)."""

from __future__ import annotations

import base64
import json
import time

import pytest

from auditor.core.errors import ConfigError
from auditor.sources.live.auth import (
    CLOUDS,
    TOKEN_VARIABLE,
    AuthMethod,
    build_credential,
    parse_cloud,
    resolve_endpoint,
    token_from_environment,
)


def _jwt(exp: int) -> str:
    def part(data: dict[str, object]) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()

    return f"{part({'alg': 'none'})}.{part({'exp': exp, 'aud': 'x'})}.c2lnbmF0dXJl"


def test_clouds_pair_endpoint_authority_and_scope() -> None:
    assert parse_cloud("public") == CLOUDS["public"]
    assert parse_cloud("USGov").arm_endpoint == "https://management.usgovcloudapi.net"
    assert parse_cloud("usgov").authority == "login.microsoftonline.us"
    assert parse_cloud("china").scope == "https://management.chinacloudapi.cn/.default"
    with pytest.raises(ConfigError, match="unknown cloud 'moon'"):
        parse_cloud("moon")


def test_endpoint_is_the_cloud_unless_overridden_and_must_be_https() -> None:
    assert resolve_endpoint(CLOUDS["china"], None) == "https://management.chinacloudapi.cn"
    assert resolve_endpoint(CLOUDS["public"], "https://127.0.0.1:8443/") == "https://127.0.0.1:8443"
    with pytest.raises(ConfigError, match="must be an https:// URL"):
        resolve_endpoint(CLOUDS["public"], "http://127.0.0.1:8080")
    with pytest.raises(ConfigError, match="bare base URL"):
        resolve_endpoint(CLOUDS["public"], "https://management.azure.com/subscriptions?x=1")


@pytest.mark.parametrize(
    ("endpoint", "message"),
    [
        (
            "https://admin:hunter2pw@127.0.0.1:8443",
            "--arm-endpoint 'https://***@127.0.0.1:8443' must not hold a user name or password: "
            "the credential comes from --auth",
        ),
        (
            "http://admin:hunter2pw@127.0.0.1:8443",
            "--arm-endpoint 'http://***@127.0.0.1:8443' must be an https:// URL "
            "(bearer tokens are never sent over plain HTTP)",
        ),
        ("https://127.0.0.1:99999", "--arm-endpoint 'https://127.0.0.1:99999' has an invalid port"),
        ("https://127.0.0.1:x", "--arm-endpoint 'https://127.0.0.1:x' has an invalid port"),
    ],
)
def test_an_endpoint_with_a_password_or_a_bad_port_is_refused_without_quoting_it(
    endpoint: str, message: str
) -> None:
    with pytest.raises(ConfigError) as error:
        resolve_endpoint(CLOUDS["public"], endpoint)
    assert str(error.value) == message


def test_token_from_environment_keeps_the_token_out_of_repr() -> None:
    token = _jwt(int(time.time()) + 600)
    credential = token_from_environment({TOKEN_VARIABLE: f"Bearer {token}"})
    access = credential.get_token("https://management.azure.com/.default")
    assert access.token == token
    assert abs(access.expires_on - (int(time.time()) + 600)) <= 2  # the JWT's exp claim
    assert token not in repr(credential)


def test_a_non_jwt_token_is_assumed_to_last_an_hour() -> None:
    credential = token_from_environment({TOKEN_VARIABLE: "opaque-simulator-token"})
    expires_on = credential.get_token("scope").expires_on
    assert 3500 <= expires_on - time.time() <= 3601


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "needs the ARM access token in AML_AUDIT_ACCESS_TOKEN"),
        ("two words", "does not look like an access token"),
        (_jwt(int(time.time()) - 120), "expired"),
    ],
    ids=["empty", "spaces", "expired"],  # stable ids: pytest-xdist workers must agree
)
def test_bad_tokens_are_one_line_config_errors(value: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message) as caught:
        token_from_environment({TOKEN_VARIABLE: value})
    assert "\n" not in str(caught.value)
    if value:
        assert value not in str(caught.value)


def test_each_auth_method_builds_its_azure_identity_credential(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import azure.identity as identity

    for name in ("AZURE_TENANT_ID", "AZURE_CLIENT_ID", "AZURE_FEDERATED_TOKEN_FILE"):
        monkeypatch.setenv(name, "00000000-0000-0000-0000-000000000001")
    expected = {
        AuthMethod.DEFAULT: identity.DefaultAzureCredential,
        AuthMethod.CLI: identity.AzureCliCredential,
        AuthMethod.MANAGED_IDENTITY: identity.ManagedIdentityCredential,
        AuthMethod.ENV: identity.EnvironmentCredential,
        AuthMethod.WORKLOAD_IDENTITY: identity.WorkloadIdentityCredential,
    }
    for method, kind in expected.items():
        assert type(build_credential(method, CLOUDS["usgov"])) is kind, method
