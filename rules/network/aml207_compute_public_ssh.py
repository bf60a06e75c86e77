"""AML207: compute SSH ports should not be open to the internet."""

from __future__ import annotations

from auditor.rulekit import (
    COMPUTES,
    MISSING,
    Outcome,
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
    arm,
    evidence,
    fail,
    managed_computes,
    not_an_object_on,
    not_assessed,
    passed,
    relations,
    snippet,
)

META = RuleMeta(
    id="AML207",
    title="Compute SSH port is open to the internet",
    severity=Severity.HIGH,
    resource_types=(COMPUTES,),
    category="network",
    rationale=(
        "An SSH port open on a public IP is scanned and brute-forced within minutes of creation; "
        "a compute node that falls gives its managed identity, mounted datastores and cached "
        "credentials to the attacker. Compute instances open SSH when sshPublicAccess is Enabled "
        "(default Disabled). Clusters open it when remoteLoginPortPublicAccess is Enabled, and "
        "also when it is NotSpecified (the default) and the cluster has no virtual network."
    ),
    remediation=Remediation(
        description=(
            "Close public SSH: compute instances are created with SSH public access disabled "
            "(use the browser terminal or a private network path instead); clusters are created "
            "with remoteLoginPortPublicAccess Disabled, or in a subnet whose NSG allows SSH only "
            "from your network. Both settings are fixed at creation: recreate the compute."
        ),
        az=(
            "az ml compute create --name <cluster> --resource-group <rg> --workspace-name "
            "<workspace> --type AmlCompute --set ssh_public_access_enabled=false"
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
                  remoteLoginPortPublicAccess: 'Disabled'
                }
              }
            }
            """
        ),
    ),
    references=References(
        docs=(
            "https://learn.microsoft.com/rest/api/azureml/compute/get",
            "https://learn.microsoft.com/azure/machine-learning/how-to-create-attach-compute-cluster",
            "https://learn.microsoft.com/azure/machine-learning/how-to-create-compute-instance",
        ),
        mcsb=("NS-1", "PA-2"),
    ),
    judged_in_templates=True,
)


INSTANCE_SSH = "properties.properties.sshSettings.sshPublicAccess"
CLUSTER_SSH = "properties.properties.remoteLoginPortPublicAccess"


INSTANCE = PropertyCheck(
    path=INSTANCE_SSH,
    expected="Disabled",
    bad=("Enabled",),
    good=("Disabled",),
    # ComputeInstanceSshSettings.sshPublicAccess defaults to Disabled in the REST spec (SDKs
    # generated from it apply the default, e.g. azure-native's
    # computeInstanceSshSettingsArgsProvideDefaults). A null was never set: not judged.
    default="Disabled",
    absent=Status.PASS,
    failed="ComputeInstance '{name}' has its SSH port open to the public",
    passed="ComputeInstance '{name}' has no public SSH access",
    unknown="sshPublicAccess {value!r} is not a known value",
)


def _cluster(resource: Resource) -> Outcome:
    name = f"AmlCompute '{resource.name}'"
    blocked = not_an_object_on(resource, CLUSTER_SSH)
    if blocked is not None:
        return not_assessed(blocked, evidence(CLUSTER_SSH, MISSING, "Disabled"))
    value = resource.get(CLUSTER_SSH)
    subnet = relations.subnet_of(resource)
    # remoteLoginPortPublicAccess defaults to NotSpecified: "closed on all nodes of the cluster
    # if VNet is defined, else open on all public nodes" (AmlComputeProperties, REST spec).
    # NotSpecified is itself "not set", so absent and null read as it, and the evidence says so.
    shown = "null (not set: the default, NotSpecified)" if value is None else value
    proof = evidence(CLUSTER_SSH, shown, "Disabled", default="NotSpecified")
    subnet_proof = evidence(
        relations.SUBNET, subnet if subnet else MISSING, "a subnet", default="none"
    )
    if arm.equals_ci(value, "Enabled"):
        return fail(f"{name} has its SSH port open on every node", proof)
    if arm.equals_ci(value, "Disabled"):
        return passed(f"{name} has its SSH port closed", proof)
    if value is MISSING or value is None or arm.equals_ci(value, "NotSpecified"):
        unreadable = relations.unreadable_subnet(resource)
        if unreadable is not None:
            return not_assessed(
                f"{name} leaves SSH unspecified, which is closed only in a virtual network, "
                f"but {unreadable}",
                proof,
                evidence(relations.SUBNET, resource.get(relations.SUBNET), "a subnet id"),
            )
        if subnet is None:
            return fail(
                f"{name} leaves SSH unspecified outside a virtual network, so the port is open",
                proof,
                subnet_proof,
            )
        return passed(
            f"{name} is in a subnet, where unspecified SSH is closed", proof, subnet_proof
        )
    return not_assessed(f"remoteLoginPortPublicAccess {value!r} is not a known value", proof)


def check(resource: Resource, ctx: RuleContext) -> Outcomes:
    kind = relations.managed_compute_type(resource)
    if kind == "ComputeInstance":
        yield from INSTANCE(resource, ctx)
    elif kind == "AmlCompute":
        yield _cluster(resource)


# Attached computes: SSH belongs to the attached service.
RULE = Rule(META, managed_computes(check))
