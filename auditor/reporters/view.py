"""The report view: everything a report shows, worked out once from a ScanResult.

Formatters (console, Markdown, HTML, SARIF, JSON) only lay the view out. The view owns:

- the one outgoing redaction boundary: `ReportView.scan` is the scan with every string a report
  shows (messages, evidence, context, warnings, gap messages, resource names, suppression
  reasons, sources) passed through `auditor.core.redact` once. Incoming data was redacted where it
  came in (the sources, `Gap`); this pass makes the reports safe whatever the rules or plugins
  wrote;
- counts by status and severity, and the complete/incomplete verdict;
- the subscriptions the report covers;
- the groupings (not-assessed results by scope and message, results by resource, ordered lists);
- each rule's help (rationale, remediation, references with their links);
- gap wording and resource-type labels.
"""

from __future__ import annotations

import dataclasses
import re
import weakref
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from operator import attrgetter
from typing import Any

from auditor.core.collector import collector_paused
from auditor.core.redact import names_in_ids, redact_text, redact_value
from auditor.evaluate.results import PathStep, Result, ScanResult
from auditor.inventory import arm
from auditor.inventory.resource_types import (
    ACTIVITY_LOG,
    ACTIVITY_LOG_EVENTS,
    APP_INSIGHTS,
    BATCH_DEPLOYMENTS,
    BATCH_ENDPOINTS,
    COGNITIVE_ACCOUNTS,
    COMPUTES,
    CONNECTIONS,
    CONTAINER_REGISTRIES,
    DATASTORES,
    DENY_ASSIGNMENTS,
    DIAGNOSTIC_SETTINGS,
    INFRASTRUCTURE_FILES,
    KEYS,
    ONLINE_DEPLOYMENTS,
    ONLINE_ENDPOINTS,
    OUTBOUND_RULES,
    PRIVATE_ENDPOINTS,
    REGISTRIES,
    RESOURCE_GROUPS,
    ROLE_ASSIGNMENTS,
    ROLE_DEFINITIONS,
    ROLE_ELIGIBILITY_INSTANCES,
    SERVERLESS_ENDPOINTS,
    STORAGE_ACCOUNTS,
    SUBSCRIPTIONS,
    VAULTS,
    WEB_SERVICES,
    WORKSPACES,
)
from auditor.inventory.resources import Gap
from auditor.reporters.catalogue import POLICY_URL
from auditor.rulekit.access import READERS_EVIDENCE, READS_EVIDENCE
from auditor.rulekit.meta import Evidence, Remediation, RuleMeta, Severity, Status

MCSB_DOMAINS = {
    "NS": "network-security",
    "IM": "identity-management",
    "PA": "privileged-access",
    "DP": "data-protection",
    "AM": "asset-management",
    "LT": "logging-threat-detection",
    "IR": "incident-response",
    "PV": "posture-vulnerability-management",
    "ES": "endpoint-security",
    "BR": "backup-recovery",
    "DS": "devops-security",
    "GS": "governance-strategy",
}
MCSB_BASE = "https://learn.microsoft.com/security/benchmark/azure/"

# Friendly names, and the order siblings are listed in: a workspace before what it depends on,
# an endpoint before its deployments, computes and connections after.
TYPE_LABELS: tuple[tuple[str, str], ...] = (
    (SUBSCRIPTIONS, "subscription"),
    (RESOURCE_GROUPS, "resource group"),
    (WORKSPACES, "workspace"),
    (ONLINE_ENDPOINTS, "online endpoint"),
    (ONLINE_DEPLOYMENTS, "deployment"),
    (BATCH_ENDPOINTS, "batch endpoint"),
    (BATCH_DEPLOYMENTS, "deployment"),
    (SERVERLESS_ENDPOINTS, "serverless endpoint"),
    (COMPUTES, "compute"),
    (CONNECTIONS, "connection"),
    (DATASTORES, "datastore"),
    (WEB_SERVICES, "legacy web service"),
    (OUTBOUND_RULES, "outbound rule"),
    (REGISTRIES, "ML registry"),
    (VAULTS, "key vault"),
    (KEYS, "key"),
    (STORAGE_ACCOUNTS, "storage account"),
    (CONTAINER_REGISTRIES, "container registry"),
    (COGNITIVE_ACCOUNTS, "AI Services account"),
    (APP_INSIGHTS, "Application Insights"),
    (DIAGNOSTIC_SETTINGS, "diagnostic setting"),
    (PRIVATE_ENDPOINTS, "private endpoint"),
    (ROLE_ASSIGNMENTS, "role assignment"),
    (ROLE_DEFINITIONS, "role definition"),
    (DENY_ASSIGNMENTS, "deny assignment"),
    (ROLE_ELIGIBILITY_INSTANCES, "PIM eligibility instance"),
    (ACTIVITY_LOG_EVENTS, "Activity Log event"),
    (ACTIVITY_LOG, "Activity Log"),
    (INFRASTRUCTURE_FILES, "infrastructure-code file"),
)
_TYPE_LABEL = {t.lower(): label for t, label in TYPE_LABELS}
TYPE_RANK = {t.lower(): rank for rank, (t, _) in enumerate(TYPE_LABELS)}

SEVERITIES = tuple(sorted(Severity, reverse=True))  # critical first


# --- labels and links ---------------------------------------------------------------------------


def type_label(resource_type: str) -> str:
    """`Microsoft.KeyVault/vaults` -> `key vault`; unknown types keep their last segment."""
    known = _TYPE_LABEL.get(resource_type.lower())
    if known:
        return known
    last = resource_type.rsplit("/", 1)[-1]
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", last).lower() or resource_type


def resource_type_label(result: Result) -> str:
    """What the result's resource is: for a gap's scope (a subscription), the scope's own type,
    not the type that could not be read under it."""
    return type_label(arm.type_of(result.resource_id) or result.resource_type)


def plural_label(label: str) -> str:
    """`key vault` -> `key vaults`, `ML registry` -> `ML registries`."""
    if label.endswith("s"):
        return label
    if label.endswith("y") and label[-2:-1] not in "aeiou":
        return label[:-1] + "ies"
    return label + "s"


def resource_place(resource_id: str, resource_type: str) -> str:
    """What a resource is and where, without its (long) id: `deployment · mlw-contoso-prod/
    ep-entra-auth · resource group rg-ml-prod`. The parents tell two deployments named `blue`
    apart."""
    parts = [type_label(arm.type_of(resource_id) or resource_type)]
    parents: list[str] = []
    parent = arm.parent_id(resource_id)
    while parent and arm.type_of(parent) not in (None, RESOURCE_GROUPS, SUBSCRIPTIONS):
        parents.append(arm.name_of(parent))
        parent = arm.parent_id(parent)
    if parents:
        parts.append("/".join(reversed(parents)))
    group = arm.resource_group_of(resource_id)
    if group:
        parts.append(f"resource group {group}")
    return " · ".join(parts)


_SENTENCE_END = re.compile(r"(?<=[a-z0-9)'\"`])\.\s+(?=[A-Z])")


def linted(scan: ScanResult) -> bool:
    """Whether the results come from `aml-audit lint` (its source is named `lint:<paths>`)."""
    return any(source.startswith("lint:") for source in scan.sources)


def file_position(result: Result) -> str | None:
    """`path:line` of a result located in a file, where an editor or a terminal can jump to it.
    Reporters show it for lint's results (`linted`); a snapshot's results are located in the
    snapshot file, which is not where a fix goes."""
    location = result.location
    if location is None or location.kind != "file":
        return None
    return f"{location.uri}:{location.start_line}" if location.start_line else location.uri


def first_sentence(text: str) -> str:
    return _SENTENCE_END.split(" ".join(text.split()), maxsplit=1)[0].rstrip(".")


def policy_url(guid: str) -> str:
    return POLICY_URL.format(guid)


def mcsb_url(control: str) -> str:
    domain = MCSB_DOMAINS.get(control.split("-", 1)[0].upper())
    return f"{MCSB_BASE}mcsb-{domain}" if domain else f"{MCSB_BASE}overview"


def plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"


# --- the parts of the view ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RuleHelp:
    """What a report says about a rule beyond its findings: why, how to fix, where to read more."""

    meta: RuleMeta
    resource_types: tuple[tuple[str, str], ...]  # (type, label)
    policies: tuple[tuple[str, str], ...]  # (definition guid, portal url)
    mcsb: tuple[tuple[str, str], ...]  # (control, benchmark page url)
    docs: tuple[tuple[str, bool], ...]  # (url, is a web link: only those become anchors)

    @property
    def id(self) -> str:
        return self.meta.id

    @property
    def title(self) -> str:
        return self.meta.title

    @property
    def category(self) -> str:
        return self.meta.category

    @property
    def rationale(self) -> str:
        return self.meta.rationale

    @property
    def remediation(self) -> Remediation:
        return self.meta.remediation

    @property
    def aliases(self) -> tuple[str, ...]:
        return tuple(self.meta.aliases)

    @property
    def fix_summary(self) -> str:
        """How to fix a failure, in one sentence: the remediation's first."""
        return first_sentence(self.meta.remediation.description)

    @classmethod
    def of(cls, meta: RuleMeta) -> RuleHelp:
        refs = meta.references
        return cls(
            meta,
            tuple((t, type_label(t)) for t in meta.resource_types),
            tuple((guid, policy_url(guid)) for guid in refs.policy),
            tuple((control, mcsb_url(control)) for control in refs.mcsb),
            # A plugin's "javascript:" reference stays inert text.
            tuple((url, url.lower().startswith(("https://", "http://"))) for url in refs.docs),
        )


@dataclass(frozen=True, slots=True)
class GapView:
    """A gap as reports word it."""

    gap: Gap

    @property
    def scope(self) -> str:
        return self.gap.scope

    @property
    def scope_name(self) -> str:
        return arm.name_of(self.gap.scope)

    @property
    def scope_type(self) -> str:
        return type_label(arm.type_of(self.gap.scope) or "scope")

    @property
    def what(self) -> str:
        """The friendly name of what could not be read there."""
        return type_label(self.gap.resource_type) if self.gap.resource_type else "everything"

    @property
    def resource_type(self) -> str | None:
        return self.gap.resource_type

    @property
    def status(self) -> int | None:
        return self.gap.status

    @property
    def code(self) -> str:
        return self.gap.code

    @property
    def message(self) -> str:
        return self.gap.message

    def failure(self, show_code: Callable[[str], str] = str) -> str:
        return self.gap.failure(show_code)

    @property
    def denied(self) -> bool:
        """Refused to the scanning identity: more read access fixes it."""
        return self.gap.status in (401, 403)


@dataclass(frozen=True, slots=True)
class GapGroup:
    """The gaps of one scope that failed the same way (a subscription that refused four resource
    types is four gaps with one cause), with the rules they left not assessed there: the console
    words them once."""

    gaps: tuple[GapView, ...]
    rule_ids: tuple[str, ...]

    @property
    def first(self) -> GapView:
        return self.gaps[0]

    @property
    def what(self) -> str:
        """What could not be read there: `AI Services accounts, key vaults` or `everything`."""
        labels = sorted(
            {plural_label(g.what) if g.resource_type else g.what for g in self.gaps}, key=str.lower
        )
        return "everything" if "everything" in labels else ", ".join(labels)


def group_gaps(gaps: Iterable[GapView], not_assessed: Iterable[Result]) -> list[GapGroup]:
    """Gaps by scope and failure, in order of first appearance, each with the rules whose
    not_assessed results on that scope it caused."""
    groups: dict[tuple[str, str], list[GapView]] = {}
    for gap in gaps:
        groups.setdefault((arm.normalize_id(gap.scope), gap.failure()), []).append(gap)
    caused: dict[tuple[str, str], set[str]] = {}
    for r in not_assessed:
        caused.setdefault((arm.normalize_id(r.resource_id), r.message), set()).add(r.rule_id)
    result = []
    for (scope, _), members in groups.items():
        rule_ids: set[str] = set()
        for gap in members:
            rule_ids |= caused.get((scope, gap.gap.not_assessed_message()), set())
        result.append(GapGroup(tuple(members), tuple(sorted(rule_ids))))
    return result


def caused_by_gaps(result: Result, gaps: Iterable[GapView]) -> bool:
    """Whether `result` is the not_assessed result a gap gave a rule (rather than a rule's own
    verdict that a value could not be judged)."""
    key = arm.normalize_id(result.resource_id)
    return any(
        arm.normalize_id(g.scope) == key and result.message == g.gap.not_assessed_message()
        for g in gaps
    )


@dataclass(frozen=True, slots=True)
class NotAssessedGroup:
    """Not-assessed results with the same resource and message. A gap on a subscription gives one
    `not_assessed` result per rule on that scope, all with the same message: the console and
    Markdown reports show them as one line naming the rules; JSON, SARIF and HTML keep every
    result."""

    resource_id: str
    message: str
    results: tuple[Result, ...]

    @property
    def rule_ids(self) -> list[str]:
        return sorted({r.rule_id for r in self.results})


def group_not_assessed(results: Iterable[Result]) -> list[NotAssessedGroup]:
    """Results with the same resource and message, in order of first appearance. Results with
    evidence stay alone: their evidence is shown under each."""
    groups: dict[tuple[str, str], list[Result]] = {}
    singles = 0
    for r in results:
        if r.evidence:
            key = (f"\0{singles}", "")
            singles += 1
        else:
            key = (arm.normalize_id(r.resource_id), r.message)
        groups.setdefault(key, []).append(r)
    return [NotAssessedGroup(g[0].resource_id, g[0].message, tuple(g)) for g in groups.values()]


# --- redaction: where reports go out ------------------------------------------------------------


_PLAIN = frozenset({bool, int, float})

# Fields read in C, for the passes over an estate's 150,000 results.
_SEVERITY_AND_STATUS = attrgetter("severity", "status")
_RESOURCE_ID = attrgetter("resource_id")
_BASELINE = attrgetter("baseline")


class _Shown:
    """Outgoing text of one scan redacted, the names of its resources known: each string that
    repeats (a resource's name on each of its results, a message, an observed "Enabled") is
    redacted once. The same answer as `redact_text(text, names=names)` (`fact`: with
    `guess=False`, for ids), and the very string it was given when nothing was replaced."""

    __slots__ = ("_changed", "_facts", "names")

    def __init__(self, names: Collection[str]) -> None:
        self.names = names
        self._changed: dict[str, str | None] = {}  # None: nothing to replace in it
        self._facts: dict[str, str | None] = {}

    def text(self, value: str) -> str:
        try:
            done = self._changed[value]
        except KeyError:
            redacted = redact_text(value, names=self.names)
            done = self._changed[value] = None if redacted == value else redacted
        return value if done is None else done

    def fact(self, value: str) -> str:
        """An id: a fact, never guessed a secret; a credential pattern in one (a hand-written
        snapshot's "kv;AccountKey=...") is still replaced."""
        try:
            done = self._facts[value]
        except KeyError:
            redacted = redact_text(value, guess=False)
            done = self._facts[value] = None if redacted == value else redacted
        return value if done is None else done

    def value(self, value: Any) -> Any:
        if isinstance(value, str):
            return self.text(value)
        if value is None or type(value) in _PLAIN:  # most observed values that are not text
            return value
        return redact_value(value, names=self.names)


def _redacted_evidence(evidence: Evidence, shown: _Shown) -> Evidence:
    observed = shown.value(evidence.observed)
    return (
        evidence
        if observed is evidence.observed
        else dataclasses.replace(evidence, observed=observed)
    )


def _redacted_result(result: Result, shown: _Shown) -> Result:
    """`result` with its shown strings redacted; `result` itself when none held a credential
    (nearly every result of an estate: the view then holds no second copy of them)."""
    suppression = result.suppression
    if suppression is not None:
        reason = redact_text(suppression.reason)
        if reason is not suppression.reason:
            suppression = dataclasses.replace(suppression, reason=reason)
    resource_id = shown.fact(result.resource_id)
    resource_name = shown.text(result.resource_name)
    message = shown.text(result.message)  # an estate's 150,000 results say 45,000 messages
    # Evidence, context and steps are copied only when one of them changed (almost never).
    evidence = result.evidence
    for item in evidence:
        if shown.value(item.observed) is not item.observed:
            evidence = tuple(_redacted_evidence(e, shown) for e in evidence)
            break
    context = result.context
    for line in context:
        if shown.text(line) is not line:
            context = tuple(shown.text(c) for c in context)
            break
    steps = result.steps
    if steps:
        redacted_steps = tuple(_redacted_step(step, shown) for step in steps)
        if any(a is not b for a, b in zip(redacted_steps, steps, strict=True)):
            steps = redacted_steps
    if (
        suppression is result.suppression
        and resource_id is result.resource_id
        and resource_name is result.resource_name
        and message is result.message
        and evidence is result.evidence
        and context is result.context
        and steps is result.steps
    ):
        return result
    return dataclasses.replace(
        result,
        resource_id=resource_id,
        resource_name=resource_name,
        message=message,
        evidence=evidence,
        suppression=suppression,
        context=context,
        steps=steps,
    )


def _redacted_step(step: PathStep, shown: _Shown) -> PathStep:
    """An attack path's step, redacted like a result (itself when nothing needed it)."""
    resource_id = shown.fact(step.resource_id)
    resource_name = shown.text(step.resource_name)
    title = shown.text(step.title)
    message = shown.text(step.message)
    if (
        resource_id is step.resource_id
        and resource_name is step.resource_name
        and title is step.title
        and message is step.message
    ):
        return step
    return dataclasses.replace(
        step, resource_id=resource_id, resource_name=resource_name, title=title, message=message
    )


def redacted_scan(scan: ScanResult) -> ScanResult:
    """`scan` with the credentials in every string a report shows redacted: the one outgoing
    boundary. Only the word holding a credential is replaced; the names of the resources the scan
    judged (every segment of their ids) are never taken for one, wherever a message quotes them."""
    # Each id once: an estate's 150,000 results are about 50,000 resources.
    names = names_in_ids({*map(_RESOURCE_ID, scan.results), *map(_RESOURCE_ID, scan.resolved)})
    shown = _Shown(names)
    return dataclasses.replace(
        scan,
        results=tuple(_redacted_result(r, shown) for r in scan.results),
        resolved=tuple(_redacted_result(r, shown) for r in scan.resolved),
        gaps=tuple(
            dataclasses.replace(g, message=redact_text(g.message, names=names)) for g in scan.gaps
        ),
        sources=tuple(redact_text(s) for s in scan.sources),
        warnings=tuple(redact_text(w, names=names) for w in scan.warnings),
        not_evaluated=tuple(
            dataclasses.replace(
                group,
                resource_type=redact_text(group.resource_type, guess=False),
                kind=redact_text(group.kind, guess=False) if group.kind else group.kind,
                resource_ids=tuple(shown.fact(i) for i in group.resource_ids),
            )
            for group in scan.not_evaluated
        ),
    )


@dataclass(frozen=True, slots=True)
class NotEvaluatedView:
    """Resources read that no rule judged, of one type and kind: "1 Kubernetes compute"."""

    label: str  # singular, e.g. "Kubernetes compute"
    resource_ids: tuple[str, ...]

    @property
    def count(self) -> int:
        return len(self.resource_ids)

    @property
    def phrase(self) -> str:
        many = self.label if self.label.endswith("s") else None
        return plural(self.count, self.label, many)


def _not_evaluated(scan: ScanResult) -> tuple[NotEvaluatedView, ...]:
    views = []
    for group in scan.not_evaluated:
        label = type_label(group.resource_type)
        views.append(  # `scan` is the redacted one (redacted_scan): its types and ids are safe
            NotEvaluatedView(f"{group.kind} {label}" if group.kind else label, group.resource_ids)
        )
    return tuple(views)


NOT_EVALUATED = "Read but not evaluated (no rule judges them)"


# --- the view -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class KeyReader:
    """One principal that can read an endpoint's keys, as the rule's evidence lists it."""

    principal: str
    type: str
    role: str
    scope: str
    granted: str  # direct, group or eligible
    note: str  # undecidable or deny remarks, "" when none


@dataclass(frozen=True, slots=True)
class KeyRead:
    """Key reads by one caller, as the Activity Log recorded them."""

    caller: str
    type: str
    calls: str
    last: str


@dataclass(frozen=True, slots=True)
class KeyReadersView:
    """The "Who can read the keys" view of one endpoint: from the evidence of the result that
    lists its key readers (auditor/rulekit/access.py names the evidence paths)."""

    resource_id: str
    resource_name: str
    status: str
    message: str
    readers: tuple[KeyReader, ...]
    reads: tuple[KeyRead, ...]
    reads_note: str  # "none in ...", "not read: ...", or "" when `reads` lists them


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _key_readers_of(result: Result) -> KeyReadersView | None:
    evidence = {e.path: e.observed for e in result.evidence}
    readers = evidence.get(READERS_EVIDENCE)
    if not isinstance(readers, list):
        return None
    rows = tuple(
        KeyReader(
            _text(row.get("principal")),
            _text(row.get("type")),
            _text(row.get("role")),
            _text(row.get("scope")),
            _text(row.get("granted")),
            "; ".join(_text(row[k]) for k in ("undecidable", "deny") if row.get(k)),
        )
        for row in readers
        if isinstance(row, Mapping)
    )
    reads_value = evidence.get(READS_EVIDENCE)
    reads = (
        tuple(
            KeyRead(
                _text(row.get("caller")),
                _text(row.get("type")),
                _text(row.get("calls")),
                _text(row.get("last")),
            )
            for row in reads_value
            if isinstance(row, Mapping)
        )
        if isinstance(reads_value, list)
        else ()
    )
    note = "" if isinstance(reads_value, list) else _text(reads_value)
    return KeyReadersView(
        result.resource_id,
        result.resource_name,
        result.status.value,
        result.message,
        rows,
        reads,
        note,
    )


def key_readers(scan: ScanResult) -> tuple[KeyReadersView, ...]:
    """Every endpoint whose results list who can read its keys, by resource id."""
    found = []
    for result in scan.results:
        for item in result.evidence:  # a result's one or two: no mapping made for each
            if item.path == READERS_EVIDENCE:
                view = _key_readers_of(result)
                if view is not None:
                    found.append(view)
                break
    return tuple(sorted(found, key=lambda v: arm.normalize_id(v.resource_id)))


PATH_STATES = {Status.FAIL: "confirmed", Status.NOT_ASSESSED: "possible"}


def path_state(result: Result) -> str:
    """How an attack path reads: "confirmed" (every link holds), "possible" (a link could not
    be read), or "suppressed"."""
    return PATH_STATES.get(result.status, result.status.value)


def attack_paths(results: Iterable[Result]) -> tuple[Result, ...]:
    """The confirmed, then the possible attack paths: what to fix first."""
    shown = [r for r in results if r.is_path and r.status in PATH_STATES]
    return tuple(
        sorted(shown, key=lambda r: (r.status is not Status.FAIL, r.rule_id, r.resource_id))
    )


def _order(result: Result) -> tuple[int, str, str]:
    return (-result.severity, result.rule_id, arm.normalize_id(result.resource_id))


@dataclass(frozen=True, slots=True)
class ReportView:
    scan: ScanResult  # redacted: formatters read results, gaps and warnings from here only
    counts: Mapping[tuple[Severity, Status], int]  # results by (severity, status)
    by_status: Mapping[str, int]  # status value -> results
    failing_by_severity: Mapping[str, int]  # severity label -> failing results, critical first
    subscriptions: tuple[str, ...]  # the subscriptions the report covers, sorted
    failing: tuple[Result, ...]
    suppressed: tuple[Result, ...]
    not_assessed: tuple[Result, ...]
    passing: tuple[Result, ...]
    not_assessed_groups: tuple[NotAssessedGroup, ...]
    gaps: tuple[GapView, ...]
    gap_groups: tuple[GapGroup, ...]  # gaps by scope and failure, with the rules they affected
    # Not-assessed results that no gap caused: the rules' own "cannot judge this value".
    judged_not_assessed_groups: tuple[NotAssessedGroup, ...]
    gap_scopes: int  # scopes behind the gaps: a subscription denied four types is four gaps
    rule_help: Mapping[str, RuleHelp]  # by rule id, for every rule of the scan
    with_baseline: bool
    new_count: int
    known_count: int
    not_evaluated: tuple[NotEvaluatedView, ...] = ()  # resources read that no rule judged
    key_readers: tuple[KeyReadersView, ...] = ()  # "Who can read the keys", per endpoint
    paths: tuple[Result, ...] = ()  # attack paths, confirmed then possible: shown first

    @property
    def not_evaluated_line(self) -> str:
        """`Read but not evaluated (no rule judges them): 1 Kubernetes compute`, or ""."""
        if not self.not_evaluated:
            return ""
        return f"{NOT_EVALUATED}: {', '.join(n.phrase for n in self.not_evaluated)}"

    @property
    def complete(self) -> bool:
        return self.scan.complete

    @property
    def rule_count(self) -> int:
        """The rules the scan ran, its attack paths apart (a gap leaves every rule unjudged)."""
        return sum(1 for meta in self.scan.rules if not meta.is_path)

    @property
    def any_denied(self) -> bool:
        return any(gap.denied for gap in self.gaps)

    def count(self, severity: Severity, status: Status) -> int:
        return self.counts.get((severity, status), 0)

    def sorted_by_severity(self, results: Iterable[Result]) -> list[Result]:
        """Most severe first, then by rule and resource."""
        return sorted(results, key=_order)


def _subscriptions(scan: ScanResult) -> tuple[str, ...]:
    ids: Iterable[str] = {  # each id once: a resource has several results
        *map(_RESOURCE_ID, scan.results),
        *(g.scope for g in scan.gaps),
        *map(_RESOURCE_ID, scan.resolved),
    }
    found: dict[str, str] = {}
    for resource_id in ids:
        sub = arm.subscription_of(resource_id)
        if sub:
            found.setdefault(sub.lower(), sub)
    return tuple(sorted(found.values(), key=str.lower))


def build_view(scan: ScanResult) -> ReportView:
    with collector_paused():  # an estate's view: groupings of 150,000 results
        return _build_view(scan)


def _build_view(scan: ScanResult) -> ReportView:
    shown = redacted_scan(scan)
    by_status: dict[Status, list[Result]] = {status: [] for status in Status}
    for r in shown.results:
        by_status[r.status].append(r)
    failing = by_status[Status.FAIL]
    gaps = tuple(GapView(g) for g in shown.gaps)
    not_assessed = by_status[Status.NOT_ASSESSED]
    baseline_counts = Counter(r.baseline for r in failing if r.baseline)
    return ReportView(
        scan=shown,
        counts=Counter(map(_SEVERITY_AND_STATUS, shown.results)),
        by_status=shown.by_status(),
        failing_by_severity=shown.by_severity(),
        subscriptions=_subscriptions(shown),
        failing=tuple(failing),
        suppressed=tuple(by_status[Status.SUPPRESSED]),
        not_assessed=tuple(by_status[Status.NOT_ASSESSED]),
        passing=tuple(by_status[Status.PASS]),
        not_assessed_groups=tuple(group_not_assessed(not_assessed)),
        gaps=gaps,
        gap_groups=tuple(group_gaps(gaps, not_assessed)),
        judged_not_assessed_groups=tuple(
            group_not_assessed(r for r in not_assessed if not caused_by_gaps(r, gaps))
        ),
        gap_scopes=len({arm.normalize_id(g.scope) for g in shown.gaps}),
        rule_help={m.id: RuleHelp.of(m) for m in shown.rules},
        with_baseline=bool(shown.resolved) or any(map(_BASELINE, shown.results)),
        new_count=baseline_counts.get("new", 0),
        known_count=baseline_counts.get("known", 0),
        not_evaluated=_not_evaluated(shown),
        key_readers=key_readers(shown),
        paths=attack_paths(shown.results),
    )


# The last scan's view, while that scan lives: held through a weak reference to the scan, the
# view (an estate's results, redacted) goes when its scan goes, not at the end of the process,
# where the interpreter's last collections walk all of it (a second of CPU at estate size).
_last: list[tuple[weakref.ref[ScanResult], ReportView]] = []


def view_of(scan: ScanResult) -> ReportView:
    """The view of `scan`, built once however many formats it is written in."""
    if _last and _last[0][0]() is scan:
        return _last[0][1]
    view = build_view(scan)
    _last[:] = [(weakref.ref(scan, _forget), view)]
    return view


def _forget(scan: weakref.ref[ScanResult]) -> None:
    if _last and _last[0][0] is scan:
        _last.clear()
