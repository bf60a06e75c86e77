"""One module per `aml-audit` subcommand, each with `add_parser(subparsers)` and `run(args)`."""

from auditor.commands import explain, rules, scan, simulate

# The order `aml-audit --help` lists them in.
COMMANDS = (scan, rules, explain, simulate)
