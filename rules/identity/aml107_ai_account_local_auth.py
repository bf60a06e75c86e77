"""AML107: AI Services and Azure OpenAI accounts should not accept API keys."""

from __future__ import annotations

from collections.abc import Iterator

from auditor.inventory import arm
from auditor.inventory.arm import is_true
from auditor.rulekit.relations import COGNITIVE_ACCOUNTS, ai_account_in_scope, unjudged_ai_target
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
    id="AML107",
    title="AI Services account accepts API keys",
    severity=Severity.HIGH,
    resource_types=(COGNITIVE_ACCOUNTS, "Microsoft.MachineLearningServices/workspaces/connections"),
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
        bicep=(
            "resource account 'Microsoft.CognitiveServices/accounts@2024-10-01' = {\n"
            "  name: accountName\n"
            "  location: location\n"
            "  kind: 'AIServices'\n"
            "  sku: { name: 'S0' }\n"
            "  properties: {\n"
            "    customSubDomainName: accountName\n"
            "    disableLocalAuth: true\n"
            "  }\n"
            "}"
        ),
    ),
    references=References(
        docs=(
            "https://learn.microsoft.com/azure/ai-services/disable-local-auth",
            "https://learn.microsoft.com/azure/ai-services/openai/how-to/managed-identity",
        ),
        policy=("71ef260a-8f18-47b7-abcb-62d0673d94dc",),
        mcsb=("IM-1",),
    ),
)

PATH = "properties.disableLocalAuth"


def check(resource: Resource, ctx: RuleContext) -> Iterator[Outcome]:
    if arm.normalize_type(resource.type) == COGNITIVE_ACCOUNTS.lower():
        yield from _check_account(resource, ctx)
    else:
        yield from unjudged_ai_target(resource, ctx)


def _check_account(account: Resource, ctx: RuleContext) -> Iterator[Outcome]:
    applies, context = ai_account_in_scope(account, ctx)
    if not applies:
        return  # another kind of Cognitive Services account that no connection uses
    value = account.get(PATH)
    # Local (key) authentication is on unless disableLocalAuth is true.
    proof = evidence(PATH, value, "true", default="false, keys accepted")
    if is_true(value):
        yield passed(f"Account '{account.name}' accepts only Entra ID", proof, context=context)
    else:
        yield fail(f"Account '{account.name}' accepts API keys", proof, context=context)


RULE = Rule(META, check)
