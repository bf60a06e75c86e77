"""`aml-audit explain ID`: a rule's rationale, remediation and references."""

from __future__ import annotations

import argparse
import shutil
import sys
import textwrap
from typing import Any

from auditor.commands import HELP
from auditor.commands.options import add_rule_options, config_and_rules
from auditor.core.errors import ConfigError, ExitCode
from auditor.reporters.catalogue import POLICY_URL
from auditor.rulekit.meta import RuleMeta

NAME = "explain"


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(NAME, help=HELP[NAME])
    parser.add_argument("rule_id", metavar="RULE_ID")
    add_rule_options(parser)


def _prose(text: str, width: int) -> str:
    """A paragraph wrapped under a two-space indent; URLs and other long words are kept whole."""
    return textwrap.fill(
        text,
        width,
        initial_indent="  ",
        subsequent_indent="  ",
        break_long_words=False,
        break_on_hyphens=False,
    )


def explain_text(meta: RuleMeta, width: int = 100) -> str:
    out = [
        f"{meta.id}  {meta.title}",
        f"severity: {meta.severity.label}    category: {meta.category}",
        f"resource types: {', '.join(meta.resource_types)}",
        "",
        "Why it matters",
        _prose(meta.rationale, width),
        "",
        "How to fix",
        _prose(meta.remediation.description, width),
    ]
    if meta.remediation.az:
        out += ["", "  Azure CLI:", *("    " + line for line in meta.remediation.az.splitlines())]
    if meta.remediation.bicep:
        out += ["", "  Bicep:", *("    " + line for line in meta.remediation.bicep.splitlines())]
    refs = meta.references
    if refs.docs or refs.policy or refs.mcsb:
        out += ["", "References"]
        out += [f"  docs: {d}" for d in refs.docs]
        out += [f"  Azure Policy: {p}  {POLICY_URL.format(p)}" for p in refs.policy]
        out += [f"  MCSB: {c}" for c in refs.mcsb]
    if meta.aliases:
        out += ["", f"formerly: {', '.join(meta.aliases)}"]
    return "\n".join(out) + "\n"


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
