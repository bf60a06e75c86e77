"""Attack paths in every report: JSON (steps, schema 1.2, read back), SARIF (relatedLocations and a
codeFlow, valid against the schema and GitHub's rules), HTML (the Paths view, escaped), console
and Markdown (paths first)."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest

from auditor.controls.json_report import SCHEMA_VERSION, read_results, scan_to_json
from auditor.core import schemas
from auditor.evaluate.results import ScanResult
from auditor.reporters.console import ConsoleReporter
from auditor.reporters.html import HtmlReporter
from auditor.reporters.interface import ReportOptions
from auditor.reporters.markdown import MarkdownReporter
from auditor.reporters.sarif import SarifReporter
from auditor.rulekit.meta import Status
from tests.auditor.evaluate.test_paths import (
    ROLES,
    SUB,
    _amlp01_estate,
    _endpoint,
    scan,
)
from tests.auditor.reporters.sarif_validation import (
    github_limit_errors,
    github_rule_errors,
    in_ci,
    multitool,
    schema_errors,
)
from tests.conftest import REPO_ROOT
from tests.rules.shapes import ROLE_ASSIGNMENTS, access_listed, gap

assert ROLES and SUB  # the estate's roles and subscription come from the path tests


@pytest.fixture(scope="module")
def confirmed(tmp_path_factory: pytest.TempPathFactory) -> ScanResult:
    ep = _endpoint()
    return scan(_amlp01_estate(ep), tmp_path_factory.mktemp("c"), listed=access_listed())


@pytest.fixture(scope="module")
def possible(tmp_path_factory: pytest.TempPathFactory) -> ScanResult:
    ep = _endpoint()
    estate = _amlp01_estate(ep)
    return scan(estate, tmp_path_factory.mktemp("p"), gaps=[gap(SUB, ROLE_ASSIGNMENTS)])


def _render(reporter: object, result: ScanResult) -> str:
    stream = io.StringIO()
    reporter.render(result, stream, ReportOptions())  # type: ignore[attr-defined]
    return stream.getvalue()


def test_json_writes_the_steps_and_reads_them_back(confirmed: ScanResult) -> None:
    document = scan_to_json(confirmed)
    assert document["schema_version"] == SCHEMA_VERSION == "1.3"
    schemas.validate(document, "json-report", "report", lambda m: AssertionError(m))
    [path] = [r for r in document["results"] if r["rule_id"] == "AMLP01"]
    assert [(s["stage"], s["rule"], s["status"]) for s in path["steps"]] == [
        (1, "AML204", "fail"),
        (2, "AML101", "fail"),
        (3, "AML117", "fail"),
        (4, None, "fail"),
    ]
    by_rule = {r["rule_id"]: r["fingerprint"] for r in document["results"]}
    assert [s["fingerprint"] for s in path["steps"][:3]] == [
        by_rule["AML204"],
        by_rule["AML101"],
        by_rule["AML117"],
    ]
    assert all("steps" not in r for r in document["results"] if r["rule_id"] != "AMLP01")
    read = read_results(json.loads(json.dumps(document)), "report.json")
    [back] = [r for r in read if r.rule_id == "AMLP01"]
    [original] = [r for r in confirmed.results if r.rule_id == "AMLP01"]
    assert back.steps == original.steps
    assert back.fingerprint == original.fingerprint


def test_a_bad_step_is_a_one_line_error(confirmed: ScanResult) -> None:
    document = scan_to_json(confirmed)
    [path] = [r for r in document["results"] if r["rule_id"] == "AMLP01"]
    path["steps"][0]["stage"] = 0
    with pytest.raises(Exception, match=r"steps\[0\]: 'stage' must be a whole number"):
        read_results(document, "report.json")


def test_sarif_has_related_locations_and_a_code_flow(confirmed: ScanResult, tmp_path: Path) -> None:
    text = _render(SarifReporter(source_root=REPO_ROOT), confirmed)
    document = json.loads(text)
    assert schema_errors(document) == []
    assert github_limit_errors(document) == []
    [path] = [r for r in document["runs"][0]["results"] if r["ruleId"] == "AMLP01"]
    related = path["relatedLocations"]
    assert [r["id"] for r in related] == [1, 2, 3, 4]
    assert related[0]["message"]["text"].startswith(
        "Step 1, reachable from the internet: AML204 (fail) on /subscriptions/"
    )
    [flow] = path["codeFlows"]
    [thread] = flow["threadFlows"]
    assert [loc["executionOrder"] for loc in thread["locations"]] == [1, 2, 3, 4]
    assert thread["locations"][3]["location"]["message"]["text"].startswith(
        "Step 4, its identity holds broad roles: role assignments (fail)"
    )
    if multitool() is None:
        if in_ci():
            pytest.fail("Sarif.Multitool is missing: run scripts/install-sarif-multitool.sh")
        pytest.skip("GitHub's rules not checked: Sarif.Multitool is not installed")
    assert github_rule_errors({"paths": document}, tmp_path / "multitool") == {}


def test_a_possible_path_is_a_not_assessed_notification_in_sarif(possible: ScanResult) -> None:
    document = json.loads(_render(SarifReporter(source_root=REPO_ROOT), possible))
    assert schema_errors(document) == []
    assert not [r for r in document["runs"][0]["results"] if r["ruleId"] == "AMLP01"]
    notes = document["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert [n for n in notes if n.get("associatedRule", {}).get("id") == "AMLP01"]


def test_html_draws_each_chain(confirmed: ScanResult, possible: ScanResult) -> None:
    page = _render(HtmlReporter(), confirmed)
    section = page[page.index('<section id="paths"') : page.index('<section id="findings"')]
    assert "Attack paths (1): fix these first" in section
    assert section.count("<rect ") == 4 and section.count("<polygon ") == 3
    assert "stroke-dasharray" not in section
    assert ">confirmed<" in section
    unread = _render(HtmlReporter(), possible)
    section = unread[unread.index('<section id="paths"') : unread.index('<section id="findings"')]
    assert ">possible<" in section
    assert section.count('stroke-dasharray="6 4"') == 3  # AML117, AML114 and the roles unread


def test_html_escapes_what_a_step_quotes(confirmed: ScanResult) -> None:
    import dataclasses

    [path] = [r for r in confirmed.results if r.rule_id == "AMLP01"]
    step = dataclasses.replace(path.steps[0], message="<script>alert(1)</script>")
    planted = dataclasses.replace(path, steps=(step, *path.steps[1:]))
    results = tuple(planted if r is path else r for r in confirmed.results)
    page = _render(HtmlReporter(), dataclasses.replace(confirmed, results=results))
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_console_and_markdown_show_paths_first(confirmed: ScanResult, possible: ScanResult) -> None:
    console = _render(ConsoleReporter(), confirmed)
    assert console.index("Attack paths (1): fix these first") < console.index("Failing")
    assert re.search(r"CONFIRMED +AMLP01 ", console)
    assert "1. reachable from the internet: AML204 on ep (fail)" in console
    assert "4. its identity holds broad roles: roles on ep (fail)" in console
    markdown = _render(MarkdownReporter(), possible)
    assert markdown.index("### Attack paths (1)") < markdown.index("### Failing results")
    assert "- **possible** **AMLP01**" in markdown
    assert "  3. keys widely readable or not rotated: **AML117** on `ep` (not_assessed)" in markdown


def test_suppressed_path_is_listed_as_suppressed_not_as_a_path(confirmed: ScanResult) -> None:
    import dataclasses

    results = tuple(
        dataclasses.replace(r, status=Status.SUPPRESSED) if r.rule_id == "AMLP01" else r
        for r in confirmed.results
    )
    console = _render(ConsoleReporter(), dataclasses.replace(confirmed, results=results))
    assert "Attack paths" not in console
    assert "Suppressed (1)" in console
