"""AML107: AI Services and Azure OpenAI accounts should not accept API keys."""

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
    id="AML107",
    title="AI Services account accepts API keys",
    severity=Severity.HIGH,
    resource_types=(
        COGNITIVE_ACCOUNTS,
        CONNECTIONS,
    ),
    category="identity",
    rationale=(
        "An AI Services or Azure OpenAI account with local authentication enabled accepts its two "
        "account keys from anyone who holds them: keys are shared, never expire on their own, "
        "are not subject to Conditional Access and do not say who called. Models, prompts and "
        "completions, and the spend, are then protected by a string that leaks easily. With "
        "disableLocalAuth only Microsoft Entra ID identities with an RBAC role get in. Accounts of "
        "other kinds are judged when a workspace connection targets them."
    ),
    remediation=Remediation(
        description=(
            "Give callers (workspace and endpoint identities, users) the 'Cognitive Services "
            "OpenAI User' or 'Cognitive Services User' role, switch their connections to Entra ID "
            "(authType AAD), then disable local authentication on the account and regenerate "
            "both keys."
        ),
        az=(
            "az resource update --ids <account-resource-id> --set properties.disableLocalAuth=true"
        ),
        bicep=snippet(
            """
            resource account 'Microsoft.CognitiveServices/accounts@2024-10-01' = {
              name: accountName
              location: location
              kind: 'AIServices'
              sku: { name: 'S0' }
              properties: {
                customSubDomainName: accountName
                disableLocalAuth: true
              }
            }
            """
        ),
    ),
    references=References(
        docs=(
            "https://learn.microsoft.com/azure/ai-services/disable-local-auth",
            "https://learn.microsoft.com/azure/ai-services/openai/how-to/managed-identity",
        ),
        policy=("71ef260a-8f18-47b7-abcb-62d0673d94dc",),
        mcsb=("IM-1",),
        defender=(
            "Azure AI Services resources should have key access disabled (disable local authentication)",
        ),
    ),
    judged_in_templates=True,
)


RULE = Rule(
    META,
    AiAccounts(
        PropertyCheck(
            path="properties.disableLocalAuth",
            expected="true",
            good=(True,),
            # Local (key) authentication is on unless disableLocalAuth is true.
            default="false, keys accepted",
            absent=Status.FAIL,
            otherwise=Status.FAIL,
            passed="Account '{name}' accepts only Entra ID",
            failed="Account '{name}' accepts API keys",
        )
    ),
)
