"""AML106: a workspace's default datastores should reach storage without account keys."""

from __future__ import annotations

from collections.abc import Iterator

from auditor.inventory.arm import equals_ci
from auditor.rulekit.rule import (
    MISSING,
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
    not_assessed,
    passed,
)

META = RuleMeta(
    id="AML106",
    title="Workspace's default datastores use storage account keys",
    severity=Severity.MEDIUM,
    resource_types=("Microsoft.MachineLearningServices/workspaces",),
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
        bicep=(
            "resource workspace 'Microsoft.MachineLearningServices/workspaces@2024-10-01' = {\n"
            "  name: workspaceName\n"
            "  location: location\n"
            "  identity: { type: 'SystemAssigned' }\n"
            "  properties: {\n"
            "    storageAccount: storage.id\n"
            "    systemDatastoresAuthMode: 'Identity'\n"
            "  }\n"
            "}"
        ),
    ),
    references=References(
        docs=(
            "https://learn.microsoft.com/azure/machine-learning/how-to-disable-local-auth-storage",
            "https://learn.microsoft.com/azure/machine-learning/how-to-identity-based-service-authentication",
        ),
        mcsb=("IM-1", "IM-3"),
    ),
)

PATH = "properties.systemDatastoresAuthMode"
KEYLESS_MODES = ("Identity", "UserDelegationSAS")


def check(resource: Resource, ctx: RuleContext) -> Iterator[Outcome]:
    mode = resource.get(PATH)
    # Not set means the service default: credential-based access with the account key.
    proof = evidence(PATH, mode, "Identity", default="AccessKey")
    if mode is MISSING or mode is None or equals_ci(mode, "AccessKey"):
        yield fail(
            f"Workspace '{resource.name}' reaches its default datastores with the storage "
            "account key",
            proof,
        )
    elif equals_ci(mode, *KEYLESS_MODES):
        yield passed(
            f"Workspace '{resource.name}' reaches its default datastores without account keys "
            f"({mode})",
            proof,
        )
    else:
        yield not_assessed(
            f"systemDatastoresAuthMode {mode!r} is not a value this rule knows", proof
        )


RULE = Rule(META, check)
