"""AML301: workspace data must be encrypted with a customer-managed key."""

from __future__ import annotations

from auditor.rulekit import (
    MISSING,
    WORKSPACES,
    LookupState,
    Outcome,
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
    not_assessed,
    passed,
    relations,
    snippet,
)

META = RuleMeta(
    id="AML301",
    title="Workspace data is not encrypted with a customer-managed key",
    severity=Severity.MEDIUM,
    resource_types=(WORKSPACES,),
    category="data",
    rationale=(
        "With Microsoft-managed keys you cannot revoke access to the workspace's data, rotate on "
        "your schedule, or prove key custody to an auditor. A customer-managed key in your own Key "
        "Vault puts the metadata, job data and the workspace's dependent resources under a key you "
        "control. Projects inherit the encryption of their hub."
    ),
    remediation=Remediation(
        description=(
            "Create the workspace (or hub) with encryption from a key in a Key Vault that has soft "
            "delete and purge protection. Encryption can only be chosen at creation: recreate the "
            "workspace and move its assets."
        ),
        az=(
            "az ml workspace create --name <workspace> --resource-group <rg> "
            "--customer-managed-key <key-uri> --key-vault <vault-resource-id>"
        ),
        bicep=snippet(
            """
            resource workspace 'Microsoft.MachineLearningServices/workspaces@2024-10-01' = {
              name: workspaceName
              location: location
              properties: {
                encryption: {
                  status: 'Enabled'
                  keyVaultProperties: {
                    keyVaultArmId: vault.id
                    keyIdentifier: key.properties.keyUriWithVersion
                  }
                }
              }
            }
            """
        ),
    ),
    references=References(
        docs=("https://learn.microsoft.com/azure/machine-learning/concept-customer-managed-keys",),
        policy=("ba769a63-b8cc-4b2d-abf6-ac33c7204be8",),
        mcsb=("DP-5",),
        defender=(
            "Azure Machine Learning workspaces should be encrypted with a customer-managed key",
        ),
    ),
    judged_in_templates=True,
)


STATUS = "properties.encryption.status"
HUB = "properties.hubResourceId"


def _judge(workspace: Resource, subject: str, via_hub: str | None) -> Outcome:
    status = workspace.get(STATUS)
    path = f"{via_hub}: {STATUS}" if via_hub else STATUS
    proof = evidence(path, status, "Enabled", default="Disabled (Microsoft-managed keys)")
    if arm.equals_ci(status, "Enabled"):
        return passed(f"{subject} is encrypted with a customer-managed key", proof)
    return fail(f"{subject} is not encrypted with a customer-managed key", proof)


def check(resource: Resource, ctx: RuleContext) -> Outcomes:
    unclear = relations.unclear_kind(resource)
    if unclear is not None:
        yield not_assessed(
            unclear, evidence("kind", resource.get("kind"), "a known workspace kind")
        )
        return
    if not relations.is_project(resource):
        yield _judge(resource, f"Workspace '{resource.name}'", None)
        return
    hub_id = resource.get(HUB)
    if hub_id is MISSING or not isinstance(hub_id, str) or not hub_id:
        yield not_assessed(
            f"Project '{resource.name}' names no hub, so its inherited encryption is unknown",
            evidence(HUB, hub_id, "the hub workspace's resource id"),
        )
        return
    lookup = ctx.resolve(hub_id)
    if lookup.state is LookupState.FOUND and lookup.resource is not None:
        yield _judge(
            lookup.resource,
            f"Project '{resource.name}' (through its hub '{lookup.resource.name}')",
            f"hub {lookup.resource.id}",
        )
    else:
        yield not_assessed(
            f"Project '{resource.name}' inherits encryption from hub {hub_id}, but {lookup.reason}",
            evidence(HUB, hub_id, "a hub in the inventory"),
        )


RULE = Rule(META, check)
