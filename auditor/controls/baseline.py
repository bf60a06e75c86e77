"""The baseline, applied to a ScanResult after the rules ran.

- A baseline (a previous JSON report of this tool) tells new failing results from known ones by
  fingerprint, and lists what failed then and passes now.

It does not touch `not_assessed` results: what could not be read stays visible.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from auditor.controls import json_report
from auditor.core.errors import AuditorError
from auditor.core.files import read_json
from auditor.evaluate import engine
from auditor.evaluate.results import Result, ScanResult
from auditor.inventory import arm
from auditor.rulekit.meta import Status

FAILING = (Status.FAIL, Status.SUPPRESSED)  # a suppressed result is an accepted failure


class BaselineError(AuditorError):
    """The baseline file is missing, malformed or from an incompatible report schema."""


@dataclass(frozen=True, slots=True)
class Baseline:
    """The failing results of a previous report, by fingerprint (their rule ids made current)."""

    source: str
    failing: Mapping[str, Result]


def parse_baseline(
    document: Any, source: str, canonical: Callable[[str], str | None] = lambda i: i
) -> Baseline:
    """Reads a JSON report document (auditor/controls/json_report.py) and indexes its failing
    results by fingerprint.

    A result whose rule id is an alias of a current rule is re-keyed under the current id's
    fingerprint, so renaming a rule does not turn its findings into new ones.
    """
    failing: dict[str, Result] = {}
    for result in json_report.read_results(
        document, source, FAILING, BaselineError, "as a baseline"
    ):
        current = canonical(result.rule_id)
        if current is not None and current != result.rule_id:
            result = dataclasses.replace(
                result,
                rule_id=current,
                fingerprint=engine.fingerprint(current, result.resource_id),
            )
        failing[result.fingerprint] = result
    return Baseline(source, failing)


def load_baseline(
    path: Path,
    canonical: Callable[[str], str | None] = lambda i: i,
    *,
    sanitize: Callable[[Any], Any] = lambda document: document,
) -> Baseline:
    """The baseline at `path`, read through `sanitize`: the input boundary of the caller (the scan
    plan passes sources/sanitize.py's, as a baseline's resolved findings reach its reports)."""
    document = read_json(
        path,
        BaselineError,
        not_found="baseline file not found (pass a JSON report written by `-o report.json`)",
        unreadable="cannot read the baseline",
        invalid="baseline is not valid JSON (line {line} column {column}: {message})",
    )
    return parse_baseline(sanitize(document), str(path), canonical)


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


NO_BASELINE = "fail-on-new-only without a baseline: every failing result counts as new"
# The wording of the warnings the baseline adds: a merge applies its own baseline to the whole
# estate, so it drops the shards'.
WARNING_MARKERS = (" could not be compared: this scan did not assess them", NO_BASELINE)


def counts_toward_exit(result: Result, fail_on_new_only: bool) -> bool:
    """Whether a failing result may fail the run: with --fail-on-new-only, known ones do not."""
    return result.status is Status.FAIL and not (fail_on_new_only and result.baseline == "known")
