"""auditor/core/redact.py: only the credential in a string is redacted; the sentence around it,
ARM ids, resource names and GUIDs are facts and stay."""

from __future__ import annotations

import pytest

from auditor.core import redact
from auditor.core.redact import literal_secret_reason, redact_text, redact_value, secret_kind

SUB = "/subscriptions/1b5f3c2e-9d4a-4f6b-8e21-7c0d9a3b5e14"
WORKSPACES = (
    f"{SUB}/resourceGroups/rg-ml-prod/providers/Microsoft.MachineLearningServices/workspaces"
)
E2E = f"{WORKSPACES}/e2etest_test_86533533175"
PROD = f"{WORKSPACES}/mlw-prod-001"
SAS = "https://x.blob.core.windows.net/c?sv=2020-08-04&sig=SeCrEtSiG0123456789abcdefXYZ"
CONNECTION = "DefaultEndpointsProtocol=https;AccountName=a;AccountKey=c2VjcmV0c2VjcmV0c2VjcmV0"
JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.abcdefghij"
RANDOM_KEY = "Zq8Xv2Lm9Kp4Rt7Wn3Yb6Hc1Jd5Fg0Sa2Qe4Tu8Io"


def marker(kind: str) -> str:
    return f"[redacted: looks like a {kind}]"


@pytest.mark.parametrize(
    "text",
    [
        # issue 9: both context lines became "[redacted: looks like a high-entropy string]"
        f"used by workspace e2etest_test_86533533175 ({E2E}) as its key vault",
        f"used by workspace mlw-prod-001 ({PROD}) as its key vault",
        E2E,
        PROD,
        f"{PROD}/onlineEndpoints/score-7f3a9c21/deployments/blue",
        "Microsoft.MachineLearningServices/workspaces/mlw-prod-001",
        f"The client 'ops@contoso.com' with object id '6c1f2e4a-8b3d-4f5e-9a7c-1d2e3f4a5b6c' does "
        f"not have authorization to perform action over scope '{PROD}'",
        f"https://management.azure.com{PROD}?api-version=2024-04-01",
        # names and generated names, alone or in a sentence
        "workspace e2etest_test_86533533175 is public",
        "resource group DefaultResourceGroup-WEU-prod-2024-analytics",
        "cust-ml-ws-9f8e7d6c-prod-westeurope-01-xyz",
        "azureml-rg-myws_8970d525-3f4b-4a2c-9b1a-0c2e5d6f7a8b",
        "6c1f2e4a-8b3d-4f5e-9a7c-1d2e3f4a5b6c",
        "0123456789abcdef0123456789abcdef01234567",  # a hex digest
    ],
)
def test_ids_names_and_guids_are_facts_not_secrets(text: str) -> None:
    assert (redact_text(text), secret_kind(text)) == (text, None)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        (
            f"denied reading {SAS} at 10:02",
            f"denied reading {marker('shared access signature')} at 10:02",
        ),
        (
            f"workspace mlw-prod-001 ({PROD}) stores {CONNECTION}; rotate it",
            f"workspace mlw-prod-001 ({PROD}) stores "
            f"{marker('storage connection string')}; rotate it",
        ),
        (
            f"header Authorization: Bearer {JWT} was sent",
            f"header Authorization: {marker('bearer token')} was sent",
        ),
        (f"token {JWT}.", f"token {marker('JSON web token')}."),
        (
            f"key {RANDOM_KEY} in e2etest_test_86533533175",
            f"key {marker('high-entropy string')} in e2etest_test_86533533175",
        ),
        ("set Password = hunter22 in the file", f"set {marker('password assignment')} in the file"),
        ("db at (https://app:s3cr3tpw@db.example.com/x).", f"db at ({marker('password in URL')})."),
        (
            "key -----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY----- was pasted",
            f"key {marker('private key')} was pasted",
        ),
        ("cut off: -----BEGIN PRIVATE KEY----- MIIEow", f"cut off: {marker('private key')}"),
        (
            f"invalid choice: '{SAS}' (choose from",
            f"invalid choice: '{marker('shared access signature')}' (choose from",
        ),
        # a credential inside an id-shaped path is still a credential
        (f"{PROD}/{RANDOM_KEY}?sig=SeCrEtSiG0123456789", marker("shared access signature")),
    ],
)
def test_a_credential_in_a_sentence_is_redacted_and_the_sentence_stays(
    text: str, shown: str
) -> None:
    assert redact_text(text) == shown


def test_names_the_caller_knows_are_never_guessed_to_be_secrets() -> None:
    name = "a3f9K2lmQ8xZ7bN1cV5dR0tY6uI4oP2w"  # a (random) resource name the scan holds
    assert (
        redact_text(f"endpoint {name} uses keys")
        == f"endpoint {marker('high-entropy string')} uses keys"
    )
    assert (
        redact_text(f"endpoint {name} uses keys", names={name.lower()})
        == f"endpoint {name} uses keys"
    )
    # but a known pattern is redacted whatever the caller knows
    token = "ghp_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8"
    assert redact_text(token, names={token.lower()}) == marker("GitHub token")


def test_the_input_boundary_keeps_to_the_patterns() -> None:
    text = f"key {RANDOM_KEY} and {SAS}"
    assert (
        redact_text(text, guess=False)
        == f"key {RANDOM_KEY} and {marker('shared access signature')}"
    )


def test_redacting_twice_changes_nothing_more() -> None:
    once = redact_text(f"note {CONNECTION} for mlw-prod-001 ({PROD})")
    assert redact_text(once) == once
    assert secret_kind(once) == "storage connection string"  # the marker still says what it was


def test_json_values_keep_their_facts() -> None:
    observed = {
        "workspace": PROD,
        "names": ["mlw-prod-001", "e2etest_test_86533533175"],
        "sas": SAS,
    }
    assert redact_value(observed) == {
        "workspace": PROD,
        "names": ["mlw-prod-001", "e2etest_test_86533533175"],
        "sas": marker("shared access signature"),
    }


@pytest.mark.parametrize("name", ["ENCRYPTION_KEY", "STORAGE_SECRET", "KEYVAULT_SECRET"])
def test_an_arm_id_is_never_a_literal_secret(name: str) -> None:
    key_id = f"{SUB}/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv/keys/cmk"
    assert literal_secret_reason(name, key_id) is None


# One example of every credential pattern, in the case variants the patterns accept: the fast
# pre-filter in front of the patterns must let each through (a pattern added without an example
# here fails the last test).
PATTERN_EXAMPLES = {
    "storage connection string": ["AccountKey=c2VjcmV0c2Vj", "ACCOUNTKEY = c2VjcmV0c2Vj"],
    "shared access signature": [
        "SharedAccessSignature=sr=x&sig=y",
        "sharedaccesskey=abc",
        "https://a.blob.core.windows.net/c?SIG=SeCrEtSiG0123456789",
    ],
    "JSON web token": [JWT],
    "private key": ["-----BEGIN EC PRIVATE KEY-----\nMHcC"],
    "GitHub token": [
        "ghp_" + "a1B2" * 9,
        "gho_" + "a1B2" * 9,
        "ghu_" + "a1B2" * 9,
        "ghs_" + "a1B2" * 9,
        "ghr_" + "a1B2" * 9,
        "github_pat_" + "a1B2" * 9,
    ],
    "Slack token": ["xoxb-1234567890-abcdef"],
    "OpenAI-style API key": ["sk-proj-" + "a1B2" * 6, "sk-" + "a1B2" * 6],
    "AWS access key": ["AKIAABCDEFGHIJKLMNOP", "ASIAABCDEFGHIJKLMNOP"],
    "Google API key": ["AIza" + "a1B2c3D4e5" * 3 + "abcde"],
    "bearer token": ["Bearer abcdefghijklmnop1234"],
    "password in URL": ["https://app:s3cr3tpw@db.example.com/x"],
    "password assignment": ["Password = hunter22", "PWD=hunter22"],
}


@pytest.mark.parametrize(
    ("kind", "text"), [(kind, text) for kind, texts in PATTERN_EXAMPLES.items() for text in texts]
)
def test_every_pattern_passes_the_pre_filter_and_is_found(kind: str, text: str) -> None:
    assert redact.may_match_pattern(f"value: {text}.")
    assert redact.credential_pattern_kind(f"value: {text}.") == kind


def test_every_pattern_has_an_example() -> None:
    assert set(PATTERN_EXAMPLES) == {kind for kind, _ in redact._PATTERNS}


@pytest.mark.parametrize("text", ["?ſig=SeCrEtSiG0123456789", "?sıg=SeCrEtSiG0123456789"])
def test_non_ascii_text_is_not_pre_filtered(text: str) -> None:
    # re.IGNORECASE matches these letters to "s" and "i": the filter leaves such text to the regex
    assert redact.may_match_pattern(text)
    assert not redact.may_match_pattern("https://example.com/path?sv=1")
