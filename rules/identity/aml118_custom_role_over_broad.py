"""AML118: a custom role should not grant every action, every Machine Learning action, or the
actions that read keys."""

from __future__ import annotations

from auditor.rulekit import (
    ROLE_ASSIGNMENTS,
    ROLE_DEFINITIONS,
    Outcomes,
    References,
    Remediation,
    Resource,
    Rule,
    RuleContext,
    RuleMeta,
    Severity,
    access,
    arm,
    evidence,
    fail,
    not_assessed,
    passed,
    relations,
    snippet,
)

META = RuleMeta(
    id="AML118",
    title="Custom role grants every action or reads keys",
    severity=Severity.MEDIUM,
    resource_types=(ROLE_DEFINITIONS,),
    category="identity",
    rationale=(
        "A custom role is written once and assigned many times, and reviews of access look at "
        "built-in role names. One whose Actions hold `*` or `Microsoft.MachineLearningServices/*` "
        "grants everything, today's operations and every one added later, including listing "
        "endpoint, workspace, AI Services and storage keys; one that grants a key-reading action "
        "(listKeys, an endpoint's token) makes every holder a key reader under a name that does "
        "not say so. Operation strings are matched as Azure RBAC does: wildcards span '/', "
        "NotActions subtract within their block. Built-in roles are Microsoft's and not judged; a "
        "custom role is judged where one of its assignableScopes is a scanned subscription, a "
        "scope within one, a management group or '/'."
    ),
    remediation=Remediation(
        description=(
            "List the operations the role's holders need (az provider operation show "
            "--namespace Microsoft.MachineLearningServices) and name them instead of wildcards; "
            "leave listKeys and token out, or add them to NotActions, unless the role exists to "
            "read keys."
        ),
        az=(
            "az role definition update --role-definition @role.json  "
            "# role.json: explicit Actions, with '*/listKeys/action' in NotActions"
        ),
        bicep=snippet(
            """
            resource mlOperator 'Microsoft.Authorization/roleDefinitions@2022-04-01' = {
              name: guid(subscription().id, 'ml-operator')
              properties: {
                roleName: 'ML operator'
                type: 'CustomRole'
                assignableScopes: [ subscription().id ]
                permissions: [
                  {
                    actions: [
                      'Microsoft.MachineLearningServices/workspaces/read'
                      'Microsoft.MachineLearningServices/workspaces/onlineEndpoints/read'
                      'Microsoft.MachineLearningServices/workspaces/onlineEndpoints/score/action'
                    ]
                    notActions: [ '*/listKeys/action', '*/token/action' ]
                  }
                ]
              }
            }
            """
        ),
    ),
    references=References(
        docs=(
            "https://learn.microsoft.com/azure/role-based-access-control/custom-roles",
            "https://learn.microsoft.com/azure/role-based-access-control/role-definitions",
            "https://learn.microsoft.com/azure/role-based-access-control/permissions/ai-machine-learning",
        ),
        mcsb=("PA-7",),
    ),
)

BROAD = ("*", "Microsoft.MachineLearningServices/*")
PERMISSIONS = "properties.permissions"


def _assignments(role: Resource, ctx: RuleContext) -> tuple[str, ...]:
    """Context lines: where the role is assigned, to whom."""
    return tuple(
        sorted(
            relations.indexed(ctx, "AML118-assignments", lambda: _by_role(ctx)).get(
                role.name.lower(), ()
            )
        )
    )


def _by_role(ctx: RuleContext) -> dict[str, list[str]]:
    lines: dict[str, list[str]] = {}
    for assignment in ctx.of_type(ROLE_ASSIGNMENTS):
        named = assignment.get("properties.roleDefinitionId")
        if isinstance(named, str):
            principal = assignment.get("properties.principalId")
            kind = assignment.get("properties.principalType")
            scope = assignment.get("properties.scope")
            line = f"assigned to {kind} {principal} at {scope}"
            lines.setdefault(arm.name_of(named).lower(), []).append(line)
    return lines


def _assignable_in_scope(role: Resource, ctx: RuleContext) -> bool:
    """Whether the role can be assigned within a scanned subscription: one of its
    assignableScopes is `/`, a management group, or a scope within or above one. Unreadable
    scopes count as assignable (a scanned subscription listed the role)."""
    scopes = role.get("properties.assignableScopes")
    scanned = ctx.inventory.scopes
    if not isinstance(scopes, list) or not scanned:
        return True
    for scope in scopes:
        if not isinstance(scope, str):
            return True
        lowered = arm.normalize_id(scope)
        if lowered == "/" or lowered.startswith("/providers/microsoft.management/"):
            return True
        if any(arm.is_within(scope, s) or arm.is_within(s, scope) for s in scanned):
            return True
    return False


def check(resource: Resource, ctx: RuleContext) -> Outcomes:
    custom = access.is_custom_role(resource)
    kind = resource.get("properties.type")
    if custom is None:
        yield not_assessed(
            f"Role '{resource.name}' has type {kind!r}, neither CustomRole nor BuiltInRole",
            evidence("properties.type", kind, "CustomRole or BuiltInRole"),
        )
        return
    if not custom:
        return  # Microsoft's built-in roles are not judged
    if not _assignable_in_scope(resource, ctx):
        return  # a custom role no scanned subscription can assign
    name = resource.get("properties.roleName")
    title = f"Custom role '{name if isinstance(name, str) else resource.name}'"
    blocks = access.permissions_of(resource)
    if blocks is None:
        yield not_assessed(
            f"The permissions of {title} cannot be read",
            evidence(PERMISSIONS, resource.get(PERMISSIONS), "a list of permission blocks"),
        )
        return
    actions = sorted({a for b in blocks for a in b.actions})
    broad = sorted(
        {
            a
            for b in blocks
            for a in b.actions
            if a.strip().lower() in {x.lower() for x in BROAD}
            and b.allows("Microsoft.MachineLearningServices/workspaces/write")
        }
    )
    reads = [op for op in access.KEY_READ_ACTIONS if any(b.allows(op) for b in blocks)]
    proofs = (
        evidence(
            "properties.permissions[].actions",
            actions,
            "named operations, no '*' or 'Microsoft.MachineLearningServices/*'",
        ),
        evidence("key-reading operations granted", reads, "none (listKeys, token)"),
        evidence("properties.assignableScopes", resource.get("properties.assignableScopes"), "-"),
    )
    context = _assignments(resource, ctx)
    problems = []
    if broad:
        problems.append(f"grants every action through {', '.join(repr(b) for b in broad)}")
    if reads:
        problems.append(f"grants {len(reads)} key-reading operation(s)")
    if problems:
        yield fail(f"{title} " + " and ".join(problems), *proofs, context=context)
    else:
        yield passed(f"{title} names its operations and reads no keys", *proofs, context=context)


RULE = Rule(META, check)
