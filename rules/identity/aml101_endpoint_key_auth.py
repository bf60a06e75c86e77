"""AML101: online and batch endpoints must not accept shared keys."""

from __future__ import annotations

from auditor.rulekit import (
    BATCH_ENDPOINTS,
    ONLINE_ENDPOINTS,
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
    id="AML101",
    title="Endpoint accepts shared API keys",
    severity=Severity.HIGH,
    resource_types=(
        ONLINE_ENDPOINTS,
        BATCH_ENDPOINTS,
    ),
    category="identity",
    rationale=(
        "An endpoint with authMode Key accepts a static key that anyone holding it can use from "
        "anywhere: it is not tied to an identity, is not subject to Conditional Access, leaves no "
        "per-caller audit trail and stays valid until someone regenerates it. Keys leak through "
        "notebooks, CI logs and client code. Microsoft Entra ID tokens (authMode AADToken) are "
        "short-lived, bound to an identity and authorised with Azure RBAC."
    ),
    remediation=Remediation(
        description=(
            "Switch the endpoint to Microsoft Entra ID authentication (AADToken) and grant callers "
            "the 'AzureML Data Scientist' role or a custom role with the score action. Batch "
            "endpoints support only AADToken. Clients then send a bearer token instead of a key."
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
            "https://learn.microsoft.com/azure/machine-learning/how-to-authenticate-batch-endpoint",
        ),
        mcsb=("IM-1",),
    ),
    judged_in_templates=True,
)


RULE = Rule(
    META,
    PropertyCheck(
        path="properties.authMode",
        expected="AADToken (Microsoft Entra ID)",
        bad=keyauth.ONLINE_KEY_MODES,
        good=keyauth.ONLINE_TOKEN_MODES,
        failed="Endpoint '{name}' accepts shared API keys (authMode {value})",
        passed="Endpoint '{name}' does not accept shared keys (authMode {value})",
        # The service requires authMode; a resource without it is not something we can judge.
        absent_message="authMode is not present, so the authentication mode cannot be determined",
        # A mode this rule does not know could accept keys: not a pass.
        unknown="authMode {value!r} is not a value this rule knows",
    ),
)
