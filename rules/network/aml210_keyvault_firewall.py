"""AML210: key vaults should not accept traffic from every network."""

from __future__ import annotations

from auditor.rulekit import (
    VAULTS,
    FirewallCheck,
    References,
    Remediation,
    Rule,
    RuleMeta,
    Severity,
    snippet,
    vault_users,
)

META = RuleMeta(
    id="AML210",
    title="Key vault accepts traffic from every network",
    severity=Severity.MEDIUM,
    resource_types=(VAULTS,),
    category="network",
    rationale=(
        "A workspace's key vault holds its connection secrets and, with customer-managed keys, "
        "the key that decrypts its data. With public network access enabled (the default) and "
        "no firewall (no networkAcls means every network is allowed), a stolen token or a "
        "misassigned role is usable from anywhere. Disabling public access, or a firewall that "
        "denies by default, keeps the vault reachable only from networks you allow."
    ),
    remediation=Remediation(
        description=(
            "Reach the vault through a private endpoint (AML211) and disable public network access, "
            "or at least set the firewall's default action to Deny with the networks and trusted "
            "Azure services the workspace needs."
        ),
        az=(
            "az keyvault update --name <vault> --resource-group <rg> "
            "--default-action Deny --bypass AzureServices --public-network-access Disabled"
        ),
        bicep=snippet(
            """
            resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
              name: vaultName
              location: location
              properties: {
                tenantId: tenant().tenantId
                sku: { family: 'A', name: 'standard' }
                enableRbacAuthorization: true
                publicNetworkAccess: 'Disabled'
                networkAcls: { defaultAction: 'Deny', bypass: 'AzureServices' }
              }
            }
            """
        ),
    ),
    references=References(
        docs=(
            "https://learn.microsoft.com/azure/key-vault/general/network-security",
            "https://learn.microsoft.com/azure/machine-learning/how-to-secure-workspace-vnet",
        ),
        policy=("55615ac9-af46-4a59-874e-391cc3dfb490",),
        mcsb=("DP-8", "NS-2"),
        defender=(
            "Azure Key Vault should have firewall enabled or public network access disabled",
        ),
    ),
    judged_in_templates=True,
)


# The context names the workspaces whose secrets an open vault exposes.
RULE = Rule(META, FirewallCheck(subject="Key vault '{name}'", context=vault_users))
