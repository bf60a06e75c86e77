"""The options several subcommands share, and how parsed arguments become a scan plan.

Commands only parse and print: what the options mean is decided in auditor/plan/.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from auditor.controls.config import FAIL_ON_CHOICES, Config, load_config
from auditor.evaluate.registry import RuleSet, load_rules
from auditor.sources.live.tuning import (
    DEFAULT_CONCURRENCY,
    DEFAULT_DISCOVERY,
    DISCOVERY_MODES,
    MAX_CONCURRENCY,
)

if TYPE_CHECKING:  # the plan is imported by the commands that scan, not by `rules`/`explain`
    from auditor.plan.options import LiveTarget, ScanOptions


def add_rule_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--config",
        type=Path,
        metavar="FILE",
        help="aml-audit.toml or pyproject.toml to read (default: ./aml-audit.toml, "
        "then ./pyproject.toml [tool.aml-audit])",
    )
    parser.add_argument(
        "--rules-dir",
        action="append",
        type=Path,
        default=[],
        metavar="DIR",
        help="also load rule modules from DIR (repeatable)",
    )


def add_verdict_options(parser: argparse.ArgumentParser, verbose_alias: bool = True) -> None:
    """--fail-on and --details, which `scan`, `lint` and `demo` share (`lint` has a --verbose
    of its own, so it goes without the old alias)."""
    parser.add_argument(
        "--fail-on",
        choices=FAIL_ON_CHOICES,
        default=None,
        help="lowest failing severity that makes the exit code 1 (default: low)",
    )
    parser.add_argument(
        "--details",
        dest="verbose",
        action="store_true",
        help="console report: every failing result (beyond 40 it lists the 20 most severe and "
        "counts by rule), and also full resource ids, evidence, every gap message and passing "
        "results",
    )
    if verbose_alias:  # the old spelling, kept working for scripts; not shown (it read like -v)
        parser.add_argument(
            "--verbose", dest="verbose", action="store_true", help=argparse.SUPPRESS
        )


def config_and_rules(args: argparse.Namespace) -> tuple[Config, RuleSet]:
    config = load_config(args.config)
    return config, load_rules([*config.rule_dirs, *args.rules_dir])


AUTH_METHODS = ("default", "cli", "managed-identity", "env", "workload-identity", "token")
CLOUD_NAMES = ("public", "usgov", "china")


def concurrency(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if not 1 <= value <= MAX_CONCURRENCY:
        raise argparse.ArgumentTypeError(f"must be between 1 and {MAX_CONCURRENCY}")
    return value


def add_live_options(parser: Any, title: str = "live tenant") -> None:
    group = parser.add_argument_group(title)
    group.add_argument(
        "--subscription",
        action="append",
        default=[],
        metavar="ID",
        help="audit this subscription (repeatable; default: every subscription the credential "
        "can read)",
    )
    group.add_argument(
        "--auth",
        choices=AUTH_METHODS,
        default="default",
        help="credential: default (DefaultAzureCredential), cli (az login), managed-identity, "
        "env (service principal from AZURE_* variables), workload-identity, token (an ARM "
        "access token in AML_AUDIT_ACCESS_TOKEN)",
    )
    group.add_argument(
        "--cloud",
        choices=CLOUD_NAMES,
        default="public",
        help="Azure cloud: ARM endpoint, sign-in authority and token scope (default: public)",
    )
    group.add_argument(
        "--arm-endpoint",
        metavar="URL",
        default=None,
        help="send ARM requests here instead of the cloud's endpoint (https only; trust a "
        "private CA with REQUESTS_CA_BUNDLE)",
    )
    group.add_argument(
        "--concurrency",
        type=concurrency,
        default=DEFAULT_CONCURRENCY,
        metavar="N",
        help=f"requests in flight at once (default: {DEFAULT_CONCURRENCY})",
    )
    add_discovery_option(group)
    group.add_argument(
        "--no-access-review",
        dest="access_review",
        action="store_false",
        help="do not read role assignments, role definitions, deny assignments, PIM eligibility "
        "or the Activity Log (the rules that need them report not_assessed)",
    )
    group.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="no progress display on stderr",
    )


def add_discovery_option(group: Any) -> None:
    group.add_argument(
        "--discovery",
        choices=DISCOVERY_MODES,
        default=DEFAULT_DISCOVERY,
        help="how resources are found: auto (default) and graph ask Azure Resource Graph which "
        "collections hold anything and list only those through ARM; arm lists every collection "
        "through ARM (see docs/live-collection.md)",
    )


def live_target_of(args: argparse.Namespace) -> LiveTarget:
    from auditor.plan.options import live_target

    return live_target(
        tuple(args.subscription),
        args.auth,
        args.cloud,
        args.arm_endpoint,
        args.concurrency,
        args.discovery,
        access_review=getattr(args, "access_review", True),
    )


def scan_plan(args: argparse.Namespace, outputs: list[Path] | None = None) -> ScanOptions:
    """The plan of `scan` (and `demo`, which passes its own outputs) from parsed arguments."""
    from auditor.plan.options import plan_scan

    snapshots = tuple(getattr(args, "snapshot", None) or ())
    live = live_target_of(args) if hasattr(args, "auth") else None  # plan_scan decides
    return plan_scan(
        load_config(args.config),
        snapshots=snapshots,
        live=live,
        rule_dirs=tuple(args.rules_dir),
        select=getattr(args, "select", None),
        ignore=getattr(args, "ignore", None),
        fail_on=args.fail_on,
        baseline=getattr(args, "baseline", None),
        fail_on_new_only=getattr(args, "fail_on_new_only", None),
        outputs=tuple(outputs if outputs is not None else args.output),
        stdout_format=getattr(args, "format", None),
        verbose=args.verbose,
        color=sys.stdout.isatty(),
        markdown_limit=getattr(args, "markdown_limit", None),
        sarif_category_text=getattr(args, "sarif_category", None),
        progress=not getattr(args, "quiet", False),
        shard=getattr(args, "shard", None),
        history=getattr(args, "history", None),
    )


def add_history_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--history",
        type=Path,
        default=None,
        metavar="DB",
        help="record this scan in a SQLite history (created if absent); reports then show a "
        "trend and when each finding was first seen (`aml-audit history` reads it)",
    )
