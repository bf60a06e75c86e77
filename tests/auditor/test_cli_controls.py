"""`aml-audit scan` with suppressions, a baseline and --fail-on-new-only, as a user runs it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from auditor.core.schemas import load_schema
from tests.auditor.small_estates import (
    KV,
    SUB_LOCKED,
    WS,
    locked_subscription_gap,
    vault,
    workspace,
)
from tests.conftest import run_cli, write_snapshot

SELECT = ("--select", "AML201,AML302")
SCHEMA = load_schema("json-report")  # auditor/schemas/json-report.schema.json, as shipped

LAST_WEEK = [workspace("ws-open", "Enabled"), workspace("ws-legacy", None), vault("kv-a", False)]
THIS_WEEK = [
    workspace("ws-open", "Enabled"),
    workspace("ws-legacy", "Disabled"),
    vault("kv-a", False),
]
WITH_NEW = [*THIS_WEEK, workspace("ws-new", "Enabled")]


def scan(tmp_path: Path, resources: list[dict[str, Any]], *args: str, **extra: Any) -> Any:
    """`scan --format json` judging with AML201 and AML302 only, so the catalogue may grow."""
    snapshot = write_snapshot(tmp_path / "estate.json", resources, **extra)
    return run_cli(
        "scan", "--snapshot", str(snapshot), "--format", "json", *SELECT, *args, cwd=tmp_path
    )


def outcomes(stdout: str) -> set[tuple[str, str, str, str | None]]:
    report = json.loads(stdout)
    jsonschema.validate(
        report, SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    return {(r["rule_id"], r["resource_id"], r["status"], r["baseline"]) for r in report["results"]}


def write_config(tmp_path: Path, body: str, name: str = "aml-audit.toml") -> Path:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


def test_suppressions_in_aml_audit_toml_turn_the_exit_code_green(tmp_path: Path) -> None:
    failing = scan(tmp_path, THIS_WEEK)
    assert failing.returncode == 1
    write_config(
        tmp_path,
        "[[suppress]]\n"
        'rule = "AML201"\n'
        f'resource = "{WS}/WS-OPEN"\n'
        'reason = "public by design: the demo workspace"\n'
        "expires = 2999-12-31\n"
        "[[suppress]]\n"
        'rule = "AML302"\n'
        'resource = "*/vaults/kv-*"\n'
        'reason = "vault recreated nightly"\n',
    )
    result = scan(tmp_path, THIS_WEEK)
    assert (result.returncode, result.stderr) == (0, "")
    assert outcomes(result.stdout) == {
        ("AML201", f"{WS}/ws-open", "suppressed", None),
        ("AML201", f"{WS}/ws-legacy", "pass", None),
        ("AML302", f"{KV}/kv-a", "suppressed", None),
    }
    report = json.loads(result.stdout)
    assert [r["suppression"] for r in report["results"] if r["status"] == "suppressed"] == [
        {
            "reason": "public by design: the demo workspace",
            "expires": "2999-12-31",
            "source": "aml-audit.toml suppress[1]",
        },
        {
            "reason": "vault recreated nightly",
            "expires": None,
            "source": "aml-audit.toml suppress[2]",
        },
    ]
    assert report["scan"]["warnings"] == []


def test_an_expired_suppression_fails_again_and_every_report_says_why(tmp_path: Path) -> None:
    write_config(
        tmp_path,
        "[tool.aml-audit]\n"
        'select = ["AML201"]\n'
        "[[tool.aml-audit.suppress]]\n"
        'rule = "AML201"\n'
        'resource = "*/ws-open"\n'
        'reason = "until the private endpoint exists"\n'
        'expires = "2001-02-03"\n'
        "[[tool.aml-audit.suppress]]\n"
        'rule = "AML201"\n'
        'resource = "*/ws-renamed"\n'
        'reason = "old name"\n',
        name="pyproject.toml",
    )
    snapshot = write_snapshot(tmp_path / "estate.json", THIS_WEEK)
    result = run_cli(
        "scan", "--snapshot", str(snapshot), "-o", "r.json", "-o", "s.md", cwd=tmp_path
    )
    assert result.returncode == 1
    expired = (
        "pyproject.toml tool.aml-audit.suppress[1] (AML201 on '*/ws-open') expired on "
        "2001-02-03: it no longer suppresses (1 failing result(s) match it); renew it with a new "
        "reason or remove it"
    )
    unmatched = (
        "pyproject.toml tool.aml-audit.suppress[2] (AML201 on '*/ws-renamed') matched no "
        "failing result: the finding is fixed or the resource id is wrong; remove or correct it"
    )
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert report["scan"]["warnings"] == [expired, unmatched]
    assert ("AML201", f"{WS}/ws-open", "fail", None) in outcomes(json.dumps(report))
    summary = (tmp_path / "s.md").read_text(encoding="utf-8")
    assert f"- {expired}\n- {unmatched}\n```" in summary
    console = " ".join(result.stdout.split())
    assert f"warning: {expired}" in console and f"warning: {unmatched}" in console


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            '[[suppress]]\nrule = "AML201"\nresource = "*"\n',
            "suppress[1]: 'reason' is required",
        ),
        (
            '[[suppress]]\nrule = "*"\nresource = "*"\nreason = "quiet please"\n',
            "suppress[1]: 'rule' must be one rule id such as 'AML101' (there is no blanket "
            "suppression; to skip a rule everywhere, list it in 'ignore')",
        ),
    ],
)
def test_a_bad_suppression_is_a_one_line_error(tmp_path: Path, body: str, message: str) -> None:
    config = write_config(tmp_path, body)
    result = scan(tmp_path, THIS_WEEK)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == f"aml-audit: error: {config}: {message}\n"


def test_a_suppression_of_an_unknown_rule_is_an_error(tmp_path: Path) -> None:
    write_config(tmp_path, '[[suppress]]\nrule = "AML999"\nresource = "*"\nreason = "x"\n')
    result = scan(tmp_path, THIS_WEEK)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        "aml-audit: error: aml-audit.toml suppress[1]: unknown rule id 'AML999' "
        "(`aml-audit rules` lists the known ids)\n"
    )


def test_a_baseline_tells_new_from_known_and_lists_resolved(tmp_path: Path) -> None:
    (tmp_path / "last").mkdir()
    last = scan(tmp_path / "last", LAST_WEEK)
    (tmp_path / "previous.json").write_text(last.stdout, encoding="utf-8")

    result = scan(tmp_path, WITH_NEW, "--baseline", "previous.json")
    assert result.returncode == 1
    assert outcomes(result.stdout) == {
        ("AML201", f"{WS}/ws-open", "fail", "known"),
        ("AML201", f"{WS}/ws-new", "fail", "new"),
        ("AML201", f"{WS}/ws-legacy", "pass", None),
        ("AML302", f"{KV}/kv-a", "fail", "known"),
    }
    report = json.loads(result.stdout)
    assert [(r["rule_id"], r["resource_id"], r["baseline"]) for r in report["resolved"]] == [
        ("AML201", f"{WS}/ws-legacy", None)
    ]
    fingerprints = {r["resource_id"]: r["fingerprint"] for r in json.loads(last.stdout)["results"]}
    assert report["resolved"][0]["fingerprint"] == fingerprints[f"{WS}/ws-legacy"]


@pytest.mark.parametrize(
    ("resources", "extra", "code"),
    [
        (THIS_WEEK, {}, 0),  # only known failures
        (WITH_NEW, {}, 1),  # ws-new is new
        (THIS_WEEK, {"gaps": [locked_subscription_gap()]}, 3),  # only known, but incomplete
    ],
)
def test_fail_on_new_only_exit_codes(
    tmp_path: Path, resources: list[dict[str, Any]], extra: dict[str, Any], code: int
) -> None:
    (tmp_path / "last").mkdir()
    last = scan(tmp_path / "last", LAST_WEEK)
    (tmp_path / "previous.json").write_text(last.stdout, encoding="utf-8")
    plain = scan(tmp_path, resources, "--baseline", "previous.json", **extra)
    new_only = scan(
        tmp_path, resources, "--baseline", "previous.json", "--fail-on-new-only", **extra
    )
    assert (plain.returncode, new_only.returncode) == (1, code)


def test_baseline_and_fail_on_new_only_from_the_config_file(tmp_path: Path) -> None:
    (tmp_path / "ci").mkdir()
    (tmp_path / "ci" / "last").mkdir()
    last = scan(tmp_path / "ci" / "last", LAST_WEEK)
    (tmp_path / "ci" / "previous.json").write_text(last.stdout, encoding="utf-8")
    config = write_config(tmp_path / "ci", 'baseline = "previous.json"\nfail-on-new-only = true\n')
    snapshot = write_snapshot(tmp_path / "estate.json", THIS_WEEK)
    args = (
        "scan",
        "--snapshot",
        str(snapshot),
        "--config",
        str(config),
        "--format",
        "json",
        *SELECT,
    )
    result = run_cli(*args, cwd=tmp_path)  # baseline is relative to the config file
    assert result.returncode == 0
    assert ("AML201", f"{WS}/ws-open", "fail", "known") in outcomes(result.stdout)
    overridden = run_cli(*args, "--no-fail-on-new-only", cwd=tmp_path)
    assert overridden.returncode == 1


def test_fail_on_new_only_without_a_baseline_warns(tmp_path: Path) -> None:
    result = scan(tmp_path, THIS_WEEK, "--fail-on-new-only")
    assert result.returncode == 1
    assert json.loads(result.stdout)["scan"]["warnings"] == [
        "fail-on-new-only without a baseline: every failing result counts as new"
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            "{not json",
            "baseline is not valid JSON (line 1 column 2: Expecting property name "
            "enclosed in double quotes)",
        ),
        (
            '{"schema_version": "9.1", "results": []}',
            "report schema version '9.1' is not "
            "supported as a baseline (this aml-audit reads 1.x); re-create it with this version",
        ),
    ],
)
def test_a_malformed_baseline_is_exit_2_in_one_line(
    tmp_path: Path, content: str, message: str
) -> None:
    (tmp_path / "previous.json").write_text(content, encoding="utf-8")
    result = scan(tmp_path, THIS_WEEK, "--baseline", "previous.json")
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == f"aml-audit: error: previous.json: {message}\n"


def test_markdown_summary_file_and_stdout(tmp_path: Path) -> None:
    snapshot = write_snapshot(tmp_path / "estate.json", THIS_WEEK, gaps=[locked_subscription_gap()])
    result = run_cli(
        "scan",
        "--snapshot",
        str(snapshot),
        "--select",
        "AML201",
        "--format",
        "markdown",
        "--markdown-limit",
        "1",
        "-o",
        "out/summary.md",
        cwd=tmp_path,
    )
    assert result.returncode == 1
    assert (tmp_path / "out" / "summary.md").read_text(encoding="utf-8") == result.stdout
    lines = result.stdout.splitlines()
    assert lines[0] == "## aml-audit: 1 failing result, scan INCOMPLETE"
    assert (
        f"| high | **AML201** Workspace is reachable from the public internet | `ws-open`<br>"
        f"<sub>`{WS}/ws-open`</sub> |" in lines
    )
    assert (
        f"- everything under `/subscriptions/{SUB_LOCKED}`: HTTP 403 `AuthorizationFailed` "
        "`The client does not have authorization to perform action.`" in lines
    )


def test_a_negative_markdown_limit_is_an_error(tmp_path: Path) -> None:
    result = scan(tmp_path, THIS_WEEK, "--markdown-limit", "-1")
    assert (result.returncode, result.stderr) == (
        2,
        "aml-audit: error: argument --markdown-limit: must be a whole number, 0 or more "
        "(got '-1') (see `aml-audit --help`)\n",
    )


def test_the_console_lists_what_was_resolved_and_marks_new_and_known(tmp_path: Path) -> None:
    (tmp_path / "last").mkdir()
    last = scan(tmp_path / "last", LAST_WEEK)
    (tmp_path / "previous.json").write_text(last.stdout, encoding="utf-8")
    snapshot = write_snapshot(tmp_path / "estate.json", WITH_NEW)
    result = run_cli(
        "scan", "--snapshot", str(snapshot), *SELECT, "--baseline", "previous.json", cwd=tmp_path
    )
    assert result.returncode == 1
    lines = [" ".join(line.split()) for line in result.stdout.splitlines()]
    start = lines.index("Resolved since the baseline (1)")
    assert (
        lines[start + 1]
        == "AML201 ws-legacy (workspace · resource group rg-ml): Workspace is reachable from the "
        "public internet"
    )
    assert sum("(new)" in line for line in lines) == 1
    assert sum("(known)" in line for line in lines) == 2
