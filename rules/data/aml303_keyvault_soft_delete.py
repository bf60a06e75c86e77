"""AML303: a key vault must keep deleted keys and secrets recoverable (soft delete)."""

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
    id="AML303",
    title="Key vault has soft delete turned off",
    severity=Severity.HIGH,
    resource_types=(VAULTS,),
    category="data",
    rationale=(
        "Without soft delete, deleting a key, a secret or the vault itself is immediate and "
        "final. A workspace's customer-managed key deleted by mistake, by a faulty pipeline or by "
        "an attacker makes the workspace's data unreadable for good, and deleted connection "
        "secrets cannot be recovered. Soft delete keeps deleted objects recoverable for 7 to 90 "
        "days."
    ),
    remediation=Remediation(
        description=(
            "Turn soft delete on (it cannot be turned off again), and add purge protection so "
            "the retention period cannot be cut short. Vaults created since 2020 have it on; "
            "Azure enforces it on all vaults from February 2025, so a vault that still reports "
            "false predates that."
        ),
        az=(
            "az resource update --ids <vault-resource-id> "
            "--set properties.enableSoftDelete=true properties.softDeleteRetentionInDays=90"
        ),
        bicep=snippet(
            """
            resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
              name: vaultName
              location: location
              properties: {
                tenantId: subscription().tenantId
                sku: { family: 'A', name: 'standard' }
                enableSoftDelete: true
                softDeleteRetentionInDays: 90
                enablePurgeProtection: true
              }
            }
            """
        ),
    ),
    references=References(
        docs=(
            "https://learn.microsoft.com/azure/key-vault/general/soft-delete-overview",
            "https://learn.microsoft.com/azure/key-vault/general/soft-delete-change",
        ),
        policy=("1e66c121-a66a-4b1f-9b83-0fd99bf0fc2d",),
        mcsb=("DP-8",),
        defender=("Key vaults should have soft delete enabled",),
    ),
    judged_in_templates=True,
)


RULE = Rule(
    META,
    PropertyCheck(
        path="properties.enableSoftDelete",
        expected="true",
        bad=(False,),
        good=(True,),
        # VaultProperties.enableSoftDelete (learn.microsoft.com/rest/api/keyvault/keyvault/
        # vaults/create-or-update): "If it's not set to any value (true or false) when creating
        # new key vault, it will be set to true by default", so an absent value (a template) is
        # on. (Policy 1e66c121 also flags an absent value; we follow the service.) A GET that
        # reports null says the value was never set: vaults created before soft delete became
        # the default (2020) report null and had none, so a null is not judged as the default.
        default="true",
        absent=Status.PASS,
        null_message=(
            "Key vault '{name}' reports enableSoftDelete null: it was never set (as on vaults "
            "created before soft delete became the default), so whether soft delete is on is "
            "unknown; set it to true"
        ),
        failed="Key vault '{name}' has soft delete turned off",
        passed="Key vault '{name}' has soft delete",
        unknown="enableSoftDelete {value!r} is not a boolean",
        context=vault_users,
    ),
)
