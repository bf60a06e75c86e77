"""AML212: AI Services and Azure OpenAI accounts should not accept traffic from every network."""

from __future__ import annotations

from collections.abc import Iterator

from auditor.inventory import arm
from auditor.rulekit.relations import (
    COGNITIVE_ACCOUNTS,
    ai_account_in_scope,
    allow_all_ip_rules,
    open_to_public_network,
    unjudged_ai_target,
)
from auditor.rulekit.rule import (
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
    passed,
)

META = RuleMeta(
    id="AML212",
    title="AI Services account accepts traffic from every network",
    severity=Severity.MEDIUM,
    resource_types=(COGNITIVE_ACCOUNTS, "Microsoft.MachineLearningServices/workspaces/connections"),
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
        bicep=(
            "resource account 'Microsoft.CognitiveServices/accounts@2024-10-01' = {\n"
            "  name: accountName\n"
            "  location: location\n"
            "  kind: 'AIServices'\n"
            "  sku: { name: 'S0' }\n"
            "  properties: {\n"
            "    customSubDomainName: accountName\n"
            "    publicNetworkAccess: 'Disabled'\n"
            "    networkAcls: { defaultAction: 'Deny' }\n"
            "  }\n"
            "}"
        ),
    ),
    references=References(
        docs=(
            "https://learn.microsoft.com/azure/ai-services/cognitive-services-virtual-networks",
            "https://learn.microsoft.com/azure/ai-foundry/how-to/configure-private-link",
        ),
        policy=("037eea7a-bd0a-46c5-9a66-03aea78705d3",),
        mcsb=("NS-2",),
    ),
)

ACCESS = "properties.publicNetworkAccess"
ACTION = "properties.networkAcls.defaultAction"
IP_RULES = "properties.networkAcls.ipRules"


def check(resource: Resource, ctx: RuleContext) -> Iterator[Outcome]:
    if arm.normalize_type(resource.type) == COGNITIVE_ACCOUNTS.lower():
        yield from _check_account(resource, ctx)
    else:
        yield from unjudged_ai_target(resource, ctx)


def _check_account(account: Resource, ctx: RuleContext) -> Iterator[Outcome]:
    applies, context = ai_account_in_scope(account, ctx)
    if not applies:
        return  # another kind of Cognitive Services account that no connection uses
    exposed, access, action = open_to_public_network(account)
    proofs = (
        evidence(ACCESS, access, "Disabled (or a firewall that denies)", default="Enabled"),
        evidence(ACTION, action, "Deny (or public access disabled)", default="Allow"),
    )
    wide_open = [] if exposed or arm.equals_ci(access, "Disabled") else allow_all_ip_rules(account)
    if wide_open:  # Deny by default, then an IP rule that lets every address back in
        yield fail(
            f"Account '{account.name}' denies by default but an IP rule admits every address",
            *proofs,
            evidence(IP_RULES, wide_open, "no rule covering all addresses (prefix /0)"),
            context=context,
        )
        return
    if exposed:
        yield fail(
            f"Account '{account.name}' accepts traffic from every network", *proofs, context=context
        )
    else:
        yield passed(f"Account '{account.name}' restricts network access", *proofs, context=context)


RULE = Rule(META, check)
