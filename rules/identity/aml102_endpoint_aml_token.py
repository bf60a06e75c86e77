"""AML102: online endpoints should authenticate callers with Microsoft Entra ID, not AML tokens."""

from __future__ import annotations

from auditor.rulekit import (
    ONLINE_ENDPOINTS,
    PropertyCheck,
    References,
    Remediation,
    Rule,
    RuleMeta,
    Severity,
    snippet,
)

META = RuleMeta(
    id="AML102",
    title="Online endpoint authenticates with AML tokens instead of Microsoft Entra ID",
    severity=Severity.LOW,
    resource_types=(ONLINE_ENDPOINTS,),
    category="identity",
    rationale=(
        "With authMode AMLToken the endpoint accepts tokens that Azure Machine Learning issues "
        "itself, not Microsoft Entra ID access tokens: Conditional Access policies do not apply "
        "to them, sign-in logs do not record their use per identity, and they cannot be revoked "
        "through Entra ID. AADToken keeps scoring access inside your identity controls."
    ),
    remediation=Remediation(
        description=(
            "Switch the endpoint to Microsoft Entra ID tokens (AADToken) and grant callers a role "
            "with the 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints/score/action' "
            "permission. Clients request a token for https://ml.azure.com instead."
        ),
        az=(
            "az ml online-endpoint update --name <endpoint> --resource-group <rg> "
            "--workspace-name <workspace> --set auth_mode=aad_token"
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
            "https://learn.microsoft.com/azure/machine-learning/how-to-authenticate-online-endpoint",
        ),
        mcsb=("IM-1", "IM-7"),
    ),
    judged_in_templates=True,
)


RULE = Rule(
    META,
    PropertyCheck(
        path="properties.authMode",
        expected="AADToken (Microsoft Entra ID)",
        bad=("AMLToken",),
        good=("AADToken", "Key"),  # Key auth is AML101's finding; here only the issuer matters
        failed="Endpoint '{name}' accepts AML tokens rather than Microsoft Entra ID tokens",
        passed="Endpoint '{name}' does not use AML tokens (authMode {value})",
        # authMode is required by the API: without it the mode cannot be known.
        absent_message="authMode is not present, so the authentication mode cannot be determined",
        unknown="authMode {value!r} is not a value this rule knows",
    ),
)
