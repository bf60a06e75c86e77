"""`aml-audit rules`: the rule catalogue."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from auditor.catalogue import catalogue_page
from auditor.commands.common import add_rule_options, config_and_rules
from auditor.model import RuleMeta

NAME = "rules"


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(NAME, help="list the rule catalogue")
    parser.add_argument("--format", choices=("table", "json", "markdown"), default="table")
    add_rule_options(parser)


def meta_to_json(meta: RuleMeta) -> dict[str, Any]:
    return {
        "id": meta.id,
        "title": meta.title,
        "severity": meta.severity.label,
        "category": meta.category,
        "resource_types": list(meta.resource_types),
        "rationale": meta.rationale,
        "remediation": {
            "description": meta.remediation.description,
            "az": meta.remediation.az,
            "bicep": meta.remediation.bicep,
        },
        "references": {
            "docs": list(meta.references.docs),
            "policy": list(meta.references.policy),
            "mcsb": list(meta.references.mcsb),
        },
        "aliases": list(meta.aliases),
    }


def run(args: argparse.Namespace) -> int:
    _, ruleset = config_and_rules(args)
    metas = [r.meta for r in ruleset.rules]
    if args.format == "json":
        json.dump([meta_to_json(m) for m in metas], sys.stdout, indent=2)
        sys.stdout.write("\n")
    elif args.format == "markdown":
        sys.stdout.write(catalogue_page(metas))
    else:
        table = Table(title=f"aml-audit rules ({len(metas)})")
        for column in ("id", "severity", "title", "resource types"):
            table.add_column(column)
        for m in metas:
            table.add_row(
                m.id, m.severity.label, escape(m.title), escape("\n".join(m.resource_types))
            )
        Console(width=160).print(table)
    return 0  # plugins that failed to load were logged as warnings by the registry
