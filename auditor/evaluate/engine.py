"""Runs rules over an inventory and stamps what they yield into Results.

Each rule runs on each resource of its types. A rule that raises gives `not_assessed` for that
resource (with the error) and the scan goes on. Every gap that covers a rule's resource types gives
that rule a `not_assessed` result on the gap's scope: what could not be read is never a pass.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from operator import attrgetter
from typing import Any, TypeVar

from auditor import __version__
from auditor.core.collector import collector_paused
from auditor.evaluate.paths import AttackPath, find_paths
from auditor.evaluate.results import NotEvaluated, Result, ScanResult
from auditor.inventory import arm
from auditor.inventory.arm import MISSING
from auditor.inventory.inventory import Inventory
from auditor.inventory.resource_types import (
    ACTIVITY_LOG,
    ACTIVITY_LOG_EVENTS,
    COMPUTES,
    DENY_ASSIGNMENTS,
    DIAGNOSTIC_SETTINGS,
    OUTBOUND_RULES,
    RAI_POLICIES,
    RESOURCE_GROUPS,
    ROLE_ASSIGNMENTS,
    ROLE_DEFINITIONS,
    ROLE_ELIGIBILITY_INSTANCES,
    SECURITY_PRICINGS,
    SUBSCRIPTIONS,
    VAULT_PRIVATE_ENDPOINT_CONNECTIONS,
    WORKSPACE_PRIVATE_ENDPOINT_CONNECTIONS,
)
from auditor.inventory.resources import Gap, Location, Resource
from auditor.inventory.unresolved import Unresolved
from auditor.inventory.unresolved import made as unresolved_made
from auditor.rulekit.meta import Evidence, RuleMeta, Status
from auditor.rulekit.rule import Outcome, Rule, RuleContext

log = logging.getLogger(__name__)

Judged = Callable[[str], bool]  # whether a resource id gets results in this evaluation


def fingerprint(rule_id: str, resource_id: str) -> str:
    """Stable across runs and across the case ARM happens to return an id in."""
    digest = hashlib.sha256(f"{rule_id}|{arm.normalize_id(resource_id)}".encode())
    return digest.hexdigest()[:32]


_Selectable = TypeVar("_Selectable", Rule, AttackPath)


def select_rules(
    rules: Sequence[_Selectable], select: Iterable[str] = (), ignore: Iterable[str] = ()
) -> list[_Selectable]:
    wanted = {s.strip().upper() for s in select if s.strip()}
    unwanted = {s.strip().upper() for s in ignore if s.strip()}

    def named(rule: _Selectable, ids: set[str]) -> bool:
        return rule.meta.id in ids or any(a in ids for a in rule.meta.aliases)

    return [r for r in rules if (not wanted or named(r, wanted)) and not named(r, unwanted)]


def _stamp(
    rule: Rule,
    resource_id: str,
    rtype: str,
    name: str,
    outcome: Outcome,
    location: Location | None = None,
) -> Result:
    meta = rule.meta
    evidence = outcome.evidence
    if unresolved_made():  # a template was read: an unresolved value shows as its expression
        evidence = tuple(_plain_evidence(e) for e in evidence)
    return Result(
        rule_id=meta.id,
        title=meta.title,
        severity=outcome.severity if outcome.severity is not None else meta.severity,
        status=outcome.status,
        resource_id=resource_id,
        resource_type=rtype,
        resource_name=name,
        # Messages and context lines may quote a value (or an exception may): the report view
        # (auditor/reporters/view.py) redacts them on the way out, in every format.
        message=outcome.message,
        evidence=tuple(evidence),
        fingerprint=fingerprint(meta.id, resource_id),
        context=tuple(outcome.context),
        location=location,
    )


def _plain_evidence(evidence: Evidence) -> Evidence:
    """Evidence as reports can write it: a template's unresolved value that a rule quoted
    directly (Rule.evaluate replaces the verdicts that rest on one) shows as its expression."""
    if not unresolved_made() or not _holds_unresolved(evidence.observed):
        return evidence
    return replace(evidence, observed=_expressions(evidence.observed))


def _holds_unresolved(value: object) -> bool:
    if isinstance(value, Unresolved):
        return True
    if isinstance(value, dict):
        return any(_holds_unresolved(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return any(_holds_unresolved(v) for v in value)
    return False


def _expressions(value: object) -> object:
    if isinstance(value, Unresolved):
        return value.expression
    if isinstance(value, dict):
        return {k: _expressions(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_expressions(v) for v in value]
    return value


def _placing(source: Location | None) -> Location | None:
    """`source` when results on its resource are placed (`_placed`): infrastructure code, with
    lines of properties to narrow to or a deployment condition; None for a snapshot's or a live
    resource, which has neither."""
    if source is not None and (source.positions or source.condition is not None):
        return source
    return None


def _placed(result: Result, source: Location) -> Result:
    """`result` at where its resource came from (a source `_placing` gave): the lines of the
    property its evidence names (or the resource's block), with the condition the resource is
    deployed under quoted when it could not be decided."""
    location = source.narrowed(e.path for e in result.evidence)
    context = result.context
    if source.condition is not None:
        context = (
            *context,
            f"deployed only if {source.condition} (not decidable before deployment)",
        )
    return replace(result, location=location, context=context)


def _covered_type(meta: RuleMeta, gap: Gap) -> str | None:
    """The rule's resource type that the gap makes unreadable, if any."""
    return next((rtype for rtype in meta.resource_types if gap.covers_type(rtype)), None)


_RULE_STATUSES = (Status.FAIL, Status.PASS, Status.NOT_ASSESSED)


def _checked(outcomes: Iterable[object]) -> list[Outcome]:
    """A rule's outcomes, or a TypeError that the caller turns into not_assessed: a rule that
    yields something else (or claims to suppress) is broken for this resource."""
    checked: list[Outcome] = []
    for outcome in outcomes:
        if not isinstance(outcome, Outcome):
            raise TypeError(f"check yielded {type(outcome).__name__}, not an Outcome")
        if outcome.status not in _RULE_STATUSES:
            raise TypeError(f"check yielded status {outcome.status}; rules never suppress")
        checked.append(outcome)
    return checked


def evaluate_rule(
    rule: Rule,
    inventory: Inventory,
    ctx: RuleContext,
    configured: Mapping[str, Any] | None = None,
    judged: Judged | None = None,
) -> list[Result]:
    results: list[Result] = []
    ctx = _rule_context(rule, ctx, configured)
    for rtype in rule.meta.resource_types:
        for resource in inventory.of_type(rtype):
            if judged is not None and not judged(resource.id):
                continue
            _evaluate_on(rule, resource, ctx, results)
    seen_scopes: set[str] = set()
    for gap in inventory.gaps:
        covered = _covered_type(rule.meta, gap)
        scope_key = arm.normalize_id(gap.scope)
        if covered is None or scope_key in seen_scopes:
            continue
        if judged is not None and not judged(gap.scope):
            continue
        seen_scopes.add(scope_key)
        outcome = Outcome(Status.NOT_ASSESSED, gap.not_assessed_message())
        results.append(
            _stamp(rule, gap.scope, gap.resource_type or covered, arm.name_of(gap.scope), outcome)
        )
    return results


def _rule_context(
    rule: Rule, ctx: RuleContext, configured: Mapping[str, Any] | None
) -> RuleContext:
    """`ctx` with the rule's settings: its configured ones, its defaults for the rest."""
    return replace(ctx, settings=rule.meta.setting_values(configured))


def _evaluate_on(rule: Rule, resource: Resource, ctx: RuleContext, results: list[Result]) -> None:
    """Adds the rule's results on one resource to `results` (`ctx` holds the rule's settings)."""
    source = resource.source
    place = _placing(source)  # infrastructure code: each result at what it judged
    try:
        outcomes = _checked(rule.evaluate(resource, ctx))
    except Exception as exc:  # one broken evaluation must not sink the scan
        log.debug("rule %s raised on %s", rule.meta.id, resource.id, exc_info=True)
        outcomes = [
            Outcome(
                Status.NOT_ASSESSED,
                f"rule {rule.meta.id} could not evaluate this resource: "
                f"{type(exc).__name__}: {exc}",
            )
        ]
    for outcome in outcomes:
        result = _stamp(rule, resource.id, resource.type, resource.name, outcome, source)
        results.append(_placed(result, place) if place is not None else result)


def _outside(
    rules: Sequence[Rule],
    ctx: RuleContext,
    settings: Mapping[str, Mapping[str, Any]] | None,
    judged: Judged,
) -> Callable[[str, str], tuple[Result, ...]]:
    """For a shard's attack paths: a rule's results on a resource of the inventory that another
    shard judges (and reports), so that a path through it is the one a full scan finds."""
    by_id = {rule.meta.id: rule for rule in rules}
    done: dict[tuple[str, str], tuple[Result, ...]] = {}

    def worked_out(rule_id: str, resource_id: str) -> tuple[Result, ...]:
        rule, resource = by_id.get(rule_id), ctx.inventory.get(resource_id)
        if rule is None or resource is None or judged(resource.id):
            return ()
        if arm.normalize_type(resource.type) not in {
            arm.normalize_type(t) for t in rule.meta.resource_types
        }:
            return ()
        made: list[Result] = []
        _evaluate_on(rule, resource, _rule_context(rule, ctx, (settings or {}).get(rule_id)), made)
        return tuple(made)

    def results_on(rule_id: str, resource_id: str) -> tuple[Result, ...]:
        key = (rule_id, arm.normalize_id(resource_id))  # each asked once, whatever the answer
        if key not in done:
            done[key] = worked_out(rule_id, resource_id)
        return done[key]

    return results_on


def _judged(gaps: Iterable[Gap], judged: Judged | None) -> list[Gap]:
    return [g for g in gaps if judged is None or judged(g.scope)]


def gap_order(gap: Gap) -> tuple[str, str, str, str]:
    # Collectors work concurrently: reports list gaps in one order whatever order they arrived in.
    return (arm.normalize_id(gap.scope), (gap.resource_type or "").lower(), gap.code, gap.message)


# Facts read to judge other resources (a workspace's diagnostic settings, a vault's private
# endpoint connections, who holds which role, the Activity Log), never judged themselves (built-in
# role definitions included: AML118 judges custom ones): not listed as "not evaluated".
SUPPORTING_TYPES = frozenset(
    arm.normalize_type(t)
    for t in (
        ACTIVITY_LOG,
        ACTIVITY_LOG_EVENTS,
        DENY_ASSIGNMENTS,
        ROLE_ASSIGNMENTS,
        ROLE_DEFINITIONS,
        ROLE_ELIGIBILITY_INSTANCES,
        DIAGNOSTIC_SETTINGS,
        OUTBOUND_RULES,
        RAI_POLICIES,
        RESOURCE_GROUPS,
        SECURITY_PRICINGS,
        SUBSCRIPTIONS,
        VAULT_PRIVATE_ENDPOINT_CONNECTIONS,
        WORKSPACE_PRIVATE_ENDPOINT_CONNECTIONS,
    )
)


def _kind(resource: Resource) -> str | None:
    """What sets a resource apart within its type in the not-evaluated listing: a compute's
    computeType (attached Kubernetes, AKS, VirtualMachine ... computes are outside the rules)."""
    if arm.normalize_type(resource.type) != COMPUTES.lower():
        return None
    value = resource.get("properties.computeType")
    return (
        value.strip() if value is not MISSING and isinstance(value, str) and value.strip() else None
    )


def not_evaluated(
    inventory: Inventory, results: Iterable[Result], judged: Judged | None = None
) -> tuple[NotEvaluated, ...]:
    """The resources of `inventory` that none of `results` is about, by type and kind, sorted
    (of those `judged` holds, when only part of the inventory is judged)."""
    with_results = {arm.normalize_id(i) for i in set(map(attrgetter("resource_id"), results))}
    groups: dict[tuple[str, str], tuple[str, str | None, list[str]]] = {}
    for resource in inventory:
        rtype = arm.normalize_type(resource.type)
        if rtype in SUPPORTING_TYPES or arm.normalize_id(resource.id) in with_results:
            continue
        if judged is not None and not judged(resource.id):
            continue
        kind = _kind(resource)
        key = (rtype, (kind or "").lower())
        groups.setdefault(key, (resource.type, kind, []))[2].append(resource.id)
    return tuple(
        NotEvaluated(rtype, kind, tuple(sorted(ids, key=arm.normalize_id)))
        for _, (rtype, kind, ids) in sorted(groups.items())
    )


def evaluate(
    inventory: Inventory,
    rules: Sequence[Rule],
    *,
    now: datetime | None = None,
    warnings: Iterable[str] = (),
    settings: Mapping[str, Mapping[str, Any]] | None = None,
    judged: Judged | None = None,
    paths: Sequence[AttackPath] = (),
) -> ScanResult:
    """`settings` maps a rule id to its configured settings (checked by
    `controls.config.resolve_rule_settings`); a rule without an entry runs with its defaults.
    `judged`, when given, picks the resources (and gap scopes) to give results to; the rest of
    the inventory is still there for rules to look up (a shard's references into another).
    `paths` (auditor/evaluate/paths/) chain the rules' results into attack paths, each reported
    on its anchor (in a shard, those the shard judges)."""
    with collector_paused():  # an estate's results: 150,000 objects that all live on
        return _evaluate(inventory, rules, now, warnings, settings, judged, paths)


def _evaluate(
    inventory: Inventory,
    rules: Sequence[Rule],
    now: datetime | None,
    warnings: Iterable[str],
    settings: Mapping[str, Mapping[str, Any]] | None,
    judged: Judged | None,
    paths: Sequence[AttackPath],
) -> ScanResult:
    started = datetime.now(UTC)
    ctx = RuleContext(inventory, now or started)
    results: list[Result] = []
    for rule in rules:
        configured = (settings or {}).get(rule.meta.id)
        results += evaluate_rule(rule, inventory, ctx, configured, judged)
    outside = _outside(rules, ctx, settings, judged) if judged is not None and paths else None
    results += [
        path
        for path in find_paths(paths, ctx, results, (r.meta.id for r in rules), outside)
        if judged is None or judged(path.resource_id)
    ]
    # Each id normalized once (a resource has several results): fewer strings held at once.
    normalized: dict[str, str] = {}

    def order(r: Result) -> tuple[str, str, str, str]:
        key = normalized.get(r.resource_id)
        if key is None:
            key = normalized[r.resource_id] = arm.normalize_id(r.resource_id)
        return (r.rule_id, key, r.status.value, r.message)

    results.sort(key=order)
    normalized.clear()
    return ScanResult(
        results=tuple(results),
        gaps=tuple(sorted(_judged(inventory.gaps, judged), key=gap_order)),
        rules=(*(r.meta for r in rules), *(p.meta for p in paths)),
        sources=inventory.sources,
        scopes=tuple(s for s in inventory.scopes if judged is None or judged(s)),
        started_at=started,
        finished_at=datetime.now(UTC),
        tool_version=__version__,
        warnings=tuple(warnings),
        not_evaluated=not_evaluated(inventory, results, judged),
    )
