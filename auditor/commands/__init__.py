"""One module per `aml-audit` subcommand, each with `add_parser(subparsers)` and `run(args)`.

A command's module is imported only when that command is chosen (auditor/cli.py), so
`aml-audit --version`, `--help`, `rules` and `explain` never load the Azure SDK, the simulator or
the reporters they do not use.
"""

from __future__ import annotations

import importlib
from types import ModuleType

# The order `aml-audit --help` lists them in, and each one's line there.
HELP = {
    "scan": "audit a snapshot (or a live tenant) and report",
    "lint": "audit infrastructure code (ARM, Bicep, Terraform, ML YAML) before it is deployed",
    "merge": "join the JSON reports of shard scans (scan --shard K/N) into one report",
    "history": "show the scans a --history database recorded: trend, changes, one finding",
    "collect": "read a live tenant and write its inventory to a snapshot file",
    "demo": "audit the built-in simulated tenant and write every report format",
    "rules": "list the rule catalogue",
    "explain": "explain one rule: why, how to fix, references",
    "simulate": "serve a simulated Azure tenant over HTTPS on 127.0.0.1 (until Ctrl-C)",
}


def load(name: str) -> ModuleType:
    """The module of command `name` (a key of HELP)."""
    return importlib.import_module(f"auditor.commands.{name}")
