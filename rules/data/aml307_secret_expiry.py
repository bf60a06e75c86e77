"""AML307: a key vault secret should have an expiration date."""

from __future__ import annotations

from auditor.rulekit import (
    SECRETS,
    ExpiryCheck,
    References,
    Remediation,
    Rule,
    RuleMeta,
    Severity,
    snippet,
)

META = RuleMeta(
    id="AML307",
    title="Key vault secret has no expiration date",
    severity=Severity.MEDIUM,
    resource_types=(SECRETS,),
    category="data",
    rationale=(
        "A workspace's key vault holds the credentials of its connections, datastores and "
        "compute. A secret without an expiration date is never forced to be renewed: a leaked "
        "storage key or API key stays valid until someone notices. An expiry date makes stale "
        "credentials visible and bounds how long a leaked one is useful."
    ),
    remediation=Remediation(
        description=(
            "Set an expiration date on the secret and renew it before then (rotate the "
            "credential at its source, then store the new value as a new version)."
        ),
        az="az keyvault secret set-attributes --vault-name <vault> --name <secret> --expires 2027-01-01T00:00:00Z",
        bicep=snippet(
            """
            param secretExpiry int = dateTimeToEpoch(dateTimeAdd(utcNow(), 'P90D'))

            resource secret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
              parent: vault
              name: secretName
              properties: {
                value: secretValue
                attributes: {
                  enabled: true
                  exp: secretExpiry
                }
              }
            }
            """
        ),
    ),
    references=References(
        docs=(
            "https://learn.microsoft.com/azure/key-vault/secrets/about-secrets",
            "https://learn.microsoft.com/azure/key-vault/secrets/tutorial-rotation",
        ),
        policy=("98728c90-32c7-4049-8429-847dc0f4fe37",),
        mcsb=("DP-6",),
        defender=("Key Vault secrets should have an expiration date",),
    ),
    judged_in_templates=True,
)


RULE = Rule(META, ExpiryCheck("Secret"))
