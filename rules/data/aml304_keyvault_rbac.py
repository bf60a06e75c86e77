"""AML304: a key vault should authorise data access with Azure RBAC, not legacy access policies."""

from __future__ import annotations

from auditor.rulekit import (
    VAULTS,
    PropertyCheck,
    References,
    Remediation,
    Rule,
    RuleMeta,
    Severity,
    Status,
    snippet,
    vault_users,
)

META = RuleMeta(
    id="AML304",
    title="Key vault uses legacy access policies instead of Azure RBAC",
    severity=Severity.MEDIUM,
    resource_types=(VAULTS,),
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
        bicep=snippet(
            """
            resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
              name: vaultName
              location: location
              properties: {
                tenantId: subscription().tenantId
                sku: { family: 'A', name: 'standard' }
                enableRbacAuthorization: true
                accessPolicies: []
              }
            }
            """
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
        defender=("Azure Key Vault should use RBAC permission model",),
    ),
    judged_in_templates=True,
)


RULE = Rule(
    META,
    PropertyCheck(
        path="properties.enableRbacAuthorization",
        expected="true",
        good=(True,),
        # An existing vault whose value is absent or null uses access policies: the RBAC default
        # of API version 2026-02-01 applies only to vaults created with that version, which then
        # report true explicitly (learn.microsoft.com/azure/key-vault/general/access-control-default).
        default="false (access policies)",
        absent=Status.FAIL,
        otherwise=Status.FAIL,
        passed="Key vault '{name}' authorises data access with Azure RBAC",
        failed="Key vault '{name}' authorises data access with legacy access policies",
        context=vault_users,
    ),
)
