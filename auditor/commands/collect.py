"""`aml-audit collect`: read a live tenant and write the inventory as a snapshot file.

`aml-audit scan --snapshot FILE` of that file later gives the same results as a live scan: the
snapshot keeps every resource's raw ARM JSON and origin, the gaps, the ids ARM answered 404 for,
and which collections were listed. Exit codes: 0 complete, 2 error, 3 written but incomplete (some
scope could not be read; the gaps are in the file).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from auditor.commands import HELP, progress
from auditor.commands.options import add_live_options, live_target_of
from auditor.core.errors import ExitCode

NAME = "collect"


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        NAME,
        help=HELP[NAME],
        description="Read a live tenant (read-only) and write what was found, and what could "
        "not be read, to a JSON snapshot that `aml-audit scan --snapshot` audits later.",
    )
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        required=True,
        metavar="FILE",
        help="the snapshot file to write (JSON)",
    )
    add_live_options(parser)


def run(args: argparse.Namespace) -> int:
    from auditor.plan.collect import collect_snapshot

    display = progress.display(not args.quiet, getattr(args, "log_verbosity", 0))
    inventory = collect_snapshot(live_target_of(args), args.output, display)
    if not args.quiet:
        gaps = len(inventory.gaps)
        state = f", {gaps} scope(s) could not be read (see its gaps)" if gaps else ""
        print(
            f"aml-audit: wrote {args.output}: {len(inventory)} resources{state}",
            file=sys.stderr,
        )
    return ExitCode.INCOMPLETE if inventory.gaps else ExitCode.OK
