"""Options and helpers several subcommands share."""

from __future__ import annotations

import argparse
from pathlib import Path

from auditor.controls.config import Config, load_config
from auditor.evaluate.registry import RuleSet, load_rules


def add_rule_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--config",
        type=Path,
        metavar="FILE",
        help="aml-audit.toml or pyproject.toml to read (default: ./aml-audit.toml, "
        "then ./pyproject.toml [tool.aml-audit])",
    )
    parser.add_argument(
        "--rules-dir",
        action="append",
        type=Path,
        default=[],
        metavar="DIR",
        help="also load rule modules from DIR (repeatable)",
    )


def config_and_rules(args: argparse.Namespace) -> tuple[Config, RuleSet]:
    config = load_config(args.config)
    base = config.path.parent if config.path else Path.cwd()
    dirs = [base / d for d in config.rules_dir] + list(args.rules_dir)
    return config, load_rules(dirs)
