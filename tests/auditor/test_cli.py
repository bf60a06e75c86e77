"""auditor/cli.py: the only place that prints errors; every error is one line and exit 2."""

from __future__ import annotations

import argparse
from collections.abc import Callable

import pytest

from auditor import __version__
from auditor.commands import rules as rules_command
from auditor.core.errors import ConfigError
from tests.auditor.conftest import Run

Aml = Callable[..., Run]


def test_an_auditor_error_with_line_breaks_is_printed_on_one_line(
    aml: Aml, monkeypatch: pytest.MonkeyPatch
) -> None:
    def run(args: argparse.Namespace) -> int:
        raise ConfigError("bad value\nin line 2")

    monkeypatch.setattr(rules_command, "run", run)
    result = aml("rules")
    assert (result.code, result.stderr) == (2, "aml-audit: error: bad value in line 2\n")


def test_an_unexpected_error_is_one_redacted_line_not_a_traceback(
    aml: Aml, monkeypatch: pytest.MonkeyPatch
) -> None:
    def run(args: argparse.Namespace) -> int:
        raise RuntimeError("failed with AccountKey=c2VjcmV0c2VjcmV0c2VjcmV0\nsecond line")

    monkeypatch.setattr(rules_command, "run", run)
    result = aml("rules")
    assert result.code == 2
    assert result.stderr == (
        "aml-audit: internal error: RuntimeError: failed with [redacted: looks like a storage "
        "connection string] second line (rerun with -vv for details and report it)\n"
    )


def test_version(aml: Aml) -> None:
    result = aml("--version")
    assert (result.code, result.stdout) == (0, f"aml-audit {__version__}\n")
