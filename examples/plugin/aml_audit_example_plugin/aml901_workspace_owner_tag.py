"""AML901: a workspace must name its owner in a tag, so findings reach someone accountable."""

from __future__ import annotations

from auditor.rulekit import (
    WORKSPACES,
    Outcomes,
    References,
    Remediation,
    Resource,
    Rule,
    RuleContext,
    RuleMeta,
    Severity,
    evidence,
    fail,
    passed,
    snippet,
)

TAG = "owner"

META = RuleMeta(
    id="AML901",  # 9xx: ids the built-in catalogue leaves to local and third-party rules
    title="Workspace has no owner tag",
    severity=Severity.LOW,
    resource_types=(WORKSPACES,),
    category="governance",
    rationale=(
        "A finding nobody owns is a finding nobody fixes. An `owner` tag names the team or "
        "person accountable for the workspace, so security findings, cost alerts and incident "
        "pages reach someone who can act."
    ),
    remediation=Remediation(
        description="Tag the workspace with the owning team's alias or distribution list.",
        az=(
            "az resource tag --ids <workspace-resource-id> --is-incremental "
            "--tags owner=<team-alias>"
        ),
        bicep=snippet(
            """
            resource workspace 'Microsoft.MachineLearningServices/workspaces@2024-10-01' = {
              name: workspaceName
              location: location
              tags: {
                owner: 'ml-platform@contoso.com'
              }
            }
            """
        ),
    ),
    references=References(
        docs=(
            "https://learn.microsoft.com/azure/cloud-adoption-framework/ready/azure-best-practices/resource-tagging",
        ),
    ),
)


def check(resource: Resource, ctx: RuleContext) -> Outcomes:
    owner = resource.get(f"tags.{TAG}")  # tag names compare case-insensitively, as in ARM
    proof = evidence(f"tags.{TAG}", owner, "a team or person")
    if isinstance(owner, str) and owner.strip():
        yield passed(f"Workspace '{resource.name}' is owned by {owner}", proof)
    else:
        yield fail(f"Workspace '{resource.name}' names no owner", proof)


RULE = Rule(META, check)
