"""AML110: workspaces should run as a user-assigned managed identity."""

from __future__ import annotations

from auditor.rulekit import (
    MISSING,
    WORKSPACES,
    Outcomes,
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
    snippet,
)

META = RuleMeta(
    id="AML110",
    title="Workspace has no user-assigned managed identity",
    severity=Severity.LOW,
    resource_types=(WORKSPACES,),
    category="identity",
    rationale=(
        "A system-assigned identity lives and dies with the workspace, so its role assignments on "
        "storage, Key Vault, the registry and AI accounts have to be recreated whenever the "
        "workspace is, and cannot be granted, reviewed or pre-approved before it exists. A "
        "user-assigned identity is managed on its own lifecycle, with least-privilege roles "
        "assigned once and audited in one place."
    ),
    remediation=Remediation(
        description=(
            "Create a user-assigned managed identity, grant it the roles the workspace needs on its "
            "dependent resources, and assign it to the workspace as its primary identity."
        ),
        az=(
            "az ml workspace update --name <workspace> --resource-group <rg> "
            "--file workspace.yml --primary-user-assigned-identity <identity-resource-id>"
            "  # workspace.yml: identity: {type: user_assigned, user_assigned_identities: "
            "[{resource_id: <identity-resource-id>}]}"
        ),
        bicep=snippet(
            """
            resource workspace 'Microsoft.MachineLearningServices/workspaces@2024-10-01' = {
              name: workspaceName
              location: location
              identity: {
                type: 'UserAssigned'
                userAssignedIdentities: { '${identity.id}': {} }
              }
              properties: {
                primaryUserAssignedIdentity: identity.id
              }
            }
            """
        ),
    ),
    references=References(
        docs=(
            "https://learn.microsoft.com/azure/machine-learning/how-to-identity-based-service-authentication",
        ),
        policy=("5f0c7d88-c7de-45b8-ac49-db49e72eaa78",),
        mcsb=("IM-3",),
        defender=("Azure Machine Learning workspaces should use user-assigned managed identity",),
    ),
    judged_in_templates=True,
)


PATH = "identity.type"


def has_user_assigned(identity_type: object) -> bool:
    """`UserAssigned` or `SystemAssigned,UserAssigned` (any case, any spacing)."""
    if not isinstance(identity_type, str):
        return False
    parts = {p.strip().lower() for p in identity_type.split(",")}
    return "userassigned" in parts


def check(resource: Resource, ctx: RuleContext) -> Outcomes:
    value = resource.get(PATH)
    proof = evidence(PATH, value, "UserAssigned (or SystemAssigned,UserAssigned)", default="None")
    if has_user_assigned(value):
        yield passed(f"Workspace '{resource.name}' has a user-assigned identity", proof)
    else:
        described = "no identity" if value is MISSING or value is None else f"identity {value}"
        yield fail(
            f"Workspace '{resource.name}' has no user-assigned identity ({described})", proof
        )


RULE = Rule(META, check)
