"""AML112: legacy (v1) web services should not accept shared keys."""

from __future__ import annotations

from auditor.rulekit import (
    WEB_SERVICES,
    PropertyCheck,
    References,
    Remediation,
    Rule,
    RuleMeta,
    Severity,
    snippet,
    web_services,
)

META = RuleMeta(
    id="AML112",
    title="Legacy web service accepts shared keys",
    severity=Severity.HIGH,
    resource_types=(WEB_SERVICES,),
    category="identity",
    rationale=(
        "A v1 web service (ACI or AKS) with authEnabled true accepts a static key that anyone "
        "holding it can use from anywhere: it is not tied to an identity, leaves no per-caller "
        "audit trail and stays valid until someone regenerates it. Keys leak through notebooks, "
        "CI logs and client code. v1 services are retired: managed online endpoints with "
        "Microsoft Entra ID tokens replace them."
    ),
    remediation=Remediation(
        description=(
            "Redeploy the model to a managed online endpoint with Microsoft Entra ID "
            "authentication (AADToken) and delete the v1 service. Until then, on AKS switch the "
            "service to token authentication (token_auth_enabled=True, auth_enabled=False) and "
            "regenerate both keys."
        ),
        az=(
            "az ml online-endpoint create --name <endpoint> --resource-group <rg> "
            "--workspace-name <workspace> --file endpoint.yml  # auth_mode: aad_token; then delete "
            "the v1 service"
        ),
        bicep=snippet(
            """
            resource endpoint 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints@2024-10-01' = {
              parent: workspace
              name: endpointName
              location: location
              identity: { type: 'SystemAssigned' }
              properties: {
                authMode: 'AADToken'
              }
            }
            """
        ),
    ),
    references=References(
        docs=(
            "https://learn.microsoft.com/azure/machine-learning/v1/how-to-authenticate-web-service",
            "https://learn.microsoft.com/azure/machine-learning/migrate-to-v2-managed-online-endpoints",
            "https://learn.microsoft.com/rest/api/azureml/2021-07-01/machine-learning-services/list-by-workspace",
        ),
        mcsb=("IM-1",),
    ),
    judged_in_templates=True,
)


RULE = Rule(
    META,
    web_services(
        PropertyCheck(
            # authEnabled is key authentication for ACI and AKS services (services.json,
            # stable/2021-07-01). No default is documented for a stored service.
            path="properties.authEnabled",
            expected="false (token authentication instead of keys)",
            bad=(True,),
            good=(False,),
            failed="Web service '{name}' accepts shared keys (authEnabled {value})",
            passed="Web service '{name}' does not accept shared keys (authEnabled {value})",
            absent_message=(
                "authEnabled is not present, so whether the service accepts keys is unknown"
            ),
            unknown="authEnabled {value!r} is not a boolean",
        )
    ),
)
