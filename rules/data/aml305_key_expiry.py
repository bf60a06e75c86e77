"""AML305: a key vault key should have an expiration date."""

from __future__ import annotations

from auditor.rulekit import (
    KEYS,
    ExpiryCheck,
    References,
    Remediation,
    Rule,
    RuleMeta,
    Severity,
    snippet,
)

META = RuleMeta(
    id="AML305",
    title="Key vault key has no expiration date",
    severity=Severity.MEDIUM,
    resource_types=(KEYS,),
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
        bicep=snippet(
            """
            param keyExpiry int = dateTimeToEpoch(dateTimeAdd(utcNow(), 'P1Y'))

            resource key 'Microsoft.KeyVault/vaults/keys@2023-07-01' = {
              parent: vault
              name: keyName
              properties: {
                kty: 'RSA'
                keySize: 3072
                attributes: {
                  enabled: true
                  exp: keyExpiry
                }
              }
            }
            """
        ),
    ),
    references=References(
        docs=(
            "https://learn.microsoft.com/azure/key-vault/keys/about-keys-details",
            "https://learn.microsoft.com/azure/key-vault/keys/how-to-configure-key-rotation",
        ),
        policy=("152b15f7-8e1f-4c1f-ab71-8c010ba5dbc0",),
        mcsb=("DP-6",),
        defender=("Key Vault keys should have an expiration date",),
    ),
    judged_in_templates=True,
)


RULE = Rule(META, ExpiryCheck("Key"))
