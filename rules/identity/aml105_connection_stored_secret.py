"""AML105: workspace connections should use identities, not stored secrets."""

from __future__ import annotations

from auditor.rulekit import (
    CONNECTIONS,
    PropertyCheck,
    References,
    Remediation,
    Rule,
    RuleMeta,
    Severity,
    connections,
    snippet,
)

META = RuleMeta(
    id="AML105",
    title="Workspace connection stores a secret",
    severity=Severity.MEDIUM,
    resource_types=(CONNECTIONS,),
    category="identity",
    rationale=(
        "A connection whose authType stores a secret (an API key, account key, PAT, SAS, "
        "password, client secret or OAuth2 credential) keeps a long-lived credential in the "
        "workspace: every user who may list connection secrets, and every job that uses the "
        "connection, can read it, and it keeps working after those people leave. Identity-based "
        "connections (AAD, ManagedIdentity) hold nothing to steal and are governed by RBAC."
    ),
    remediation=Remediation(
        description=(
            "Recreate the connection with Microsoft Entra ID authentication (authType AAD, or "
            "ManagedIdentity) and grant the workspace's or user's identity a data-plane role on "
            "the target; then rotate the secret that was stored. Where the target supports only "
            "secrets, keep them in Key Vault and set an expiryTime on the connection."
        ),
        az=(
            "az ml connection create --resource-group <rg> --workspace-name <workspace> "
            "--file connection.yml  # with credentials: { type: aad }"
        ),
        bicep=snippet(
            """
            resource connection 'Microsoft.MachineLearningServices/workspaces/connections@2024-10-01' = {
              parent: workspace
              name: connectionName
              properties: {
                category: 'AzureOpenAI'
                target: openAi.properties.endpoint
                authType: 'AAD'
                isSharedToAll: false
                metadata: { ApiType: 'Azure', ResourceId: openAi.id }
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
        mcsb=("IM-8", "IM-3"),
    ),
    judged_in_templates=True,
)


RULE = Rule(
    META,
    PropertyCheck(
        path="properties.authType",
        expected="AAD or ManagedIdentity (no stored secret)",
        bad=connections.SECRET_AUTH_TYPES,
        good=connections.IDENTITY_AUTH_TYPES,
        failed="Connection '{name}' stores a secret (authType {value})",
        passed="Connection '{name}' stores no secret (authType {value})",
        # authType is the API's required discriminator: without it nothing can be said.
        absent_message="authType is not present, so what the connection stores is unknown",
        unknown="authType {value!r} is not a value this rule knows",
    ),
)
