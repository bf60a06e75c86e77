"""AML105: workspace connections should use identities, not stored secrets."""

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
    id="AML105",
    title="Workspace connection stores a secret",
    severity=Severity.MEDIUM,
    resource_types=("Microsoft.MachineLearningServices/workspaces/connections",),
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
        bicep=(
            "resource connection 'Microsoft.MachineLearningServices/workspaces/connections@2024-10-01' = {\n"
            "  parent: workspace\n"
            "  name: connectionName\n"
            "  properties: {\n"
            "    category: 'AzureOpenAI'\n"
            "    target: openAi.properties.endpoint\n"
            "    authType: 'AAD'\n"
            "    isSharedToAll: false\n"
            "    metadata: { ApiType: 'Azure', ResourceId: openAi.id }\n"
            "  }\n"
            "}"
        ),
    ),
    references=References(
        docs=(
            "https://learn.microsoft.com/azure/machine-learning/how-to-connection",
            "https://learn.microsoft.com/azure/ai-foundry/how-to/connections-add",
        ),
        mcsb=("IM-8", "IM-3"),
    ),
)

PATH = "properties.authType"
SECRET_TYPES = (
    "ApiKey",
    "AccountKey",
    "PAT",
    "SAS",
    "UsernamePassword",
    "ServicePrincipal",
    "AccessKey",
    "CustomKeys",
    "OAuth2",
)
IDENTITY_TYPES = ("AAD", "ManagedIdentity", "None")


def check(resource: Resource, ctx: RuleContext) -> Iterator[Outcome]:
    auth = resource.get(PATH)
    proof = evidence(PATH, auth, "AAD or ManagedIdentity (no stored secret)")
    if auth is MISSING or auth is None:
        # authType is the API's required discriminator: without it nothing can be said.
        yield not_assessed(
            "authType is not present, so what the connection stores is unknown", proof
        )
    elif equals_ci(auth, *SECRET_TYPES):
        yield fail(f"Connection '{resource.name}' stores a secret (authType {auth})", proof)
    elif equals_ci(auth, *IDENTITY_TYPES):
        yield passed(f"Connection '{resource.name}' stores no secret (authType {auth})", proof)
    else:
        yield not_assessed(f"authType {auth!r} is not a value this rule knows", proof)


RULE = Rule(META, check)
