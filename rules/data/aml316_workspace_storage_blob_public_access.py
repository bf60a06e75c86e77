"""AML316: the storage account a workspace uses should not allow anonymous blob access."""

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
    id="AML316",
    title="Workspace storage account allows anonymous blob access",
    severity=Severity.HIGH,
    resource_types=(STORAGE_ACCOUNTS, WORKSPACES),
    category="data",
    rationale=(
        "With allowBlobPublicAccess on, any container in the workspace's storage account can be "
        "set to public read, and then its training data, models and code snapshots are readable "
        "by anyone on the internet without any credential. Turning it off at the account makes "
        "every container private whatever its own setting says."
    ),
    remediation=Remediation(
        description=(
            "Disallow anonymous access on the account (check first that no consumer reads a "
            "container anonymously)."
        ),
        az="az resource update --ids <storage-account-id> --set properties.allowBlobPublicAccess=false",
        bicep=snippet(
            """
            resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
              name: storageName
              location: location
              kind: 'StorageV2'
              sku: { name: 'Standard_LRS' }
              properties: {
                allowBlobPublicAccess: false
              }
            }
            """
        ),
    ),
    references=References(
        docs=(
            "https://learn.microsoft.com/azure/storage/blobs/anonymous-read-access-prevent",
            "https://learn.microsoft.com/azure/templates/microsoft.storage/storageaccounts",
        ),
        mcsb=("PA-7", "DP-2"),
        defender=("Storage account public access should be disallowed",),
    ),
    judged_in_templates=True,
)


RULE = Rule(
    META,
    WorkspaceDependency(
        resource_type=STORAGE_ACCOUNTS,
        path="properties.storageAccount",
        noun="storage account",
        judgement=PropertyCheck(
            path="properties.allowBlobPublicAccess",
            expected="false",
            bad=(True,),
            good=(False,),
            # anonymous-read-access-prevent: an account created before the property existed
            # returns no value until it is set, and "permits anonymous access when the property
            # value is either null or true": absent and null are allowed.
            default="true (not set: anonymous access permitted)",
            absent=Status.FAIL,
            passed="Storage account '{name}' allows no anonymous blob access",
            failed="Storage account '{name}' allows anonymous blob access",
            unknown="allowBlobPublicAccess {value!r} is not a boolean",
        ),
    ),
)
