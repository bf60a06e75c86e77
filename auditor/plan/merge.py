"""merge_reports: one scan from the JSON reports of shard scans (`aml-audit merge`).

The shards' reports are read back through controls/json_report.py; their results, gaps, scopes
and not-evaluated listings are joined; then the merge's own controls (suppressions, baseline,
--fail-on, --history) are applied to the whole, as a single scan would apply them. The shards'
own suppressions and baseline marks are undone first, and their control warnings dropped: an
entry for a resource of another shard is not "unmatched" in the estate.

Refused (one line, exit 2): a report of `aml-audit lint`, reports of different aml-audit versions
or of another version than the merge's (rules and fingerprints may differ), of different rule
selections, of different shard counts, the same shard twice, or two reports that scanned the same
subscription. A shard of K/N that is absent is a gap: the merged scan is incomplete, and no
baseline finding is called resolved while it is missing.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from auditor import __version__
from auditor.controls import baseline as baseline_control
from auditor.controls import json_report, suppressions
from auditor.controls.baseline import apply_baseline
from auditor.controls.history import open_history
from auditor.controls.json_report import ReportedScan
from auditor.controls.suppressions import apply_suppressions, resolve_rule_ids
from auditor.core.errors import AuditorError, ConfigError
from auditor.core.files import read_json
from auditor.evaluate import engine
from auditor.evaluate.registry import RuleSet, load_rules
from auditor.evaluate.results import NotEvaluated, Result, ScanResult
from auditor.inventory import arm
from auditor.inventory.inventory import normalize_scopes
from auditor.inventory.resources import Gap
from auditor.plan.options import ScanOptions, same_file
from auditor.plan.run import (
    NOTHING_TO_JUDGE,
    ScanOutcome,
    baseline_of,
    canonical_id,
    outcome_of,
)
from auditor.rulekit.meta import Status
from auditor.sources.interface import EVERYTHING
from auditor.sources.sanitize import sanitize_document

SHARD_MISSING = "ShardMissing"  # the gap code of a shard whose report was not merged
_CONTROL_WARNINGS = (*suppressions.WARNING_MARKERS, *baseline_control.WARNING_MARKERS)


class MergeError(AuditorError):
    """The reports cannot be merged into one scan (another version, overlapping scopes)."""


def read_report(path: Path) -> ReportedScan:
    document = read_json(
        path,
        MergeError,
        not_found="report not found (pass the JSON reports the shard scans wrote with -o)",
        unreadable="cannot read the report",
        invalid="report is not valid JSON (line {line} column {column}: {message})",
    )
    # A report is input, as a snapshot is to a scan (aml-audit's own are redacted already).
    return json_report.read_scan(sanitize_document(document), str(path), MergeError)


def merge_reports(paths: Sequence[Path], options: ScanOptions) -> ScanOutcome:
    """The merged scan of the reports at `paths`, with `options`' controls applied."""
    if not paths:
        raise MergeError("merge: no report given (pass the shard scans' JSON reports)")
    for target in options.outputs:
        if any(same_file(target.path, path) for path in paths):
            raise ConfigError(  # a shard's report is the user's file: never overwritten
                f"{target.path}: is a report this merge reads; write the merged report elsewhere"
            )
    ruleset = load_rules(options.rule_dirs)
    chosen = resolve_rule_ids(options.suppress, canonical_id(ruleset))
    baseline = baseline_of(options, ruleset)
    if options.history is not None:
        open_history(options.history).close()
    shards = [read_report(path) for path in paths]
    check_compatible(shards)
    scan = combine(shards, ruleset)
    scan = apply_suppressions(scan, chosen, today=datetime.now(UTC).date())
    if baseline is not None:
        scan = apply_baseline(scan, baseline)
    elif options.fail_on_new_only:
        scan = dataclasses.replace(scan, warnings=(*scan.warnings, baseline_control.NO_BASELINE))
    return outcome_of(scan, options)


def check_compatible(shards: Sequence[ReportedScan]) -> None:
    for scan in shards:
        # `lint` names its source `lint:<paths>` (sources/iac/source.py). Its inline suppressions
        # live in the linted files, which the merge does not read: merged, they would be undone.
        if any(source.startswith("lint:") for source in scan.sources):
            raise MergeError(
                f"{scan.source}: written by `aml-audit lint`: merge joins the JSON reports of "
                "`aml-audit scan` (`scan --shard K/N -o shard.json`); a lint report is complete "
                "as it is"
            )
    first = shards[0]
    for other in shards[1:]:
        if other.tool_version != first.tool_version:
            raise MergeError(
                f"{other.source}: written by aml-audit {other.tool_version}, {first.source} by "
                f"{first.tool_version}: merge reports of one version (run every shard with the "
                "same aml-audit)"
            )
        if set(other.rule_ids) != set(first.rule_ids):
            differ = sorted(set(other.rule_ids) ^ set(first.rule_ids))
            raise MergeError(
                f"{other.source}: evaluated other rules than {first.source} "
                f"({', '.join(differ[:5])}{' ...' if len(differ) > 5 else ''} differ): run every "
                "shard with the same --select, --ignore, --rules-dir and config"
            )
    if first.tool_version != __version__:  # its rules and fingerprints are the shards'
        raise MergeError(
            f"{first.source}: written by aml-audit {first.tool_version}, and this is aml-audit "
            f"{__version__}: merge with the version the shards ran "
            f"(pip install aml-auditor=={first.tool_version})"
        )
    counts = {s.shard.count for s in shards if s.shard is not None}
    if len(counts) > 1:
        raise MergeError(
            "the reports are shards of different splits "
            f"({', '.join(f'K/{n}' for n in sorted(counts))}): merge the shards of one split"
        )
    seen_shards: dict[str, str] = {}
    seen_scopes: dict[str, str] = {}
    for scan in shards:
        if scan.shard is not None:
            owner = seen_shards.get(scan.shard.label)
            if owner is not None:
                raise MergeError(
                    f"{scan.source}: shard {scan.shard.label} is also {owner}: "
                    "pass each shard's report once"
                )
            seen_shards[scan.shard.label] = scan.source
        for scope in scan.scopes:
            key = arm.normalize_id(scope)
            if key in seen_scopes:
                raise MergeError(
                    f"{scan.source}: scanned {scope}, which {seen_scopes[key]} scanned too: "
                    "merged reports must cover separate subscriptions (use --shard K/N)"
                )
            seen_scopes[key] = scan.source


def missing_shard_gaps(shards: Sequence[ReportedScan]) -> list[Gap]:
    present = {s.shard.index for s in shards if s.shard is not None}
    counts = {s.shard.count for s in shards if s.shard is not None}
    if not counts:
        return []
    (count,) = counts
    return [
        Gap(
            EVERYTHING,
            None,
            None,
            SHARD_MISSING,
            f"shard {index}/{count} was not merged: the subscriptions it holds were not audited "
            "(pass its report, or re-run its job)",
        )
        for index in range(1, count + 1)
        if index not in present
    ]


def _unsettled(result: Result) -> Result:
    """A shard's result as the rules gave it: the merge applies its own controls."""
    if (
        result.status is not Status.SUPPRESSED
        and result.suppression is None
        and result.baseline is None
        and result.first_seen is None
    ):
        return result  # nearly every result: nothing to undo, nothing to copy
    status = Status.FAIL if result.status is Status.SUPPRESSED else result.status
    return dataclasses.replace(
        result, status=status, suppression=None, baseline=None, first_seen=None
    )


def combine(shards: Sequence[ReportedScan], ruleset: RuleSet) -> ScanResult:
    """One ScanResult of the shards' reports, before controls."""
    metas = []
    for rule_id in shards[0].rule_ids:
        rule = ruleset.get(rule_id)
        if rule is None:
            raise MergeError(
                f"{shards[0].source}: rule {rule_id} is not loaded here: pass the --rules-dir "
                "(or install the plugins) the shard scans used"
            )
        metas.append(rule.meta)
    # A resource is judged by the shard of its subscription; one outside every subscription
    # (a gap on the subscription listing) by each shard: keep one result per fingerprint,
    # from the report that scanned its subscription when one did.
    by_fingerprint: dict[str, tuple[Result, bool]] = {}
    for scan in shards:
        scoped = {arm.normalize_id(s) for s in scan.scopes}
        for result in scan.results:
            subscription = arm.subscription_of(result.resource_id)
            home = subscription is not None and f"/subscriptions/{subscription.lower()}" in scoped
            kept = by_fingerprint.get(result.fingerprint)
            if kept is None or (home and not kept[1]):
                by_fingerprint[result.fingerprint] = (_unsettled(result), home)
    results = sorted(
        (result for result, _ in by_fingerprint.values()),
        key=lambda r: (r.rule_id, arm.normalize_id(r.resource_id), r.status.value, r.message),
    )
    gaps = list(dict.fromkeys(g for scan in shards for g in scan.gaps))
    gaps += missing_shard_gaps(shards)
    warnings = [
        w
        for w in dict.fromkeys(w for scan in shards for w in scan.warnings)
        if not any(marker in w for marker in _CONTROL_WARNINGS)
        # a shard whose subscriptions hold nothing to judge says so; the estate may not
        and not (results and w.startswith(NOTHING_TO_JUDGE))
    ]
    return ScanResult(
        results=tuple(results),
        gaps=tuple(sorted(gaps, key=engine.gap_order)),
        rules=tuple(metas),
        sources=tuple(dict.fromkeys(s for scan in shards for s in scan.sources)),
        started_at=min(scan.started_at for scan in shards),
        finished_at=max(scan.finished_at for scan in shards),
        tool_version=shards[0].tool_version,
        warnings=tuple(warnings),
        scopes=normalize_scopes(s for scan in shards for s in scan.scopes),
        not_evaluated=_not_evaluated(shards, results),
    )


def _not_evaluated(
    shards: Sequence[ReportedScan], results: Sequence[Result]
) -> tuple[NotEvaluated, ...]:
    judged = {arm.normalize_id(r.resource_id) for r in results}
    groups: dict[tuple[str, str], tuple[str, str | None, dict[str, str]]] = {}
    for scan in shards:
        for group in scan.not_evaluated:
            key = (arm.normalize_type(group.resource_type), (group.kind or "").lower())
            ids = groups.setdefault(key, (group.resource_type, group.kind, {}))[2]
            for rid in group.resource_ids:
                if arm.normalize_id(rid) not in judged:
                    ids.setdefault(arm.normalize_id(rid), rid)
    return tuple(
        NotEvaluated(rtype, kind, tuple(sorted(ids.values(), key=arm.normalize_id)))
        for _, (rtype, kind, ids) in sorted(groups.items())
        if ids
    )
