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

from auditor.controls.config import Config, RuleSettings, parse_fail_on, sarif_category
from auditor.controls.suppressions import SuppressionEntry
from auditor.core.errors import ConfigError
from auditor.core.ids import is_guid
from auditor.inventory.shard import Shard
from auditor.reporters.interface import Format, ReportOptions
from auditor.rulekit.meta import Severity
from auditor.sources.live.tuning import DEFAULT_CONCURRENCY, DEFAULT_DISCOVERY


@dataclass(frozen=True, slots=True)
class LiveTarget:
    """Which live tenant to read, and how (built into a LiveSource only when the scan runs)."""

    subscriptions: tuple[str, ...] = ()  # empty: every subscription the credential can read
    auth: str = "default"
    cloud: str = "public"
    arm_endpoint: str | None = None
    concurrency: int = DEFAULT_CONCURRENCY
    discovery: str = DEFAULT_DISCOVERY  # auto, graph or arm (sources/live/tuning.py)
    access_review: bool = True  # role assignments, definitions, PIM, the Activity Log


@dataclass(frozen=True, slots=True)
class LintTarget:
    """Which infrastructure code to read (`aml-audit lint`), decided before anything is read."""

    paths: tuple[Path, ...]
    root: Path  # the working directory: reports show paths relative to it
    excludes: tuple[str, ...] = ()
    parameters: tuple[Path, ...] = ()  # --parameters FILE


def lint_target(
    paths: tuple[Path, ...],
    excludes: tuple[str, ...] = (),
    parameters: tuple[Path, ...] = (),
    root: Path | None = None,
) -> LintTarget:
    """The target of `aml-audit lint`; a PATH or --parameters file that does not exist is a
    ConfigError now, before any file is read."""
    where = root if root is not None else Path.cwd()
    chosen = paths or (Path("."),)
    for path in chosen:
        if not (where / path).exists():
            raise ConfigError(
                f"{path}: no such file or directory (give files or folders of infrastructure "
                "code to lint)"
            )
    for parameters_file in parameters:
        if not (where / parameters_file).is_file():
            raise ConfigError(
                f"--parameters {parameters_file}: no such file (give an ARM parameters file, "
                ".tfvars or .bicepparam)"
            )
        if parameters_file.suffix.lower() == ".json":
            _check_json(where / parameters_file, f"--parameters {parameters_file}")
    for glob in excludes:
        if not glob.strip():
            raise ConfigError("--exclude needs a glob such as 'tests/**' or '*.parameters.json'")
    return LintTarget(tuple(chosen), where, tuple(excludes), tuple(parameters))


@dataclass(frozen=True, slots=True)
class ReportTarget:
    path: Path
    format: Format


@dataclass(frozen=True, slots=True)
class ScanOptions:
    # sources: snapshot files, else the live tenant
    snapshots: tuple[Path, ...] = ()
    live: LiveTarget | None = None
    lint: LintTarget | None = None  # infrastructure code (`aml-audit lint`): no live tenant
    # rules
    rule_dirs: tuple[Path, ...] = ()
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    rule_settings: tuple[RuleSettings, ...] = ()  # the config's [rules.<id>] tables
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


def _check_json(path: Path, label: str) -> None:
    """A JSON file given on the command line parses, or a one-line ConfigError says where not."""
    import json

    try:
        json.loads(path.read_text(encoding="utf-8-sig"))
    except json.JSONDecodeError as exc:
        raise ConfigError(
            f"{label}: not valid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}"
        ) from None
    except (OSError, UnicodeDecodeError, RecursionError) as exc:
        raise ConfigError(f"{label}: cannot be read ({type(exc).__name__})") from None


def _lints(lint: LintTarget, report: Path) -> bool:
    """Whether `report` is infrastructure code the lint reads (a report written over it would
    change the user's files): named on the command line, or under a folder given and claimed
    by a reader."""
    if any(same_file(report, lint.root / given) for given in lint.paths):
        return True
    if not report.is_file():
        return False
    from auditor.sources.iac.source import is_infrastructure_code

    resolved = report.resolve()
    inside = any(resolved.is_relative_to((lint.root / given).resolve()) for given in lint.paths)
    return inside and is_infrastructure_code(resolved)


def live_target(
    subscriptions: tuple[str, ...] = (),
    auth: str = "default",
    cloud: str = "public",
    arm_endpoint: str | None = None,
    concurrency: int = DEFAULT_CONCURRENCY,
    discovery: str = DEFAULT_DISCOVERY,
    *,
    access_review: bool = True,
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
    return LiveTarget(chosen, auth, cloud, arm_endpoint, concurrency, discovery, access_review)


def plan_scan(
    config: Config,
    *,
    snapshots: tuple[Path, ...] = (),
    live: LiveTarget | None = None,
    lint: LintTarget | None = None,
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
        if lint is not None and _lints(lint, target.path):
            raise ConfigError(  # a user's files are never changed
                f"{target.path}: is a file this lint reads; write the report to another file"
            )
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
        live=None if snapshots or lint is not None else (live or LiveTarget()),
        lint=lint,
        rule_dirs=config.rule_dirs + rule_dirs,
        select=_ids(select) if select is not None else config.select,
        ignore=_ids(ignore) if ignore is not None else config.ignore,
        rule_settings=config.rules,
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
