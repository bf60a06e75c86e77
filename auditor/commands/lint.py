"""`aml-audit lint [PATH ...]`: the same rules, reports, config, baseline and exit codes as `scan`,
on infrastructure code before it is deployed (a lint source is just another source)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from auditor.commands import HELP
from auditor.commands.options import add_rule_options, add_verdict_options
from auditor.commands.scan import add_report_options, add_selection_options
from auditor.controls.config import load_config
from auditor.plan import report, run_scan

NAME = "lint"


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(NAME, help=HELP[NAME])
    parser.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="files or folders of infrastructure code (default: the current folder); folders "
        "are walked, honouring .gitignore",
    )
    parser.add_argument(
        "--parameters",
        action="append",
        type=Path,
        default=[],
        metavar="FILE",
        help="values for the templates' parameters: an ARM parameters file, .tfvars or "
        ".bicepparam (repeatable; default: <name>.parameters.json beside an ARM template)",
    )
    parser.add_argument(
        "--exclude",
        action="append",
        default=[],
        metavar="GLOB",
        help="skip files and folders matching GLOB (gitignore syntax, relative to the current "
        "folder; repeatable)",
    )
    add_report_options(parser)
    add_selection_options(parser)
    add_verdict_options(parser, verbose_alias=False)
    parser.add_argument(
        "--verbose",
        dest="list_skipped",
        action="store_true",
        help="also list on stderr the files that were skipped as not infrastructure code",
    )
    add_rule_options(parser)


def run(args: argparse.Namespace) -> int:
    from auditor.plan.options import lint_target, plan_scan
    from auditor.plan.run import build_lint_source

    target = lint_target(tuple(args.paths), tuple(args.exclude), tuple(args.parameters))
    options = plan_scan(
        load_config(args.config),
        lint=target,
        rule_dirs=tuple(args.rules_dir),
        select=args.select,
        ignore=args.ignore,
        fail_on=args.fail_on,
        baseline=args.baseline,
        fail_on_new_only=args.fail_on_new_only,
        outputs=tuple(args.output),
        stdout_format=args.format,
        verbose=args.verbose,
        color=sys.stdout.isatty(),
        markdown_limit=args.markdown_limit,
        sarif_category_text=args.sarif_category,
        progress=False,
    )
    source = build_lint_source(target)
    outcome = run_scan(options, sources=[source])
    if args.list_skipped:
        for path in source.skipped:
            sys.stderr.write(f"skipped (not infrastructure code): {path}\n")
    return report(outcome, options, sys.stdout)  # errors: auditor/cli.py, exit 2
