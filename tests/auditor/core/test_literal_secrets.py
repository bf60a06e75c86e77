"""auditor/core/redact.py: a literal secret in a setting, versus a reference or a plain value."""

from __future__ import annotations

import pytest

from auditor.core.redact import is_secret_reference, literal_secret_reason, secret_like_name


@pytest.mark.parametrize(
    "name",
    [
        "OPENAI_API_KEY",
        "apiKey",
        "HF_TOKEN",
        "DB_PASSWORD",
        "dbPassword",
        "DB_PASS",
        "SMTP_PWD",
        "AZURE_STORAGE_CONNECTION_STRING",
        "BLOB_SAS",
        "GITHUB_PAT",
        "CLIENT_SECRET",
        "ServiceCredentials",
        "PRIVATE_KEY",
    ],
)
def test_secret_like_names(name: str) -> None:
    assert secret_like_name(name)


@pytest.mark.parametrize(
    "name",
    [
        "KEY_VAULT_NAME",  # about a secret store, not a secret
        "TOKEN_URL",
        "SECRET_NAME",
        "OPENAI_API_KEY_HEADER",
        "MAX_TOKENS",  # plural: an LLM setting
        "TOKENIZER",
        "MODEL_NAME",
        "LOG_LEVEL",
        "AZUREML_MODEL_DIR",
        "",
    ],
)
def test_ordinary_names(name: str) -> None:
    assert not secret_like_name(name)


@pytest.mark.parametrize(
    "value",
    [
        "${{azureml://connections/aoai/credentials/key}}",
        "${OPENAI_API_KEY}",
        "$(DB_PASSWORD)",
        "@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/db/)",
        "https://kv-demo.vault.azure.net/secrets/db-password",
        "https://kv-demo.vault.azure.net:443/secrets/db-password/0123",
        "https://hsm.managedhsm.azure.net/keys/k",
        "keyvault://kv-demo/db-password",
        "azureml://datastores/workspaceblobstore/paths/data",
    ],
)
def test_references_are_not_literal_secrets(value: str) -> None:
    assert is_secret_reference(value)
    assert literal_secret_reason("DB_PASSWORD", value) is None


@pytest.mark.parametrize(
    ("name", "value", "reason"),
    [
        ("DB_PASSWORD", "hunter2hunter2", "its name marks a secret and its value is a literal"),
        (
            "X",
            "DefaultEndpointsProtocol=https;AccountName=a;AccountKey=" + "QUJD" * 10 + ";",
            "its value looks like a credential (storage connection string)",
        ),
        (
            "UPSTREAM",
            "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4eXoifQ.c2ln",
            "its value looks like a credential (JSON web token)",
        ),
        (
            "CFG",
            "sk-" + "a1B2c3D4e5" * 3,
            "its value looks like a credential (OpenAI-style API key)",
        ),
        (
            "CFG",
            "Zq8Xv2Lm9Kp4Rt7Wn3Yb6Hc1Jd5Fg0Sa2Qe4Tu8Io",
            "its value looks like a credential (high-entropy string)",
        ),
        (
            "CFG",
            "https://app:s3cr3tpw@db.example.com/x",
            "its value looks like a credential (password in URL)",
        ),
    ],
)
def test_literal_secrets_and_why(name: str, value: str, reason: str) -> None:
    assert literal_secret_reason(name, value) == reason


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("OPENAI_API_KEY", ""),  # empty: nothing stored
        ("OPENAI_API_KEY", "   "),
        ("USE_KEY", "true"),  # a flag, not a credential
        ("KEY_ROTATION_DAYS", "90"),
        (
            "APPLICATIONINSIGHTS_CONNECTION_STRING",
            "InstrumentationKey=00000000-0000-0000-0000-000000000000;"
            "IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/",
        ),
        ("MODEL", "gpt-4o"),
        ("CLIENT_ID", "00000000-0000-0000-0000-000000000000"),
        ("COMMIT", "0123456789abcdef0123456789abcdef01234567"),  # a hex digest
        ("API_KEY", None),
        ("API_KEY", 42),
    ],
)
def test_not_literal_secrets(name: str, value: object) -> None:
    assert literal_secret_reason(name, value) is None
