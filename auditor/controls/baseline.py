"""The baseline, applied to a ScanResult after the rules ran.

- A baseline (a previous JSON report of this tool) tells new failing results from known ones by
  fingerprint, and lists what failed then and passes now.

It does not touch `not_assessed` results: what could not be read stays visible.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from auditor.core.errors import AuditorError
from auditor.evaluate import engine
from auditor.evaluate.results import Result, ScanResult, Suppression
from auditor.inventory import arm
from auditor.inventory.resources import Location
from auditor.rulekit.meta import Evidence, Severity, Status

FAILING = (Status.FAIL, Status.SUPPRESSED)  # a suppressed result is an accepted failure
BASELINE_SCHEMA_MAJOR = "1"  # reads JSON reports of schema 1.x (auditor/reporters/json_report.py)


class BaselineError(AuditorError):
    """The baseline file is missing, malformed or from an incompatible report schema."""


@dataclass(frozen=True, slots=True)
class Baseline:
    """The failing results of a previous report, by fingerprint (their rule ids made current)."""

    source: str
    failing: Mapping[str, Result]


def _required_str(entry: Mapping[str, Any], key: str, where: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value:
        raise BaselineError(f"{where}: '{key}' must be a non-empty string")
    return value


def _line(value: Any) -> int | None:
    """A line number of a location, or None if the baseline's is not one."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _result_from_json(entry: Any, where: str) -> Result | None:
    """A failing result of the baseline rebuilt as a Result (as the baseline recorded it, so a
    resolved one shows what was wrong); None for any other status."""
    if not isinstance(entry, Mapping):
        raise BaselineError(f"{where}: must be an object")
    status_text = _required_str(entry, "status", where)
    try:
        status = Status(status_text)
    except ValueError:
        raise BaselineError(f"{where}: unknown status {status_text!r}") from None
    if status not in FAILING:
        return None
    try:
        severity = Severity.parse(_required_str(entry, "severity", where))
    except ValueError as exc:
        raise BaselineError(f"{where}: {exc}") from None
    resource_id = _required_str(entry, "resource_id", where)
    for key in ("evidence", "context"):
        if not isinstance(entry.get(key) or [], list):
            raise BaselineError(f"{where}: '{key}' must be an array")
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
            raise BaselineError(f"{where}: suppression 'expires' is not a date") from None
        suppression = Suppression(sup["reason"], expires, str(sup.get("source") or "config"))
    return Result(
        rule_id=_required_str(entry, "rule_id", where).upper(),
        title=str(entry.get("title") or ""),
        severity=severity,
        status=status,
        resource_id=resource_id,
        resource_type=str(entry.get("resource_type") or arm.type_of(resource_id) or ""),
        resource_name=str(entry.get("resource_name") or arm.name_of(resource_id)),
        message=str(entry.get("message") or ""),
        evidence=evidence,
        fingerprint=_required_str(entry, "fingerprint", where),
        location=location,
        suppression=suppression,
        context=tuple(str(c) for c in entry.get("context") or ()),
    )


def parse_baseline(
    document: Any, source: str, canonical: Callable[[str], str | None] = lambda i: i
) -> Baseline:
    """Validates a JSON report document and indexes its failing results by fingerprint.

    A result whose rule id is an alias of a current rule is re-keyed under the current id's
    fingerprint, so renaming a rule does not turn its findings into new ones.
    """
    if not isinstance(document, Mapping) or "schema_version" not in document:
        raise BaselineError(f"{source}: not a JSON report of aml-audit (no 'schema_version')")
    version = document["schema_version"]
    if not isinstance(version, str) or version.split(".")[0] != BASELINE_SCHEMA_MAJOR:
        raise BaselineError(
            f"{source}: report schema version {version!r} is not supported as a baseline "
            f"(this aml-audit reads {BASELINE_SCHEMA_MAJOR}.x); re-create it with this version"
        )
    results = document.get("results")
    if not isinstance(results, list):
        raise BaselineError(f"{source}: 'results' must be a list")
    failing: dict[str, Result] = {}
    for number, entry in enumerate(results):
        result = _result_from_json(entry, f"{source}: results[{number}]")
        if result is None:
            continue
        current = canonical(result.rule_id)
        if current is not None and current != result.rule_id:
            result = dataclasses.replace(
                result,
                rule_id=current,
                fingerprint=engine.fingerprint(current, result.resource_id),
            )
        failing[result.fingerprint] = result
    return Baseline(source, failing)


def load_baseline(path: Path, canonical: Callable[[str], str | None] = lambda i: i) -> Baseline:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise BaselineError(
            f"{path}: baseline file not found (pass a JSON report written by `-o report.json`)"
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise BaselineError(f"{path}: cannot read the baseline ({exc})") from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BaselineError(
            f"{path}: baseline is not valid JSON (line {exc.lineno} column {exc.colno}: {exc.msg})"
        ) from None
    return parse_baseline(document, str(path), canonical)


def _covered_by_gap(result: Result, scan: ScanResult) -> bool:
    return any(gap.covers(result.resource_id, result.resource_type) for gap in scan.gaps)


def apply_baseline(scan: ScanResult, baseline: Baseline) -> ScanResult:
    """Marks failing (and suppressed) results "new" or "known"; fills `resolved`.

    A baseline finding is resolved only when this scan shows it is gone: its result now passes,
    or its resource is absent although its rule ran, its subscription was scanned and no gap
    covers it. A finding this scan could not judge (not assessed, unreadable, rule not selected,
    subscription not scanned) is neither known nor resolved, and a warning counts them.
    """
    current: dict[str, Result] = {}
    results = []
    for result in scan.results:
        if result.status in FAILING:
            mark = "known" if result.fingerprint in baseline.failing else "new"
            result = dataclasses.replace(result, baseline=mark)
        current[result.fingerprint] = result
        results.append(result)

    evaluated = {meta.id for meta in scan.rules}
    # The sources say which subscriptions they read; one whose findings were all fixed (or whose
    # resources were deleted) has no results now, yet its old findings are resolved.
    scanned_subscriptions = {(arm.subscription_of(s) or "").lower() for s in scan.scopes}
    resolved: list[Result] = []
    uncompared = 0
    for fingerprint, old in baseline.failing.items():
        now = current.get(fingerprint)
        if now is not None:
            if now.status is Status.PASS:
                resolved.append(old)
            elif now.status is Status.NOT_ASSESSED:
                uncompared += 1
            continue
        if (
            old.rule_id in evaluated
            and (arm.subscription_of(old.resource_id) or "").lower() in scanned_subscriptions
            and not _covered_by_gap(old, scan)
        ):
            resolved.append(old)
        else:
            uncompared += 1
    resolved.sort(key=lambda r: (r.rule_id, arm.normalize_id(r.resource_id)))
    warnings = list(scan.warnings)
    if uncompared:
        warnings.append(
            f"{uncompared} failing result(s) of the baseline {baseline.source} could not be "
            "compared: this scan did not assess them (rule not selected, scope not scanned or "
            "not readable), so they are neither known nor resolved"
        )
    return dataclasses.replace(
        scan, results=tuple(results), resolved=tuple(resolved), warnings=tuple(warnings)
    )


def counts_toward_exit(result: Result, fail_on_new_only: bool) -> bool:
    """Whether a failing result may fail the run: with --fail-on-new-only, known ones do not."""
    return result.status is Status.FAIL and not (fail_on_new_only and result.baseline == "known")
