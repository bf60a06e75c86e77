"""AML103: serverless endpoints must not accept shared keys."""

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
    id="AML103",
    title="Serverless endpoint accepts shared API keys",
    severity=Severity.MEDIUM,
    resource_types=("Microsoft.MachineLearningServices/workspaces/serverlessEndpoints",),
    category="identity",
    rationale=(
        "A serverless (models-as-a-service) endpoint with authMode Key or KeyAndAAD accepts a "
        "static key: whoever holds it can call the model, and spend on it, from anywhere, with no "
        "identity in the logs and no Conditional Access. KeyAndAAD keeps the key path open even "
        "when clients also use Microsoft Entra ID."
    ),
    remediation=Remediation(
        description=(
            "Create the endpoint with Microsoft Entra ID authentication (authMode AAD) and grant "
            "callers an Azure RBAC role on it; rotate and stop distributing the endpoint's keys. "
            "The authentication mode is set at creation, so recreate key-based endpoints."
        ),
        az=(
            "az ml serverless-endpoint create --resource-group <rg> --workspace-name <workspace> "
            "--name <endpoint> --set model_id=<model-id> auth_mode=aad"
        ),
        bicep=(
            "resource endpoint 'Microsoft.MachineLearningServices/workspaces/serverlessEndpoints@2025-01-01-preview' = {\n"
            "  parent: workspace\n"
            "  name: endpointName\n"
            "  location: location\n"
            "  sku: { name: 'Consumption' }\n"
            "  properties: {\n"
            "    authMode: 'AAD'\n"
            "    modelSettings: { modelId: modelId }\n"
            "  }\n"
            "}"
        ),
    ),
    references=References(
        docs=(
            "https://learn.microsoft.com/azure/machine-learning/how-to-deploy-models-serverless",
            "https://learn.microsoft.com/rest/api/azureml/serverless-endpoints/get",
        ),
        mcsb=("IM-1",),
    ),
)

PATH = "properties.authMode"
KEY_MODES = ("Key", "KeyAndAAD")


def check(resource: Resource, ctx: RuleContext) -> Iterator[Outcome]:
    mode = resource.get(PATH)
    expected = "AAD (Microsoft Entra ID only)"
    proof = evidence(PATH, mode, expected)
    if mode is MISSING or mode is None:
        # authMode is required by the API: without it the mode cannot be known.
        yield not_assessed("authMode is not present, so the authentication mode is unknown", proof)
    elif equals_ci(mode, *KEY_MODES):
        yield fail(
            f"Serverless endpoint '{resource.name}' accepts API keys (authMode {mode})", proof
        )
    elif equals_ci(mode, "AAD"):
        yield passed(f"Serverless endpoint '{resource.name}' accepts only Entra ID tokens", proof)
    else:
        yield not_assessed(f"authMode {mode!r} is not a value this rule knows", proof)


RULE = Rule(META, check)
