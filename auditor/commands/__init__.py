"""One module per `aml-audit` subcommand, each with `add_parser(subparsers)` and `run(args)`."""

from auditor.commands import collect, demo, explain, rules, scan, simulate

# The order `aml-audit --help` lists them in.
COMMANDS = (scan, collect, demo, rules, explain, simulate)
