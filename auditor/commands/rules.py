"""`aml-audit rules`: the rule catalogue."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from auditor.commands import HELP
from auditor.commands.options import add_rule_options, config_and_rules
from auditor.core.errors import ExitCode
from auditor.reporters.catalogue import catalogue_page, meta_to_json
from auditor.reporters.console import OutputConsole

NAME = "rules"


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(NAME, help=HELP[NAME])
    parser.add_argument("--format", choices=("table", "json", "markdown"), default="table")
    add_rule_options(parser)


def run(args: argparse.Namespace) -> int:
    _, ruleset = config_and_rules(args)
    metas = [r.meta for r in ruleset.rules] + [p.meta for p in ruleset.paths]
    if args.format == "json":
        json.dump([meta_to_json(m) for m in metas], sys.stdout, indent=2)
        sys.stdout.write("\n")
    elif args.format == "markdown":
        sys.stdout.write(catalogue_page(metas))
    else:
        table = Table(title=f"aml-audit rules ({len(metas)})")
        table.add_column("id")
        table.add_column("severity")
        # Each resource type under the title: a type is up to 72 characters, so beside the title
        # in a column of its own it was cut or wrapped in a 100-column terminal.
        table.add_column("title, resource types")
        for m in metas:
            types = "\n".join(f"  {escape(t)}" for t in m.resource_types)
            # A column of its own would not leave the longest type whole in 100 columns: the
            # few rules lint does not judge say so under their types (docs/rules.md: a column).
            lint = "" if m.judged_in_templates else "\n  not judged in templates (runtime only)"
            table.add_row(m.id, m.severity.label, f"{escape(m.title)}\n[dim]{types}{lint}[/dim]")
        # The terminal's width (at least 100 columns, as the scan report): a fixed 160 wrapped
        # every row of the table in a narrower terminal.
        OutputConsole(width=max(100, Console().width)).print(table)
    return ExitCode.OK  # plugins that failed to load were logged as warnings by the registry
