"""`aml-audit lint`: discovery (.gitignore, --exclude), bad input, exit codes, and the SARIF that
GitHub turns into annotations on the lines of a pull request."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from auditor.sources.iac.source import discover
from tests.auditor.conftest import Run
from tests.auditor.reporters.sarif_validation import github_limit_errors, schema_errors
from tests.conftest import run_cli

SCHEMA = "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#"
Aml = Callable[..., Run]


def _template(name: str, access: str) -> str:
    document: dict[str, Any] = {
        "$schema": SCHEMA,
        "contentVersion": "1.0.0.0",
        "resources": [
            {
                "type": "Microsoft.MachineLearningServices/workspaces",
                "apiVersion": "2024-04-01",
                "name": name,
                "location": "westeurope",
                "properties": {"publicNetworkAccess": access},
            }
        ],
    }
    return json.dumps(document, indent=2)


def _tree(root: Path) -> None:
    (root / "infra").mkdir()
    (root / "infra" / "main.json").write_text(_template("ws-main", "Enabled"))
    (root / "build").mkdir()
    (root / "build" / "compiled.json").write_text(_template("ws-build", "Enabled"))
    (root / "infra" / "old.json").write_text(_template("ws-old", "Enabled"))
    (root / ".gitignore").write_text("build/\n")
    (root / "notes.txt").write_text("not infrastructure code\n")


def test_discovery_honours_gitignore_and_excludes(tmp_path: Path) -> None:
    _tree(tmp_path)
    found = discover([Path(".")], tmp_path, ["infra/old.json"]).files
    assert [p.relative_to(tmp_path).as_posix() for p in found] == [
        ".gitignore",
        "infra/main.json",
        "notes.txt",
    ]
    assert discover([Path("infra")], tmp_path, ["*.json"]).files == ()
    # A file named on the command line is read even when .gitignore lists it.
    named = discover([Path("build/compiled.json")], tmp_path).files
    assert [p.relative_to(tmp_path).as_posix() for p in named] == ["build/compiled.json"]


def test_lint_reports_in_every_format_and_exits_as_scan_does(aml: Aml, tmp_path: Path) -> None:
    _tree(tmp_path)
    run = aml(
        "lint",
        "--select",
        "AML201",
        "--format",
        "json",
        "--exclude",
        "infra/old.json",
        cwd=tmp_path,
    )
    assert run.code == 1
    report = json.loads(run.stdout)
    assert [(r["resource_name"], r["status"], r["location"]) for r in report["results"]] == [
        (
            "ws-main",
            "fail",
            {
                "kind": "file",
                "uri": "infra/main.json",
                "api_version": None,
                "start_line": 11,
                "end_line": 11,
            },
        )
    ]
    quiet = aml("lint", "infra/main.json", "--select", "AML201", "--fail-on", "never", cwd=tmp_path)
    assert quiet.code == 0


def test_verbose_lists_the_files_that_are_not_infrastructure_code(aml: Aml, tmp_path: Path) -> None:
    _tree(tmp_path)
    run = aml("lint", "--verbose", "--select", "AML201", cwd=tmp_path)
    assert run.stderr.splitlines() == [
        "skipped (not infrastructure code): .gitignore",
        "skipped (not infrastructure code): notes.txt",
    ]


def test_sarif_annotates_the_line_in_the_file(aml: Aml, tmp_path: Path) -> None:
    _tree(tmp_path)
    run = aml("lint", "infra", "--select", "AML201", "-o", "out.sarif", cwd=tmp_path)
    assert run.code == 1
    sarif = json.loads((tmp_path / "out.sarif").read_text(encoding="utf-8"))
    assert schema_errors(sarif) == []
    assert github_limit_errors(sarif) == []
    locations = sorted(
        (
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            r["locations"][0]["physicalLocation"]["region"],
        )
        for r in sarif["runs"][0]["results"]
    )
    assert locations == [
        ("infra/main.json", {"startLine": 11, "endLine": 11}),
        ("infra/old.json", {"startLine": 11, "endLine": 11}),
    ]


def test_bad_input_is_one_line_and_exit_2(tmp_path: Path) -> None:
    _tree(tmp_path)
    missing = run_cli("lint", "nowhere", cwd=tmp_path)
    assert (missing.returncode, missing.stderr) == (
        2,
        "aml-audit: error: nowhere: no such file or directory (give files or folders of "
        "infrastructure code to lint)\n",
    )
    parameters = run_cli("lint", "--parameters", "nope.json", cwd=tmp_path)
    assert parameters.returncode == 2
    assert parameters.stderr.startswith("aml-audit: error: --parameters nope.json: no such file")
    (tmp_path / "bad.parameters.json").write_text('{"parameters": {')
    malformed = run_cli("lint", "infra", "--parameters", "bad.parameters.json", cwd=tmp_path)
    assert (malformed.returncode, malformed.stderr) == (
        2,
        "aml-audit: error: --parameters bad.parameters.json: not valid JSON at line 1 column "
        "17: Expecting property name enclosed in double quotes\n",
    )
    overwrite = run_cli("lint", "infra", "-o", "infra/main.json", cwd=tmp_path)
    assert overwrite.returncode == 2
    assert "is a file this lint reads" in overwrite.stderr
    assert (tmp_path / "infra" / "main.json").read_text() == _template("ws-main", "Enabled")


def test_a_malformed_file_makes_the_run_incomplete_not_a_crash(tmp_path: Path) -> None:
    (tmp_path / "bad.json").write_text('{"$schema": "' + SCHEMA + '", "resources": [')
    (tmp_path / "good.json").write_text(_template("ws-good", "Disabled"))
    run = run_cli("lint", "--select", "AML201", "--format", "json", cwd=tmp_path)
    assert run.returncode == 3
    assert "Traceback" not in run.stderr
    report = json.loads(run.stdout)
    assert [g["code"] for g in report["gaps"]] == ["MalformedJson"]
    assert report["gaps"][0]["message"].startswith("bad.json:1: not valid JSON")


def test_the_console_says_where_each_finding_is_written(aml: Aml, tmp_path: Path) -> None:
    _tree(tmp_path)
    run = aml("lint", "infra/main.json", "--select", "AML201", cwd=tmp_path)
    lines = run.stdout.splitlines()
    finding = next(i for i, line in enumerate(lines) if "AML201" in line)
    assert lines[finding + 1].strip() == "infra/main.json:11"


def test_a_baseline_from_a_previous_lint_tells_known_from_resolved(
    aml: Aml, tmp_path: Path
) -> None:
    _tree(tmp_path)
    first = aml("lint", "infra", "--select", "AML201", "-o", "base.json", cwd=tmp_path)
    assert first.code == 1
    main = tmp_path / "infra" / "main.json"
    main.write_text("\n" + _template("ws-main", "Disabled"))  # fixed, and moved a line down
    run = aml(
        "lint",
        "infra",
        "--select",
        "AML201",
        "--baseline",
        "base.json",
        "--format",
        "json",
        cwd=tmp_path,
    )
    report = json.loads(run.stdout)
    assert [(r["resource_name"], r["status"], r["baseline"]) for r in report["results"]] == [
        ("ws-main", "pass", None),
        ("ws-old", "fail", "known"),
    ]
    assert [r["resource_name"] for r in report["resolved"]] == ["ws-main"]


def test_an_inline_suppression_is_in_source_in_sarif(aml: Aml, tmp_path: Path) -> None:
    document = json.loads(_template("ws-demo", "Enabled"))
    document["resources"][0]["metadata"] = {"aml-audit:ignore": {"AML201": "public demo"}}
    (tmp_path / "main.json").write_text(json.dumps(document, indent=2))
    run = aml("lint", "--select", "AML201", "-o", "out.sarif", cwd=tmp_path)
    assert run.code == 0
    sarif = json.loads((tmp_path / "out.sarif").read_text(encoding="utf-8"))
    assert schema_errors(sarif) == []
    [result] = sarif["runs"][0]["results"]
    assert result["suppressions"] == [
        {
            "kind": "inSource",
            "status": "accepted",
            "justification": "public demo",
            "properties": {"source": "inline main.json:15"},
        }
    ]
