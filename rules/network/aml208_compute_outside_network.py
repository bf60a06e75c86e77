"""AML208: computes should run in a virtual network, their own subnet or a managed one."""

from __future__ import annotations

from auditor.rulekit import (
    COMPUTES,
    MISSING,
    LookupState,
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
    managed_computes,
    not_assessed,
    passed,
    relations,
    snippet,
)

META = RuleMeta(
    id="AML208",
    title="Compute runs outside any virtual network",
    severity=Severity.MEDIUM,
    resource_types=(COMPUTES,),
    category="network",
    rationale=(
        "A compute instance or cluster with no subnet, in a workspace with no managed virtual "
        "network, runs on a network you cannot restrict: no NSG, firewall or private endpoint "
        "stands between it and the internet, and it reaches storage, Key Vault and the registry "
        "over public endpoints, so those cannot be closed. A compute in your subnet, or in the "
        "workspace's managed network (which needs no subnet), is isolated."
    ),
    remediation=Remediation(
        description=(
            "Enable the workspace managed virtual network (AML203) and recreate the compute in "
            "it, or recreate the compute in a subnet of your virtual network with NSG rules for "
            "the Azure Machine Learning service."
        ),
        az=(
            "az ml compute create --name <compute> --resource-group <rg> --workspace-name "
            "<workspace> --type AmlCompute --vnet-name <vnet> --subnet <subnet>"
        ),
        bicep=snippet(
            """
            resource cluster 'Microsoft.MachineLearningServices/workspaces/computes@2024-10-01' = {
              parent: workspace
              name: computeName
              location: location
              properties: {
                computeType: 'AmlCompute'
                properties: {
                  vmSize: 'STANDARD_DS3_V2'
                  subnet: { id: subnetId }
                }
              }
            }
            """
        ),
    ),
    references=References(
        docs=(
            "https://learn.microsoft.com/azure/machine-learning/how-to-secure-training-vnet",
            "https://learn.microsoft.com/azure/machine-learning/how-to-managed-network",
        ),
        policy=("7804b5c7-01dc-4723-969b-ae300cc07ff1",),
        mcsb=("NS-2",),
        defender=("Azure Machine Learning Computes should be in a virtual network",),
    ),
    judged_in_templates=True,
)


def _network_owner(compute: Resource, ctx: RuleContext) -> tuple[Resource | None, str]:
    """The workspace whose managed network the compute would use (a project's is its hub's),
    or None and why it is not known."""
    workspace_id = arm.parent_id(compute.id) or ""
    lookup = ctx.resolve(workspace_id)
    if lookup.state is not LookupState.FOUND or lookup.resource is None:
        return None, f"workspace {workspace_id}: {lookup.reason}"
    workspace = lookup.resource
    unclear = relations.unclear_kind(workspace)
    if unclear is not None:
        return None, unclear
    if not relations.is_project(workspace):
        return workspace, ""
    hub_id, hub = relations.hub_of(workspace, ctx)
    if hub.state is not LookupState.FOUND or hub.resource is None:
        why = hub.reason if hub_id else "it names no hub"
        return None, f"project '{workspace.name}' uses its hub's network, but {why}"
    return hub.resource, ""


def check(resource: Resource, ctx: RuleContext) -> Outcomes:
    kind = relations.managed_compute_type(resource)
    name = f"{kind} '{resource.name}'"
    subnet = relations.subnet_of(resource)
    expected = "a subnet, or a workspace managed network"
    unreadable = relations.unreadable_subnet(resource)
    if unreadable is not None:
        yield not_assessed(
            unreadable[0].upper() + unreadable[1:],
            evidence(relations.SUBNET, resource.get(relations.SUBNET), expected),
        )
        return
    if subnet is not None:
        yield passed(
            f"{name} runs in subnet {arm.name_of(subnet)}",
            evidence(relations.SUBNET, subnet, expected),
        )
        return
    subnet_proof = evidence(relations.SUBNET, MISSING, expected, default="none")
    owner, why = _network_owner(resource, ctx)
    if owner is None:
        yield not_assessed(
            f"{name} has no subnet, and whether it runs in a managed network is unknown: {why}",
            subnet_proof,
        )
        return
    mode = relations.isolation_mode(owner)
    network_proof = evidence(
        f"workspace {owner.id}: {relations.MANAGED_NETWORK}",
        owner.get(relations.MANAGED_NETWORK),
        "AllowInternetOutbound or AllowOnlyApprovedOutbound",
        default="Disabled",
    )
    if mode in ("AllowInternetOutbound", "AllowOnlyApprovedOutbound"):
        yield passed(
            f"{name} runs in the managed network of workspace '{owner.name}' ({mode})",
            subnet_proof,
            network_proof,
        )
    elif mode == "Disabled":
        yield fail(
            f"{name} has no subnet and workspace '{owner.name}' has no managed network",
            subnet_proof,
            network_proof,
        )
    else:
        yield not_assessed(
            f"workspace '{owner.name}' has an unknown managed network mode",
            subnet_proof,
            network_proof,
        )


# Attached computes: their network belongs to the attached service.
RULE = Rule(META, managed_computes(check))
