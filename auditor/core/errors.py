"""Typed errors. Library code raises these; only auditor/cli.py prints them and picks exit codes."""


class AuditorError(Exception):
    """Base of every error the CLI turns into a one-line message and exit code 2."""


class ConfigError(AuditorError):
    """The configuration file or a command-line option is wrong."""


class RuleDefinitionError(AuditorError):
    """A rule's metadata is invalid, or two rules claim the same id."""
