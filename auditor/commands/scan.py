"""`aml-audit scan`: collect, evaluate, report, and an exit code that says what was found."""

from __future__ import annotations

import argparse
import dataclasses
import io
import logging
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from auditor.commands import progress
from auditor.commands.common import add_rule_options, config_and_rules
from auditor.commands.live_options import add_live_options, live_source
from auditor.controls.baseline import apply_baseline, counts_toward_exit, load_baseline
from auditor.controls.config import FAIL_ON_CHOICES, Config, sarif_category
from auditor.controls.suppressions import apply_suppressions, resolve_rule_ids
from auditor.core.errors import ConfigError
from auditor.evaluate import engine
from auditor.evaluate.registry import RuleSet
from auditor.evaluate.results import ScanResult
from auditor.inventory.inventory import Inventory
from auditor.inventory.resources import Gap
from auditor.reporters.interface import Format, ReporterError, ReportOptions
from auditor.sources.interface import Source
from auditor.sources.live.stats import ScanStats
from auditor.sources.snapshot import SnapshotSource

NAME = "scan"
log = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2
EXIT_INCOMPLETE = 3


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(NAME, help="audit a snapshot (or a live tenant) and report")
    parser.add_argument(
        "--snapshot",
        action="append",
        type=Path,
        default=[],
        metavar="FILE",
        help="audit this JSON file of ARM resources instead of a live tenant (repeatable)",
    )
    parser.add_argument(
        "-o",
        "--output",
        action="append",
        type=Path,
        default=[],
        metavar="PATH",
        help="also write a report here; the extension picks the format (repeatable)",
    )
    parser.add_argument(
        "--format",
        default=None,
        help="what to print on stdout: "
        + ", ".join(f.label for f in Format)
        + " (default: console)",
    )
    parser.add_argument(
        "--select", default=None, metavar="IDS", help="only these rule ids, comma-separated"
    )
    parser.add_argument(
        "--ignore", default=None, metavar="IDS", help="skip these rule ids, comma-separated"
    )
    parser.add_argument(
        "--fail-on",
        choices=FAIL_ON_CHOICES,
        default=None,
        help="lowest failing severity that makes the exit code 1 (default: low)",
    )
    parser.add_argument(
        "--verbose", action="store_true", help="console report: show evidence and passing results"
    )
    parser.add_argument(
        "--baseline",
        type=Path,
        default=None,
        metavar="FILE",
        help="a previous JSON report: mark failing results new or known, list what was resolved",
    )
    parser.add_argument(
        "--fail-on-new-only",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="with --baseline, exit 1 only for new failing results (known ones are reported)",
    )
    parser.add_argument(
        "--markdown-limit",
        type=_count,
        default=None,
        metavar="N",
        help="Markdown report: failing results listed before '... and N more' (default: 50)",
    )
    parser.add_argument(
        "--sarif-category",
        default=None,
        metavar="CATEGORY",
        help="SARIF report: GitHub code scanning category (automationDetails.id); give each "
        "scheduled scope its own so uploads do not close each other's alerts "
        "(default: aml-audit/)",
    )
    add_rule_options(parser)
    add_live_options(parser, "live tenant (when no --snapshot is given)")


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be a whole number, 0 or more (got {text!r})")
    return value


def merged_config(config: Config, args: argparse.Namespace) -> Config:
    changes: dict[str, Any] = {}
    if args.select is not None:
        changes["select"] = tuple(s.strip().upper() for s in args.select.split(",") if s.strip())
    if args.ignore is not None:
        changes["ignore"] = tuple(s.strip().upper() for s in args.ignore.split(",") if s.strip())
    if args.fail_on is not None:
        changes["fail_on"] = args.fail_on
    if args.baseline is not None:
        changes["baseline"] = str(args.baseline)
    elif config.baseline is not None and config.path is not None:
        changes["baseline"] = str(config.path.parent / config.baseline)
    if args.fail_on_new_only is not None:
        changes["fail_on_new_only"] = args.fail_on_new_only
    if args.sarif_category is not None:
        changes["sarif_category"] = sarif_category(args.sarif_category, "--sarif-category")
    return dataclasses.replace(config, **changes)


def build_sources(args: argparse.Namespace, config: Config) -> list[Source]:
    if args.snapshot:
        if args.subscription:
            raise ConfigError(
                "--subscription selects what a live scan reads; drop it or --snapshot"
            )
        return [SnapshotSource(path) for path in args.snapshot]
    return [live_source(args)]


def collect_with_progress(sources: Sequence[Source], args: argparse.Namespace) -> Inventory:
    """collect_all, with a progress display on stderr while live sources are read."""
    live = [s for s in sources if isinstance(getattr(s, "stats", None), ScanStats)]
    enabled = bool(live) and progress.wanted(
        getattr(args, "quiet", False), getattr(args, "log_verbosity", 0)
    )
    with progress.live_progress(lambda: live[0].stats, enabled):  # type: ignore[attr-defined]
        return collect_all(sources)


def collect_all(sources: Sequence[Source]) -> Inventory:
    if len(sources) == 1:
        return sources[0].collect()
    merged = Inventory()
    gaps: list[Gap] = []
    missing: set[str] = set()
    listed: set[tuple[str, str]] = set()
    names: list[str] = []
    scopes: list[str] = []
    for source in sources:
        inventory = source.collect()
        for resource in inventory:
            merged.add(resource)
        gaps += inventory.gaps
        missing |= inventory.missing
        listed |= inventory.listed
        names += inventory.sources
        scopes += inventory.scopes
    return Inventory(list(merged), gaps, missing, listed, names, scopes)


def exit_code(scan: ScanResult, config: Config) -> int:
    threshold = config.threshold
    if threshold is not None and any(
        r.severity >= threshold and counts_toward_exit(r, config.fail_on_new_only)
        for r in scan.results
    ):
        return EXIT_FINDINGS
    return EXIT_OK if scan.complete else EXIT_INCOMPLETE


def report_options(args: argparse.Namespace, config: Config) -> ReportOptions:
    options = ReportOptions(
        verbose=args.verbose, color=sys.stdout.isatty(), sarif_category=config.sarif_category
    )
    if args.markdown_limit is not None:
        options = dataclasses.replace(options, markdown_limit=args.markdown_limit)
    return options


def write_reports(scan: ScanResult, args: argparse.Namespace, options: ReportOptions) -> None:
    """Writes every -o file, then stdout. One failing file does not lose the others.

    Notes a reporter returns (SARIF left results out to fit GitHub's limits) are logged as
    warnings, which the CLI shows on stderr.
    """
    stdout_format = Format.parse(args.format) if args.format else Format.CONSOLE
    targets = [(path, Format.for_path(path)) for path in args.output]
    errors: list[str] = []
    notes: list[str] = []
    for path, fmt in targets:
        buffer = io.StringIO()
        file_options = dataclasses.replace(options, color=False)
        notes += fmt.reporter().render(scan, buffer, file_options) or ()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(buffer.getvalue(), encoding="utf-8")
        except OSError as exc:
            errors.append(f"{path}: cannot write the report ({exc.strerror or exc})")
    notes += stdout_format.reporter().render(scan, sys.stdout, options) or ()
    sys.stdout.flush()
    for note in dict.fromkeys(notes):  # the same note from stdout and a file is logged once
        log.warning("%s", note)
    if errors:
        raise ReporterError("; ".join(errors))


def audit(
    args: argparse.Namespace, sources: Sequence[Source] | None = None
) -> tuple[ScanResult, Config]:
    """Everything `scan` does short of writing reports (`sources` overrides build_sources)."""
    config, ruleset = config_and_rules(args)
    config = merged_config(config, args)
    if args.format:
        Format.parse(args.format)  # fail on a bad format before the (possibly long) collection
    for path in args.output:
        Format.for_path(path)
        if any(_same_file(path, Path(snapshot)) for snapshot in args.snapshot or ()):
            raise ConfigError(  # the report would replace the collected estate it was made from
                f"{path}: is the snapshot this scan reads; write the report to another file"
            )
    unknown = [i for i in (*config.select, *config.ignore) if ruleset.get(i) is None]
    if unknown:  # a typo must not silently drop a check; say so before the collection
        raise ConfigError(
            f"unknown rule id(s) in select/ignore: {', '.join(unknown)} "
            "(`aml-audit rules` lists the known ids)"
        )
    rules = engine.select_rules(ruleset.rules, config.select, config.ignore)
    # Suppressions and the baseline are checked before the (possibly long) collection.
    suppressions = resolve_rule_ids(config.suppress, _canonical_id(ruleset))
    baseline = (
        load_baseline(Path(config.baseline), _canonical_id(ruleset)) if config.baseline else None
    )
    started = datetime.now(UTC)
    if sources is None:
        sources = build_sources(args, config)
    inventory = collect_with_progress(sources, args)
    scan = engine.evaluate(inventory, rules, warnings=[str(p) for p in ruleset.problems])
    scan = dataclasses.replace(scan, started_at=started)
    scan = apply_suppressions(scan, suppressions, today=started.date())
    if baseline is not None:
        scan = apply_baseline(scan, baseline)
    elif config.fail_on_new_only:
        scan = dataclasses.replace(
            scan,
            warnings=(
                *scan.warnings,
                "fail-on-new-only without a baseline: every failing result counts as new",
            ),
        )
    return scan, config


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def _canonical_id(ruleset: RuleSet) -> Callable[[str], str | None]:
    def canonical(rule_id: str) -> str | None:
        rule = ruleset.get(rule_id)
        return rule.meta.id if rule is not None else None

    return canonical


def run(args: argparse.Namespace) -> int:
    scan, config = audit(args)
    write_reports(scan, args, report_options(args, config))  # errors: auditor/cli.py, exit 2
    return exit_code(scan, config)
