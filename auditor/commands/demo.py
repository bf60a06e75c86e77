"""`aml-audit demo`: audit the bundled simulated tenant end to end.

Starts the ARM simulator on 127.0.0.1 with the demo tenant (one subscription unreadable, one with a
small throttle bucket), scans it exactly as `scan` scans Azure — the real SDK pipeline, a token the
simulator mints, TLS verified against the simulator's own CA — prints the console report and writes
every report format into the output directory. Exit codes as `scan`: 0, 1 findings, 2 error,
3 incomplete. Nothing leaves the machine.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from auditor.commands import HELP
from auditor.commands.options import (
    add_discovery_option,
    add_rule_options,
    add_verdict_options,
    concurrency,
    scan_plan,
)
from auditor.reporters.interface import Format
from auditor.sources.live.tuning import DEFAULT_CONCURRENCY

NAME = "demo"
DEFAULT_OUTPUT_DIR = Path("aml-audit-demo")


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        NAME,
        help=HELP[NAME],
        description="Start the bundled ARM simulator on 127.0.0.1, audit its demo tenant "
        "through the real Azure SDK, print the report and write every format to a directory.",
    )
    parser.add_argument(
        "--output-dir",
        type=Path,
        default=DEFAULT_OUTPUT_DIR,
        metavar="DIR",
        help=f"where to write the reports (default: ./{DEFAULT_OUTPUT_DIR}/)",
    )
    add_verdict_options(parser)
    parser.add_argument(
        "--concurrency", type=concurrency, default=DEFAULT_CONCURRENCY, help=argparse.SUPPRESS
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress display on stderr")
    add_discovery_option(parser)
    add_rule_options(parser)


def report_paths(directory: Path) -> list[Path]:
    """One file per format that has a file extension: report.json, report.html, ..."""
    return [directory / f"report{fmt.extensions[0]}" for fmt in Format if fmt.extensions]


def run(args: argparse.Namespace) -> int:
    from auditor.commands import progress
    from auditor.plan import LiveTarget, report, run_scan
    from auditor.plan.run import build_live_source
    from auditor.simulator import Simulator, SimulatorOptions, demo_tenant

    outputs = report_paths(args.output_dir)
    options = scan_plan(args, outputs=outputs)
    display = progress.display(options.progress, getattr(args, "log_verbosity", 0))
    with Simulator(demo_tenant(), SimulatorOptions()) as simulator:
        source = build_live_source(
            LiveTarget(
                arm_endpoint=simulator.url,
                concurrency=args.concurrency,
                discovery=args.discovery,
            ),
            credential=simulator.credential(),
            ca_file=str(simulator.ca_file),
            auth_hint="the demo simulator rejected its own token; report this",
        )
        outcome = run_scan(options, sources=[source], progress=display)
    return report(outcome, options, sys.stdout)  # the console names the reports written
