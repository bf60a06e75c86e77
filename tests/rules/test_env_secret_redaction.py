"""AML311 names the environment variable that holds a literal secret and never shows its value:
not in the message, the evidence, the console report (verbose or not), nor any report file.
The reports cover every built-in format, so a new reporter is checked too."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.reporters.interface import Format
from tests.conftest import run_cli, write_snapshot

DEPLOYMENT = (
    "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/"
    "Microsoft.MachineLearningServices/workspaces/ws/onlineEndpoints/ep/deployments/blue"
)
# Literal values a careless deployment might carry (made up, built at run time so no scanner
# mistakes this file for a leak). Each is flagged for a different reason.
SECRETS = {
    "OPENAI_API_KEY": "sk-" + "proj-" + "T3stOnlyN0tAR3alKey" * 2,
    "STORAGE": "DefaultEndpointsProtocol=https;AccountName=demo;AccountKey="
    + "c2VjcmV0LWJ1dC1ub3QtcmVhbA" * 2
    + "==",
    "DB_PASSWORD": "correct-horse-battery-staple",
    "UPSTREAM": "eyJhbGciOiJIUzI1NiJ9." + "eyJzdWIiOiJ0ZXN0LW9ubHkifQ" + ".c2lnbmF0dXJl",
}


@pytest.fixture
def estate(tmp_path: Path) -> Path:
    deployment = {
        "id": DEPLOYMENT,
        "name": "blue",
        "type": "Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments",
        "properties": {
            "endpointComputeType": "Managed",
            "environmentVariables": {**SECRETS, "LOG_LEVEL": "INFO"},
        },
    }
    return write_snapshot(tmp_path / "estate.json", [deployment])


def _assert_no_value(text: str, where: str) -> None:
    for name, value in SECRETS.items():
        assert value not in text, f"the value of {name} appears in {where}"
        # nor a recognisable piece of it
        assert value[len(value) // 2 : len(value) // 2 + 12] not in text, f"{name} in {where}"


def test_the_finding_names_every_variable_and_shows_no_value(estate: Path) -> None:
    run = run_cli("scan", "--snapshot", str(estate), "--select", "AML311", "--format", "json")
    assert run.returncode == 1, run.stderr
    _assert_no_value(run.stdout + run.stderr, "the JSON report")
    for name in SECRETS:
        assert f"properties.environmentVariables.{name}" in run.stdout
    assert (
        "LOG_LEVEL" not in run.stdout.split('"evidence"')[1]
    )  # an ordinary setting is not flagged


@pytest.mark.parametrize("verbose", [False, True], ids=["console", "console-verbose"])
def test_console_never_shows_a_value(estate: Path, verbose: bool) -> None:
    args = ["scan", "--snapshot", str(estate), "--select", "AML311"]
    run = run_cli(*args, *(["--verbose"] if verbose else []))
    assert run.returncode == 1, run.stderr
    assert "OPENAI_API_KEY" in run.stdout
    _assert_no_value(run.stdout + run.stderr, "the console report")


def test_no_report_file_shows_a_value(estate: Path, tmp_path: Path) -> None:
    outputs = [tmp_path / f"report{fmt.extensions[0]}" for fmt in Format if fmt.extensions]
    assert outputs
    args = ["scan", "--snapshot", str(estate), "--select", "AML311", "--verbose"]
    for output in outputs:
        args += ["-o", str(output)]
    run = run_cli(*args)
    assert run.returncode == 1, run.stderr
    for output in outputs:
        _assert_no_value(output.read_text(encoding="utf-8"), output.name)
