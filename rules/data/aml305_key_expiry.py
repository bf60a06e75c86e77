"""AML305: a key vault key should have an expiration date."""

from __future__ import annotations

from collections.abc import Iterator

from auditor.rulekit.keyvault import judge_expiry
from auditor.rulekit.rule import (
    Outcome,
    References,
    Remediation,
    Resource,
    Rule,
    RuleContext,
    RuleMeta,
    Severity,
)

META = RuleMeta(
    id="AML305",
    title="Key vault key has no expiration date",
    severity=Severity.MEDIUM,
    resource_types=("Microsoft.KeyVault/vaults/keys",),
    category="data",
    rationale=(
        "A key without an expiration date can stay in use indefinitely, so a key that was "
        "exposed or generated under an older standard is never forced out of service. An expiry "
        "date (with a rotation policy that renews the key before it) bounds the cryptoperiod, "
        "as key-management standards require."
    ),
    remediation=Remediation(
        description=(
            "Set an expiration date on the key, and a rotation policy that creates a new version "
            "before it. A workspace's customer-managed key must be rotated before it expires, or "
            "the workspace can no longer decrypt its data."
        ),
        az="az keyvault key set-attributes --vault-name <vault> --name <key> --expires 2027-01-01T00:00:00Z",
        bicep=(
            "param keyExpiry int = dateTimeToEpoch(dateTimeAdd(utcNow(), 'P1Y'))\n"
            "\n"
            "resource key 'Microsoft.KeyVault/vaults/keys@2023-07-01' = {\n"
            "  parent: vault\n"
            "  name: keyName\n"
            "  properties: {\n"
            "    kty: 'RSA'\n"
            "    keySize: 3072\n"
            "    attributes: {\n"
            "      enabled: true\n"
            "      exp: keyExpiry\n"
            "    }\n"
            "  }\n"
            "}"
        ),
    ),
    references=References(
        docs=(
            "https://learn.microsoft.com/azure/key-vault/keys/about-keys-details",
            "https://learn.microsoft.com/azure/key-vault/keys/how-to-configure-key-rotation",
        ),
        policy=("152b15f7-8e1f-4c1f-ab71-8c010ba5dbc0",),
        mcsb=("DP-6",),
    ),
)


def check(resource: Resource, ctx: RuleContext) -> Iterator[Outcome]:
    yield from judge_expiry(resource, ctx, "Key")


RULE = Rule(META, check)
