"""AML601: a serverless endpoint should keep Azure AI Content Safety filtering on."""

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
    id="AML601",
    title="Serverless endpoint has content safety filtering turned off",
    severity=Severity.MEDIUM,
    resource_types=("Microsoft.MachineLearningServices/workspaces/serverlessEndpoints",),
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
        bicep=(
            "resource endpoint 'Microsoft.MachineLearningServices/workspaces/serverlessEndpoints@2024-10-01' = {\n"
            "  parent: workspace\n"
            "  name: endpointName\n"
            "  location: location\n"
            "  sku: { name: 'Consumption' }\n"
            "  properties: {\n"
            "    authMode: 'Key'\n"
            "    modelSettings: { modelId: modelId }\n"
            "    contentSafety: { contentSafetyStatus: 'Enabled' }\n"
            "  }\n"
            "}"
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
)

PATH = "properties.contentSafety.contentSafetyStatus"


def check(resource: Resource, ctx: RuleContext) -> Iterator[Outcome]:
    status = resource.get(PATH)
    # Content filtering is on by default for serverless deployments, so only Disabled fails.
    proof = evidence(PATH, status, "Enabled", default="Enabled")
    if equals_ci(status, "Disabled"):
        yield fail(f"Serverless endpoint '{resource.name}' has content safety turned off", proof)
    elif status is MISSING or status is None or equals_ci(status, "Enabled"):
        yield passed(f"Serverless endpoint '{resource.name}' filters content", proof)
    else:
        yield not_assessed(f"contentSafetyStatus {status!r} is not a value this rule knows", proof)


RULE = Rule(META, check)
