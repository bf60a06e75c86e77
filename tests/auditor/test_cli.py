"""auditor/cli.py: the only place that prints errors; every error is one line and exit 2."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path

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


def test_logging_and_report_details_have_names_that_say_which_is_which() -> None:
    from auditor.cli import build_parser

    top = build_parser("scan")
    assert "-v, --logs" in top.format_help()
    assert "--log-level" not in top.format_help()
    scan_help = top._subparsers._group_actions[0].choices["scan"].format_help()  # type: ignore[union-attr]
    assert "--details" in scan_help
    assert "--verbose" not in scan_help
    assert "--log-level" not in scan_help
    for words, logs, details in [
        (["-vv", "scan", "--details"], 2, True),
        (["--logs", "scan"], 1, False),
        (["scan", "--logs", "-v"], 2, False),
        # The old spellings still work, so scripts written for them do not break.
        (["--log-level", "scan", "--verbose"], 1, True),
        (["scan", "--log-level", "--log-level"], 2, False),
    ]:
        args = build_parser("scan").parse_args(words)
        assert (args.log_verbosity, args.verbose) == (logs, details), words


def test_details_show_full_ids_and_the_old_verbose_still_does(aml: Aml) -> None:
    from tests.conftest import REPO_ROOT

    estate = str(REPO_ROOT / "examples" / "estate.json")
    vault = (
        "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-ml/providers/"
        "Microsoft.KeyVault/vaults/kv-fraud"
    )
    plain = aml("scan", "--snapshot", estate).stdout.splitlines()
    assert "kv-fraud  key vault · resource group rg-ml" in plain
    assert vault not in plain
    for flag in ("--details", "--verbose"):
        out = aml("scan", "--snapshot", estate, flag).stdout.splitlines()
        assert out[out.index(vault) - 1] == "kv-fraud  key vault · resource group rg-ml", flag


def test_the_command_ends_without_teardown_and_loses_no_output(tmp_path: Path) -> None:
    """`python -m auditor` (as the `aml-audit` script) leaves the scan to the process's end:
    stdout through a pipe, every report file that could be written and the error line for the
    one that could not are all there, and the exit code is the error's."""
    from tests.conftest import REPO_ROOT, run_cli

    estate = str(REPO_ROOT / "examples" / "estate.json")
    report, sarif = tmp_path / "r.json", tmp_path / "r.sarif"
    (tmp_path / "a-file").write_text("")
    unwritable = tmp_path / "a-file" / "r.html"  # its folder is a file
    run = run_cli(
        "scan", "--snapshot", estate, "--format", "json",
        "-o", str(report), "-o", str(unwritable), "-o", str(sarif), cwd=tmp_path,
    )  # fmt: skip
    assert run.returncode == 2, run.stderr
    document = json.loads(run.stdout)
    assert json.loads(report.read_text()) == document
    failing = {
        (r["rule_id"], r["resource_id"]) for r in document["results"] if r["status"] == "fail"
    }
    sarif_results = json.loads(sarif.read_text())["runs"][0]["results"]
    assert {(r["ruleId"], r["properties"]["resourceId"]) for r in sarif_results} == failing
    assert run.stderr.startswith(f"aml-audit: error: {unwritable}: cannot write the report")


def test_main_in_process_keeps_nothing_for_the_end(aml: Aml) -> None:
    """Only the console entry point arms the quick end: a test's scans are freed as usual."""
    from auditor.core import process_exit
    from tests.conftest import REPO_ROOT

    aml("scan", "--snapshot", str(REPO_ROOT / "examples" / "estate.json"))
    assert process_exit._kept == []
