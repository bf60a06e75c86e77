"""AML103: serverless endpoints must not accept shared keys."""

from __future__ import annotations

from auditor.rulekit import (
    SERVERLESS_ENDPOINTS,
    PropertyCheck,
    References,
    Remediation,
    Rule,
    RuleMeta,
    Severity,
    keyauth,
    snippet,
)

META = RuleMeta(
    id="AML103",
    title="Serverless endpoint accepts shared API keys",
    severity=Severity.MEDIUM,
    resource_types=(SERVERLESS_ENDPOINTS,),
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
        bicep=snippet(
            """
            resource endpoint 'Microsoft.MachineLearningServices/workspaces/serverlessEndpoints@2025-01-01-preview' = {
              parent: workspace
              name: endpointName
              location: location
              sku: { name: 'Consumption' }
              properties: {
                authMode: 'AAD'
                modelSettings: { modelId: modelId }
              }
            }
            """
        ),
    ),
    references=References(
        docs=(
            "https://learn.microsoft.com/azure/machine-learning/how-to-deploy-models-serverless",
            "https://learn.microsoft.com/rest/api/azureml/serverless-endpoints/get",
        ),
        mcsb=("IM-1",),
    ),
    judged_in_templates=True,
)


RULE = Rule(
    META,
    PropertyCheck(
        path="properties.authMode",
        expected="AAD (Microsoft Entra ID only)",
        bad=keyauth.SERVERLESS_KEY_MODES,
        good=keyauth.SERVERLESS_TOKEN_MODES,
        failed="Serverless endpoint '{name}' accepts API keys (authMode {value})",
        passed="Serverless endpoint '{name}' accepts only Entra ID tokens",
        # authMode is required by the API: without it the mode cannot be known.
        absent_message="authMode is not present, so the authentication mode is unknown",
        unknown="authMode {value!r} is not a value this rule knows",
    ),
)
