"""Who may do what to a resource: Azure RBAC read from the inventory, one definition for every rule.

Permission matching follows Azure RBAC's documented semantics (Understand Azure role
definitions, learn.microsoft.com/azure/role-based-access-control/role-definitions):

- operation strings compare case-insensitively;
- `*` is a wildcard that matches any run of characters, `/` included, and a string may hold
  several (`Microsoft.CostManagement/*/query/*`), so `Microsoft.MachineLearningServices/
  workspaces/*/action` grants `.../workspaces/onlineEndpoints/listKeys/action`;
- within one permission block, a role grants what its `actions` match minus what its
  `notActions` match (NotActions are not deny rules: another role may grant it back);
- data-plane operations (`Microsoft.KeyVault/vaults/keys/wrap/action`) are granted only by
  `dataActions` minus `notDataActions`, never by `actions` (`*` in actions is no data access).

Effective access to a resource: role assignments whose scope is the resource or any scope above
it (resource group, subscription, a management group or `/`, which a subscription's list returns
as inherited), minus deny assignments that apply (Azure RBAC: deny assignments take precedence,
honour `excludePrincipals` and `doNotApplyToChildScopes`; learn.microsoft.com/azure/
role-based-access-control/deny-assignments), plus PIM eligibility, listed as "eligible".
An assignment with an ABAC `condition` (learn.microsoft.com/azure/role-based-access-control/
conditions-overview), which this tool does not evaluate, or whose role definition is not in the
inventory, is undecidable: a rule says not_assessed for it, never pass.

The facts are the ARM REST shapes as listed per subscription: role assignments and role
definitions (2022-04-01), deny assignments, and role eligibility schedule instances
(2020-10-01). A list that could not be read is a gap on the subscription for that type.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from auditor.inventory import arm
from auditor.inventory.inventory import LookupState, gap_reason
from auditor.inventory.resource_types import (
    DENY_ASSIGNMENTS,
    ROLE_ASSIGNMENTS,
    ROLE_DEFINITIONS,
    ROLE_ELIGIBILITY_INSTANCES,
)
from auditor.inventory.resources import Resource
from auditor.rulekit import relations, times
from auditor.rulekit.relations import text
from auditor.rulekit.rule import RuleContext

__all__ = [
    "ENDPOINT_KEY_ACTIONS",
    "KEY_READ_ACTIONS",
    "READERS_EVIDENCE",
    "READS_EVIDENCE",
    "Grant",
    "Grants",
    "How",
    "Permissions",
    "action_matches",
    "grants_on",
    "is_custom_role",
    "permissions_of",
    "read_state",
    "role_definition",
]

# --- the operations rules ask about ---------------------------------------------------------
# Resource provider operations (learn.microsoft.com/azure/role-based-access-control/permissions/
# ai-machine-learning, .../permissions/storage): reading an endpoint's or account's keys.
ML = "Microsoft.MachineLearningServices/workspaces"
ONLINE_LIST_KEYS = f"{ML}/onlineEndpoints/listKeys/action"
ONLINE_TOKEN = f"{ML}/onlineEndpoints/token/action"
SERVERLESS_LIST_KEYS = f"{ML}/serverlessEndpoints/listKeys/action"
ENDPOINT_KEY_ACTIONS: Mapping[str, tuple[str, ...]] = {
    f"{ML}/onlineEndpoints".lower(): (ONLINE_LIST_KEYS, ONLINE_TOKEN),
    f"{ML}/serverlessEndpoints".lower(): (SERVERLESS_LIST_KEYS,),
}
KEY_READ_ACTIONS = (
    ONLINE_LIST_KEYS,
    ONLINE_TOKEN,
    SERVERLESS_LIST_KEYS,
    f"{ML}/listKeys/action",
    "Microsoft.CognitiveServices/accounts/listKeys/action",
    "Microsoft.Storage/storageAccounts/listKeys/action",
)

# The evidence paths under which a rule lists who can read a resource's keys and the reads the
# Activity Log recorded; the reports build their "Who can read the keys" view from them.
READERS_EVIDENCE = "principals that can read the keys"
READS_EVIDENCE = "Activity Log: keys read"

# --- matching -------------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def _pattern(text_: str) -> re.Pattern[str]:
    return re.compile(
        ".*".join(re.escape(part) for part in text_.strip().split("*")), re.IGNORECASE
    )


def action_matches(pattern: str, operation: str) -> bool:
    """Whether a role's operation string (wildcards allowed) covers `operation`: case-insensitive,
    `*` matching any run of characters including `/`."""
    return _pattern(pattern).fullmatch(operation.strip()) is not None


def _any_match(patterns: Iterable[str], operation: str) -> bool:
    return any(action_matches(p, operation) for p in patterns)


@dataclass(frozen=True, slots=True)
class Permissions:
    """One permission block of a role definition (or a deny assignment)."""

    actions: tuple[str, ...] = ()
    not_actions: tuple[str, ...] = ()
    data_actions: tuple[str, ...] = ()
    not_data_actions: tuple[str, ...] = ()
    condition: str | None = None  # a permission-level ABAC condition (not evaluated)

    def allows(self, operation: str, *, data: bool = False) -> bool:
        """Actions minus NotActions (or DataActions minus NotDataActions) cover `operation`."""
        granted, removed = (
            (self.data_actions, self.not_data_actions) if data else (self.actions, self.not_actions)
        )
        return _any_match(granted, operation) and not _any_match(removed, operation)


def _strings(value: Any) -> tuple[str, ...] | None:
    """A list of strings (absent or null: none); None when it is anything else (junk)."""
    if value is arm.MISSING or value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        return None
    return tuple(v for v in value if v.strip())


def permissions_of(resource: Resource) -> tuple[Permissions, ...] | None:
    """The permission blocks of a role definition or deny assignment (`properties.permissions`);
    None when they cannot be read (absent, or not a list of objects of string lists)."""
    blocks = resource.get("properties.permissions")
    if not isinstance(blocks, list) or not blocks:
        return None
    out = []
    for block in blocks:
        # ARM returns all four lists; a block without its `actions` list was not read whole.
        if not isinstance(block, Mapping) or not isinstance(arm.get_path(block, "actions"), list):
            return None
        lists = [
            _strings(arm.get_path(block, key))
            for key in ("actions", "notActions", "dataActions", "notDataActions")
        ]
        if any(item is None for item in lists):
            return None
        actions, not_actions, data_actions, not_data_actions = (item or () for item in lists)
        out.append(
            Permissions(
                actions,
                not_actions,
                data_actions,
                not_data_actions,
                text(arm.get_path(block, "condition")),
            )
        )
    return tuple(out)


# --- reading the lists ------------------------------------------------------------------------


def _guid(resource_id: Any) -> str | None:
    """The GUID a role definition id ends with, lower-cased (definitions are matched by it)."""
    value = text(resource_id)
    return arm.name_of(value).lower() if value else None


def _subscription_scope(resource_id: str) -> str | None:
    subscription = arm.subscription_of(resource_id)
    return f"/subscriptions/{subscription}" if subscription else None


def read_state(ctx: RuleContext, resource_id: str, resource_type: str) -> tuple[LookupState, str]:
    """Whether the subscription's list of `resource_type` (role assignments, definitions ...)
    covering `resource_id` was read: FOUND, UNREADABLE (a gap; the reason says which) or UNKNOWN
    (not collected: an older snapshot, or a scan without the access review)."""
    inventory = ctx.inventory
    gap = inventory.gap_for(resource_id, resource_type)
    if gap is None:
        subscription = _subscription_scope(resource_id)
        gap = inventory.gap_for(subscription, resource_type) if subscription else None
    if gap is not None:
        return LookupState.UNREADABLE, gap_reason(gap)
    subscription = _subscription_scope(resource_id)
    if subscription is not None:
        if (arm.normalize_id(subscription), arm.normalize_type(resource_type)) in inventory.listed:
            return LookupState.FOUND, ""
        if subscription.lower() in _subscriptions_holding(ctx, resource_type):
            return LookupState.FOUND, ""
    what = _LIST_NAMES.get(resource_type, resource_type)
    where = f"subscription {arm.subscription_of(resource_id)}" if subscription else "its scope"
    return (
        LookupState.UNKNOWN,
        f"the {what} of {where} were not collected (a live scan reads them; an older snapshot "
        "does not hold them)",
    )


_LIST_NAMES = {
    ROLE_ASSIGNMENTS: "role assignments",
    ROLE_DEFINITIONS: "role definitions",
    DENY_ASSIGNMENTS: "deny assignments",
    ROLE_ELIGIBILITY_INSTANCES: "PIM role eligibilities",
}


def _subscriptions_holding(ctx: RuleContext, resource_type: str) -> frozenset[str]:
    """The subscriptions (`/subscriptions/<id>`, lower case) that hold an item of the type: a
    list that returned something was read."""

    def build() -> frozenset[str]:
        found = set()
        for item in ctx.of_type(resource_type):
            scope = text(item.get("properties.scope")) or item.id
            subscription = _subscription_scope(scope) or _subscription_scope(item.id)
            if subscription:
                found.add(subscription.lower())
        return frozenset(found)

    held: frozenset[str] = relations.indexed(ctx, f"access-held:{resource_type}", build)
    return held


def _definitions(ctx: RuleContext) -> Mapping[str, Resource]:
    def build() -> dict[str, Resource]:
        return {r.name.lower(): r for r in ctx.of_type(ROLE_DEFINITIONS)}

    found: Mapping[str, Resource] = relations.indexed(ctx, "access-definitions", build)
    return found


def role_definition(ctx: RuleContext, definition_id: Any) -> Resource | None:
    """The role definition an assignment names (by the GUID its id ends with), if collected."""
    guid = _guid(definition_id)
    return _definitions(ctx).get(guid) if guid else None


def role_name(definition: Resource | None, definition_id: Any) -> str:
    name = text(definition.get("properties.roleName")) if definition is not None else None
    return name or (_guid(definition_id) or "an unknown role")


def is_custom_role(definition: Resource) -> bool | None:
    """True for `CustomRole`, False for `BuiltInRole`, None when the type cannot be read."""
    kind = definition.get("properties.type")
    if arm.equals_ci(kind, "CustomRole"):
        return True
    if arm.equals_ci(kind, "BuiltInRole"):
        return False
    return None


# --- grants ---------------------------------------------------------------------------------


class How(enum.StrEnum):
    DIRECT = "direct"  # assigned to the principal itself
    GROUP = "group"  # assigned to a group: its members hold it
    ELIGIBLE = "eligible"  # PIM: may activate it


_MANAGEMENT = "/providers/microsoft.management/managementgroups/"
# RoleAssignmentProperties.principalType (2022-04-01).
PRINCIPAL_TYPES = frozenset({"user", "group", "serviceprincipal", "foreigngroup", "device"})
# The deny assignment principal that stands for everyone (Azure RBAC deny assignments).
EVERYONE = "00000000-0000-0000-0000-000000000000"


def applies_to(scope: str, resource_id: str) -> bool:
    """Whether an assignment at `scope` reaches `resource_id`: the resource itself or a scope
    above it. A management group (or `/`) is above every subscription whose list returned it."""
    normalized = arm.normalize_id(scope)
    if normalized == "/" or normalized.startswith(_MANAGEMENT):
        return True
    return arm.is_within(resource_id, scope)


def scope_level(scope: str) -> str:
    """`resource`, `resource group`, `subscription` or `management group` (`/` included)."""
    normalized = arm.normalize_id(scope)
    if normalized == "/" or normalized.startswith(_MANAGEMENT):
        return "management group"
    parts = normalized.strip("/").split("/")
    if len(parts) == 2:
        return "subscription"
    if len(parts) == 4:
        return "resource group"
    return "resource"


@dataclass(frozen=True, slots=True)
class Grant:
    """One principal's grant of an operation on a resource, as the assignment gives it."""

    principal_id: str
    principal_type: str  # User, Group, ServicePrincipal, ForeignGroup, Device, or "unknown"
    role: str  # the role's name (or its GUID when the definition was not collected)
    scope: str
    how: How
    assignment_id: str
    undecidable: str = ""  # why the tool cannot tell whether it grants the operation
    deny: str = ""  # a deny assignment that may apply (one on a group, or excluding a group)

    @property
    def level(self) -> str:
        return scope_level(self.scope)

    def describe(self) -> str:
        """The evidence line: principal, type, role, scope and how it was granted."""
        line = (
            f"{self.principal_type} {self.principal_id}: {self.role} at {self.level} scope "
            f"{self.scope} ({self.how.value})"
        )
        if self.undecidable:
            line += f"; undecidable: {self.undecidable}"
        if self.deny:
            line += f"; {self.deny}"
        return line


@dataclass(frozen=True, slots=True)
class Grants:
    """Who holds one of `operations` on a resource: a state (FOUND when every list needed was
    read), the grants, and why not when the state is not FOUND."""

    state: LookupState
    grants: tuple[Grant, ...] = ()
    reason: str = ""
    eligibility_unread: str = ""  # why PIM eligibility is not known (a pass must not ignore it)

    @property
    def decided(self) -> tuple[Grant, ...]:
        return tuple(g for g in self.grants if not g.undecidable)

    @property
    def undecidable(self) -> tuple[Grant, ...]:
        return tuple(g for g in self.grants if g.undecidable)


def _deny_blocks(deny: Resource, operations: Sequence[str], data: bool) -> bool | None:
    blocks = permissions_of(deny)
    if blocks is None:
        return None
    return any(b.allows(op, data=data) for b in blocks for op in operations)


def _principal_ids(value: Any) -> tuple[list[tuple[str, str]], bool]:
    """(id, type) of each principal in a deny assignment's list, and whether it was readable."""
    if value is arm.MISSING or value is None:
        return [], True
    if not isinstance(value, list):
        return [], False
    out = []
    for item in value:
        pid = text(arm.get_path(item, "id")) if isinstance(item, Mapping) else None
        if pid is None:
            return [], False
        out.append((pid.lower(), text(arm.get_path(item, "type")) or ""))
    return out, True


def _denial(
    ctx: RuleContext, resource_id: str, principal: str, operations: Sequence[str], data: bool
) -> str:
    """'denied' when a deny assignment removes the operation from the principal, 'maybe: why'
    when one may (it names a group, excludes one, or cannot be read), '' when none applies."""
    maybe = ""
    for deny in ctx.of_type(DENY_ASSIGNMENTS):
        scope = text(deny.get("properties.scope")) or arm.parent_id(deny.id) or ""
        if not scope or not applies_to(scope, resource_id):
            continue
        # DenyAssignmentProperties.doNotApplyToChildScopes: "Determines if the deny assignment
        # applies to child scopes. Default value is false." (absent or null: it applies below).
        only_here = deny.get("properties.doNotApplyToChildScopes")
        if (
            only_here is not arm.MISSING
            and only_here is not None
            and not isinstance(only_here, bool)
        ):
            maybe = maybe or f"deny assignment {deny.name} cannot be read"
            continue
        if only_here is True and not arm.same_id(scope, resource_id):
            continue
        blocks = _deny_blocks(deny, operations, data)
        principals, ok = _principal_ids(deny.get("properties.principals"))
        excluded, ok_excluded = _principal_ids(deny.get("properties.excludePrincipals"))
        if blocks is None or not ok or not ok_excluded:
            maybe = maybe or f"deny assignment {deny.name} cannot be read"
            continue
        if deny.get("properties.condition") not in (arm.MISSING, None):
            if blocks:
                maybe = maybe or f"deny assignment {deny.name} applies under a condition"
            continue
        if not blocks or principal in {pid for pid, _ in excluded}:
            continue
        ids = {pid for pid, _ in principals}
        groups = any(kind.lower().endswith("group") for _, kind in principals)
        excluded_groups = any(kind.lower().endswith("group") for _, kind in excluded)
        if principal in ids or EVERYONE in ids:
            if excluded_groups:
                maybe = maybe or f"deny assignment {deny.name} may apply (it excludes a group)"
                continue
            return "denied"
        if groups:
            maybe = maybe or f"deny assignment {deny.name} may apply (it names a group)"
    return f"maybe: {maybe}" if maybe else ""


def assignment_scope(assignment: Resource) -> str | None:
    """Where an assignment applies: `properties.scope`, or, where that is not an id, the scope its
    own id sits under (`{scope}/providers/Microsoft.Authorization/roleAssignments/{name}`)."""
    scope = text(assignment.get("properties.scope"))
    if scope is not None and scope.startswith("/"):
        return scope
    lowered = assignment.id.lower()
    marker = "/providers/microsoft.authorization/"
    at = lowered.rfind(marker)
    if at < 0:
        return None
    return assignment.id[:at] or "/"


def _active(instance: Resource, ctx: RuleContext) -> bool:
    """An eligibility instance still in force (no end, or an end after the scan)."""
    end = instance.get("properties.endDateTime")
    ends = times.parse_datetime(end)
    return ends is None or ends > ctx.now


def grants_on(
    ctx: RuleContext, resource_id: str, operations: Sequence[str], *, data: bool = False
) -> Grants:
    """Every principal whose effective permissions on `resource_id` include one of
    `operations` (data-plane operations with `data=True`), through a role assignment or a PIM
    eligibility at the resource or a scope above it, less deny assignments that apply."""
    needed = [ROLE_ASSIGNMENTS, ROLE_DEFINITIONS, DENY_ASSIGNMENTS]
    for resource_type in needed:
        state, why = read_state(ctx, resource_id, resource_type)
        if state is not LookupState.FOUND:
            return Grants(state, reason=why)
    grants: list[Grant] = []
    sources: list[tuple[Resource, How | None]] = [(a, None) for a in ctx.of_type(ROLE_ASSIGNMENTS)]
    eligibility, unread = read_state(ctx, resource_id, ROLE_ELIGIBILITY_INSTANCES)
    if eligibility is LookupState.FOUND:
        eligible = ctx.of_type(ROLE_ELIGIBILITY_INSTANCES)
        sources += [(e, How.ELIGIBLE) for e in eligible if _active(e, ctx)]
    for assignment, how in sources:
        scope = assignment_scope(assignment)
        if scope is None or not applies_to(scope, resource_id):
            continue
        grant = _grant(ctx, assignment, scope, how, resource_id, operations, data)
        if grant is not None:
            grants.append(grant)
    order = sorted(grants, key=lambda g: (g.principal_id.lower(), arm.normalize_id(g.scope)))
    return Grants(LookupState.FOUND, tuple(order), eligibility_unread=unread)


def _grant(
    ctx: RuleContext,
    assignment: Resource,
    scope: str,
    how: How | None,
    resource_id: str,
    operations: Sequence[str],
    data: bool,
) -> Grant | None:
    principal = text(assignment.get("properties.principalId")) or ""
    kind = text(assignment.get("properties.principalType")) or "unknown"
    definition_id = assignment.get("properties.roleDefinitionId")
    definition = role_definition(ctx, definition_id)
    undecidable = ""
    if not isinstance(assignment.get("properties"), Mapping):
        undecidable = "the assignment's properties cannot be read"
    elif not principal:
        undecidable = "the assignment names no principalId"
    elif kind.lower() not in PRINCIPAL_TYPES:
        undecidable = f"principalType {kind!r} is not one this tool knows"
    if definition is None:
        undecidable = undecidable or (
            f"its role definition {_guid(definition_id) or '(none named)'} was not collected"
        )
        blocks: tuple[Permissions, ...] | None = ()
    else:
        blocks = permissions_of(definition)
        if blocks is None:
            undecidable = undecidable or "its role definition's permissions cannot be read"
    if blocks:
        allowed = [b for b in blocks if any(b.allows(op, data=data) for op in operations)]
        if not allowed:
            return None  # the role does not grant any of the operations
        if all(b.condition for b in allowed):
            undecidable = undecidable or "its role grants the operation only under a condition"
    condition = assignment.get("properties.condition")
    if condition is not arm.MISSING and condition is not None:
        # No condition is null (or absent); anything else limits the grant in a way this tool
        # does not evaluate, or cannot be read.
        undecidable = undecidable or "the assignment has a condition this tool does not evaluate"
    deny = ""
    if principal:
        denial = _denial(ctx, resource_id, principal.lower(), operations, data)
        if denial == "denied":
            return None
        deny = denial.removeprefix("maybe: ")
    if how is None:
        how = How.GROUP if kind.lower().endswith("group") else How.DIRECT
    return Grant(
        principal_id=principal or "(none)",
        principal_type=kind,
        role=role_name(definition, definition_id),
        scope=scope,
        how=how,
        assignment_id=assignment.id,
        undecidable=undecidable,
        deny=deny,
    )
