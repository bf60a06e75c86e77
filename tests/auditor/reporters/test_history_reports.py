"""Reports of a scan recorded with --history: the HTML trend chart and "open since" on each
finding (markup, and in Chromium), first-seen in SARIF (valid, and accepted by GitHub's rules)
and in the JSON report; `aml-audit history` in its three formats."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from auditor.evaluate import engine
from auditor.evaluate.registry import load_builtin
from auditor.evaluate.results import Result, ScanResult, TrendPoint
from auditor.reporters.interface import Format, ReportOptions
from auditor.rulekit.meta import Severity, Status
from tests.auditor.reporters.sarif_validation import (
    github_limit_errors,
    github_rule_errors,
    in_ci,
    multitool,
    schema_errors,
)
from tests.auditor.reporters.test_html import (
    BROWSER_ARGS,
    PageWatch,
    parse,
    report_data,
    require_chromium,
)
from tests.conftest import run_cli

SUB = "/subscriptions/11111111-1111-1111-1111-111111111111"
KV = f"{SUB}/resourceGroups/rg/providers/Microsoft.KeyVault/vaults"
HOSTILE = f"{KV}/<img src=x onerror=alert(1)>"
OK = f"{KV}/kv-ok"
DAY0 = datetime(2026, 3, 1, 6, 0, tzinfo=UTC)
EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "estate.json"


def _counts(**failing: int) -> tuple[tuple[str, int], ...]:
    return tuple((s, failing.get(s, 0)) for s in ("critical", "high", "medium", "low", "info"))


def history_scan() -> ScanResult:
    rules = {r.meta.id: r.meta for r in load_builtin()}
    meta = rules["AML302"]

    def result(resource: str, status: Status, first_seen: datetime | None) -> Result:
        return Result(
            rule_id="AML302",
            title=meta.title,
            severity=Severity.HIGH,
            status=status,
            resource_id=resource,
            resource_type="Microsoft.KeyVault/vaults",
            resource_name=resource.rsplit("/", 1)[-1],
            message="Key vault has no purge protection",
            fingerprint=engine.fingerprint("AML302", resource),
            first_seen=first_seen,
        )

    return ScanResult(
        results=(result(HOSTILE, Status.FAIL, DAY0), result(OK, Status.PASS, None)),
        gaps=(),
        rules=(meta,),
        sources=("snapshot:estate.json",),
        started_at=DAY0 + timedelta(days=2),
        finished_at=DAY0 + timedelta(days=2, seconds=4),
        tool_version="0.1.0",
        scopes=(SUB,),
        trend=(
            TrendPoint(DAY0, _counts(high=1, medium=2), True),
            TrendPoint(DAY0 + timedelta(days=1), _counts(high=1), False),
            TrendPoint(DAY0 + timedelta(days=2), _counts(high=1), True),
        ),
    )


def rendered(fmt: Format, scan: ScanResult) -> str:
    buffer = io.StringIO()
    fmt.reporter().render(scan, buffer, ReportOptions())
    return buffer.getvalue()


def test_the_html_report_shows_the_trend_and_when_each_finding_was_first_seen() -> None:
    dom = parse(rendered(Format.HTML, history_scan()))
    trend = dom.by_id("trend")
    (svg,) = trend.find_all("svg")
    bars = svg.find_all("g", "trend-bar")
    assert [bar.find_all("title")[0].words() for bar in bars] == [
        "2026-03-01 06:00: 3 failing, 1 high, 2 medium",
        "2026-03-02 06:00: 1 failing, 1 high (incomplete scan)",
        "2026-03-03 06:00: 1 failing, 1 high",
    ]
    # Stacked segments: the first scan's medium below its high, scaled to the biggest total.
    first = [
        (g.attrs["class"], r.attrs["height"])
        for g in bars[0].find_all("g")
        if g.attrs["class"] != "trend-bar"
        for r in g.find_all("rect")
    ]
    assert first == [("sev-medium", "93.3"), ("sev-high", "46.7")]
    rows = [
        [td.words() for td in tr.find_all("td")] for tr in trend.find_all("tbody")[0].find_all("tr")
    ]
    assert rows == [
        ["0", "1", "2", "0", "0", "3", "yes"],
        ["0", "1", "0", "0", "0", "1", "no"],
        ["0", "1", "0", "0", "0", "1", "yes"],
    ]
    # Nothing from outside the page.
    for element in trend.iter():
        assert not any(k in ("href", "src", "xlink:href") for k in element.attrs)
    data = report_data(dom)
    assert [(row[7], row[11]) for row in data["results"]] == [
        (engine.fingerprint("AML302", HOSTILE), "2026-03-01"),
        (engine.fingerprint("AML302", OK), None),
    ]


def test_without_history_there_is_no_trend_section() -> None:
    scan = history_scan()
    markup = rendered(Format.HTML, ScanResult(**{**_fields(scan), "trend": ()}))
    assert 'id="trend"' not in markup


def _fields(scan: ScanResult) -> dict[str, Any]:
    return {name: getattr(scan, name) for name in ScanResult.__dataclass_fields__}


def test_sarif_and_json_carry_first_seen(tmp_path: Path) -> None:
    scan = history_scan()
    sarif = json.loads(rendered(Format.SARIF, scan))
    assert schema_errors(sarif) == []
    assert github_limit_errors(sarif) == []
    properties = {
        r["properties"]["resourceId"]: r["properties"] for r in sarif["runs"][0]["results"]
    }
    assert properties[HOSTILE]["firstSeen"] == "2026-03-01T06:00:00+00:00"
    assert list(properties) == [HOSTILE]  # SARIF lists what fails
    if multitool() is not None:
        assert github_rule_errors({"history": sarif}, tmp_path / "multitool") == {}
    elif in_ci():
        pytest.fail("Sarif.Multitool is missing: run scripts/install-sarif-multitool.sh")
    document = json.loads(rendered(Format.JSON, scan))
    assert [(r["resource_id"], r["first_seen"]) for r in document["results"]] == [
        (HOSTILE, "2026-03-01T06:00:00+00:00"),
        (OK, None),
    ]


@pytest.mark.slow
def test_open_since_shows_on_each_failing_finding_in_chromium(tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    chromium = require_chromium()
    report = tmp_path / "report.html"
    report.write_text(rendered(Format.HTML, history_scan()), encoding="utf-8")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=BROWSER_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            watch = PageWatch(page)
            page.goto(report.as_uri(), wait_until="load")
            badges = page.eval_on_selector_all(
                "#view details.finding",
                "els => els.map(e => [e.dataset.resource, "
                "[...e.querySelectorAll('summary .badge')].map(b => b.textContent)])",
            )
            assert badges == [[HOSTILE, ["open since 2026-03-01"]]]
            assert page.locator("#trend svg .trend-bar").count() == 3
        finally:
            browser.close()
    assert watch.errors == [] and watch.dialogs == []
    assert [c for c in watch.console if c.startswith(("error", "warning"))] == []
    assert {url.split(":", 1)[0] for url in watch.requests} == {"file"}


def test_the_history_command_in_console_json_and_markdown(tmp_path: Path) -> None:
    snapshot = Path(__file__).resolve().parents[3] / "examples" / "estate.json"
    db = tmp_path / "history.sqlite"
    for _ in range(2):
        run = run_cli("scan", "--snapshot", str(snapshot), "--history", str(db), "-q", cwd=tmp_path)
        assert run.returncode == 1, run.stderr
    as_json = run_cli("history", "--history", str(db), "--format", "json")
    assert as_json.returncode == 0, as_json.stderr
    document = json.loads(as_json.stdout)
    assert [(s["id"], s["failing_total"], s["complete"]) for s in document["scans"]] == [
        (1, 30, False),
        (2, 30, False),
    ]
    assert document["scans"][0]["failing"] == {
        "critical": 0,
        "high": 5,
        "medium": 17,
        "low": 8,  # AML507: ws-fraud-public serves endpoints without Application Insights
        "info": 0,
    }
    assert (document["diff"]["new"], document["diff"]["resolved"]) == ([], [])
    assert document["diff"]["still_failing"] == 30
    console = run_cli("history", "--history", str(db))
    assert console.stdout.splitlines()[0] == f"Scans recorded in {db} (2)"
    assert "Changes from scan 1 (" in console.stdout
    assert ": 0 new, 0 resolved, 30 still failing" in console.stdout
    markdown = run_cli("history", "--history", str(db), "--rule", "AML302", "--format", "markdown")
    lines = markdown.stdout.splitlines()
    assert lines[0] == "## Findings (1)"
    assert lines[2] == (
        "| severity | rule | resource | first seen | last seen | state | fingerprint |"
    )
    assert lines[4].startswith("| high | AML302 | `/subscriptions/")
    assert "kv-fraud" in lines[4] and "open less than a day" in lines[4]
    bad = run_cli("history", "--history", str(db), "--diff", "1", "7")
    assert (bad.returncode, bad.stderr) == (
        2,
        f"aml-audit: error: {db}: no scan 7 in the history (`aml-audit history` lists them)\n",
    )


def test_the_history_command_keeps_hostile_resource_ids_inert() -> None:
    # A resource id from a snapshot or a linted template can hold anything: a terminal escape, a
    # line break that would forge a table row, HTML and links a job summary would render.
    from auditor.controls.history import Change, Diff, Finding, RecordedScan
    from auditor.reporters.history import HistoryView, render

    rid = (
        f"{KV}/kv-\x1b[2J\x1b]8;;https://evil.example\x07x\n"
        "| forged | row <img src=x> [a](https://e.example)"
    )
    finding = Finding("f" * 32, "AML302", rid, "high", DAY0, DAY0, "fail", DAY0 + timedelta(days=2))
    before, after = (
        RecordedScan(n, DAY0 + timedelta(days=n), "0.1.0", True, (SUB,), None, _counts(high=1))
        for n in (1, 2)
    )
    change = Change("f" * 32, "AML302", rid, "high", "fail")
    diff = Diff(before, after, (change,), (), 0)
    view = HistoryView("h.sqlite", (before, after), diff, (finding,))
    console, markdown = io.StringIO(), io.StringIO()
    render(view, Format.CONSOLE, console)
    render(view, Format.MARKDOWN, markdown)
    for text in (console.getvalue(), markdown.getvalue()):
        assert not {"\x1b", "\x07"} & set(text)
        rows = [line for line in text.splitlines() if "AML302" in line]
        assert len(rows) == 2  # the new finding and the finding: one line each
        assert not any(line.startswith("| forged") for line in text.splitlines())
    # Console: control characters shown as \xNN, the rest as it is.
    assert "kv-\\x1b[2J\\x1b]8;;https://evil.example\\x07x\\x0a| forged |" in console.getvalue()
    # Markdown: the id in a code span (no HTML, no link), its pipes escaped for the table.
    assert "| `" + KV + "/kv- [2J ]8;;https://evil.example x \\| forged \\| row <img src=x> " in (
        markdown.getvalue()
    )


def _shape(value: Any) -> Any:
    """The keys of a JSON document, nested, with each list reduced to its first item's shape."""
    if isinstance(value, dict):
        return {key: _shape(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_shape(value[0])] if value else []
    return type(value).__name__ if value is not None else "null"


def test_the_history_json_is_shaped_as_docs_history_md_says(tmp_path: Path) -> None:
    # A scheduled job parses this output: its shape is documented, and the document is checked
    # against what the command prints (every key, nothing undocumented).
    docs = (Path(__file__).resolve().parents[3] / "docs" / "history.md").read_text("utf-8")
    section = docs.split("### JSON output", 1)[1]
    documented = json.loads(section.split("```json\n", 1)[1].split("\n```", 1)[0])
    snapshot = Path(__file__).resolve().parents[3] / "examples" / "estate.json"
    db = tmp_path / "history.sqlite"
    for _ in range(2):
        run_cli("scan", "--snapshot", str(snapshot), "--history", str(db), "-q", cwd=tmp_path)
    # The documented example holds a diff whose `new` has an entry and one finding with null-able
    # fields filled: the printed documents are joined to give the same.
    scans = json.loads(run_cli("history", "--history", str(db), "--format", "json").stdout)
    fingerprint = "f931c9ce4fe84ecd612596444036f690"  # AML302 on kv-fraud
    one = run_cli("history", "--history", str(db), "--finding", fingerprint, "--format", "json")
    found = json.loads(one.stdout)
    printed = {**scans, "findings": found["findings"]}
    printed["diff"]["new"] = printed["diff"]["resolved"] = [
        {
            "fingerprint": fingerprint,
            "rule_id": "AML302",
            "resource_id": "x",
            "severity": "high",
            "status": "fail",
        }
    ]
    printed["scans"][0]["shard"] = "1/2"
    printed["findings"][0]["open_days"] = 1.5
    assert _shape(documented) == _shape(printed)


def test_bad_history_arguments_are_one_line_naming_what_they_take(tmp_path: Path) -> None:
    db = tmp_path / "h.sqlite"
    cases = {
        ("--last", "0"): "argument --last: a number of scans from 1 (got '0')",
        ("--last", "two"): "argument --last: a number of scans from 1 (got 'two')",
        ("--diff", "1", "x"): "argument --diff: a scan id is a whole number from 1 (got 'x')",
    }
    for extra, said in cases.items():
        run = run_cli("history", "--history", str(db), *extra)
        assert (run.returncode, run.stdout) == (2, "")
        assert run.stderr == f"aml-audit: error: {said} (see `aml-audit --help`)\n"


def test_scan_options_with_finding_options_are_refused_not_ignored(tmp_path: Path) -> None:
    # `--diff 41 42 --rule AML302` reads as "what changed for AML302": printing AML302's findings
    # and no diff would answer another question without saying so.
    db = tmp_path / "h.sqlite"
    run_cli("scan", "--snapshot", str(EXAMPLE), "--history", str(db), "-q", cwd=tmp_path)
    said = (
        "aml-audit: error: --diff and --last list scans, --finding, --rule and --resource list "
        "findings: use one kind at a time\n"
    )
    for extra in (("--diff", "1", "1", "--rule", "AML302"), ("--last", "3", "--resource", "kv")):
        run = run_cli("history", "--history", str(db), *extra)
        assert (run.returncode, run.stdout, run.stderr) == (2, "", said)
