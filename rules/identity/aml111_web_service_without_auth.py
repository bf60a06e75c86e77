"""AML111: legacy (v1) web services must not accept unauthenticated scoring calls."""

from __future__ import annotations

from auditor.rulekit import (
    MISSING,
    WEB_SERVICES,
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
    web_services,
)

META = RuleMeta(
    id="AML111",
    title="Legacy web service accepts unauthenticated scoring calls",
    severity=Severity.CRITICAL,
    resource_types=(WEB_SERVICES,),
    category="identity",
    rationale=(
        "A v1 web service (an ACI or AKS deployment made with the v1 SDK or CLI) with neither key "
        "nor token authentication answers every scoring call from anyone who can reach its "
        "scoring URI: no key, no identity, no audit of who called. ACI services get a public IP "
        "and FQDN unless deployed into a virtual network, and ACI web services have auth "
        "disabled by default when created with the v1 SDK. The model, and any data or systems "
        "the scoring script can reach, are exposed."
    ),
    remediation=Remediation(
        description=(
            "Redeploy the model to a managed online endpoint with Microsoft Entra ID "
            "authentication (AADToken), then delete the v1 service. Until then, require "
            "authentication on the service (token auth on AKS, key auth on ACI) and review its "
            "scoring logs for callers you do not know."
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
                publicNetworkAccess: 'Disabled'
              }
            }
            """
        ),
    ),
    references=References(
        docs=(
            "https://learn.microsoft.com/azure/machine-learning/v1/how-to-authenticate-web-service",
            "https://learn.microsoft.com/azure/machine-learning/migrate-to-v2-managed-online-endpoints",
            # auth_enabled: "Defaults to False" for ACI web services created with the v1 SDK.
            "https://learn.microsoft.com/python/api/azureml-core/azureml.core.webservice.aci.aciservicedeploymentconfiguration",
            "https://learn.microsoft.com/rest/api/azureml/2021-07-01/machine-learning-services/list-by-workspace",
        ),
        mcsb=("IM-1", "NS-2"),
    ),
    judged_in_templates=True,
)

# ACIServiceResponse and AKSServiceResponse in stable/2021-07-01/services.json: `authEnabled` is
# key authentication (both kinds); `aadAuthEnabled` is token authentication (AKS only; the v1
# SDK's token_auth_enabled). The SDK's creation default (ACI: auth off) says nothing about a
# stored service, and ARM documents none: absent or null is not assessed.
KEY_AUTH = "properties.authEnabled"
TOKEN_AUTH = "properties.aadAuthEnabled"


def _flag(value: object) -> bool | None:
    if arm.is_true(value):
        return True
    if arm.is_false(value):
        return False
    return None


def check(resource: Resource, ctx: RuleContext) -> Outcomes:
    name = f"{resource.get('properties.computeType')} web service '{resource.name}'"
    key_value, token_value = resource.get(KEY_AUTH), resource.get(TOKEN_AUTH)
    key, token = _flag(key_value), _flag(token_value)
    is_aks = arm.equals_ci(resource.get("properties.computeType"), "AKS")
    key_proof = evidence(KEY_AUTH, key_value, "true, or token authentication")
    proofs = [key_proof]
    if is_aks:
        proofs.append(evidence(TOKEN_AUTH, token_value, "true (token authentication)"))
    else:
        token = False  # ACI web services offer key authentication only
    if key or token:
        how = "token" if token else "key"
        yield passed(f"{name} requires {how} authentication", *proofs)
    elif key is False and token is False:
        yield fail(f"{name} accepts scoring calls without any authentication", *proofs)
    else:
        unread = KEY_AUTH if key is None else TOKEN_AUTH
        value = key_value if key is None else token_value
        shown = "absent" if value is MISSING else repr(value)
        yield not_assessed(
            f"{unread.rsplit('.', 1)[-1]} is {shown}, so whether {name} requires "
            "authentication is unknown",
            *proofs,
        )


RULE = Rule(META, web_services(check))
