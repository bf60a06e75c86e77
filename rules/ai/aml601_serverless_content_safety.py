"""AML601: a serverless endpoint should keep Azure AI Content Safety filtering on."""

from __future__ import annotations

from auditor.rulekit import (
    SERVERLESS_ENDPOINTS,
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
    id="AML601",
    title="Serverless endpoint has content safety filtering turned off",
    severity=Severity.MEDIUM,
    resource_types=(SERVERLESS_ENDPOINTS,),
    category="ai",
    rationale=(
        "Serverless (models-as-a-service) endpoints run Azure AI Content Safety on prompts and "
        "completions by default, filtering hate, sexual, violent and self-harm content at "
        "medium severity. With it turned off, the model's output reaches users unfiltered and "
        "jailbreak attempts are not blocked, unless the application filters on its own."
    ),
    remediation=Remediation(
        description=(
            "Turn content safety back on for the endpoint (the content filtering toggle on the "
            "deployment's page in Azure AI Foundry, or contentSafetyStatus Enabled)."
        ),
        az=(
            "az resource update --ids <serverless-endpoint-resource-id> "
            "--set properties.contentSafety.contentSafetyStatus=Enabled"
        ),
        bicep=snippet(
            """
            resource endpoint 'Microsoft.MachineLearningServices/workspaces/serverlessEndpoints@2024-10-01' = {
              parent: workspace
              name: endpointName
              location: location
              sku: { name: 'Consumption' }
              properties: {
                authMode: 'Key'
                modelSettings: { modelId: modelId }
                contentSafety: { contentSafetyStatus: 'Enabled' }
              }
            }
            """
        ),
    ),
    references=References(
        docs=(
            "https://learn.microsoft.com/azure/ai-foundry/concepts/model-catalog-content-safety",
            "https://learn.microsoft.com/azure/ai-services/content-safety/overview",
        ),
        # MCSB v2 (preview) AI-2: implement multi-layered content filtering.
        mcsb=("AI-2",),
    ),
    judged_in_templates=True,
)


RULE = Rule(
    META,
    PropertyCheck(
        path="properties.contentSafety.contentSafetyStatus",
        expected="Enabled",
        bad=("Disabled",),
        good=("Enabled",),
        # Content filtering is on by default for serverless deployments (model-catalog-content-safety:
        # "enabled by default"), so an absent setting passes and only Disabled fails.
        default="Enabled",
        absent=Status.PASS,
        failed="Serverless endpoint '{name}' has content safety turned off",
        passed="Serverless endpoint '{name}' filters content",
        unknown="contentSafetyStatus {value!r} is not a value this rule knows",
    ),
)
