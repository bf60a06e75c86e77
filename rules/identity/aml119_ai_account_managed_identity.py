"""AML119: AI Services and Azure OpenAI accounts should have a managed identity."""

from __future__ import annotations

from auditor.rulekit import (
    COGNITIVE_ACCOUNTS,
    CONNECTIONS,
    AiAccounts,
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
    id="AML119",
    title="AI Services account has no managed identity",
    severity=Severity.LOW,
    resource_types=(COGNITIVE_ACCOUNTS, CONNECTIONS),
    category="identity",
    rationale=(
        "An account without a managed identity reaches the storage, search indexes and key "
        "vault it uses (on your data, batch files, customer-managed keys) with keys or SAS "
        "tokens stored somewhere, or not at all. A managed identity lets those resources grant "
        "it a role instead, so no secret needs to exist and access shows up in role "
        "assignments. Accounts of other kinds are judged when a workspace connection targets "
        "them."
    ),
    remediation=Remediation(
        description=(
            "Enable the account's system-assigned identity (or assign a user-assigned one) and "
            "grant it roles on the resources it reads instead of keys."
        ),
        az="az resource update --ids <account-resource-id> --set identity.type=SystemAssigned",
        bicep=snippet(
            """
            resource account 'Microsoft.CognitiveServices/accounts@2024-10-01' = {
              name: accountName
              location: location
              kind: 'AIServices'
              sku: { name: 'S0' }
              identity: { type: 'SystemAssigned' }
              properties: { customSubDomainName: accountName }
            }
            """
        ),
    ),
    references=References(
        docs=(
            "https://learn.microsoft.com/azure/ai-services/openai/how-to/managed-identity",
            "https://learn.microsoft.com/azure/templates/microsoft.cognitiveservices/accounts",
        ),
        # "Cognitive Services accounts should use a managed identity": identity.type absent or
        # None.
        policy=("fe3fd216-4f83-4fc1-8984-2bbec80a3418",),
        mcsb=("IM-3",),
        defender=("Cognitive Services accounts should use a managed identity",),
    ),
    judged_in_templates=True,
)


RULE = Rule(
    META,
    AiAccounts(
        PropertyCheck(
            path="identity.type",
            expected="SystemAssigned and/or UserAssigned",
            good=("SystemAssigned", "UserAssigned", "SystemAssigned, UserAssigned"),
            bad=("None",),
            # Identity (Cognitive Services REST): an account has an identity only when one is
            # requested; the policy above treats an absent identity.type as none.
            default="None",
            absent=Status.FAIL,
            passed="Account '{name}' has a managed identity ({value})",
            failed="Account '{name}' has no managed identity",
            unknown="identity.type {value!r} is not a known identity type",
        )
    ),
)
