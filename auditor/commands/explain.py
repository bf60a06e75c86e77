"""`aml-audit explain ID`: a rule's rationale, remediation and references."""

from __future__ import annotations

import argparse
import shutil
import sys
from typing import Any

from auditor.commands import HELP
from auditor.commands.options import add_rule_options, config_and_rules
from auditor.core.errors import ConfigError, ExitCode
from auditor.reporters.catalogue import explain_text

NAME = "explain"


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(NAME, help=HELP[NAME])
    parser.add_argument("rule_id", metavar="RULE_ID")
    add_rule_options(parser)


def run(args: argparse.Namespace) -> int:
    _, ruleset = config_and_rules(args)
    rule = ruleset.get(args.rule_id)
    if rule is None:
        raise ConfigError(
            f"no rule {args.rule_id!r}; `aml-audit rules` lists the {len(ruleset.rules)} known ids"
        )
    # Prose wrapped to the terminal, at most 100 columns (for reading); code is left as written.
    width = min(100, shutil.get_terminal_size((100, 24)).columns)
    sys.stdout.write(explain_text(rule.meta, max(width, 40)))
    return ExitCode.OK
