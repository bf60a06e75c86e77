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

A limit: an assignment inherited from a management group is listed by every subscription under
it, and the inventory keeps one copy by id without saying which lists returned it; so with several
subscriptions scanned, it is taken to reach all of them (it over-reports a reader, never hides
one).

The facts are the ARM REST shapes as listed per subscription: role assignments and role
definitions (2022-04-01), deny assignments, and role eligibility schedule instances
(2020-10-01). A list that could not be read is a gap on the subscription for that type.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
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
    subscription = _subscription_scope(resource_id)
    gap = inventory.gap_for(resource_id, resource_type)
    if gap is None and subscription:
        gap = inventory.gap_for(subscription, resource_type)
    if gap is not None:
        return LookupState.UNREADABLE, gap_reason(gap)
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


# --- the index: every list read once per inventory, parsed once ------------------------------
#
# A rule asks "who holds this operation on this resource" once per endpoint (three times per CMK
# workspace). Reading every assignment's JSON each time is quadratic on a busy estate, so the
# lists are parsed once into records, assignments are kept by the scope they apply at, and what
# a role grants is decided once per (role, operations).


@dataclass(frozen=True, slots=True)
class _Assignment:
    assignment_id: str
    scope: str
    principal: str  # "" when not named
    kind: str  # principalType as written, "unknown" when absent
    definition_id: Any  # roleDefinitionId as read
    readable: bool  # its properties were an object
    conditional: bool  # a condition other than null
    how: How | None  # ELIGIBLE for PIM eligibility, else decided by the principal type
    ends: datetime | None = None  # an eligibility's end


@dataclass(frozen=True, slots=True)
class _Deny:
    name: str
    scope: str
    only_here: bool
    unreadable: bool  # doNotApplyToChildScopes, permissions or principals cannot be read
    conditional: bool
    blocks: tuple[Permissions, ...]
    principals: tuple[tuple[str, str], ...]
    excluded: tuple[tuple[str, str], ...]


@dataclass
class _Index:
    by_scope: dict[str, list[_Assignment]]
    above_subscriptions: list[_Assignment]  # management groups and `/`
    denies: list[_Deny]
    definitions: dict[str, tuple[str, tuple[Permissions, ...] | None]]  # guid -> (name, blocks)
    grants: dict[tuple[str, tuple[str, ...], bool], tuple[bool, bool]] = field(
        default_factory=dict
    )  # (guid, operations, data) -> (grants any, only under a permission condition)


def _record(resource: Resource, how: How | None) -> _Assignment | None:
    scope = assignment_scope(resource)
    if scope is None:
        return None
    condition = resource.get("properties.condition")
    ends = None
    if how is How.ELIGIBLE:
        ends = times.parse_datetime(resource.get("properties.endDateTime"))
    return _Assignment(
        assignment_id=resource.id,
        scope=scope,
        principal=text(resource.get("properties.principalId")) or "",
        kind=text(resource.get("properties.principalType")) or "unknown",
        definition_id=resource.get("properties.roleDefinitionId"),
        readable=isinstance(resource.get("properties"), Mapping),
        conditional=condition is not arm.MISSING and condition is not None,
        how=how,
        ends=ends,
    )


def _deny_record(deny: Resource) -> _Deny:
    scope = text(deny.get("properties.scope")) or arm.parent_id(deny.id) or ""
    # DenyAssignmentProperties.doNotApplyToChildScopes: "Determines if the deny assignment
    # applies to child scopes. Default value is false." (absent or null: it applies below).
    only_here = deny.get("properties.doNotApplyToChildScopes")
    flag_ok = only_here is arm.MISSING or only_here is None or isinstance(only_here, bool)
    blocks = permissions_of(deny)
    principals, ok = _principal_ids(deny.get("properties.principals"))
    excluded, ok_excluded = _principal_ids(deny.get("properties.excludePrincipals"))
    return _Deny(
        name=deny.name,
        scope=scope,
        only_here=only_here is True,
        unreadable=not (flag_ok and blocks is not None and ok and ok_excluded),
        conditional=deny.get("properties.condition") not in (arm.MISSING, None),
        blocks=blocks or (),
        principals=tuple(principals),
        excluded=tuple(excluded),
    )


def _index(ctx: RuleContext) -> _Index:
    def build() -> _Index:
        by_scope: dict[str, list[_Assignment]] = {}
        above: list[_Assignment] = []
        sources: list[tuple[Resource, How | None]] = [
            (a, None) for a in ctx.of_type(ROLE_ASSIGNMENTS)
        ]
        sources += [(e, How.ELIGIBLE) for e in ctx.of_type(ROLE_ELIGIBILITY_INSTANCES)]
        for resource, how in sources:
            record = _record(resource, how)
            if record is None:
                continue
            key = arm.normalize_id(record.scope)
            if key == "/" or key.startswith(_MANAGEMENT):
                above.append(record)
            else:
                by_scope.setdefault(key, []).append(record)
        definitions = {
            d.name.lower(): (text(d.get("properties.roleName")) or d.name, permissions_of(d))
            for d in ctx.of_type(ROLE_DEFINITIONS)
        }
        denies = [_deny_record(d) for d in ctx.of_type(DENY_ASSIGNMENTS)]
        return _Index(by_scope, above, denies, definitions)

    found: _Index = relations.indexed(ctx, "access-index", build)
    return found


def _ancestors(resource_id: str) -> list[str]:
    """The normalized ids of the resource and every scope above it."""
    key = arm.normalize_id(resource_id)
    cuts = [i for i, c in enumerate(key) if c == "/" and i > 0]
    return [key[:i] for i in cuts] + [key]


def _role_grants(
    index: _Index, guid: str, operations: tuple[str, ...], data: bool
) -> tuple[bool, bool] | None:
    """(grants one of the operations, only under a permission condition) for a collected role
    with readable permissions; None when the definition or its permissions cannot be read."""
    known = index.definitions.get(guid)
    if known is None or known[1] is None:
        return None
    key = (guid, operations, data)
    if key not in index.grants:
        allowed = [b for b in known[1] if any(b.allows(op, data=data) for op in operations)]
        index.grants[key] = (bool(allowed), bool(allowed) and all(b.condition for b in allowed))
    return index.grants[key]


def _denial(denies: Sequence[_Deny], resource_id: str, principal: str) -> str:
    """'denied' when a deny assignment removes the operation from the principal, else why one
    may ('' when none applies). `denies` are those that reach the resource and block one of the
    operations (or cannot be read)."""
    maybe = ""
    for deny in denies:
        if deny.unreadable:
            maybe = maybe or f"deny assignment {deny.name} cannot be read"
            continue
        if deny.conditional:
            maybe = maybe or f"deny assignment {deny.name} applies under a condition"
            continue
        if principal in {pid for pid, _ in deny.excluded}:
            continue
        ids = {pid for pid, _ in deny.principals}
        if principal in ids or EVERYONE in ids:
            if any(kind.lower().endswith("group") for _, kind in deny.excluded):
                maybe = maybe or f"deny assignment {deny.name} may apply (it excludes a group)"
                continue
            return "denied"
        if any(kind.lower().endswith("group") for _, kind in deny.principals):
            maybe = maybe or f"deny assignment {deny.name} may apply (it names a group)"
    return maybe


def grants_on(
    ctx: RuleContext, resource_id: str, operations: Sequence[str], *, data: bool = False
) -> Grants:
    """Every principal whose effective permissions on `resource_id` include one of
    `operations` (data-plane operations with `data=True`), through a role assignment or a PIM
    eligibility at the resource or a scope above it, less deny assignments that apply."""
    # Attack paths ask about the same targets (a subscription, a workspace's vault and storage)
    # once per endpoint and compute of the workspace: each question is answered once a scan.
    answered: dict[tuple[str, tuple[str, ...], bool, datetime], Grants] = relations.indexed(
        ctx, "access-grants", dict
    )
    key = (resource_id, tuple(operations), data, ctx.now)
    found = answered.get(key)
    if found is None:
        found = answered[key] = _grants_on(ctx, resource_id, key[1], data)
    return found


def _grants_on(
    ctx: RuleContext, resource_id: str, operations: tuple[str, ...], data: bool
) -> Grants:
    for resource_type in (ROLE_ASSIGNMENTS, ROLE_DEFINITIONS, DENY_ASSIGNMENTS):
        state, why = read_state(ctx, resource_id, resource_type)
        if state is not LookupState.FOUND:
            return Grants(state, reason=why)
    eligibility, unread = read_state(ctx, resource_id, ROLE_ELIGIBILITY_INSTANCES)
    index = _index(ctx)
    ops = tuple(operations)
    denies = [
        d
        for d in index.denies
        if d.scope
        and applies_to(d.scope, resource_id)
        and not (d.only_here and not arm.same_id(d.scope, resource_id))
        and (d.unreadable or any(b.allows(op, data=data) for b in d.blocks for op in ops))
    ]
    records = [*index.above_subscriptions]
    for scope in _ancestors(resource_id):
        records += index.by_scope.get(scope, ())
    grants = []
    for record in records:
        if record.how is How.ELIGIBLE and (
            eligibility is not LookupState.FOUND
            or (record.ends is not None and record.ends <= ctx.now)
        ):
            continue
        grant = _grant(index, record, denies, resource_id, ops, data)
        if grant is not None:
            grants.append(grant)
    order = sorted(grants, key=lambda g: (g.principal_id.lower(), arm.normalize_id(g.scope)))
    return Grants(LookupState.FOUND, tuple(order), eligibility_unread=unread)


def _grant(
    index: _Index,
    record: _Assignment,
    denies: Sequence[_Deny],
    resource_id: str,
    operations: tuple[str, ...],
    data: bool,
) -> Grant | None:
    guid = _guid(record.definition_id)
    known = index.definitions.get(guid) if guid else None
    undecidable = ""
    if not record.readable:
        undecidable = "the assignment's properties cannot be read"
    elif not record.principal:
        undecidable = "the assignment names no principalId"
    elif record.kind.lower() not in PRINCIPAL_TYPES:
        undecidable = f"principalType {record.kind!r} is not one this tool knows"
    decided = _role_grants(index, guid, operations, data) if guid else None
    if known is None:
        undecidable = undecidable or (
            f"its role definition {guid or '(none named)'} was not collected"
        )
    elif decided is None:
        undecidable = undecidable or "its role definition's permissions cannot be read"
    elif not decided[0]:
        return None  # the role does not grant any of the operations
    elif decided[1]:
        undecidable = undecidable or "its role grants the operation only under a condition"
    if record.conditional:
        # No condition is null (or absent); anything else limits the grant in a way this tool
        # does not evaluate, or cannot be read.
        undecidable = undecidable or "the assignment has a condition this tool does not evaluate"
    deny = ""
    if record.principal:
        deny = _denial(denies, resource_id, record.principal.lower())
        if deny == "denied":
            return None
    how = record.how
    if how is None:
        how = How.GROUP if record.kind.lower().endswith("group") else How.DIRECT
    return Grant(
        principal_id=record.principal or "(none)",
        principal_type=record.kind,
        role=known[0] if known is not None else (guid or "an unknown role"),
        scope=record.scope,
        how=how,
        assignment_id=record.assignment_id,
        undecidable=undecidable,
        deny=deny,
    )
