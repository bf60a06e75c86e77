"""AML106: a workspace's default datastores should reach storage without account keys."""

from __future__ import annotations

from auditor.rulekit import (
    WORKSPACES,
    PropertyCheck,
    References,
    Remediation,
    Rule,
    RuleMeta,
    Severity,
    Status,
    snippet,
)

META = RuleMeta(
    id="AML106",
    title="Workspace's default datastores use storage account keys",
    severity=Severity.MEDIUM,
    resource_types=(WORKSPACES,),
    category="identity",
    rationale=(
        "With systemDatastoresAuthMode AccessKey (the default when it is not set) the "
        "workspace's default datastores (workspaceblobstore, workspacefilestore, "
        "workspaceartifactstore) keep the storage account key and hand it out to jobs and users: "
        "the key grants full control of the whole account, bypasses Entra ID and RBAC, and keeps "
        "storage from disabling Shared Key access. Identity-based access uses Entra ID instead."
    ),
    remediation=Remediation(
        description=(
            "Switch the system datastores to identity-based access (Identity), grant the "
            "workspace identity and users 'Storage Blob Data Contributor' and 'Storage File Data "
            "Privileged Contributor' on the storage account, then disable Shared Key access on "
            "the account (see AML109)."
        ),
        az=(
            "az ml workspace update --name <workspace> --resource-group <rg> "
            "--system-datastores-auth-mode identity"
        ),
        bicep=snippet(
            """
            resource workspace 'Microsoft.MachineLearningServices/workspaces@2024-10-01' = {
              name: workspaceName
              location: location
              identity: { type: 'SystemAssigned' }
              properties: {
                storageAccount: storage.id
                systemDatastoresAuthMode: 'Identity'
              }
            }
            """
        ),
    ),
    references=References(
        docs=(
            "https://learn.microsoft.com/azure/machine-learning/how-to-disable-local-auth-storage",
            "https://learn.microsoft.com/azure/machine-learning/how-to-identity-based-service-authentication",
        ),
        mcsb=("IM-1", "IM-3"),
    ),
    judged_in_templates=True,
)


RULE = Rule(
    META,
    PropertyCheck(
        path="properties.systemDatastoresAuthMode",
        expected="Identity",
        bad=("AccessKey",),
        good=("Identity", "UserDelegationSAS"),
        # Not set means the service default: credential-based access with the account key.
        default="AccessKey",
        absent=Status.FAIL,
        failed="Workspace '{name}' reaches its default datastores with the storage account key",
        passed="Workspace '{name}' reaches its default datastores without account keys ({value})",
        unknown="systemDatastoresAuthMode {value!r} is not a value this rule knows",
    ),
)
