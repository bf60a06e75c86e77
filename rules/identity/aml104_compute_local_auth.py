"""AML104: managed computes should accept only Microsoft Entra ID identities."""

from __future__ import annotations

from collections.abc import Iterator

from auditor.inventory.arm import is_true
from auditor.rulekit.relations import managed_compute_type
from auditor.rulekit.rule import (
    MISSING,
    Outcome,
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
)

META = RuleMeta(
    id="AML104",
    title="Compute allows local (non-Entra ID) authentication",
    severity=Severity.MEDIUM,
    resource_types=("Microsoft.MachineLearningServices/workspaces/computes",),
    category="identity",
    rationale=(
        "A compute instance or cluster with local authentication enabled accepts credentials "
        "that are not Microsoft Entra ID identities (local users and keys), which bypass "
        "Conditional Access, MFA and per-identity audit. With disableLocalAuth the compute "
        "requires Entra ID identities exclusively."
    ),
    remediation=Remediation(
        description=(
            "Set disableLocalAuth to true on compute instances and clusters (the built-in policy "
            "'Configure Azure Machine Learning computes to disable local authentication methods' "
            "can do it at scale). Attached computes are configured in their own service."
        ),
        az=(
            "az resource update --ids <compute-resource-id> --set properties.disableLocalAuth=true"
        ),
        bicep=(
            "resource compute 'Microsoft.MachineLearningServices/workspaces/computes@2024-10-01' = {\n"
            "  parent: workspace\n"
            "  name: computeName\n"
            "  location: location\n"
            "  properties: {\n"
            "    computeType: 'AmlCompute'\n"
            "    disableLocalAuth: true\n"
            "    properties: { vmSize: 'STANDARD_DS3_V2' }\n"
            "  }\n"
            "}"
        ),
    ),
    references=References(
        docs=(
            "https://learn.microsoft.com/azure/machine-learning/how-to-integrate-azure-policy",
            "https://aka.ms/azure-ml-aad-policy",
        ),
        policy=("e96a9a5f-07ca-471b-9bc5-6a0f33cbd68f",),
        mcsb=("IM-1",),
    ),
)

PATH = "properties.disableLocalAuth"


def check(resource: Resource, ctx: RuleContext) -> Iterator[Outcome]:
    compute_type = resource.get("properties.computeType")
    if compute_type is MISSING or compute_type is None:
        yield not_assessed(
            "computeType is not present, so it is unknown whether this compute is managed",
            evidence("properties.computeType", compute_type, "ComputeInstance or AmlCompute"),
        )
        return
    if managed_compute_type(resource) is None:
        return  # attached compute: its authentication belongs to the attached service
    value = resource.get(PATH)
    # The API has no default for disableLocalAuth: absent means local auth stays enabled,
    # which is also how the built-in policy reads it (notEquals true).
    proof = evidence(PATH, value, "true", default="false, local authentication allowed")
    if is_true(value):
        yield passed(f"{compute_type} '{resource.name}' accepts only Entra ID identities", proof)
    else:
        yield fail(f"{compute_type} '{resource.name}' allows local authentication", proof)


RULE = Rule(META, check)
