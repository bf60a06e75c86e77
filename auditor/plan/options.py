"""ScanOptions: everything one scan needs, decided before anything is read.

Built once by `plan_scan` from the config file and the command line (the command line wins), so
the rest of the pipeline never sees argparse or a config file, and every input error — a bad
format, an unknown rule id, a report path that is the snapshot being read — is found before a
(possibly long) collection starts.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path

from auditor.controls.config import Config, parse_fail_on, sarif_category
from auditor.controls.suppressions import SuppressionEntry
from auditor.core.errors import ConfigError
from auditor.core.ids import is_guid
from auditor.inventory.shard import Shard
from auditor.reporters.interface import Format, ReportOptions
from auditor.rulekit.meta import Severity
from auditor.sources.live.tuning import DEFAULT_CONCURRENCY


@dataclass(frozen=True, slots=True)
class LiveTarget:
    """Which live tenant to read, and how (built into a LiveSource only when the scan runs)."""

    subscriptions: tuple[str, ...] = ()  # empty: every subscription the credential can read
    auth: str = "default"
    cloud: str = "public"
    arm_endpoint: str | None = None
    concurrency: int = DEFAULT_CONCURRENCY


@dataclass(frozen=True, slots=True)
class ReportTarget:
    path: Path
    format: Format


@dataclass(frozen=True, slots=True)
class ScanOptions:
    # sources: snapshot files, else the live tenant
    snapshots: tuple[Path, ...] = ()
    live: LiveTarget | None = None
    # rules
    rule_dirs: tuple[Path, ...] = ()
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    # controls
    fail_on: Severity | None = Severity.LOW  # the lowest failing severity that fails the run
    suppress: tuple[SuppressionEntry, ...] = ()
    baseline: Path | None = None
    fail_on_new_only: bool = False
    # outputs
    outputs: tuple[ReportTarget, ...] = ()
    stdout_format: Format = Format.CONSOLE
    report: ReportOptions = field(default_factory=ReportOptions)
    progress: bool = True  # a progress display on stderr while a live tenant is read
    # scale and memory
    shard: Shard | None = None  # scan only this part of the subscriptions (`--shard K/N`)
    history: Path | None = None  # record the scan in this SQLite history (`--history`)


def _ids(text: str) -> tuple[str, ...]:
    return tuple(s.strip().upper() for s in text.split(",") if s.strip())


def same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def live_target(
    subscriptions: tuple[str, ...] = (),
    auth: str = "default",
    cloud: str = "public",
    arm_endpoint: str | None = None,
    concurrency: int = DEFAULT_CONCURRENCY,
) -> LiveTarget:
    chosen = tuple(s.strip() for s in subscriptions if s.strip())
    for subscription in chosen:
        # A subscription's name (which az accepts) was read as an id and reported, after the
        # whole scan, as a subscription that could not be found: refuse it up front.
        if not is_guid(subscription):
            raise ConfigError(
                f"--subscription {subscription!r} is not a subscription id "
                "(expected a GUID such as 00000000-0000-0000-0000-000000000000; "
                "`az account list -o table` shows the ids of yours)"
            )
    return LiveTarget(chosen, auth, cloud, arm_endpoint, concurrency)


def plan_scan(
    config: Config,
    *,
    snapshots: tuple[Path, ...] = (),
    live: LiveTarget | None = None,
    rule_dirs: tuple[Path, ...] = (),
    select: str | None = None,
    ignore: str | None = None,
    fail_on: str | None = None,
    baseline: Path | None = None,
    fail_on_new_only: bool | None = None,
    outputs: tuple[Path, ...] = (),
    stdout_format: str | None = None,
    verbose: bool = False,
    color: bool = False,
    markdown_limit: int | None = None,
    sarif_category_text: str | None = None,
    progress: bool = True,
    shard: str | None = None,
    history: Path | None = None,
) -> ScanOptions:
    """The plan of one scan: `config` (the file's settings) overridden by the command line's.

    Paths in the config file (rules-dir, baseline) are relative to the file's folder.
    """
    if snapshots and live is not None and live.subscriptions:
        raise ConfigError("--subscription selects what a live scan reads; drop it or --snapshot")
    stdout = Format.parse(stdout_format) if stdout_format else Format.CONSOLE
    targets = tuple(ReportTarget(path, Format.for_path(path)) for path in outputs)
    for target in targets:
        if any(same_file(target.path, snapshot) for snapshot in snapshots):
            raise ConfigError(  # the report would replace the collected estate it was made from
                f"{target.path}: is the snapshot this scan reads; write the report to another file"
            )
    if baseline is None and config.baseline is not None:
        baseline = config.base / config.baseline if config.path else Path(config.baseline)
    threshold = parse_fail_on(fail_on) if fail_on is not None else config.threshold
    category = (
        sarif_category(sarif_category_text, "--sarif-category")
        if sarif_category_text is not None
        else config.sarif_category
    )
    report = ReportOptions(verbose=verbose, color=color, sarif_category=category)
    if markdown_limit is not None:
        report = dataclasses.replace(report, markdown_limit=markdown_limit)
    for target in targets:
        if history is not None and same_file(target.path, history):
            raise ConfigError(
                f"{target.path}: is the --history database; write the report to another file"
            )
    return ScanOptions(
        snapshots=snapshots,
        live=None if snapshots else (live or LiveTarget()),
        rule_dirs=config.rule_dirs + rule_dirs,
        select=_ids(select) if select is not None else config.select,
        ignore=_ids(ignore) if ignore is not None else config.ignore,
        fail_on=threshold,
        suppress=config.suppress,
        baseline=baseline,
        fail_on_new_only=(
            fail_on_new_only if fail_on_new_only is not None else config.fail_on_new_only
        ),
        outputs=targets,
        stdout_format=stdout,
        report=report,
        progress=progress,
        shard=parse_shard(shard) if shard is not None else None,
        history=history,
    )


def parse_shard(text: str) -> Shard:
    try:
        return Shard.parse(text)
    except ValueError as exc:
        raise ConfigError(f"--shard: {exc}") from None
