"""AML104: managed computes should accept only Microsoft Entra ID identities."""

from __future__ import annotations

from auditor.rulekit import (
    COMPUTES,
    PropertyCheck,
    References,
    Remediation,
    Resource,
    Rule,
    RuleMeta,
    Severity,
    Status,
    managed_computes,
    snippet,
)

META = RuleMeta(
    id="AML104",
    title="Compute allows local (non-Entra ID) authentication",
    severity=Severity.MEDIUM,
    resource_types=(COMPUTES,),
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
        bicep=snippet(
            """
            resource compute 'Microsoft.MachineLearningServices/workspaces/computes@2024-10-01' = {
              parent: workspace
              name: computeName
              location: location
              properties: {
                computeType: 'AmlCompute'
                disableLocalAuth: true
                properties: { vmSize: 'STANDARD_DS3_V2' }
              }
            }
            """
        ),
    ),
    references=References(
        docs=(
            "https://learn.microsoft.com/azure/machine-learning/how-to-integrate-azure-policy",
            "https://aka.ms/azure-ml-aad-policy",
        ),
        policy=("e96a9a5f-07ca-471b-9bc5-6a0f33cbd68f",),
        mcsb=("IM-1",),
        defender=(
            "Azure Machine Learning Computes should have local authentication methods disabled",
        ),
    ),
    judged_in_templates=True,
)


def _compute(compute: Resource) -> str:
    """`AmlCompute 'name'`, with the computeType as the resource spells it."""
    return f"{compute.get('properties.computeType')} '{compute.name}'"


RULE = Rule(
    META,
    managed_computes(
        PropertyCheck(
            path="properties.disableLocalAuth",
            expected="true",
            good=(True,),
            # The API has no default for disableLocalAuth: absent means local auth stays enabled,
            # which is also how the built-in policy reads it (notEquals true).
            default="false, local authentication allowed",
            absent=Status.FAIL,
            otherwise=Status.FAIL,
            subject=_compute,
            passed="{subject} accepts only Entra ID identities",
            failed="{subject} allows local authentication",
        )
    ),
)
