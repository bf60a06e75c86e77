"""AML307: a key vault secret should have an expiration date."""

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
    id="AML307",
    title="Key vault secret has no expiration date",
    severity=Severity.MEDIUM,
    resource_types=("Microsoft.KeyVault/vaults/secrets",),
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
        bicep=(
            "param secretExpiry int = dateTimeToEpoch(dateTimeAdd(utcNow(), 'P90D'))\n"
            "\n"
            "resource secret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {\n"
            "  parent: vault\n"
            "  name: secretName\n"
            "  properties: {\n"
            "    value: secretValue\n"
            "    attributes: {\n"
            "      enabled: true\n"
            "      exp: secretExpiry\n"
            "    }\n"
            "  }\n"
            "}"
        ),
    ),
    references=References(
        docs=(
            "https://learn.microsoft.com/azure/key-vault/secrets/about-secrets",
            "https://learn.microsoft.com/azure/key-vault/secrets/tutorial-rotation",
        ),
        policy=("98728c90-32c7-4049-8429-847dc0f4fe37",),
        mcsb=("DP-6",),
    ),
)


def check(resource: Resource, ctx: RuleContext) -> Iterator[Outcome]:
    yield from judge_expiry(resource, ctx, "Secret")


RULE = Rule(META, check)
