"""`aml-audit history`: the scans a `--history` database recorded, what changed between two, and
when a finding was first and last seen."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from auditor.commands import HELP

NAME = "history"


def _from_one(text: str, what: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{what} from 1 (got {text!r})")
    return value


def _scan_id(text: str) -> int:
    return _from_one(text, "a scan id is a whole number")


def _scan_count(text: str) -> int:
    return _from_one(text, "a number of scans")


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(NAME, help=HELP[NAME])
    parser.add_argument(
        "--history", type=Path, required=True, metavar="DB", help="the history database to read"
    )
    parser.add_argument(
        "--format",
        default="console",
        choices=("console", "json", "markdown"),
        help="how to print (default: console)",
    )
    parser.add_argument(
        "--last",
        type=_scan_count,
        default=None,
        metavar="N",
        help="only the last N scans (default: every scan)",
    )
    parser.add_argument(
        "--diff",
        nargs=2,
        type=_scan_id,
        metavar=("A", "B"),
        help="what changed from scan A to scan B: new and resolved findings "
        "(default: the last two scans)",
    )
    parser.add_argument(
        "--finding", metavar="FINGERPRINT", help="one finding: first and last seen, how long open"
    )
    parser.add_argument("--rule", metavar="ID", help="findings of this rule")
    parser.add_argument(
        "--resource", metavar="TEXT", help="findings of resources whose id contains TEXT"
    )


def run(args: argparse.Namespace) -> int:
    from auditor.controls.history import open_history
    from auditor.core.errors import ConfigError
    from auditor.reporters.history import HistoryView, render
    from auditor.reporters.interface import Format

    if (args.diff or args.last) and (args.finding or args.rule or args.resource):
        raise ConfigError(
            "--diff and --last list scans, --finding, --rule and --resource list findings: "
            "use one kind at a time"
        )
    history = open_history(args.history, create=False)
    try:
        if args.finding or args.rule or args.resource:
            findings = history.findings(args.finding, args.rule, args.resource)
            view = HistoryView(str(args.history), findings=tuple(findings))
        else:
            scans = history.scans(last=args.last)
            diff = None
            if args.diff:
                diff = history.diff(*args.diff)
            elif len(scans) >= 2:
                diff = history.diff(scans[-2].id, scans[-1].id)
            view = HistoryView(str(args.history), tuple(scans), diff)
    finally:
        history.close()
    render(view, Format.parse(args.format), sys.stdout)
    return 0
