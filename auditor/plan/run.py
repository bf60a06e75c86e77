"""run_scan: collect, evaluate, apply the controls; the exit code that says what was found."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from auditor.controls.baseline import (
    NO_BASELINE,
    Baseline,
    apply_baseline,
    counts_toward_exit,
    load_baseline,
)
from auditor.controls.config import resolve_rule_settings
from auditor.controls.history import HistoryError, open_history, record_scan
from auditor.controls.suppressions import (
    apply_inline_suppressions,
    apply_suppressions,
    resolve_rule_ids,
)
from auditor.core.errors import ConfigError, ExitCode
from auditor.evaluate import engine
from auditor.evaluate.registry import RuleSet, load_rules
from auditor.evaluate.results import ScanResult
from auditor.inventory import arm
from auditor.inventory.inventory import Inventory
from auditor.inventory.resources import Gap
from auditor.inventory.shard import Shard
from auditor.plan.options import LintTarget, LiveTarget, ScanOptions
from auditor.rulekit.meta import RuleMeta, Severity
from auditor.rulekit.rule import Rule
from auditor.sources.interface import NOTHING_READ, Source
from auditor.sources.sanitize import sanitize_document

if TYPE_CHECKING:
    from azure.core.credentials import TokenCredential

    from auditor.sources.iac.source import LintSource
    from auditor.sources.live import LiveSource

# Shows progress while the sources are read (the CLI's display on stderr); None shows nothing.
ProgressDisplay = Callable[[Sequence[Source]], AbstractContextManager[object]]


@dataclass(frozen=True, slots=True)
class ScanOutcome:
    scan: ScanResult
    exit_code: ExitCode
    # The scan could not be recorded in --history (locked past the busy timeout, a full disk):
    # raised once its reports are written (auditor/plan/outputs.py), so the scan is not lost.
    unrecorded: HistoryError | None = None


def outcome_of(scan: ScanResult, options: ScanOptions) -> ScanOutcome:
    """`scan` recorded in the history when --history is given, and its exit code. When it cannot
    be recorded, its reports say so, and the command ends with the error after writing them."""
    unrecorded = None
    if options.history is not None:
        try:
            scan = record_scan(scan, options.history)
        except HistoryError as exc:
            unrecorded = exc
            note = f"this scan was not recorded in the history: {exc}"
            scan = dataclasses.replace(scan, warnings=(*scan.warnings, note))
    return ScanOutcome(scan, exit_code(scan, options.fail_on, options.fail_on_new_only), unrecorded)


def run_scan(
    options: ScanOptions,
    sources: Sequence[Source] | None = None,
    progress: ProgressDisplay | None = None,
) -> ScanOutcome:
    """Everything a scan does short of writing reports. `sources` overrides the plan's (the demo
    passes its simulator-backed live source)."""
    ruleset = load_rules(options.rule_dirs)
    unknown = [i for i in (*options.select, *options.ignore) if ruleset.get(i) is None]
    if unknown:  # a typo must not silently drop a check; say so before the collection
        raise ConfigError(
            f"unknown rule id(s) in select/ignore: {', '.join(unknown)} "
            "(`aml-audit rules` lists the known ids)"
        )
    rules = engine.select_rules(ruleset.rules, options.select, options.ignore)
    paths = engine.select_rules(ruleset.paths, options.select, options.ignore)
    settings = resolve_rule_settings(options.rule_settings, _meta_of(ruleset))
    if options.lint is not None:  # rules whose facts exist only at runtime give no result
        rules = [rule for rule in rules if rule.meta.judged_in_templates]
        paths = []  # attack paths chain runtime facts (roles, keys in use): not in templates
    # Suppressions and the baseline are checked before the (possibly long) collection.
    suppressions = resolve_rule_ids(options.suppress, canonical_id(ruleset))
    baseline = baseline_of(options, ruleset)
    if options.history is not None:  # a newer or foreign database: said before the collection
        open_history(options.history).close()
    started = datetime.now(UTC)
    if sources is None:
        sources = build_sources(options)
    with progress(sources) if progress is not None else nullcontext():
        inventory = collect_all(sources)
    shard = options.shard
    warnings = [str(p) for p in ruleset.problems]
    # A shard may hold none of the subscriptions (nothing to say), or read none (said, as a gap).
    if shard is None or inventory.scopes or inventory.gaps:
        warnings += coverage_warnings(inventory, rules, linted=options.lint is not None)
    judged = shard.judging(inventory.scopes) if shard is not None else None
    scan = engine.evaluate(
        inventory, rules, warnings=warnings, settings=settings, judged=judged, paths=paths
    )
    scan = dataclasses.replace(scan, started_at=started, shard=shard)
    scan = apply_suppressions(scan, suppressions, today=started.date())
    scan = apply_inline_suppressions(scan, canonical_id(ruleset))
    if baseline is not None:
        scan = apply_baseline(scan, baseline)
    elif options.fail_on_new_only:
        scan = dataclasses.replace(
            scan,
            warnings=(*scan.warnings, NO_BASELINE),
        )
    return outcome_of(scan, options)


def baseline_of(options: ScanOptions, ruleset: RuleSet) -> Baseline | None:
    """The --baseline, read as input (a hand-edited report's credentials redacted: its resolved
    findings reach this scan's reports), its rule ids made current."""
    if not options.baseline:
        return None
    return load_baseline(options.baseline, canonical_id(ruleset), sanitize=sanitize_document)


def build_sources(options: ScanOptions) -> list[Source]:
    if options.lint is not None:
        return [build_lint_source(options.lint)]
    if options.snapshots:
        from auditor.sources.snapshot import SnapshotSource

        return [SnapshotSource(path) for path in options.snapshots]
    return [build_live_source(options.live or LiveTarget(), shard=options.shard)]


def build_lint_source(target: LintTarget) -> LintSource:
    """The source of `aml-audit lint`: its readers and their parsers are imported as it reads."""
    from auditor.sources.iac.model import ReadOptions
    from auditor.sources.iac.source import LintSource

    return LintSource(
        target.paths,
        target.root,
        target.excludes,
        ReadOptions(parameters=tuple(target.root / p for p in target.parameters)),
    )


def build_live_source(
    target: LiveTarget,
    credential: TokenCredential | None = None,
    ca_file: str | None = None,
    auth_hint: str | None = None,
    shard: Shard | None = None,
) -> LiveSource:
    """The live source of `target`; `credential` and `ca_file` replace the `--auth` credential
    and the system's CAs (the demo passes the simulator's)."""
    # The Azure SDK is imported only when a live source is built: snapshot scans start fast.
    from auditor.sources.live import LiveSource
    from auditor.sources.live.auth import (
        HINTS,
        AuthMethod,
        build_credential,
        parse_cloud,
        resolve_endpoint,
    )

    cloud = parse_cloud(target.cloud)
    method = AuthMethod(target.auth)
    return LiveSource(
        credential or build_credential(method, cloud),
        endpoint=resolve_endpoint(cloud, target.arm_endpoint),
        token_scopes=(cloud.scope,),
        subscriptions=target.subscriptions,
        concurrency=target.concurrency,
        discovery=target.discovery,
        ca_file=ca_file,
        access_review=target.access_review,
        auth_hint=auth_hint or HINTS[method],
        shard=shard,
    )


def collect_all(sources: Sequence[Source]) -> Inventory:
    if len(sources) == 1:
        return sources[0].collect()
    merged = Inventory()
    gaps: list[Gap] = []
    missing: set[str] = set()
    listed: set[tuple[str, str]] = set()
    names: list[str] = []
    scopes: list[str] = []
    inventories = []
    for source in sources:
        inventory = source.collect()
        inventories.append(inventory)
        for resource in inventory:
            merged.add(resource)
        gaps += inventory.gaps
        missing |= inventory.missing
        listed |= inventory.listed
        names += inventory.sources
        scopes += inventory.scopes
    reasons = {inventory.unknown_reason for inventory in inventories} - {""}
    unknown = reasons.pop() if len(reasons) == 1 else ""
    return Inventory(list(merged), gaps, missing, listed, names, scopes, unknown)


NOTHING_TO_JUDGE = "no resource the rules check was found in"


def coverage_warnings(
    inventory: Inventory, rules: Sequence[Rule], linted: bool = False
) -> list[str]:
    """What every report must say when there was nothing to judge: a source that read nothing
    (an incomplete scan, through its gap), or scopes that were read in full and hold nothing the
    rules check (complete: the answer for those subscriptions really is "nothing here")."""
    nothing_read = [g.message for g in inventory.gaps if g.code == NOTHING_READ]
    if nothing_read:
        return [f"nothing was audited: {message}" for message in nothing_read]
    # Who holds which role and the Activity Log are read in every subscription, ML or not: they
    # are not what the warning asks about.
    checked = {
        arm.normalize_type(t) for rule in rules for t in rule.meta.resource_types
    } - engine.SUPPORTING_TYPES
    if inventory.gaps or any(arm.normalize_type(r.type) in checked for r in inventory):
        return []
    if linted:
        return [
            f"{NOTHING_TO_JUDGE} the linted files: no Azure ML workspace, "
            "registry, key vault or AI account, so nothing was judged; check the paths given "
            "(`--verbose` lists the files that were skipped)"
        ]
    scopes = inventory.scopes
    where = (
        ", ".join(scopes)
        if 0 < len(scopes) <= 3
        else f"the {len(scopes)} subscriptions read"
        if scopes
        else "the scanned resources"
    )
    return [
        f"{NOTHING_TO_JUDGE} {where}: no Azure ML workspace, registry, "
        "key vault or AI account, so nothing was judged; check that these are the "
        "subscriptions to audit"
    ]


def exit_code(scan: ScanResult, fail_on: Severity | None, fail_on_new_only: bool) -> ExitCode:
    if fail_on is not None and any(
        r.severity >= fail_on and counts_toward_exit(r, fail_on_new_only) for r in scan.results
    ):
        return ExitCode.FINDINGS
    return ExitCode.OK if scan.complete else ExitCode.INCOMPLETE


def canonical_id(ruleset: RuleSet) -> Callable[[str], str | None]:
    def canonical(rule_id: str) -> str | None:
        rule = ruleset.get(rule_id)
        return rule.meta.id if rule is not None else None

    return canonical


def _meta_of(ruleset: RuleSet) -> Callable[[str], RuleMeta | None]:
    def meta_of(rule_id: str) -> RuleMeta | None:
        rule = ruleset.get(rule_id)
        return rule.meta if rule is not None else None

    return meta_of
