"""The JSON report, both ways: written by `--format json` and read back (by the baseline today, by
a shard merge later). One module, so the writer and the readers cannot drift apart.

The document is a versioned contract: docs/json-report.md describes it and
`auditor/schemas/json-report.schema.json` states it for machines. Writing is deterministic: keys in
a fixed order, results in the scan's order (sorted by rule id, then resource id). The writer does
not redact: it is handed the report view's scan, in which every shown string already was.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TextIO

from auditor.core import schemas
from auditor.core.errors import AuditorError
from auditor.core.jsontext import compact_json
from auditor.evaluate.results import NotEvaluated, PathStep, Result, ScanResult, Suppression
from auditor.inventory import arm
from auditor.inventory.resources import Gap, Location
from auditor.inventory.shard import Shard
from auditor.rulekit.meta import Evidence, Severity, Status

SCHEMA_NAME = "json-report"  # auditor/schemas/json-report.schema.json, the published contract
# 1.1: summary.not_evaluated; 1.2: scan.scopes/shard/rules, first_seen; 1.3: attack paths' steps
SCHEMA_VERSION = "1.3"
READS_MAJOR = "1"  # reads reports of schema 1.x: minor versions only add fields


class ReportError(AuditorError):
    """A JSON report read back is not one this version of aml-audit wrote."""


ErrorFactory = Callable[[str], AuditorError]
# How to fix a document that is not as the writer writes it (hand-edited, or not from aml-audit).
REWRITE = (
    "not a JSON report as aml-audit writes it: re-create it with `aml-audit scan -o report.json`"
)


# --- writing ------------------------------------------------------------------------------------


# Enum members' `.value` and `.label` are properties, looked up 150,000 times in an estate.
_STATUS_TEXT = {status: status.value for status in Status}
_SEVERITY_TEXT = {severity: severity.label for severity in Severity}


def result_to_json(result: Result) -> dict[str, Any]:
    return _result_json(result, result.location.to_json() if result.location else None)


def _result_json(result: Result, location: dict[str, Any] | None) -> dict[str, Any]:
    written = {
        "rule_id": result.rule_id,
        "title": result.title,
        "severity": _SEVERITY_TEXT[result.severity],
        "status": _STATUS_TEXT[result.status],
        "resource_id": result.resource_id,
        "resource_type": result.resource_type,
        "resource_name": result.resource_name,
        "message": result.message,
        "evidence": [
            {"path": e.path, "observed": e.observed, "expected": e.expected}
            for e in result.evidence
        ],
        "fingerprint": result.fingerprint,
        "location": location,
        "suppression": result.suppression.to_json() if result.suppression else None,
        "baseline": result.baseline,
        "context": list(result.context),
        "first_seen": result.first_seen.isoformat() if result.first_seen else None,
    }
    if result.steps:  # an attack path: its chain, each step naming its own result
        written["steps"] = [s.to_json() for s in result.steps]
    return written


def _results_json(results: Iterable[Result]) -> Iterator[dict[str, Any]]:
    """Each result's object; a resource's results share its location, made once (the scan holds
    every location while this runs, so its identity names it)."""
    locations: dict[int, dict[str, Any]] = {}
    for result in results:
        location = result.location
        if location is None:
            yield _result_json(result, None)
            continue
        written = locations.get(id(location))
        if written is None:
            written = locations[id(location)] = location.to_json()
        yield _result_json(result, written)


def _head(scan: ScanResult) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "aml-auditor", "version": scan.tool_version},
        "scan": {
            "started_at": scan.started_at.isoformat(),
            "finished_at": scan.finished_at.isoformat(),
            "sources": list(scan.sources),
            "complete": scan.complete,
            "warnings": list(scan.warnings),
            "scopes": list(scan.scopes),
            "shard": scan.shard.label if scan.shard else None,
            "rules": [meta.id for meta in scan.rules],
        },
    }


def _summary(scan: ScanResult) -> dict[str, Any]:
    return {
        "by_status": scan.by_status(),
        "by_severity": scan.by_severity(),
        "not_evaluated": [
            {
                "resource_type": group.resource_type,
                "kind": group.kind,
                "count": group.count,
                "resource_ids": list(group.resource_ids),
            }
            for group in scan.not_evaluated
        ],
    }


def scan_to_json(scan: ScanResult) -> dict[str, Any]:
    return {
        **_head(scan),
        "results": [result_to_json(r) for r in scan.results],
        "gaps": [g.to_json() for g in scan.gaps],
        "resolved": [result_to_json(r) for r in scan.resolved],
        "summary": _summary(scan),
    }


def write_report(scan: ScanResult, stream: TextIO) -> None:
    """The document `scan_to_json` makes, written as it is made: an estate's report is hundreds
    of megabytes as one string. Compact, with each top-level member and each result, gap and
    resolved result on a line of its own (readable with `jq`, diffable line by line)."""
    encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    stream.write("{")
    for key, value in _head(scan).items():
        stream.write(f"{encode(key)}:{encode(value)},\n")
    lists: tuple[tuple[str, Iterable[Any]], ...] = (
        ("results", _results_json(scan.results)),
        ("gaps", (g.to_json() for g in scan.gaps)),
        ("resolved", _results_json(scan.resolved)),
    )
    for key, items in lists:
        stream.write(f"{encode(key)}:[")
        separator = "\n"
        for item in items:
            stream.write(separator)
            stream.write(compact_json(item))
            separator = ",\n"
        stream.write("],\n")
    stream.write(f'"summary":{encode(_summary(scan))}}}\n')


# --- reading ------------------------------------------------------------------------------------


def _required_str(entry: Mapping[str, Any], key: str, where: str, error: ErrorFactory) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value:
        raise error(f"{where}: '{key}' must be a non-empty string")
    return value


def _line(value: Any) -> int | None:
    """A line number of a location, or None if the report's is not one."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _status(entry: Any, where: str, error: ErrorFactory) -> Status:
    if not isinstance(entry, Mapping):
        raise error(f"{where}: must be an object")
    status_text = _required_str(entry, "status", where, error)
    try:
        return Status(status_text)
    except ValueError:
        raise error(f"{where}: unknown status {status_text!r}") from None


def result_from_json(
    entry: Mapping[str, Any], where: str, error: ErrorFactory, status: Status | None = None
) -> Result:
    """A result of a report rebuilt as a Result, as the report recorded it (so a resolved one
    shows what was wrong). `status` is the entry's, when the caller already read it."""
    if status is None:
        status = _status(entry, where, error)
    try:
        severity = Severity.parse(_required_str(entry, "severity", where, error))
    except ValueError as exc:
        raise error(f"{where}: {exc}") from None
    resource_id = _required_str(entry, "resource_id", where, error)
    for key in ("evidence", "context"):
        if not isinstance(entry.get(key) or [], list):
            raise error(f"{where}: '{key}' must be an array")
    evidence = tuple(
        Evidence(str(e.get("path", "")), e.get("observed"), str(e.get("expected", "")))
        for e in entry.get("evidence") or ()
        if isinstance(e, Mapping)
    )
    location = None
    loc = entry.get("location")
    if isinstance(loc, Mapping) and isinstance(loc.get("uri"), str):
        location = Location(
            kind=str(loc.get("kind", "file")),
            uri=loc["uri"],
            api_version=loc.get("api_version"),
            start_line=_line(loc.get("start_line")),
            end_line=_line(loc.get("end_line")),
        )
    suppression = None
    sup = entry.get("suppression")
    if isinstance(sup, Mapping) and isinstance(sup.get("reason"), str):
        try:
            expires = date.fromisoformat(sup["expires"]) if sup.get("expires") else None
        except (TypeError, ValueError):
            raise error(f"{where}: suppression 'expires' is not a date") from None
        suppression = Suppression(sup["reason"], expires, str(sup.get("source") or "config"))
    return Result(
        rule_id=_required_str(entry, "rule_id", where, error).upper(),
        title=str(entry.get("title") or ""),
        severity=severity,
        status=status,
        resource_id=resource_id,
        resource_type=str(entry.get("resource_type") or arm.type_of(resource_id) or ""),
        resource_name=str(entry.get("resource_name") or arm.name_of(resource_id)),
        message=str(entry.get("message") or ""),
        evidence=evidence,
        fingerprint=_required_str(entry, "fingerprint", where, error),
        location=location,
        suppression=suppression,
        context=tuple(str(c) for c in entry.get("context") or ()),
        first_seen=_datetime(entry.get("first_seen")),
        steps=_steps(entry.get("steps"), where, error),
    )


def _datetime(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def _steps(value: Any, where: str, error: ErrorFactory) -> tuple[PathStep, ...]:
    """An attack path's steps as written (schema 1.2); none on a rule's result."""
    if value is None:
        return ()
    if not isinstance(value, list):
        raise error(f"{where}: 'steps' must be an array")
    steps = []
    for number, step in enumerate(value):
        at = f"{where}.steps[{number}]"
        status = _status(step, at, error)
        stage = step.get("stage")
        if not isinstance(stage, int) or isinstance(stage, bool) or stage < 1:
            raise error(f"{at}: 'stage' must be a whole number of at least 1")
        resource_id = _required_str(step, "resource_id", at, error)
        rule = step.get("rule")
        steps.append(
            PathStep(
                stage=stage,
                title=_required_str(step, "title", at, error),
                status=status,
                resource_id=resource_id,
                resource_type=str(step.get("resource_type") or arm.type_of(resource_id) or ""),
                resource_name=str(step.get("resource_name") or arm.name_of(resource_id)),
                rule_id=rule.upper() if isinstance(rule, str) and rule else None,
                fingerprint=str(step.get("fingerprint") or ""),
                message=str(step.get("message") or ""),
            )
        )
    return tuple(steps)


def read_results(
    document: Any,
    source: str,
    statuses: Collection[Status] = tuple(Status),
    error: ErrorFactory = ReportError,
    purpose: str = "as a report",
) -> list[Result]:
    """The results of a JSON report document whose status is in `statuses`, in its order.

    Errors are one line, `error("<source>: <where>: <what>")`. The checks below name the usual
    defects (another schema version, a result without what identifies it) the way users have
    always read them; then everything but the results is validated against the published schema.
    """
    if not isinstance(document, Mapping) or "schema_version" not in document:
        raise error(f"{source}: not a JSON report of aml-audit (no 'schema_version')")
    version = document["schema_version"]
    if not isinstance(version, str) or version.split(".")[0] != READS_MAJOR:
        raise error(
            f"{source}: report schema version {version!r} is not supported {purpose} "
            f"(this aml-audit reads {READS_MAJOR}.x); re-create it with this version"
        )
    entries = document.get("results")
    if not isinstance(entries, list):
        raise error(f"{source}: 'results' must be a list")
    results = []
    for number, entry in enumerate(entries):
        where = f"{source}: results[{number}]"
        status = _status(entry, where, error)
        if status in statuses:
            results.append(result_from_json(entry, where, error, status))
    # The envelope (schema version, scan, summary, rules, gaps, warnings) is checked against the
    # published schema; each result by the checks above. jsonschema costs about 0.3 ms a result
    # (bench/controls.py: 30 s for a 100,000-result baseline that the reader reads in 0.8 s).
    # What the reader does not need may be absent, as in reports before the schema was enforced
    # on reading; what is there must be as the writer writes it.
    envelope = {**document, "results": []}
    schemas.validate(
        envelope,
        SCHEMA_NAME,
        source,
        lambda problem: error(f"{problem}; {REWRITE}"),
        may_omit=("tool", "scan", "gaps", "resolved", "summary"),
    )
    return results


# --- reading a whole scan back (a shard's report, for `aml-audit merge`) ------------------------

SCOPES_SINCE = (1, 2)  # the first schema version that records scan.scopes, shard and rules


@dataclass(frozen=True, slots=True)
class ReportedScan:
    """A JSON report read back: the scan as its report recorded it. Rule ids only (the merge
    gives them the metadata of the rules it loaded)."""

    source: str
    schema_version: str
    tool_version: str
    started_at: datetime
    finished_at: datetime
    sources: tuple[str, ...]
    complete: bool
    warnings: tuple[str, ...]
    scopes: tuple[str, ...]
    shard: Shard | None
    rule_ids: tuple[str, ...]
    results: tuple[Result, ...]
    gaps: tuple[Gap, ...]
    not_evaluated: tuple[NotEvaluated, ...]


def _version_tuple(text: str) -> tuple[int, ...]:
    try:
        return tuple(int(part) for part in text.split("."))
    except ValueError:
        return ()


def _gap_from_json(entry: Any, where: str, error: ErrorFactory) -> Gap:
    if not isinstance(entry, Mapping):
        raise error(f"{where}: must be an object")
    status = entry.get("status")
    return Gap(
        scope=_required_str(entry, "scope", where, error),
        resource_type=entry.get("resource_type")
        if isinstance(entry.get("resource_type"), str)
        else None,
        status=status if isinstance(status, int) and not isinstance(status, bool) else None,
        code=str(entry.get("code") or ""),
        message=str(entry.get("message") or ""),
    )


def read_scan(document: Any, source: str, error: ErrorFactory = ReportError) -> ReportedScan:
    """A whole JSON report (schema 1.2 or later: one that records its scopes), as a scan.

    One-line errors as `read_results`; the envelope is validated against the published schema.
    """
    purpose = "for a merge"
    results = read_results(document, source, tuple(Status), error, purpose)
    version = str(document["schema_version"])
    if _version_tuple(version) < SCOPES_SINCE:
        raise error(
            f"{source}: report schema version {version} does not record the scopes it scanned "
            f"(needed {purpose}, from schema {'.'.join(map(str, SCOPES_SINCE))} on); "
            "re-create it with this version of aml-audit"
        )
    for key in ("tool", "scan", "gaps", "summary"):
        if key not in document:
            raise error(f"{source}: '{key}' is missing; {REWRITE}")
    scan = document["scan"]
    for key in ("scopes", "shard", "rules"):
        if key not in scan:
            raise error(f"{source}: 'scan.{key}' is missing; {REWRITE}")
    try:
        shard = Shard.parse(scan["shard"]) if scan["shard"] is not None else None
    except ValueError as exc:
        raise error(f"{source}: scan.shard: {exc}") from None
    gaps = tuple(
        _gap_from_json(entry, f"{source}: gaps[{n}]", error)
        for n, entry in enumerate(document["gaps"])
    )
    not_evaluated = tuple(
        NotEvaluated(g["resource_type"], g["kind"], tuple(g["resource_ids"]))
        for g in document["summary"].get("not_evaluated", ())
    )
    try:
        started = datetime.fromisoformat(scan["started_at"])
        finished = datetime.fromisoformat(scan["finished_at"])
    except ValueError:
        raise error(f"{source}: scan.started_at/finished_at is not a date and time") from None
    return ReportedScan(
        source=source,
        schema_version=version,
        tool_version=str(document["tool"]["version"]),
        started_at=started,
        finished_at=finished,
        sources=tuple(scan["sources"]),
        complete=bool(scan["complete"]),
        warnings=tuple(scan["warnings"]),
        scopes=tuple(scan["scopes"]),
        shard=shard,
        rule_ids=tuple(scan["rules"]),
        results=tuple(results),
        gaps=gaps,
        not_evaluated=not_evaluated,
    )
