"""AML508: Microsoft Defender for AI services should be on for every subscription scanned."""

from __future__ import annotations

from auditor.rulekit import (
    COGNITIVE_ACCOUNTS,
    SUBSCRIPTIONS,
    DefenderPlanCheck,
    References,
    Remediation,
    Rule,
    RuleMeta,
    Severity,
    snippet,
)

META = RuleMeta(
    id="AML508",
    title="Defender for AI services is off for the subscription",
    severity=Severity.MEDIUM,
    resource_types=(SUBSCRIPTIONS,),
    category="logging",
    rationale=(
        "Defender for AI services watches the prompts and completions of Azure OpenAI and AI "
        "Services accounts for jailbreaks, credential theft, sensitive data leaks and wallet "
        "abuse, and raises alerts with the caller's details. With the plan off (the Free tier) "
        "nothing looks at model traffic: an attack through a model endpoint leaves no alert. "
        "Judged on subscriptions that hold AI Services or Azure OpenAI accounts."
    ),
    remediation=Remediation(
        description="Turn on the Defender for AI services plan (pricing 'AI') on the subscription.",
        az=(
            "az rest --method put "
            "--url https://management.azure.com/subscriptions/<subscription-id>/providers/"
            "Microsoft.Security/pricings/AI?api-version=2024-01-01 "
            '--body \'{"properties": {"pricingTier": "Standard"}}\''
        ),
        bicep=snippet(
            """
            targetScope = 'subscription'
            resource ai 'Microsoft.Security/pricings@2024-01-01' = {
              name: 'AI'
              properties: { pricingTier: 'Standard' }
            }
            """
        ),
    ),
    references=References(
        docs=(
            "https://learn.microsoft.com/azure/defender-for-cloud/ai-threat-protection",
            "https://learn.microsoft.com/azure/templates/microsoft.security/pricings",
        ),
        # "Microsoft Defender for AI Services should be enabled": pricings/AI pricingTier
        # Standard on the subscription (auditIfNotExists).
        policy=("c2c0c6d8-007b-4a48-8d9b-3539bddd8e87",),
        mcsb=("LT-1", "AI-6"),
        defender=("Microsoft Defender for AI Services should be enabled",),
    ),
)


RULE = Rule(
    META,
    DefenderPlanCheck(plan="AI", label="Defender for AI services", protects=(COGNITIVE_ACCOUNTS,)),
)
