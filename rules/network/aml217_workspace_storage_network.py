"""AML217: the storage account a workspace uses should not accept traffic from every network."""

from __future__ import annotations

from auditor.rulekit import (
    STORAGE_ACCOUNTS,
    WORKSPACES,
    FirewallCheck,
    References,
    Remediation,
    Rule,
    RuleMeta,
    Severity,
    WorkspaceDependency,
    snippet,
)

META = RuleMeta(
    id="AML217",
    title="Workspace storage account accepts traffic from every network",
    severity=Severity.HIGH,
    resource_types=(STORAGE_ACCOUNTS, WORKSPACES),
    category="network",
    rationale=(
        "The workspace's storage account holds its code snapshots, job outputs, models and "
        "notebooks, and computes run what they find there under their managed identity. With "
        "public network access enabled and a firewall that allows by default (both the "
        "defaults), anyone who obtains a key, SAS or role on it can plant code from any network. "
        "A firewall that denies by default, or private endpoints only, limits that to your "
        "networks."
    ),
    remediation=Remediation(
        description=(
            "Reach the account through private endpoints (blob and file) from the workspace's "
            "network or managed network, and set the firewall's default action to Deny (or "
            "disable public network access)."
        ),
        az=(
            "az resource update --ids <storage-account-id> "
            "--set properties.networkAcls.defaultAction=Deny properties.publicNetworkAccess=Disabled"
        ),
        bicep=snippet(
            """
            resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
              name: storageName
              location: location
              kind: 'StorageV2'
              sku: { name: 'Standard_LRS' }
              properties: {
                publicNetworkAccess: 'Disabled'
                networkAcls: { defaultAction: 'Deny', bypass: 'AzureServices' }
              }
            }
            """
        ),
    ),
    references=References(
        docs=(
            "https://learn.microsoft.com/azure/storage/common/storage-network-security",
            "https://learn.microsoft.com/azure/machine-learning/how-to-secure-workspace-vnet",
        ),
        mcsb=("NS-2",),
        defender=(
            "Storage accounts should restrict network access using virtual network rules",
            "Storage accounts should restrict network access",
        ),
    ),
    judged_in_templates=True,
)


RULE = Rule(
    META,
    WorkspaceDependency(
        resource_type=STORAGE_ACCOUNTS,
        path="properties.storageAccount",
        noun="storage account",
        # Storage: networkAcls.defaultAction "Allow" is the default; publicNetworkAccess absent
        # lets the firewall decide (storage-network-security).
        judgement=FirewallCheck(subject="Storage account '{name}'"),
    ),
)
