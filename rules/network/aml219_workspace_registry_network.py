"""AML219: the container registry a workspace uses should not accept traffic from every
network: public network access disabled, or a network rule set that denies by default (a Premium
registry) with no IP rule admitting every address.

Judged by the kit's `FirewallCheck` on `properties.networkRuleSet`, the one firewall judgement
the Key Vault, AI account and storage rules share."""

from __future__ import annotations

from auditor.rulekit import (
    CONTAINER_REGISTRIES,
    WORKSPACES,
    FirewallCheck,
    References,
    Remediation,
    Rule,
    RuleMeta,
    Severity,
    WorkspaceDependency,
    relations,
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
        "default (Premium SKU) or private endpoints only limits that to your networks, and only "
        "if no IP rule lets every address (0.0.0.0/0) back in."
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
            "https://learn.microsoft.com/azure/templates/microsoft.containerregistry/registries",
            "https://learn.microsoft.com/azure/machine-learning/how-to-secure-workspace-vnet",
        ),
        mcsb=("NS-2",),
        defender=("Container registries should not allow unrestricted network access",),
    ),
    judged_in_templates=True,
)

RULE = Rule(
    META,
    WorkspaceDependency(
        resource_type=CONTAINER_REGISTRIES,
        path="properties.containerRegistry",
        noun="container registry",
        # RegistryProperties (ACR REST, 2023-07-01): publicNetworkAccess "Enabled" and
        # networkRuleSet defaultAction "Allow" are the defaults; NetworkRuleSet `ipRules` are
        # IPRule {action: 'Allow', value: "the IP or IP range in CIDR format. Only IPV4 address
        # is allowed"}, so a rule for 0.0.0.0/0 behind a Deny admits every address. "Configuring
        # IP access rules is available in the Premium container registry service tier"
        # (container-registry-access-selected-networks; azurerm_container_registry:
        # "network_rule_set is only supported with the Premium SKU"): a Deny on another SKU is
        # not taken as protection.
        judgement=FirewallCheck(
            subject="Registry '{name}'",
            firewall=relations.NETWORK_RULE_SET,
            enforced_on=("Premium",),
        ),
    ),
)
