"""AML109: the storage account a workspace uses should refuse Shared Key authorization."""

from __future__ import annotations

from auditor.rulekit import (
    STORAGE_ACCOUNTS,
    WORKSPACES,
    PropertyCheck,
    References,
    Remediation,
    Rule,
    RuleMeta,
    Severity,
    Status,
    WorkspaceDependency,
    snippet,
)

META = RuleMeta(
    id="AML109",
    title="Workspace storage account allows Shared Key access",
    severity=Severity.MEDIUM,
    resource_types=(STORAGE_ACCOUNTS, WORKSPACES),
    category="identity",
    rationale=(
        "A workspace's storage account holds its datasets, job outputs, models and notebooks. "
        "While Shared Key authorization is allowed, the account key (and every SAS signed with "
        "it) grants full access to all of it with no identity attached, and reaches around RBAC "
        "and Entra ID Conditional Access. Unless allowSharedKeyAccess is false, it is allowed. "
        "A workspace that names a storage account which no longer exists fails too: account names "
        "are global, so someone else can claim it."
    ),
    remediation=Remediation(
        description=(
            "Move the workspace to identity-based datastore access first (AML106: "
            "systemDatastoresAuthMode Identity, Storage Blob/File data roles for the workspace "
            "and users), then disallow Shared Key authorization on the account and rotate its keys."
        ),
        az=(
            "az storage account update --name <account> --resource-group <rg> "
            "--allow-shared-key-access false"
        ),
        bicep=snippet(
            """
            resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
              name: storageName
              location: location
              kind: 'StorageV2'
              sku: { name: 'Standard_ZRS' }
              properties: {
                allowSharedKeyAccess: false
                defaultToOAuthAuthentication: true
              }
            }
            """
        ),
    ),
    references=References(
        docs=(
            "https://learn.microsoft.com/azure/storage/common/shared-key-authorization-prevent",
            "https://learn.microsoft.com/azure/machine-learning/how-to-disable-local-auth-storage",
        ),
        mcsb=("IM-1",),
        defender=("Storage accounts should prevent shared key access",),
    ),
    judged_in_templates=True,
)


RULE = Rule(
    META,
    WorkspaceDependency(
        resource_type=STORAGE_ACCOUNTS,
        path="properties.storageAccount",  # projects use their hub's and name none themselves
        noun="storage account",
        judgement=PropertyCheck(
            path="properties.allowSharedKeyAccess",
            expected="false",
            good=(False,),
            # StorageAccountProperties.allowSharedKeyAccess: "The default value is null, which is
            # equivalent to true" (Storage REST reference), so null is judged as absent.
            default="true",
            null_is_absent=True,
            absent=Status.FAIL,
            otherwise=Status.FAIL,
            passed="Storage account '{name}' refuses Shared Key access",
            failed="Storage account '{name}' allows Shared Key access",
        ),
    ),
)
