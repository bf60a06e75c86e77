"""`aml-audit scan`: collect, evaluate, report, and an exit code that says what was found."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from auditor.commands import HELP, progress
from auditor.commands.options import (
    add_history_option,
    add_live_options,
    add_rule_options,
    add_verdict_options,
    scan_plan,
)
from auditor.plan import report, run_scan
from auditor.reporters.interface import Format

NAME = "scan"


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(NAME, help=HELP[NAME])
    parser.add_argument(
        "--snapshot",
        action="append",
        type=Path,
        default=[],
        metavar="FILE",
        help="audit this JSON file of ARM resources instead of a live tenant (repeatable)",
    )
    add_report_options(parser)
    add_selection_options(parser)
    add_verdict_options(parser)
    parser.add_argument(
        "--shard",
        default=None,
        metavar="K/N",
        help="scan only the K-th of N parts of the subscriptions (split by a hash of each "
        "subscription id); `aml-audit merge` joins the N reports",
    )
    add_history_option(parser)
    add_rule_options(parser)
    add_live_options(parser, "live tenant (when no --snapshot is given)")


def add_selection_options(parser: argparse.ArgumentParser) -> None:
    """--select/--ignore: `scan` and `lint` (a merge judges what its shards judged)."""
    parser.add_argument(
        "--select", default=None, metavar="IDS", help="only these rule ids, comma-separated"
    )
    parser.add_argument(
        "--ignore", default=None, metavar="IDS", help="skip these rule ids, comma-separated"
    )


def add_report_options(parser: argparse.ArgumentParser) -> None:
    """What `scan`, `lint` and `merge` share: the reports written, and the baseline they compare
    with."""
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


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be a whole number, 0 or more (got {text!r})")
    return value


def run(args: argparse.Namespace) -> int:
    options = scan_plan(args)
    display = progress.display(options.progress, getattr(args, "log_verbosity", 0))
    outcome = run_scan(options, progress=display)
    return report(outcome, options, sys.stdout)  # errors: auditor/cli.py, exit 2
