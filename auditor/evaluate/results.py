"""What an evaluation produces: results, suppressions and the whole scan.

Everything here is immutable: results are stamped and changed with `dataclasses.replace`."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from operator import attrgetter
from typing import Any

from auditor.inventory.resources import Gap, Location
from auditor.inventory.shard import Shard
from auditor.rulekit.meta import Evidence, RuleMeta, Severity, Status


@dataclass(frozen=True, slots=True)
class Suppression:
    """Why a result is accepted, and until when (from the config's [[suppress]] entries)."""

    reason: str
    expires: date | None = None
    source: str = "config"

    def to_json(self) -> dict[str, Any]:
        return {
            "reason": self.reason,
            "expires": self.expires.isoformat() if self.expires else None,
            "source": self.source,
        }


@dataclass(frozen=True, slots=True)
class PathStep:
    """One link of an attack path: an existing result (its rule, fingerprint and resource), or a
    fact the path read itself (who holds a role), with `rule_id` None. Steps of one `stage` are
    alternatives that each hold (two findings that both make the same link)."""

    stage: int  # 1-based position in the chain
    title: str  # what this link is, e.g. "reachable from the internet"
    # The step's result's own status (fail, or suppressed: a suppressed finding still makes the
    # path; pass for a link that is a practice in place, such as AML301's CMK); for a fact, fail
    # when it holds. NOT_ASSESSED: the link could not be read.
    status: Status
    resource_id: str
    resource_type: str
    resource_name: str
    rule_id: str | None
    fingerprint: str
    message: str

    def to_json(self) -> dict[str, Any]:
        return {
            "stage": self.stage,
            "title": self.title,
            "status": self.status.value,
            "rule": self.rule_id,
            "fingerprint": self.fingerprint,
            "resource_id": self.resource_id,
            "resource_type": self.resource_type,
            "resource_name": self.resource_name,
            "message": self.message,
        }


@dataclass(frozen=True, slots=True)
class Result:
    """One evaluation of one rule on one resource."""

    rule_id: str
    title: str
    severity: Severity
    status: Status
    resource_id: str
    resource_type: str
    resource_name: str
    message: str
    evidence: tuple[Evidence, ...] = ()
    fingerprint: str = ""
    location: Location | None = None
    suppression: Suppression | None = None
    baseline: str | None = None  # "new" | "known" when compared with a baseline, else None
    context: tuple[str, ...] = ()  # related facts, e.g. which workspaces use a shared vault
    # With --history: when this finding (its fingerprint failing) was first recorded, else None
    first_seen: datetime | None = None
    steps: tuple[PathStep, ...] = ()  # an attack path's chain; empty for a rule's result

    @property
    def is_path(self) -> bool:
        return bool(self.steps)


@dataclass(frozen=True, slots=True)
class NotEvaluated:
    """Resources the scan read that no rule judged, of one type (and, for computes, one
    computeType): reports list them so nothing read is silently dropped."""

    resource_type: str
    kind: str | None  # the computeType of computes ("Kubernetes"), else None
    resource_ids: tuple[str, ...]

    @property
    def count(self) -> int:
        return len(self.resource_ids)


@dataclass(frozen=True, slots=True)
class TrendPoint:
    """One recorded scan of the history, as a trend chart shows it: failing results by severity
    label (critical .. info)."""

    started_at: datetime
    failing: tuple[tuple[str, int], ...]
    complete: bool

    def count(self, severity: str) -> int:
        return dict(self.failing).get(severity, 0)

    @property
    def total(self) -> int:
        return sum(n for _, n in self.failing)


_STATUS = attrgetter("status")


@dataclass(frozen=True, slots=True, weakref_slot=True)  # the report view is kept while it lives
class ScanResult:
    results: tuple[Result, ...]
    gaps: tuple[Gap, ...]
    rules: tuple[RuleMeta, ...]
    sources: tuple[str, ...]
    started_at: datetime
    finished_at: datetime
    tool_version: str
    # Warnings quote exceptions (a rule plugin that failed to load) and config values: the report
    # view redacts them, with every other string a report shows.
    warnings: tuple[str, ...] = ()
    resolved: tuple[Result, ...] = ()  # failing in the baseline, gone now
    scopes: tuple[str, ...] = ()  # the subscriptions the sources read (`/subscriptions/<id>`)
    not_evaluated: tuple[NotEvaluated, ...] = ()  # read, but no rule gave them a result
    shard: Shard | None = None  # `--shard K/N`: this scan is one part of the estate
    trend: tuple[TrendPoint, ...] = ()  # with --history: the last recorded scans, oldest first

    @property
    def complete(self) -> bool:
        """False when something could not be read or judged: every report must say so."""
        return not self.gaps and Status.NOT_ASSESSED not in map(_STATUS, self.results)

    def by_status(self) -> dict[str, int]:
        counts = Counter(map(_STATUS, self.results))  # counted without a Python loop: 150,000
        return {s.value: counts[s] for s in Status}

    def by_severity(self, status: Status = Status.FAIL) -> dict[str, int]:
        counts = Counter(r.severity for r in self.results if r.status is status)
        return {s.label: counts[s] for s in sorted(Severity, reverse=True)}
