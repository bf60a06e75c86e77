"""AML304: a key vault should authorise data access with Azure RBAC, not legacy access policies."""

from __future__ import annotations

from collections.abc import Iterator

from auditor.inventory.arm import is_true
from auditor.rulekit.keyvault import vault_context
from auditor.rulekit.rule import (
    Outcome,
    References,
    Remediation,
    Resource,
    Rule,
    RuleContext,
    RuleMeta,
    Severity,
    evidence,
    fail,
    passed,
)

META = RuleMeta(
    id="AML304",
    title="Key vault uses legacy access policies instead of Azure RBAC",
    severity=Severity.MEDIUM,
    resource_types=("Microsoft.KeyVault/vaults",),
    category="data",
    rationale=(
        "Access policies grant vault-wide permissions that anyone with Contributor on the vault "
        "can change: a Contributor can give themselves Get on every secret, including the "
        "workspace's connection secrets. They cannot be scoped to one key or secret, are not "
        "covered by Privileged Identity Management and are reviewed outside Azure RBAC. With the "
        "RBAC permission model, data access needs an explicit role assignment that only Owners "
        "and User Access Administrators can grant."
    ),
    remediation=Remediation(
        description=(
            "Assign Key Vault data roles (Key Vault Secrets User, Key Vault Crypto Service "
            "Encryption User, ...) to the identities the access policies name - including the "
            "workspace's identity - then switch the vault to the RBAC permission model."
        ),
        az="az keyvault update --name <vault> --resource-group <rg> --enable-rbac-authorization true",
        bicep=(
            "resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {\n"
            "  name: vaultName\n"
            "  location: location\n"
            "  properties: {\n"
            "    tenantId: subscription().tenantId\n"
            "    sku: { family: 'A', name: 'standard' }\n"
            "    enableRbacAuthorization: true\n"
            "    accessPolicies: []\n"
            "  }\n"
            "}"
        ),
    ),
    references=References(
        docs=(
            "https://learn.microsoft.com/azure/key-vault/general/rbac-guide",
            "https://learn.microsoft.com/azure/key-vault/general/rbac-access-policy",
            "https://learn.microsoft.com/azure/key-vault/general/access-control-default",
        ),
        policy=("12d4fa5e-1f9f-4c21-97a9-b99b3c6611b5",),
        mcsb=("PA-7",),
    ),
)

PATH = "properties.enableRbacAuthorization"


def check(resource: Resource, ctx: RuleContext) -> Iterator[Outcome]:
    value = resource.get(PATH)
    # An existing vault whose value is absent or null uses access policies: the RBAC default
    # of API version 2026-02-01 applies only to vaults created with that version, which then
    # report true explicitly (learn.microsoft.com/azure/key-vault/general/access-control-default).
    proof = evidence(PATH, value, "true", default="false (access policies)")
    context = vault_context(resource.id, ctx)
    if is_true(value):
        yield passed(
            f"Key vault '{resource.name}' authorises data access with Azure RBAC",
            proof,
            context=context,
        )
    else:
        yield fail(
            f"Key vault '{resource.name}' authorises data access with legacy access policies",
            proof,
            context=context,
        )


RULE = Rule(META, check)
