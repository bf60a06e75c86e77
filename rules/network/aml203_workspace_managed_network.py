"""AML203: a workspace's managed network should allow only approved outbound traffic."""

from __future__ import annotations

from auditor.rulekit import (
    WORKSPACES,
    Outcomes,
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
    relations,
    snippet,
)

META = RuleMeta(
    id="AML203",
    title="Workspace outbound traffic is not limited to approved destinations",
    severity=Severity.MEDIUM,
    resource_types=(WORKSPACES,),
    category="network",
    rationale=(
        "Without a managed virtual network (isolationMode Disabled, the default) the workspace's "
        "compute instances, clusters, serverless compute and managed endpoints reach the internet "
        "and your data stores over public paths you must isolate yourself. AllowInternetOutbound "
        "isolates inbound traffic but lets code exfiltrate data to any internet destination. "
        "AllowOnlyApprovedOutbound permits only the outbound rules you approve. Projects use "
        "their hub's managed network."
    ),
    remediation=Remediation(
        description=(
            "Enable the managed virtual network in 'allow only approved outbound' mode, add "
            "outbound rules (private endpoints, service tags, FQDNs) for the destinations jobs "
            "need, and provision the network. The mode cannot be relaxed once set."
        ),
        az=(
            "az ml workspace update --name <workspace> --resource-group <rg> "
            "--managed-network allow_only_approved_outbound"
        ),
        bicep=snippet(
            """
            resource workspace 'Microsoft.MachineLearningServices/workspaces@2024-10-01' = {
              name: workspaceName
              location: location
              properties: {
                managedNetwork: {
                  isolationMode: 'AllowOnlyApprovedOutbound'
                }
              }
            }
            """
        ),
    ),
    references=References(
        docs=("https://learn.microsoft.com/azure/machine-learning/how-to-managed-network",),
        policy=("6ddb1705-c8cf-450e-aa4b-19ad6703c440",),
        mcsb=("NS-2",),
        defender=(
            "Azure Machine Learning and Ai Studio should use Allow Only Approved Outbound Managed Vnet mode",
        ),
    ),
    judged_in_templates=True,
)


def check(resource: Resource, ctx: RuleContext) -> Outcomes:
    unclear = relations.unclear_kind(resource)
    if unclear is not None:
        yield not_assessed(
            unclear, evidence("kind", resource.get("kind"), "a known workspace kind")
        )
        return
    if relations.is_project(resource):
        return  # a project inherits its hub's managed network and has none of its own
    mode = relations.isolation_mode(resource)
    value = resource.get(relations.MANAGED_NETWORK)
    proof = evidence(
        relations.MANAGED_NETWORK, value, "AllowOnlyApprovedOutbound", default="Disabled"
    )
    name = resource.name
    if mode == "AllowOnlyApprovedOutbound":
        yield passed(f"Workspace '{name}' allows only approved outbound traffic", proof)
    elif mode == "AllowInternetOutbound":
        yield fail(
            f"Workspace '{name}' has a managed network that allows all internet outbound traffic",
            proof,
            severity=Severity.LOW,
        )
    elif mode == "Disabled":
        yield fail(f"Workspace '{name}' has no managed network isolation", proof)
    else:
        yield not_assessed(f"managedNetwork.isolationMode {value!r} is not a known mode", proof)


RULE = Rule(META, check)
