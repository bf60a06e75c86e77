"""AML602: a model deployment on an AI Services or Azure OpenAI account should have a content
filter that blocks."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor.rulekit import (
    AI_DEPLOYMENTS,
    MISSING,
    RAI_POLICIES,
    LookupState,
    Outcomes,
    References,
    Remediation,
    Resource,
    Rule,
    RuleContext,
    RuleMeta,
    Severity,
    arm,
    evidence,
    fail,
    not_assessed,
    passed,
    snippet,
)

META = RuleMeta(
    id="AML602",
    title="Model deployment has no content filter",
    severity=Severity.HIGH,
    resource_types=(AI_DEPLOYMENTS,),
    category="ai",
    rationale=(
        "A model deployment on an AI Services or Azure OpenAI account is filtered by the content "
        "filter (RAI policy) its raiPolicyName names. A custom policy whose filters are all "
        "disabled or set not to block lets hateful, violent, sexual and self-harm content, "
        "jailbreak prompts and protected material through, in both directions, for every "
        "application calling the deployment. AML601 covers serverless endpoints only."
    ),
    remediation=Remediation(
        description=(
            "Point the deployment at Microsoft.DefaultV2, or at a custom content filter whose "
            "prompt and completion filters are enabled and blocking."
        ),
        az=(
            "az resource update --ids <deployment-resource-id> "
            "--set properties.raiPolicyName=Microsoft.DefaultV2"
        ),
        bicep=snippet(
            """
            resource deployment 'Microsoft.CognitiveServices/accounts/deployments@2024-10-01' = {
              parent: account
              name: 'gpt-4o'
              sku: { name: 'Standard', capacity: 10 }
              properties: {
                model: { format: 'OpenAI', name: 'gpt-4o', version: '2024-08-06' }
                raiPolicyName: 'Microsoft.DefaultV2'
              }
            }
            """
        ),
    ),
    references=References(
        docs=(
            "https://learn.microsoft.com/azure/ai-services/openai/concepts/content-filter",
            "https://learn.microsoft.com/azure/ai-services/openai/how-to/content-filters",
            "https://learn.microsoft.com/azure/templates/microsoft.cognitiveservices/accounts/raipolicies",
        ),
        mcsb=("AI-2",),
    ),
)

NAME = "properties.raiPolicyName"
FILTERS = "properties.contentFilters"
# The built-in content filters every account has: "The default content filtering configuration
# is set to filter at the medium severity threshold for all four content harm categories for
# both prompts and completions" (content-filter); DefaultV2 adds prompt shields and protected
# material (how-to/content-filters).
BUILT_IN = ("Microsoft.Default", "Microsoft.DefaultV2")


def _blocking(filters: list[Any]) -> list[str]:
    """The names of filters that are enabled and block."""
    names = []
    for item in filters:
        if not isinstance(item, Mapping):
            continue
        if arm.is_true(arm.get_path(item, "enabled")) and arm.is_true(
            arm.get_path(item, "blocking")
        ):
            source = arm.get_path(item, "source")
            names.append(f"{arm.get_path(item, 'name')} ({source})")
    return names


def check(resource: Resource, ctx: RuleContext) -> Outcomes:
    name = resource.get(NAME)
    subject = f"Deployment '{resource.name}'"
    expected = "a content filter with enabled, blocking filters"
    if not isinstance(name, str) or not name.strip():
        # The REST API documents no default for raiPolicyName (RaiPolicyName: "The name of RAI
        # policy"): which filter applies to a deployment that names none is not stated.
        yield not_assessed(
            f"{subject} names no content filter (raiPolicyName), and the service documents no "
            "default for it",
            evidence(NAME, name, expected),
        )
        return
    account = arm.parent_id(resource.id) or ""
    found = [p for p in ctx.children(account, RAI_POLICIES) if arm.equals_ci(p.name, name.strip())]
    if not found:
        proof = evidence(NAME, name, expected)
        if arm.equals_ci(name.strip(), *BUILT_IN):
            yield passed(f"{subject} uses the built-in content filter {name}", proof)
        elif ctx.listing(account, RAI_POLICIES).state is not LookupState.FOUND:
            yield not_assessed(
                f"{subject} uses content filter '{name}', whose filters could not be read: the "
                "account's content filters (raiPolicies) were not read",
                proof,
            )
        else:
            yield not_assessed(
                f"{subject} names content filter '{name}', which the account's list does not hold",
                proof,
            )
        return
    policy = found[0]
    filters = policy.get(FILTERS)
    where = f"raiPolicies/{policy.name}: {FILTERS}"
    if filters is MISSING and arm.equals_ci(name.strip(), *BUILT_IN):
        yield passed(
            f"{subject} uses the built-in content filter {name}", evidence(NAME, name, expected)
        )
        return
    if not isinstance(filters, list):
        yield not_assessed(
            f"The filters of content filter '{policy.name}' cannot be read",
            evidence(where, filters, expected),
        )
        return
    blocking = _blocking(filters)
    proof = evidence(where, ", ".join(blocking) or "none blocking", expected)
    if blocking:
        yield passed(f"{subject} uses content filter '{policy.name}', which blocks", proof)
    else:
        yield fail(f"{subject} uses content filter '{policy.name}', which blocks nothing", proof)


RULE = Rule(META, check)
