"""Typed errors and exit codes. Library code raises these errors; only auditor/cli.py prints them
(as one line, exit code 2). Every exit code is a member of ExitCode."""

import enum


class AuditorError(Exception):
    """Base of every error the CLI turns into a one-line message and exit code 2."""


class ConfigError(AuditorError):
    """The configuration file or a command-line option is wrong."""


class RuleDefinitionError(AuditorError):
    """A rule's metadata is invalid, or two rules claim the same id."""


class ExitCode(enum.IntEnum):
    """What `aml-audit` exits with; the README's table documents each."""

    OK = 0  # nothing failing at or above --fail-on, and everything was read and judged
    FINDINGS = 1  # failing results at or above --fail-on
    ERROR = 2  # usage, input or configuration error: one line on stderr says what and where
    INCOMPLETE = 3  # no failing results, but something could not be read or judged
    INTERRUPTED = 130  # Ctrl-C
    BROKEN_PIPE = 141  # stdout's reader went away (`| head`): 128 + SIGPIPE, as a shell reports
