"""The command line. Only this module prints errors; it turns every typed error into exit code 2,
and the commands return the others (auditor.core.errors.ExitCode: 0 nothing failing at or above
--fail-on; 1 failing results at or above it; 3 no failing results, but the scan was incomplete).

Only the chosen command's module is imported: the others get a one-line entry in `--help`.
"""

from __future__ import annotations

import argparse
import gc
import logging
import os
import sys
from collections.abc import Callable, Sequence
from typing import NoReturn

from auditor import __version__
from auditor.commands import HELP, load
from auditor.core import process_exit
from auditor.core.errors import AuditorError, ExitCode
from auditor.core.redact import redact_text


class _RedactingFilter(logging.Filter):
    """Last line of defence: no log record may carry a credential-looking value. Only the word
    holding one is replaced, so a line keeps the ids and names that say what it is about."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact_text(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        # A traceback (-vv) quotes the exception's message and source lines: redacted line by
        # line, so the rest of it still says where the error came from.
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = "\n".join(map(redact_text, record.exc_text.splitlines()))
        if record.stack_info:
            record.stack_info = "\n".join(map(redact_text, record.stack_info.splitlines()))
        return True


def one_line(text: str) -> str:
    """An error message as one line: messages quote file contents and resource ids, which may
    hold line breaks."""
    return " ".join(text.split())


def safe_line(text: str) -> str:
    """`one_line(text)` with its credentials redacted (a SAS URL passed as a path)."""
    return redact_text(one_line(text))


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(
            ExitCode.ERROR, f"aml-audit: error: {safe_line(message)} (see `aml-audit --help`)\n"
        )


def chosen_command(argv: Sequence[str]) -> str | None:
    """The subcommand named in `argv`: its first word that is not an option (the top level has
    no option that takes a value)."""
    for word in argv:
        if word == "--":
            return None
        if not word.startswith("-"):
            return word if word in HELP else None
    return None


def build_parser(chosen: str | None = None) -> argparse.ArgumentParser:
    """The parser with `chosen`'s full options (every command's when None); the other commands
    are listed by name and help line only, so their modules are not imported."""
    parser = _Parser(prog="aml-audit", description="Security-posture auditor for Azure ML")
    parser.add_argument("--version", action="version", version=f"aml-audit {__version__}")
    parser.add_argument(
        "-v",
        "--logs",
        dest="log_verbosity",
        action="count",
        default=0,
        help="log to stderr as the command runs: -v progress, gaps and sign-in attempts, -vv "
        "also the Azure SDK's requests, -vvv its debug (secrets are always redacted)",
    )
    # The old spelling, kept working for scripts; not shown.
    parser.add_argument("--log-level", dest="log_verbosity", action="count", help=argparse.SUPPRESS)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name, help_line in HELP.items():
        if chosen is None or name == chosen:
            load(name).add_parser(subparsers)
        else:
            subparsers.add_parser(name, help=help_line)
    for sub in subparsers.choices.values():  # `aml-audit scan -vv` works as well as `-vv scan`
        sub.add_argument(
            "-v",
            "--logs",
            "--log-level",
            dest="log_verbosity",
            action="count",
            default=argparse.SUPPRESS,
            help=argparse.SUPPRESS,
        )
    return parser


def setup_logging(verbosity: int) -> None:
    level = {0: logging.WARNING, 1: logging.INFO}.get(verbosity, logging.DEBUG)
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(_RedactingFilter())
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # The Azure SDK logs every request at INFO (headers with Authorization redacted): -v shows
    # the tool's own progress and gaps only, -vv adds the SDK's request lines, -vvv its debug.
    azure_level = {0: logging.WARNING, 1: logging.WARNING, 2: logging.INFO}
    logging.getLogger("azure").setLevel(azure_level.get(verbosity, logging.DEBUG))
    # A credential that cannot sign in makes azure-identity warn once per credential it tried
    # (thirteen lines for DefaultAzureCredential); the scan's own error line says what failed and
    # what to do. The SDK's account of each attempt is shown from -v on, for every --auth mode.
    logging.getLogger("azure.identity").setLevel(
        logging.CRITICAL + 1 if verbosity == 0 else logging.NOTSET
    )


def console_main() -> NoReturn:
    """`aml-audit` and `python -m auditor`: `main`, then the process ends without freeing what
    the command kept for the end (auditor/core/process_exit.py)."""
    process_exit.arm()
    process_exit.end_process(main())


def main(argv: Sequence[str] | None = None) -> int:
    try:
        try:
            return _main(argv)
        finally:
            sys.stdout.flush()  # a closed pipe shows here, not in the interpreter's last flush
    except BrokenPipeError:
        return stdout_closed()


def stdout_closed() -> int:
    """The reader of stdout went away (`aml-audit scan --format json | head`): end quietly, as
    Unix tools do. Python's documented handling (library/signal, "Note on SIGPIPE"): point stdout
    at devnull so that the interpreter's final flush cannot fail again, and exit with the code a
    shell gives a process that SIGPIPE ended. (The Azure SDK wraps its own socket errors, so a
    bare BrokenPipeError here is stdout's.)"""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
    return ExitCode.BROKEN_PIPE


def _main(argv: Sequence[str] | None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(chosen_command(words) or "")
    args = parser.parse_args(words)
    setup_logging(args.log_verbosity)
    if not args.command:
        parser.print_help(sys.stderr)
        return ExitCode.ERROR
    run: Callable[[argparse.Namespace], int] = load(args.command).run
    # A scan makes millions of objects that live until it ends (resources, results, the report
    # view) and few reference cycles. At the default thresholds (700, 10, 10) the cyclic
    # collector walks them over and over: a quarter of a 50,000-resource scan's CPU. Cycles are
    # still collected, in larger batches.
    gc.set_threshold(100_000, 50, 100)
    try:
        return run(args)
    except AuditorError as exc:
        print(f"aml-audit: error: {safe_line(str(exc))}", file=sys.stderr)
        return ExitCode.ERROR
    except BrokenPipeError:
        raise  # main() ends quietly
    except KeyboardInterrupt:
        print("aml-audit: interrupted", file=sys.stderr)
        return ExitCode.INTERRUPTED
    except Exception as exc:  # never a traceback for the user; -vv logs it
        logging.getLogger(__name__).debug("internal error", exc_info=True)
        print(
            f"aml-audit: internal error: {type(exc).__name__}: {safe_line(str(exc))} "
            "(rerun with -vv for details and report it)",
            file=sys.stderr,
        )
        return ExitCode.ERROR


if __name__ == "__main__":
    console_main()
