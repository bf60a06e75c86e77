"""AML302: a key vault must have purge protection."""

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
    id="AML302",
    title="Key vault can be purged",
    severity=Severity.HIGH,
    resource_types=(VAULTS,),
    category="data",
    rationale=(
        "Without purge protection a deleted vault, key or secret can be purged at once, by a "
        "malicious insider or a compromised identity, before anyone notices. A workspace whose "
        "customer-managed key is purged loses its data for good; a purged secret breaks every "
        "connection that uses it. Purge protection enforces the retention period and cannot be "
        "turned off once on."
    ),
    remediation=Remediation(
        description="Enable purge protection on the vault (irreversible, and intended to be).",
        az="az keyvault update --name <vault> --resource-group <rg> --enable-purge-protection true",
        bicep=snippet(
            """
            resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
              name: vaultName
              location: location
              properties: {
                enableSoftDelete: true
                enablePurgeProtection: true
                softDeleteRetentionInDays: 90
                tenantId: subscription().tenantId
                sku: { family: 'A', name: 'standard' }
              }
            }
            """
        ),
    ),
    references=References(
        docs=("https://learn.microsoft.com/azure/key-vault/general/soft-delete-overview",),
        policy=("0b60c0b2-2dc2-4e1c-b5c9-abbed971de53",),
        mcsb=("DP-8",),
        defender=("Key vaults should have deletion protection enabled",),
    ),
    judged_in_templates=True,
)


RULE = Rule(
    META,
    PropertyCheck(
        path="properties.enablePurgeProtection",
        expected="true",
        good=(True,),
        default="off",  # no default: absent means purge protection is off
        absent=Status.FAIL,
        otherwise=Status.FAIL,
        passed="Key vault '{name}' has purge protection",
        failed="Key vault '{name}' has no purge protection",
        context=vault_users,  # whose data a purge would destroy
    ),
)
