"""What attack paths are made of: links that are existing results, links that are access facts,
and the one judgement of a chain ("a path is only as strong as its weakest link").

A path module finds candidate chains by real relations (the same endpoint, the endpoint's
workspace, a compute's identity matched against role assignments, a connection's target
account) and hands each chain to `judge`:

- every link holds (its findings fail, or its fact is found) -> the path is confirmed: `fail`;
- a link could not be read (its findings are not_assessed, or the facts it needs are behind a
  gap) and none is broken -> the path is possible: `not_assessed`, naming the unread links;
- a link is broken (its findings pass, or the fact is absent) -> no path.

The first link of every chain is its anchor: a path is reported only when the anchor holds, so
an estate nobody could read does not turn into a list of "possible" paths about nothing.
"""

from __future__ import annotations

import enum
import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from auditor.evaluate.results import PathStep, Result
from auditor.inventory import arm
from auditor.inventory.inventory import LookupState
from auditor.inventory.resources import Resource
from auditor.rulekit import access, keyvault
from auditor.rulekit.meta import RuleMeta, Status
from auditor.rulekit.relations import named_ids, per_resource, text
from auditor.rulekit.rule import RuleContext


class Hold(enum.Enum):
    HOLDS = "holds"
    UNREAD = "unread"
    BROKEN = "broken"


@dataclass(frozen=True, slots=True)
class Findings:
    """The results of the scan, by rule and resource, and which rules ran."""

    results_of: Mapping[str, Sequence[Result]]  # rule id -> its results
    unread: Mapping[str, tuple[Result, ...]]  # not_assessed results per rule (gaps on scopes)
    ran: frozenset[str]
    # In a shard: a rule's results on a resource another shard judges (a workspace's storage
    # account in another subscription), worked out when a path asks; they are not reported here.
    outside: Callable[[str, str], tuple[Result, ...]] | None = None
    # rule id -> normalized resource id -> the rule's results on it: made for a rule when a path
    # first asks about it (the paths read a third of an estate's 150,000 results)
    by_rule: dict[str, Mapping[str, tuple[Result, ...]]] = field(default_factory=dict)

    @classmethod
    def of(
        cls,
        results: Iterable[Result],
        ran: Iterable[str],
        outside: Callable[[str, str], tuple[Result, ...]] | None = None,
    ) -> Findings:
        results_of: dict[str, list[Result]] = {}
        unread: dict[str, list[Result]] = {}
        for result in results:
            results_of.setdefault(result.rule_id, []).append(result)
            if result.status is Status.NOT_ASSESSED:
                unread.setdefault(result.rule_id, []).append(result)
        return cls(results_of, {k: tuple(v) for k, v in unread.items()}, frozenset(ran), outside)

    def _on_resources(self, rule_id: str) -> Mapping[str, tuple[Result, ...]]:
        index = self.by_rule.get(rule_id)
        if index is None:
            grouped: dict[str, list[Result]] = {}
            # Each id normalized once, shared by its results (a rule says several things
            # about some resources)
            normalized: dict[str, str] = {}
            for result in self.results_of.get(rule_id, ()):
                key = normalized.get(result.resource_id)
                if key is None:
                    key = normalized[result.resource_id] = arm.normalize_id(result.resource_id)
                grouped.setdefault(key, []).append(result)
            index = self.by_rule[rule_id] = {k: tuple(v) for k, v in grouped.items()}
        return index

    def about(self, rule_id: str, resource_id: str) -> tuple[Result, ...]:
        """The rule's results on the resource; else a not_assessed result of the rule on a scope
        above it (a gap that made the resource unreadable)."""
        found = self._on_resources(rule_id).get(arm.normalize_id(resource_id), ())
        if not found and self.outside is not None:
            found = self.outside(rule_id, resource_id)
        if found:
            return found
        return tuple(
            r
            for r in self.unread.get(rule_id, ())
            if not arm.same_id(r.resource_id, resource_id)
            and arm.is_within(resource_id, r.resource_id)
        )[:1]


@dataclass(frozen=True, slots=True)
class Finding:
    """A link made of existing results: `rules` judged on `resources` (alternatives: the link
    holds when one of them fails). Rules that did not run are no part of the link (a rule an
    estate does not have, or one the user deselected); a link none of whose rules ran is left
    out of the chain."""

    title: str
    rules: tuple[str, ...]
    resources: tuple[Resource, ...]
    holds_on: Status = Status.FAIL  # PASS for a link that is a good practice in place (CMK on)


@dataclass(frozen=True, slots=True)
class Fact:
    """A link the path reads itself (who holds a role): already judged by its finder."""

    title: str
    hold: Hold
    resource_id: str
    resource_type: str
    message: str
    detail: tuple[str, ...] = ()


Link = Finding | Fact
# A link worked out only when every link before it holds: who an identity reaches is read for
# the endpoints and computes that are exposed, not for all of an estate's.
Deferred = Callable[[], Link]


@dataclass(frozen=True, slots=True)
class Chain:
    """A candidate path: the resource it is reported on (its anchor) and its links in order."""

    anchor: Resource
    links: tuple[Link | Deferred, ...]
    context: tuple[str, ...] = ()


def _fact_fingerprint(path_id: str, stage: int, fact: Fact) -> str:
    digest = hashlib.sha256(
        f"{path_id}|{stage}|{arm.normalize_id(fact.resource_id)}|{fact.title}".encode()
    )
    return digest.hexdigest()[:32]


def _finding_steps(
    stage: int, link: Finding, findings: Findings
) -> tuple[Hold, list[PathStep]] | None:
    rules = [r for r in link.rules if r in findings.ran]
    if not rules:
        return None
    held: list[Result] = []
    unread: list[Result] = []
    judged = False
    missing: list[str] = []
    for resource in link.resources:
        for rule_id in rules:
            results = findings.about(rule_id, resource.id)
            if not results:
                missing.append(f"{rule_id} gave {resource.name} no result")
            for result in results:
                if result.status is link.holds_on or (
                    link.holds_on is Status.FAIL and result.status is Status.SUPPRESSED
                ):
                    held.append(result)  # a suppressed step still makes the path
                elif result.status is Status.NOT_ASSESSED:
                    unread.append(result)
                else:
                    judged = True

    def step(result: Result, status: Status) -> PathStep:
        return PathStep(
            stage=stage,
            title=link.title,
            status=status,
            resource_id=result.resource_id,
            resource_type=result.resource_type,
            resource_name=result.resource_name,
            rule_id=result.rule_id,
            fingerprint=result.fingerprint,
            message=result.message,
        )

    if held:  # each step keeps its result's own status (AML301's link holds when it passes)
        return Hold.HOLDS, [step(r, r.status) for r in held]
    if unread:
        return Hold.UNREAD, [step(r, Status.NOT_ASSESSED) for r in unread]
    if judged or not link.resources:
        return Hold.BROKEN, []
    # No rule judged any of the resources (a type the rule skips): the link is unknown.
    first = link.resources[0]
    return Hold.UNREAD, [
        PathStep(
            stage=stage,
            title=link.title,
            status=Status.NOT_ASSESSED,
            resource_id=first.id,
            resource_type=first.type,
            resource_name=first.name,
            rule_id=None,
            fingerprint="",
            message="; ".join(missing),
        )
    ]


def judge(meta: RuleMeta, chain: Chain, findings: Findings) -> Result | None:
    """The path's result, or None when a link is broken (or the anchor does not hold)."""
    steps: list[PathStep] = []
    unread_titles: list[str] = []
    stage = 0
    for part in chain.links:
        link = part if isinstance(part, (Finding, Fact)) else part()
        if isinstance(link, Finding):
            judged = _finding_steps(stage + 1, link, findings)
            if judged is None:
                continue
            hold, link_steps = judged
        else:
            hold = link.hold
            link_steps = []
            if hold is not Hold.BROKEN:
                link_steps = [
                    PathStep(
                        stage=stage + 1,
                        title=link.title,
                        status=Status.FAIL if hold is Hold.HOLDS else Status.NOT_ASSESSED,
                        resource_id=link.resource_id,
                        resource_type=link.resource_type,
                        resource_name=arm.name_of(link.resource_id),
                        rule_id=None,
                        fingerprint=_fact_fingerprint(meta.id, stage + 1, link),
                        message="; ".join((link.message, *link.detail)),
                    )
                ]
        if hold is Hold.BROKEN or (stage == 0 and hold is not Hold.HOLDS):
            return None  # a broken link, or an anchor (the first link present) that does not hold
        stage += 1
        if hold is Hold.UNREAD:
            unread_titles.append(f"{link.title} ({link_steps[0].message})")
        steps += link_steps
    if stage < 2:
        return None  # a chain of one link is that link's own finding
    anchor = chain.anchor
    chain_text = " -> ".join(dict.fromkeys(s.title for s in steps))
    if unread_titles:
        status = Status.NOT_ASSESSED
        message = (
            f"Possible attack path ({chain_text}): every link that could be read holds, but "
            f"these could not be read: {'; '.join(unread_titles)}"
        )
    else:
        status = Status.FAIL
        message = f"Confirmed attack path: {chain_text}"
    fingerprints = sorted(s.fingerprint for s in steps if s.fingerprint)
    digest = hashlib.sha256("|".join((meta.id, *fingerprints)).encode()).hexdigest()[:32]
    return Result(
        rule_id=meta.id,
        title=meta.title,
        severity=meta.severity,
        status=status,
        resource_id=anchor.id,
        resource_type=anchor.type,
        resource_name=anchor.name,
        message=message,
        fingerprint=digest,
        location=anchor.source,
        context=chain.context,
        steps=tuple(steps),
    )


# --- relations paths share ---------------------------------------------------------------------


def workspace_of(resource: Resource, ctx: RuleContext) -> Resource | None:
    """The workspace an endpoint, compute, connection or deployment sits under."""
    current = arm.parent_id(resource.id)
    while current:
        if arm.normalize_type(arm.type_of(current) or "") == (
            "microsoft.machinelearningservices/workspaces"
        ):
            return ctx.inventory.get(current)
        current = arm.parent_id(current)
    return None


def workspace_dependency(workspace: Resource, path: str, ctx: RuleContext) -> Resource | None:
    """The workspace's storage account or key vault, if it is in the inventory (looked up once a
    workspace: the paths ask it for each endpoint and compute under the workspace)."""
    return per_resource(
        ctx,
        f"workspace dependency: {path}",
        workspace,
        lambda: next(
            (r for r in map(ctx.inventory.get, named_ids(workspace, path)) if r is not None), None
        ),
    )


@dataclass(frozen=True, slots=True)
class Principals:
    """The principal ids of a resource's managed identities, and why some cannot be known."""

    ids: tuple[tuple[str, str], ...]  # (principal id, which identity)
    unread: str = ""
    none: bool = False  # the resource has no managed identity at all


def identity_principals(resource: Resource) -> Principals:
    """System-assigned `identity.principalId`, and each user-assigned identity's `principalId`
    as the resource lists it (ManagedServiceIdentity, ARM common types)."""
    identity = resource.get("identity")
    if identity is arm.MISSING or identity is None:
        return Principals((), none=True)
    if not isinstance(identity, Mapping):
        return Principals((), unread="its identity cannot be read")
    kind = text(arm.get_path(identity, "type")) or ""
    if kind.lower() == "none":
        return Principals((), none=True)
    found: list[tuple[str, str]] = []
    unread = ""
    if "systemassigned" in kind.lower():
        principal = text(arm.get_path(identity, "principalId"))
        if principal:
            found.append((principal, "system-assigned identity"))
        else:
            unread = "its system-assigned identity's principalId was not returned"
    assigned = arm.get_path(identity, "userAssignedIdentities")
    if isinstance(assigned, Mapping):
        for uai_id, entry in assigned.items():
            principal = (
                text(arm.get_path(entry, "principalId")) if isinstance(entry, Mapping) else None
            )
            if principal:
                found.append((principal, f"user-assigned identity {arm.name_of(str(uai_id))}"))
            else:
                unread = unread or f"the principalId of {arm.name_of(str(uai_id))} was not returned"
    if not found and not unread and not kind:
        unread = "its identity type cannot be read"
    return Principals(tuple(found), unread=unread, none=not found and not unread)


@dataclass(frozen=True, slots=True)
class Target:
    """A resource an identity may reach, and the operations that count as reaching it."""

    resource_id: str
    what: str  # "the workspace's key vault"
    operations: tuple[str, ...]
    data: bool = False


# Operations that make a role "broad" on each kind of target (resource provider operations,
# learn.microsoft.com/azure/role-based-access-control/permissions/security and .../storage):
# writing role assignments or anything under the subscription (Owner, Contributor, User Access
# Administrator), reading a vault's secrets, reading a storage account's keys or writing blobs.
SUBSCRIPTION_WRITE = (
    "Microsoft.Authorization/roleAssignments/write",
    "Microsoft.Resources/subscriptions/resourceGroups/write",
)
VAULT_SECRET_READ = ("Microsoft.KeyVault/vaults/secrets/getSecret/action",)
VAULT_CONTROL = (
    "Microsoft.KeyVault/vaults/write",
    "Microsoft.KeyVault/vaults/accessPolicies/write",
)
STORAGE_KEYS = ("Microsoft.Storage/storageAccounts/listKeys/action",)
STORAGE_BLOB_WRITE = ("Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write",)


def workspace_vault_of(resource: Resource, ctx: RuleContext) -> Resource | None:
    """The key vault of the workspace the resource sits under."""
    workspace = workspace_of(resource, ctx)
    return workspace_dependency(workspace, keyvault.KEY_VAULT, ctx) if workspace else None


def vault_secret_readers(vault: Resource) -> list[Target]:
    """Reading the vault's secrets through Azure RBAC: only on a vault whose
    enableRbacAuthorization is true. VaultProperties.enableRbacAuthorization: "When true, the key
    vault will use Role Based Access Control (RBAC) for authorization of data actions, and the
    access policies ... will be ignored. When false, the key vault will use the access policies
    ... If null or not specified, the vault is created with the default value of false." (Key
    Vault REST API; learn.microsoft.com/azure/key-vault/general/rbac-migration)."""
    if not arm.is_true(vault.get("properties.enableRbacAuthorization")):
        return []
    return [Target(vault.id, "the workspace's key vault", VAULT_SECRET_READ, data=True)]


def privileged_targets(resource: Resource, ctx: RuleContext) -> list[Target]:
    """The subscription, and the key vault and storage account of the resource's workspace."""
    targets: list[Target] = []
    subscription = arm.subscription_of(resource.id)
    if subscription:
        targets.append(
            Target(f"/subscriptions/{subscription}", "the subscription", SUBSCRIPTION_WRITE)
        )
    workspace = workspace_of(resource, ctx)
    if workspace is not None:
        vault = workspace_dependency(workspace, keyvault.KEY_VAULT, ctx)
        if vault is not None:
            targets.append(Target(vault.id, "the workspace's key vault", VAULT_CONTROL))
            targets += vault_secret_readers(vault)
        storage = workspace_dependency(workspace, "properties.storageAccount", ctx)
        if storage is not None:
            targets.append(Target(storage.id, "the workspace's storage account", STORAGE_KEYS))
            targets.append(
                Target(storage.id, "the workspace's storage account", STORAGE_BLOB_WRITE, True)
            )
    return targets


@dataclass
class _Seen:
    held: list[str] = field(default_factory=list)
    unread: list[str] = field(default_factory=list)


def identity_reach(
    title: str,
    resource: Resource,
    targets: Sequence[Target],
    ctx: RuleContext,
    *,
    policies_vault: Resource | None = None,
) -> Fact:
    """Whether the resource's managed identity holds one of the targets' operations: through a
    role assignment to the identity itself (at the target or above it, PIM eligibility included),
    or, for `policies_vault`, a Key Vault access policy giving it secrets. Membership of groups is
    not visible to a Reader on ARM: a role held only through a group is not counted."""
    principals = identity_principals(resource)
    kind = resource.type
    if principals.none:
        return Fact(title, Hold.BROKEN, resource.id, kind, "no managed identity")
    seen = _Seen()
    if principals.unread:
        seen.unread.append(principals.unread)
    for principal, which in principals.ids:
        for target in targets:
            grants = access.grants_on(ctx, target.resource_id, target.operations, data=target.data)
            if grants.state is not LookupState.FOUND:
                seen.unread.append(f"{target.what}: {grants.reason}")
                continue
            for grant in grants.grants:
                if not arm.equals_ci(grant.principal_id, principal):
                    continue
                line = f"{which} ({principal}) on {target.what}: {grant.describe()}"
                (seen.unread if grant.undecidable else seen.held).append(line)
        if policies_vault is not None:
            line = _policy_line(policies_vault, principal, which)
            if line:
                seen.held.append(line)
    if seen.held:
        held = list(dict.fromkeys(seen.held))
        return Fact(title, Hold.HOLDS, resource.id, kind, f"{len(held)} grant(s)", tuple(held))
    if seen.unread:
        unread = list(dict.fromkeys(seen.unread))
        return Fact(title, Hold.UNREAD, resource.id, kind, unread[0], tuple(unread[1:]))
    return Fact(title, Hold.BROKEN, resource.id, kind, "no such grant")


def privileged_reach(title: str, resource: Resource, ctx: RuleContext) -> Fact:
    """`identity_reach` of the resource's identity to the privileged targets around it: its
    subscription, its workspace's key vault (access policies included) and storage account."""
    return identity_reach(
        title,
        resource,
        privileged_targets(resource, ctx),
        ctx,
        policies_vault=workspace_vault_of(resource, ctx),
    )


def _policy_line(vault: Resource, principal: str, which: str) -> str:
    """A Key Vault access policy that gives the principal secrets or keys (legacy access model;
    Key Vault: access policies are ignored once enableRbacAuthorization is true)."""
    if arm.is_true(vault.get("properties.enableRbacAuthorization")):
        return ""
    policies = vault.get("properties.accessPolicies")
    if not isinstance(policies, list):
        return ""
    for entry in policies:
        if not arm.equals_ci(arm.get_path(entry, "objectId"), principal):
            continue
        secrets = arm.get_path(entry, "permissions.secrets")
        if isinstance(secrets, list) and any(arm.equals_ci(p, "get", "all") for p in secrets):
            return (
                f"{which} ({principal}) on the workspace's key vault: access policy "
                f"secrets {secrets}"
            )
    return ""


def grants_summary(grants: Sequence[access.Grant], limit: int = 5) -> tuple[str, ...]:
    lines = [g.describe() for g in grants[:limit]]
    if len(grants) > limit:
        lines.append(f"... and {len(grants) - limit} more")
    return tuple(lines)


def one_of(values: Iterable[Any]) -> tuple[Any, ...]:
    return tuple(dict.fromkeys(values))
