"""AML312: a connection that stores a secret should not be shared with every user of the
workspace."""

from __future__ import annotations

from auditor.rulekit import (
    CONNECTIONS,
    MISSING,
    Outcomes,
    References,
    Remediation,
    Resource,
    Rule,
    RuleContext,
    RuleMeta,
    Severity,
    arm,
    connections,
    evidence,
    fail,
    not_assessed,
    passed,
    snippet,
)

META = RuleMeta(
    id="AML312",
    title="Connection with a stored secret is shared with all workspace users",
    severity=Severity.MEDIUM,
    resource_types=(CONNECTIONS,),
    category="data",
    rationale=(
        "A connection shared to all (isSharedToAll) lets every user of the workspace - and, on "
        "a hub, of every project under it - use the credential it stores, and anyone who can "
        "list connection secrets can read it. A key or password then acts for everyone, with no "
        "trace of who used it. Identity-based connections authorise each caller separately."
    ),
    remediation=Remediation(
        description=(
            "Prefer identity-based authentication (authType AAD or ManagedIdentity). If the "
            "connection must keep a secret, stop sharing it to all and list the users who need "
            "it in sharedUserList."
        ),
        az=(
            "az ml connection update --name <connection> --resource-group <rg> "
            "--workspace-name <workspace> --set is_shared=false"
        ),
        bicep=snippet(
            """
            resource connection 'Microsoft.MachineLearningServices/workspaces/connections@2024-10-01' = {
              parent: workspace
              name: connectionName
              properties: {
                category: 'AzureOpenAI'
                target: account.properties.endpoint
                authType: 'AAD'
                isSharedToAll: false
                metadata: { ApiType: 'Azure', ResourceId: account.id }
              }
            }
            """
        ),
    ),
    references=References(
        docs=(
            "https://learn.microsoft.com/azure/machine-learning/how-to-connection",
            "https://learn.microsoft.com/azure/ai-foundry/how-to/connections-add",
        ),
        mcsb=("IM-8", "PA-7"),
    ),
    judged_in_templates=True,
)


AUTH_TYPE = "properties.authType"
SHARED = "properties.isSharedToAll"


def check(resource: Resource, ctx: RuleContext) -> Outcomes:
    auth_type = resource.get(AUTH_TYPE)
    kind = connections.auth_kind(auth_type)
    subject = f"Connection '{resource.name}'"
    auth_ev = evidence(AUTH_TYPE, auth_type, "an identity-based authType, or not shared to all")
    if kind is connections.AuthKind.IDENTITY:
        return  # nothing stored, nothing to share
    if kind is not connections.AuthKind.SECRET:
        why = (
            "has no authType"
            if kind is connections.AuthKind.ABSENT
            else "has an authType this rule does not know"
        )
        yield not_assessed(f"{subject} {why}, so whether it stores a secret is unknown", auth_ev)
        return
    shared = resource.get(SHARED)
    # WorkspaceConnectionPropertiesV2.isSharedToAll documents no default (REST reference,
    # Workspace Connections - Get), and connections created before the flag existed are shared
    # with every user of the workspace; the Python SDK v2 creates them shared unless told
    # otherwise (azure.ai.ml.entities.WorkspaceConnection(..., is_shared: bool = True)). So a
    # connection without it (absent or null) is judged shared, never "not shared" by assumption.
    shared_ev = evidence(SHARED, shared, "false", default="none documented: shared with all")
    if arm.is_true(shared):
        yield fail(
            f"{subject} stores a credential (authType {auth_type}) and is shared with all users",
            auth_ev,
            shared_ev,
        )
    elif shared is MISSING or shared is None:
        yield fail(
            f"{subject} stores a credential (authType {auth_type}) and sets no isSharedToAll: "
            "connections without the flag (made before it existed) are shared with all users",
            auth_ev,
            shared_ev,
        )
    elif arm.is_false(shared):
        yield passed(
            f"{subject} stores a credential (authType {auth_type}) but is not shared to all",
            auth_ev,
            shared_ev,
        )
    else:
        yield not_assessed(f"isSharedToAll {shared!r} is not a boolean", auth_ev, shared_ev)


RULE = Rule(META, check)
