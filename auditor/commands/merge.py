"""`aml-audit merge`: one report, in every format, from the JSON reports of shard scans."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from auditor.commands import HELP
from auditor.commands.options import add_history_option, add_rule_options, add_verdict_options
from auditor.commands.scan import add_report_options

NAME = "merge"


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(NAME, help=HELP[NAME])
    parser.add_argument(
        "reports",
        nargs="+",
        type=Path,
        metavar="REPORT",
        help="a JSON report of a shard scan (`scan --shard K/N -o shard.json`)",
    )
    add_report_options(parser)
    add_verdict_options(parser)
    add_history_option(parser)
    add_rule_options(parser)


def run(args: argparse.Namespace) -> int:
    from auditor.commands.options import scan_plan
    from auditor.plan import report
    from auditor.plan.merge import merge_reports

    options = scan_plan(args)
    outcome = merge_reports(tuple(args.reports), options)
    return report(outcome, options, sys.stdout)  # errors: auditor/cli.py, exit 2
