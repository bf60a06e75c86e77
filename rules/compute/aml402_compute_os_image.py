"""AML402: a compute instance should run the latest OS image."""

from __future__ import annotations

from auditor.rulekit import (
    COMPUTES,
    Outcomes,
    References,
    Remediation,
    Resource,
    Rule,
    RuleContext,
    RuleMeta,
    Severity,
    arm,
    compute_instances,
    evidence,
    fail,
    not_assessed,
    passed,
    snippet,
)

META = RuleMeta(
    id="AML402",
    title="Compute instance runs an outdated OS image",
    severity=Severity.MEDIUM,
    resource_types=(COMPUTES,),
    category="compute",
    rationale=(
        "A compute instance keeps the OS image it was created with; Microsoft publishes new "
        "images with OS and package security fixes every month, but an existing instance only "
        "gets them when it is recreated. An instance that is not on the latest image runs "
        "with known, fixed vulnerabilities next to its user's credentials and data."
    ),
    remediation=Remediation(
        description=(
            "Recreate the instance (delete it and create it again with the same settings, or "
            "from a setup script) so it boots the latest image. Keep notebooks and data on "
            "the workspace file share or a datastore, not on the instance's disk."
        ),
        az=snippet(
            """
            az ml compute delete --name <instance> --resource-group <rg> --workspace-name <workspace> --yes
            az ml compute create --name <instance> --resource-group <rg> --workspace-name <workspace> --type ComputeInstance --size Standard_DS3_v2
            """
        ),
        bicep=snippet(
            """
            // A compute instance picks up the latest image only when it is created:
            // redeploy it under a new name (or after deleting it) to refresh the image.
            resource instance 'Microsoft.MachineLearningServices/workspaces/computes@2024-10-01' = {
              parent: workspace
              name: '${instanceName}-${imageRefresh}'
              location: location
              properties: {
                computeType: 'ComputeInstance'
                properties: { vmSize: 'Standard_DS3_v2' }
              }
            }
            """
        ),
    ),
    references=References(
        docs=(
            "https://learn.microsoft.com/azure/machine-learning/concept-vulnerability-management",
            "https://learn.microsoft.com/azure/machine-learning/how-to-create-compute-instance",
        ),
        policy=("f110a506-2dcb-422e-bcea-d533fc8c35e2",),
        mcsb=("PV-2",),
        defender=(
            "Azure Machine Learning compute instances should be recreated to get the latest software updates",
        ),
    ),
)


LATEST = "properties.properties.osImageMetadata.isLatestOsImageVersion"
CURRENT = "properties.properties.osImageMetadata.currentImageVersion"
NEWEST = "properties.properties.osImageMetadata.latestImageVersion"


def check(resource: Resource, ctx: RuleContext) -> Outcomes:
    latest = resource.get(LATEST)
    current, newest = resource.get(CURRENT), resource.get(NEWEST)
    proof = (
        evidence(LATEST, latest, "true"),
        evidence(
            CURRENT,
            current,
            f"the latest image ({newest})" if isinstance(newest, str) else "the latest image",
        ),
    )
    subject = f"Compute instance '{resource.name}'"
    if arm.is_false(latest):
        yield fail(f"{subject} runs image {current}, not the latest {newest}", *proof)
    elif arm.is_true(latest):
        yield passed(f"{subject} runs the latest OS image", *proof)
    else:
        # Reported by the service (read-only); absent means it did not say, not that it is fine.
        yield not_assessed(f"{subject} does not report whether its OS image is the latest", *proof)


# Only compute instances keep an image; cluster nodes are reimaged.
RULE = Rule(META, compute_instances(check))
