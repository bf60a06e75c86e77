"""AML219: the container registry a workspace uses should not accept traffic from every
network."""

from __future__ import annotations

from dataclasses import dataclass

from auditor.rulekit import (
    CONTAINER_REGISTRIES,
    MISSING,
    WORKSPACES,
    Judgement,
    Outcome,
    References,
    Remediation,
    Resource,
    Rule,
    RuleContext,
    RuleMeta,
    Severity,
    WorkspaceDependency,
    arm,
    evidence,
    fail,
    not_assessed,
    passed,
    snippet,
)

META = RuleMeta(
    id="AML219",
    title="Workspace container registry accepts traffic from every network",
    severity=Severity.MEDIUM,
    resource_types=(CONTAINER_REGISTRIES, WORKSPACES),
    category="network",
    rationale=(
        "The workspace's container registry holds the images its jobs, computes and endpoints "
        "run. With public network access enabled and a network rule set that allows by default "
        "(both the defaults), anyone with a push credential can replace an image from any "
        "network, and the next deployment runs it with the endpoint's identity. Denying by "
        "default (Premium SKU) or private endpoints only limits that to your networks."
    ),
    remediation=Remediation(
        description=(
            "Use the Premium SKU, reach the registry through a private endpoint from the "
            "workspace's network or managed network, and disable public network access (or set "
            "the network rule set's default action to Deny)."
        ),
        az=(
            "az resource update --ids <registry-resource-id> "
            "--set properties.publicNetworkAccess=Disabled"
        ),
        bicep=snippet(
            """
            resource registry 'Microsoft.ContainerRegistry/registries@2023-07-01' = {
              name: registryName
              location: location
              sku: { name: 'Premium' }
              properties: {
                publicNetworkAccess: 'Disabled'
                networkRuleSet: { defaultAction: 'Deny' }
              }
            }
            """
        ),
    ),
    references=References(
        docs=(
            "https://learn.microsoft.com/azure/container-registry/container-registry-access-selected-networks",
            "https://learn.microsoft.com/azure/machine-learning/how-to-secure-workspace-vnet",
        ),
        mcsb=("NS-2",),
        defender=("Container registries should not allow unrestricted network access",),
    ),
    judged_in_templates=True,
)

ACCESS = "properties.publicNetworkAccess"
ACTION = "properties.networkRuleSet.defaultAction"


@dataclass(frozen=True, kw_only=True)
class _RegistryFirewall(Judgement):
    """RegistryProperties (ACR REST): publicNetworkAccess "Enabled" and networkRuleSet
    defaultAction "Allow" are the defaults; either Disabled or Deny keeps other networks out."""

    def outcome(self, resource: Resource, ctx: RuleContext, context: tuple[str, ...]) -> Outcome:
        access = resource.get(ACCESS)
        action = resource.get(ACTION)
        proofs = (
            evidence(ACCESS, access, "Disabled (or a rule set that denies)", default="Enabled"),
            evidence(ACTION, action, "Deny (or public access disabled)", default="Allow"),
        )
        subject = f"Registry '{resource.name}'"
        if arm.equals_ci(access, "Disabled"):
            return passed(f"{subject} has public network access disabled", *proofs, context=context)
        if access is not MISSING and not arm.equals_ci(access, "Enabled"):
            return not_assessed(f"publicNetworkAccess {access!r} is not a known value", *proofs)
        if arm.equals_ci(action, "Deny"):
            return passed(f"{subject} denies other networks by default", *proofs, context=context)
        if action is MISSING or arm.equals_ci(action, "Allow"):
            return fail(f"{subject} accepts traffic from every network", *proofs, context=context)
        return not_assessed(
            f"networkRuleSet.defaultAction {action!r} is not a known value", *proofs
        )


RULE = Rule(
    META,
    WorkspaceDependency(
        resource_type=CONTAINER_REGISTRIES,
        path="properties.containerRegistry",
        noun="container registry",
        judgement=_RegistryFirewall(),
    ),
)
