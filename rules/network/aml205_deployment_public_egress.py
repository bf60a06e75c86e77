"""AML205: managed online deployments should not send traffic to the public internet."""

from __future__ import annotations

from auditor.rulekit import (
    MISSING,
    ONLINE_DEPLOYMENTS,
    Outcomes,
    PropertyCheck,
    References,
    Remediation,
    Resource,
    Rule,
    RuleContext,
    RuleMeta,
    Severity,
    Status,
    managed_deployments,
    snippet,
)

META = RuleMeta(
    id="AML205",
    title="Managed online deployment has public egress",
    severity=Severity.MEDIUM,
    resource_types=(ONLINE_DEPLOYMENTS,),
    category="network",
    rationale=(
        "A managed online deployment with egress public network access (the default) lets the "
        "scoring container reach any internet destination: a compromised model or dependency can "
        "exfiltrate requests and secrets, and the deployment pulls its model, image and data over "
        "public paths. With egress disabled it reaches the workspace, registry and storage only "
        "through private endpoints."
    ),
    remediation=Remediation(
        description=(
            "Recreate the deployment with egress public network access disabled (it cannot be "
            "changed in place), or move the workspace to a managed virtual network (AML203)."
        ),
        az=(
            "az ml online-deployment create --file deployment.yml --resource-group <rg> "
            "--workspace-name <workspace> --set egress_public_network_access=disabled"
        ),
        bicep=snippet(
            """
            resource deployment 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments@2024-10-01' = {
              parent: endpoint
              name: deploymentName
              location: location
              sku: { name: 'Default', capacity: 1 }
              properties: {
                endpointComputeType: 'Managed'
                model: modelId
                instanceType: 'Standard_DS3_v2'
                egressPublicNetworkAccess: 'Disabled'
              }
            }
            """
        ),
    ),
    references=References(
        docs=(
            "https://learn.microsoft.com/azure/machine-learning/concept-secure-online-endpoint",
            "https://learn.microsoft.com/azure/machine-learning/how-to-secure-online-endpoint",
        ),
        mcsb=("NS-2",),
    ),
    judged_in_templates=True,
)


EGRESS = PropertyCheck(
    path="properties.egressPublicNetworkAccess",
    expected="Disabled",
    bad=("Enabled",),
    good=("Disabled",),
    default="Enabled",
    absent=Status.FAIL,
    failed="Deployment '{name}' can reach the public internet",
    passed="Deployment '{name}' has no public egress",
    unknown="egressPublicNetworkAccess {value!r} is not a known value",
)

# The field's name in the preview that introduced private egress (2022): "privateNetworkConnection":
# "True" or "False" (azureml-examples, "ARM contract" of the private endpoint preview). True is
# today's egressPublicNetworkAccess Disabled. A deployment of that time may carry only this one.
LEGACY = PropertyCheck(
    path="properties.privateNetworkConnection",
    expected="true (egress through the workspace's private network)",
    bad=(False,),
    good=(True,),
    failed="Deployment '{name}' can reach the public internet (privateNetworkConnection false)",
    passed="Deployment '{name}' has no public egress (privateNetworkConnection true)",
    absent_message="privateNetworkConnection is not set",
    unknown="privateNetworkConnection {value!r} is not a boolean",
)


def check(resource: Resource, ctx: RuleContext) -> Outcomes:
    egress = resource.get(EGRESS.path)
    legacy = resource.get(LEGACY.path)
    if egress in (MISSING, None) and legacy not in (MISSING, None):
        yield from LEGACY(resource, ctx)
    else:
        yield from EGRESS(resource, ctx)


RULE = Rule(
    META,
    managed_deployments(
        check,
        unknown="endpointComputeType is not present, so it is unknown whether the deployment is managed",
    ),
)
