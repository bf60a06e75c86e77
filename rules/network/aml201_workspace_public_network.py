"""AML201: a workspace must not be reachable from the public internet."""

from __future__ import annotations

from auditor.rulekit import (
    MISSING,
    WORKSPACE_PRIVATE_ENDPOINT_CONNECTIONS,
    WORKSPACES,
    Evidence,
    LookupState,
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
    id="AML201",
    title="Workspace is reachable from the public internet",
    severity=Severity.HIGH,
    resource_types=(WORKSPACES,),
    category="network",
    rationale=(
        "A workspace with public network access lets anyone on the internet reach its APIs, "
        "studio, notebooks and data plane with a stolen or phished credential: the network is no "
        "second line of defence. allowPublicAccessWhenBehindVnet re-opens a workspace that sits "
        "behind a private endpoint."
    ),
    remediation=Remediation(
        description=(
            "Disable public network access and reach the workspace through a private endpoint "
            "(or a managed virtual network for a hub). Turn off allowPublicAccessWhenBehindVnet."
        ),
        az=(
            "az ml workspace update --name <workspace> --resource-group <rg> "
            "--public-network-access Disabled"
        ),
        bicep=snippet(
            """
            resource workspace 'Microsoft.MachineLearningServices/workspaces@2024-10-01' = {
              name: workspaceName
              location: location
              properties: {
                publicNetworkAccess: 'Disabled'
                allowPublicAccessWhenBehindVnet: false
              }
            }
            """
        ),
    ),
    references=References(
        docs=("https://learn.microsoft.com/azure/machine-learning/how-to-configure-private-link",),
        policy=("438c38d2-3772-465a-a9cc-7a6666a275ce",),
        mcsb=("NS-2",),
        defender=("Azure Machine Learning Workspaces should disable public network access",),
    ),
    judged_in_templates=True,
)


PNA = "properties.publicNetworkAccess"
BEHIND_VNET = "properties.allowPublicAccessWhenBehindVnet"


def _legacy_private(resource: Resource, ctx: RuleContext, access_ev: Evidence) -> Outcomes:
    """A workspace from the api-versions before publicNetworkAccess (2021 and earlier) sets no
    publicNetworkAccess: then a private endpoint closed it to the public, unless
    allowPublicAccessWhenBehindVnet re-opened it ("Enable public access" in
    how-to-configure-private-link; the v1 SDK's allow_public_access_when_behind_vnet defaults to
    False). So an explicit false with an approved private endpoint is not public."""
    behind_vnet = resource.get(BEHIND_VNET)
    endpoints = relations.private_endpoints(resource, ctx, WORKSPACE_PRIVATE_ENDPOINT_CONNECTIONS)
    endpoint_ev = evidence(
        endpoints.source, endpoints.describe(), "an approved private endpoint connection"
    )
    vnet_ev = evidence(BEHIND_VNET, behind_vnet, "false")
    if endpoints.state is not LookupState.FOUND:
        yield not_assessed(
            f"Workspace '{resource.name}' sets no publicNetworkAccess and keeps public access "
            f"off behind a private endpoint, but its private endpoints could not be read: "
            f"{endpoints.reason}",
            access_ev,
            vnet_ev,
        )
    elif endpoints.approved:
        yield passed(
            f"Workspace '{resource.name}' is reached through an approved private endpoint with "
            "allowPublicAccessWhenBehindVnet false (set before publicNetworkAccess existed)",
            access_ev,
            vnet_ev,
            endpoint_ev,
        )
    else:
        yield fail(
            f"Workspace '{resource.name}' allows public network access (not set: the service "
            "default is Enabled, and no approved private endpoint closes it)",
            access_ev,
            vnet_ev,
            endpoint_ev,
        )


def check(resource: Resource, ctx: RuleContext) -> Outcomes:
    access = resource.get(PNA)
    behind_vnet = resource.get(BEHIND_VNET)
    access_ev = evidence(PNA, access, "Disabled", default="Enabled")
    if (access is MISSING or access is None) and arm.is_false(behind_vnet):
        yield from _legacy_private(resource, ctx, access_ev)
    elif access is MISSING or access is None or arm.equals_ci(access, "Enabled"):
        yield fail(
            f"Workspace '{resource.name}' allows public network access"
            + (" (not set: the service default is Enabled)" if access in (MISSING, None) else ""),
            access_ev,
        )
    elif not arm.equals_ci(access, "Disabled"):
        # Only Disabled closes the workspace: a value this rule does not know is not a pass.
        yield not_assessed(f"publicNetworkAccess {access!r} is not a known value", access_ev)
    elif not (behind_vnet is MISSING or arm.is_true(behind_vnet) or arm.is_false(behind_vnet)):
        # Only an absent flag takes the default (false); a null was never set and junk is not a
        # boolean, and either may hide a workspace re-opened behind its virtual network.
        what = "is null (never set)" if behind_vnet is None else f"{behind_vnet!r} is not a boolean"
        yield not_assessed(
            f"Workspace '{resource.name}' disables public network access, but "
            f"allowPublicAccessWhenBehindVnet {what}, so whether public access is re-opened "
            "behind its virtual network is unknown",
            access_ev,
            evidence(BEHIND_VNET, behind_vnet, "false", default="false"),
        )
    elif arm.is_true(behind_vnet):
        yield fail(
            f"Workspace '{resource.name}' disables public access but re-opens it with "
            "allowPublicAccessWhenBehindVnet",
            access_ev,
            evidence(BEHIND_VNET, behind_vnet, "false", default="false"),
        )
    else:
        yield passed(
            f"Workspace '{resource.name}' is not reachable from the public internet",
            access_ev,
            evidence(BEHIND_VNET, behind_vnet, "false", default="false"),
        )


RULE = Rule(META, check)
