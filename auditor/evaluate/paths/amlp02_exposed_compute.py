"""AMLP02: an exposed or outdated compute whose managed identity holds privileged roles."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from auditor.evaluate.paths.kit import Chain, Finding, privileged_reach
from auditor.inventory.resource_types import COMPUTES
from auditor.rulekit.checks import snippet
from auditor.rulekit.meta import References, Remediation, RuleMeta, Severity
from auditor.rulekit.rule import RuleContext

META = RuleMeta(
    id="AMLP02",
    title="Exposed compute to privileged identity: a reachable or outdated compute whose "
    "identity holds roles on vaults, storage or the subscription",
    severity=Severity.CRITICAL,
    resource_types=(COMPUTES,),
    category="attack-path",
    rationale=(
        "A compute instance or cluster with a public IP, SSH open to the internet or no "
        "virtual network (AML206/AML207/AML208), or running an outdated OS image (AML402), is "
        "the easiest foothold in a workspace. Whoever lands on it can ask the instance metadata "
        "service for its managed identity's tokens, so every role that identity holds on the "
        "subscription, the workspace's key vault or its storage account is theirs too."
    ),
    remediation=Remediation(
        description=(
            "Break any link: create the compute without a public IP inside a virtual network "
            "(or the workspace's managed network), disable SSH, recreate it on the current "
            "image, or take the broad roles away from its identity (grant what the jobs need, at "
            "the narrowest scope)."
        ),
        az="az role assignment delete --assignee <compute-principal-id> --scope <scope>",
        bicep=snippet(
            """
            resource compute 'Microsoft.MachineLearningServices/workspaces/computes@2024-10-01' = {
              parent: workspace
              name: computeName
              location: location
              identity: { type: 'SystemAssigned' }
              properties: {
                computeType: 'ComputeInstance'
                properties: {
                  vmSize: 'Standard_DS3_v2'
                  enableNodePublicIp: false
                  sshSettings: { sshPublicAccess: 'Disabled' }
                  subnet: { id: subnetId }
                }
              }
            }
            """
        ),
    ),
    references=References(
        docs=(
            "https://learn.microsoft.com/azure/machine-learning/how-to-identity-based-service-authentication",
            "https://learn.microsoft.com/azure/machine-learning/how-to-secure-training-vnet",
        ),
        mcsb=("NS-2", "PA-7", "PV-6"),
    ),
)


def find(ctx: RuleContext) -> Iterator[Chain]:
    for compute in ctx.of_type(COMPUTES):
        yield Chain(
            compute,
            (
                Finding(
                    "reachable or outdated",
                    ("AML206", "AML207", "AML208", "AML402"),
                    (compute,),
                ),
                # who the identity reaches is read only for a compute that is exposed
                partial(
                    privileged_reach,
                    "its identity holds roles on vaults, storage or the subscription",
                    compute,
                    ctx,
                ),
            ),
        )
