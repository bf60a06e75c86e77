"""AML117: who can read an endpoint's keys should be few, named through groups, and scoped to
the endpoint's resource group or below."""

from __future__ import annotations

from auditor.rulekit import (
    ONLINE_ENDPOINTS,
    SERVERLESS_ENDPOINTS,
    LookupState,
    Outcomes,
    References,
    Remediation,
    Resource,
    Rule,
    RuleContext,
    RuleMeta,
    Setting,
    Severity,
    access,
    activity,
    arm,
    evidence,
    fail,
    keyauth,
    not_assessed,
    passed,
    snippet,
)

META = RuleMeta(
    id="AML117",
    title="Too many principals, or the wrong ones, can read endpoint keys",
    severity=Severity.MEDIUM,
    resource_types=(ONLINE_ENDPOINTS, SERVERLESS_ENDPOINTS),
    category="identity",
    rationale=(
        "Whoever holds an endpoint's listKeys (or token) action can read its keys and call it as "
        "anyone. Built-in roles that hold it include Owner, Contributor, AzureML Data Scientist, "
        "Azure AI Developer and Azure AI Administrator (their workspaces/*/action wildcards "
        "cover onlineEndpoints/listKeys/action), and custom roles with wildcards. The rule reads "
        "the role assignments at the endpoint and every scope above it, role definitions, deny "
        "assignments and PIM eligibility, with Reader alone and without calling listKeys. It "
        "fails when a user is assigned directly (access should be granted to groups, reviewed "
        "in one place), when an assignment sits at subscription scope or above (every endpoint "
        "in the subscription inherits it), or when more principals than max_readers hold it. "
        "Eligible (PIM) principals are listed and counted but are just-in-time by design. The "
        "evidence lists each principal by object id (names need Microsoft Graph) and the keys "
        "reads the Activity Log recorded."
    ),
    remediation=Remediation(
        description=(
            "Move the endpoint to Entra ID authentication (AML101, AML103), which needs no key "
            "readers. Until then, grant key access to a group at the workspace or endpoint scope "
            "(or make it PIM-eligible), remove direct user and subscription-wide assignments, "
            "and give callers a role without listKeys (a custom role with only the score action)."
        ),
        az=(
            "az role assignment delete --assignee <principal-id> --role <role> "
            "--scope /subscriptions/<subscription-id>"
        ),
        bicep=snippet(
            """
            resource readers 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
              scope: endpoint
              name: guid(endpoint.id, keyReadersGroupId, dataScientistRoleId)
              properties: {
                roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', dataScientistRoleId)
                principalId: keyReadersGroupId
                principalType: 'Group'
              }
            }
            """
        ),
    ),
    references=References(
        docs=(
            "https://learn.microsoft.com/azure/machine-learning/how-to-assign-roles",
            "https://learn.microsoft.com/azure/role-based-access-control/built-in-roles/ai-machine-learning",
            "https://learn.microsoft.com/azure/role-based-access-control/role-definitions",
            "https://learn.microsoft.com/azure/role-based-access-control/best-practices",
        ),
        mcsb=("PA-7", "IM-8"),
    ),
    settings=(
        Setting(
            "max_readers",
            10,
            "the most principals (assigned or eligible) that may hold the endpoint's key actions",
            minimum=0,
        ),
    ),
)

READERS = access.READERS_EVIDENCE
READS = access.READS_EVIDENCE


def principal_rows(grants: tuple[access.Grant, ...]) -> list[dict[str, str]]:
    rows = []
    for grant in grants:
        row = {
            "principal": grant.principal_id,
            "type": grant.principal_type,
            "role": grant.role,
            "scope": grant.scope,
            "granted": grant.how.value,
        }
        if grant.undecidable:
            row["undecidable"] = grant.undecidable
        if grant.deny:
            row["deny"] = grant.deny
        rows.append(row)
    return rows


def check(resource: Resource, ctx: RuleContext) -> Outcomes:
    auth = keyauth.endpoint(resource)
    if auth.accepts is None:
        yield not_assessed(auth.why, auth.proof)
        return
    if not auth.accepts:
        return  # no keys to read
    operations = access.ENDPOINT_KEY_ACTIONS[arm.normalize_type(resource.type)]
    grants = access.grants_on(ctx, resource.id, operations)
    name = f"endpoint '{resource.name}'"
    if grants.state is not LookupState.FOUND:
        yield not_assessed(f"Who can read the keys of {name} cannot be told: {grants.reason}")
        return
    limit = ctx.setting("max_readers")
    decided = grants.decided
    expected = (
        f"no user assigned directly, nothing at subscription scope or above, "
        f"at most {limit} principals"
    )
    reads = activity.reads_evidence(ctx, resource.id)
    proofs = (
        evidence(READERS, principal_rows(grants.grants), expected),
        evidence(READS, reads, "reads by the endpoint's known clients"),
        auth.proof,
    )
    problems = []
    direct_users = sorted(
        {
            g.principal_id
            for g in decided
            if g.how is access.How.DIRECT and arm.equals_ci(g.principal_type, "User")
        }
    )
    if direct_users:
        problems.append(f"user(s) {', '.join(direct_users)} assigned directly")
    wide = sorted(
        {
            f"{g.principal_id} ({g.role} at {g.level} scope)"
            for g in decided
            if g.how is not access.How.ELIGIBLE and g.level in ("subscription", "management group")
        }
    )
    if wide:
        problems.append(f"assignment(s) at subscription scope or above: {', '.join(wide)}")
    principals = {g.principal_id.lower() for g in decided}
    if len(principals) > limit:
        problems.append(f"{len(principals)} principals hold it, more than {limit}")
    operations_text = " or ".join(op.rsplit("/", 2)[-2] for op in operations)
    if problems:
        yield fail(
            f"The keys of {name} ({operations_text}) can be read by: " + "; ".join(problems),
            *proofs,
        )
        return
    if grants.undecidable:
        undecided = ", ".join(f"{g.principal_id} ({g.undecidable})" for g in grants.undecidable)
        yield not_assessed(
            f"Whether these principals can read the keys of {name} cannot be decided: {undecided}",
            *proofs,
        )
        return
    if grants.eligibility_unread:
        yield not_assessed(
            f"The PIM-eligible key readers of {name} are unknown: {grants.eligibility_unread}",
            *proofs,
        )
        return
    yield passed(
        f"{len(principals)} principal(s) can read the keys of {name}, none a directly assigned "
        "user and none from subscription scope or above",
        *proofs,
    )


RULE = Rule(META, check)
