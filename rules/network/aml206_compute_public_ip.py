"""AML206: compute nodes should not get public IP addresses."""

from __future__ import annotations

from auditor.rulekit import (
    COMPUTES,
    MISSING,
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
    id="AML206",
    title="Compute nodes get public IP addresses",
    severity=Severity.MEDIUM,
    resource_types=(COMPUTES,),
    category="network",
    rationale=(
        "A compute instance or cluster with node public IPs gets a public IP, load balancer and "
        "inbound rules from the Azure Machine Learning service over the internet, so its nodes "
        "are addressable from outside your network. Clusters provision public IPs unless "
        "enableNodePublicIp is false (the API's default is true); a compute instance outside a "
        "virtual network always has one. With no public IP, nothing reaches the nodes from the "
        "internet."
    ),
    remediation=Remediation(
        description=(
            "Recreate the compute with no public IP (enableNodePublicIp false) in your virtual "
            "network's subnet or in the workspace's managed virtual network, with outbound access "
            "through a NAT gateway, firewall or the managed network's outbound rules."
        ),
        az=(
            "az ml compute create --name <compute> --resource-group <rg> --workspace-name "
            "<workspace> --type AmlCompute --vnet-name <vnet> --subnet <subnet> "
            "--enable-node-public-ip false"
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
                  enableNodePublicIp: false
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
            "https://learn.microsoft.com/rest/api/azureml/compute/get",
        ),
        mcsb=("NS-1", "NS-2"),
    ),
    judged_in_templates=True,
)


PATH = "properties.properties.enableNodePublicIp"
PUBLIC_IP = "properties.properties.connectivityEndpoints.publicIpAddress"
PRIVATE_IP = "properties.properties.connectivityEndpoints.privateIpAddress"


def _instance_without_flag(resource: Resource, subnet: str | None) -> Outcomes:
    """A compute instance that sets no enableNodePublicIp. ComputeInstanceProperties documents
    no default for it (REST reference, Compute - Get; the az ml CLI defaults it to true), and
    instances created before no-public-IP instances existed have one, so the flag's absence
    says nothing. What the instance reports does: connectivityEndpoints (read-only) gives its
    public and private addresses."""
    name = f"ComputeInstance '{resource.name}'"
    proof = evidence(PATH, resource.get(PATH), "false", default="none documented")
    public_ip = relations.text(resource.get(PUBLIC_IP))
    private_ip = relations.text(resource.get(PRIVATE_IP))
    subnet_proof = evidence(
        relations.SUBNET, subnet if subnet else MISSING, "a subnet", default="none"
    )
    if public_ip is not None:
        yield fail(
            f"{name} has a public IP address",
            proof,
            evidence(PUBLIC_IP, public_ip, "none"),
            subnet_proof,
        )
    elif relations.unreadable_subnet(resource) is not None:
        yield not_assessed(
            f"{name} sets no enableNodePublicIp and reports no public address, but "
            f"{relations.unreadable_subnet(resource)}",
            proof,
            evidence(relations.SUBNET, resource.get(relations.SUBNET), "a subnet id"),
        )
    elif subnet is None:
        # Outside a virtual network the instance is reached through a public IP.
        yield fail(
            f"{name} is outside any virtual network and has a public IP", proof, subnet_proof
        )
    elif private_ip is not None and resource.get(PUBLIC_IP) is None:
        yield passed(
            f"{name} reports a private address and no public one",
            proof,
            evidence(PUBLIC_IP, None, "none"),
            subnet_proof,
        )
    else:
        yield not_assessed(
            f"{name} is in a subnet but sets no enableNodePublicIp, which has no documented "
            "default for compute instances, and reports no addresses: whether it has a public "
            "IP is unknown",
            proof,
            subnet_proof,
        )


def check(resource: Resource, ctx: RuleContext) -> Outcomes:
    kind = relations.managed_compute_type(resource)
    value = resource.get(PATH)
    subnet = relations.subnet_of(resource)
    name = f"{kind} '{resource.name}'"
    subnet_proof = evidence(
        relations.SUBNET, subnet if subnet else MISSING, "a subnet", default="none"
    )
    if arm.is_true(value):
        yield fail(f"{name} provisions public IPs for its nodes", evidence(PATH, value, "false"))
    elif arm.is_false(value):
        yield passed(f"{name} has no public IPs", evidence(PATH, value, "false"))
    elif value is not MISSING and value is not None:
        yield not_assessed(
            f"enableNodePublicIp {value!r} is not a boolean", evidence(PATH, value, "false")
        )
    elif kind == "AmlCompute":
        # AmlComputeProperties.enableNodePublicIp: "default": true in the REST API spec.
        proof = evidence(PATH, value, "false", default="true")
        yield fail(f"{name} provisions public IPs for its nodes (the default)", proof, subnet_proof)
    else:
        yield from _instance_without_flag(resource, subnet)


# Attached computes: their addressing belongs to the attached service.
RULE = Rule(META, managed_computes(check))
