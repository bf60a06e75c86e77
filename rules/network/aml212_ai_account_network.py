"""AML212: AI Services and Azure OpenAI accounts should not accept traffic from every network."""

from __future__ import annotations

from auditor.rulekit import (
    COGNITIVE_ACCOUNTS,
    CONNECTIONS,
    AiAccounts,
    FirewallCheck,
    References,
    Remediation,
    Rule,
    RuleMeta,
    Severity,
    snippet,
)

META = RuleMeta(
    id="AML212",
    title="AI Services account accepts traffic from every network",
    severity=Severity.MEDIUM,
    resource_types=(
        COGNITIVE_ACCOUNTS,
        CONNECTIONS,
    ),
    category="network",
    rationale=(
        "An AI Services or Azure OpenAI account with public network access (the default) and no "
        "firewall (no networkAcls means every network is allowed) serves its models to any "
        "network: a leaked key or token is usable from anywhere, and prompts, completions and "
        "fine-tuning data cross the internet. Disabling public access, or a firewall that denies "
        "by default, limits it to networks you allow. Accounts of other kinds are judged when a "
        "workspace connection targets them."
    ),
    remediation=Remediation(
        description=(
            "Reach the account through a private endpoint (from your virtual network or the "
            "workspace's managed network outbound rules) and disable public network access, or "
            "set the firewall's default action to Deny with the networks that need it."
        ),
        az=(
            "az resource update --ids <account-resource-id> "
            "--set properties.publicNetworkAccess=Disabled properties.networkAcls.defaultAction=Deny"
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
                publicNetworkAccess: 'Disabled'
                networkAcls: { defaultAction: 'Deny' }
              }
            }
            """
        ),
    ),
    references=References(
        docs=(
            "https://learn.microsoft.com/azure/ai-services/cognitive-services-virtual-networks",
            "https://learn.microsoft.com/azure/ai-foundry/how-to/configure-private-link",
        ),
        policy=("037eea7a-bd0a-46c5-9a66-03aea78705d3",),
        mcsb=("NS-2",),
        defender=("Azure AI Services resources should restrict network access",),
    ),
    judged_in_templates=True,
)


RULE = Rule(META, AiAccounts(FirewallCheck(subject="Account '{name}'")))
