"""The Markdown report, rendered by GitHub's own Markdown engine (cmark-gfm, through cmarkgfm)
with raw HTML allowed, so what GitHub would make of it is what the tests see."""

from __future__ import annotations

import dataclasses
import io
import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import cmarkgfm
import pytest
from cmarkgfm.cmark import Options

from auditor.controls.baseline import apply_baseline, parse_baseline
from auditor.controls.suppressions import SuppressionEntry, apply_suppressions
from auditor.evaluate.results import ScanResult
from auditor.reporters.interface import Format, ReportOptions
from auditor.reporters.markdown import REPORTER, code, text
from tests.auditor.estate import ORPHAN, SUB2, estate_scan
from tests.auditor.small_estates import (
    KV,
    SUB,
    SUB_LOCKED,
    WS,
    previous_report,
    scan_of,
    this_weeks_scan,
    vault,
    workspace,
)

HOSTILE = (
    "<img src=x onerror=alert(1)>",
    "a|b||c",
    "``tick`s`",
    "@octocat ping www.evil.example mailto:x@evil.example",
    "[click](javascript:alert(1))",
    "**bold** _it_ $x^2$ ~~s~~ <!-- c -->",
    "line\nbreak\r| x |",
    "\\|escaped",
)


class Html(HTMLParser):
    """Tags, table rows (as cell texts) and code-span texts of rendered HTML."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.rows: list[list[str]] = []
        self.codes: list[str] = []
        self._cell: list[str] | None = None
        self._code: list[str] | None = None
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "code":
            self._code = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append("".join(self._cell))
            self._cell = None
        elif tag == "code" and self._code is not None:
            self.codes.append("".join(self._code))
            self._code = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)
        if self._code is not None:
            self._code.append(data)


def github_html(markdown: str) -> str:
    return cmarkgfm.github_flavored_markdown_to_html(markdown, options=Options.CMARK_OPT_UNSAFE)


def render(scan: ScanResult, limit: int = 50) -> str:
    stream = io.StringIO()
    REPORTER.render(scan, stream, ReportOptions(markdown_limit=limit))
    return stream.getvalue()


def test_markdown_is_a_built_in_format() -> None:
    assert Format.parse("markdown") is Format.MARKDOWN
    assert Format.for_path(Path("summary.md")) is Format.MARKDOWN
    assert Format.for_path(Path("summary.MARKDOWN")) is Format.MARKDOWN
    assert Format.MARKDOWN.reporter() is REPORTER


@pytest.mark.parametrize("value", HOSTILE)
def test_a_code_span_shows_any_value_verbatim_on_one_line(value: str) -> None:
    rendered = Html(github_html(f"| x |\n|---|\n| {code(value)} |\n"))
    one_line = " ".join(value.replace("\r", "\n").split("\n"))
    assert rendered.rows == [["x"], [one_line]]
    assert rendered.codes == [one_line]
    assert rendered.tags == {"table", "thead", "tbody", "tr", "th", "td", "code"}


@pytest.mark.parametrize("value", HOSTILE)
def test_escaped_text_is_literal_in_a_table_and_at_the_start_of_a_list_item(value: str) -> None:
    one_line = " ".join(value.replace("\r", "\n").split("\n"))
    in_table = github_html(f"| x |\n|---|\n| {text(value)} |\n")
    assert Html(in_table).rows == [["x"], [one_line]]
    assert Html(in_table).tags - {"a"} == {"table", "thead", "tbody", "tr", "th", "td"}
    for prefix in ("", "# ", "1. ", "> ", "- ", "=== "):
        html = github_html(f"- {text(prefix + value)}\n")
        assert Html(html).tags - {"a"} == {"ul", "li"}, html
        # the one link cmark-gfm still makes of escaped text: an e-mail address
        assert re.findall(r"<a [^>]*>", html) in ([], ['<a href="mailto:x@evil.example">'])


def test_hostile_resource_names_cannot_break_the_table_or_inject_html(tmp_path: Path) -> None:
    resources = []
    for name in HOSTILE:  # in the name and in the id
        resources.append(workspace(name, "Enabled"))
    scan = scan_of(tmp_path, resources, rule_ids=("AML201",))
    html = github_html(render(scan))
    page = Html(html)
    assert page.tags <= {"h2", "h3", "p", "strong", "em", "table", "thead", "tbody", "tr", "th"} | {
        "td",
        "code",
        "br",
        "sub",
    }
    failing_rows = [row for row in page.rows if len(row) == 3]
    assert [row[0] for row in failing_rows[1:]] == ["high"] * len(HOSTILE)
    assert all(len(row) in (3, 5) for row in page.rows)  # totals: 5 columns; failing: 3
    names = {" ".join(n.replace("\r", "\n").split("\n")) for n in HOSTILE}
    assert names <= set(page.codes)
    assert {f"{WS}/{name}" for name in names} <= set(page.codes)


def test_failing_results_are_capped_with_a_count_of_the_rest(tmp_path: Path) -> None:
    scan = scan_of(
        tmp_path,
        [
            workspace("ws-c", "Enabled"),
            workspace("ws-a", "Enabled"),
            vault("kv-b", None),
            workspace("ws-b", None),
            vault("kv-a", False),
        ],
    )
    markdown = render(scan, limit=2)
    lines = markdown.splitlines()
    start = lines.index("### Failing results (5)")
    assert lines[start : start + 7] == [
        "### Failing results (5)",
        "",
        "| severity | rule | resource |",
        "|---|---|---|",
        f"| high | **AML201** Workspace is reachable from the public internet | `ws-a`<br><sub>"
        f"`{WS}/ws-a`</sub> |",
        f"| high | **AML201** Workspace is reachable from the public internet | `ws-b`<br><sub>"
        f"`{WS}/ws-b`</sub> |",
        "",
    ]
    assert lines[start + 7] == (
        "_... and 3 more failing results (write the full report with `-o report.html`)_"
    )
    assert "\n".join(lines[start + 8 :]).strip() == ""

    everything = render(scan, limit=5)
    assert "more failing results" not in everything
    assert everything.count("| high | **AML") == 5
    nothing = render(scan, limit=0).splitlines()
    start = nothing.index("### Failing results (5)")
    assert nothing[start : start + 3] == [
        "### Failing results (5)",
        "",
        "_... and 5 more failing results (write the full report with `-o report.html`)_",
    ]


def test_the_cap_names_the_full_report_this_scan_writes() -> None:
    scan = estate_scan()
    cases = [
        (("out/summary.md", "out/report.sarif", "out/report.html"), "`out/report.html`"),
        (("out/summary.md", "out/report.sarif", "out/report.json"), "`out/report.json`"),
        (("out/summary.md", "out/report.sarif"), "`out/report.sarif`"),
    ]
    for reports, named in cases:
        stream = io.StringIO()
        options = ReportOptions(markdown_limit=1, reports=reports)
        Format.MARKDOWN.reporter().render(scan, stream, options)
        lines = stream.getvalue().splitlines()
        assert f"_... and 6 more failing results (see the full report: {named})_" in lines
        assert lines[-1] == f"_... and 1 more not-assessed result (see the full report: {named})_"


def test_a_scheduled_scan_summary_against_a_baseline(tmp_path: Path) -> None:
    baseline = parse_baseline(previous_report(tmp_path), "previous.json")
    scan = this_weeks_scan(tmp_path)
    expired = SuppressionEntry(
        "AML201", "*/ws-new", "pilot", date(2026, 1, 31), "aml-audit.toml suppress[1]"
    )
    unused = SuppressionEntry("AML302", "*/kv-z", "spare", None, "aml-audit.toml suppress[2]")
    scan = apply_suppressions(scan, [expired, unused], date(2026, 6, 30))
    scan = apply_baseline(scan, baseline)
    markdown = render(scan)
    assert markdown.splitlines() == [
        "## aml-audit: 2 failing results (1 new), scan INCOMPLETE",
        "",
        f"Scope: 2 subscriptions from `snapshot:{tmp_path / 'estate.json'}`. 7 evaluations of "
        "2 rules by aml-audit 0\\.1\\.0, 2026-06-30 12:00 UTC.",
        "",
        "**Incomplete:** 1 scope could not be read and 2 results could not be assessed; "
        "unreadable is not a pass (see *What could not be checked*).",
        "",
        "| severity | failing | suppressed | not assessed | passing |",
        "|---|--:|--:|--:|--:|",
        "| critical | 0 | 0 | 0 | 0 |",
        "| high | 2 | 0 | 2 | 3 |",
        "| medium | 0 | 0 | 0 | 0 |",
        "| low | 0 | 0 | 0 | 0 |",
        "| info | 0 | 0 | 0 | 0 |",
        "| **total** | 2 | 0 | 2 | 3 |",
        "",
        "**Against the baseline:** 1 new, 1 known, 3 resolved",
        "",
        "### Failing results (2)",
        "",
        "| severity | rule | resource | baseline |",
        "|---|---|---|---|",
        "| high | **AML201** Workspace is reachable from the public internet | `ws-new`<br><sub>"
        f"`{WS}/ws-new`</sub> | **new** |",
        "| high | **AML201** Workspace is reachable from the public internet | `ws-open`<br><sub>"
        f"`{WS}/ws-open`</sub> | known |",
        "",
        "### Resolved since the baseline (3)",
        "",
        f"- **AML201** Workspace is reachable from the public internet (high) on `{WS}/ws-legacy`",
        f"- **AML302** Key vault can be purged (high) on `{KV}/kv-a`",
        f"- **AML302** Key vault can be purged (high) on `{KV}/kv-gone`",
        "",
        "### What could not be checked",
        "",
        f"- everything under `/subscriptions/{SUB_LOCKED}`: HTTP 403 `AuthorizationFailed` "
        "`The client does not have authorization to perform action.`",
        f"- not assessed: **AML201**, **AML302** (2 rules) on `/subscriptions/{SUB_LOCKED}`: "
        "`Not assessed: resources under this scope could not be read (HTTP 403 "
        "AuthorizationFailed)`",
        "",
        "### Warnings (3)",
        "",
        "```text",
        "- aml-audit.toml suppress[1] (AML201 on '*/ws-new') expired on 2026-01-31: it no longer "
        "suppresses (1 failing result(s) match it); renew it with a new reason or remove it",
        "- aml-audit.toml suppress[2] (AML302 on '*/kv-z') matched no failing result: the "
        "finding is fixed or the resource id is wrong; remove or correct it",
        "- 2 failing result(s) of the baseline previous.json could not be compared: this scan "
        "did not assess them (rule not selected, scope not scanned or not readable), so they are "
        "neither known nor resolved",
        "```",
    ]
    assert SUB in markdown


def test_a_complete_clean_scan_says_so(tmp_path: Path) -> None:
    scan = scan_of(tmp_path, [workspace("ws", "Disabled"), vault("kv", True)])
    lines = render(scan).splitlines()
    assert lines[0] == "## aml-audit: 0 failing results, scan complete"
    assert "**Complete:** every resource in scope was read and judged." in lines
    assert "No failing results." in lines
    assert not any(line.startswith("### ") for line in lines)


def test_suppressed_results_show_reason_expiry_and_entry(tmp_path: Path) -> None:
    scan = scan_of(tmp_path, [vault("kv|1", None)])
    entry = SuppressionEntry(
        "AML302", "*", "rebuilt <nightly> | no data", date(2026, 12, 1), "x suppress[1]"
    )
    scan = apply_suppressions(scan, [entry], date(2026, 6, 30))
    lines = render(scan).splitlines()
    start = lines.index("### Suppressed (1)")
    assert lines[start + 2] == (
        f"- **AML302** on `{KV}/kv\\|1`: rebuilt &lt;nightly&gt; \\| no data (until 2026-12-01) "
        "\\[x suppress\\[1\\]\\]"
    )
    assert Html(github_html(lines[start + 2])).codes == [f"{KV}/kv\\|1"]


def test_warnings_are_a_code_block_no_warning_can_close(tmp_path: Path) -> None:
    scan = scan_of(tmp_path, [vault("kv", True)])
    hostile = "plugin x@evil.example failed: ```\n# <script>alert(1)</script> @octocat"
    scan = dataclasses.replace(scan, warnings=(hostile,))
    markdown = render(scan)
    assert markdown.endswith(
        "### Warnings (1)\n\n````text\n"
        "- plugin x@evil.example failed: ``` # <script>alert(1)</script> @octocat\n````\n"
    )
    page = Html(github_html(markdown))
    assert "script" not in page.tags and "a" not in page.tags
    assert (
        page.codes[-1]
        == "- plugin x@evil.example failed: ``` # <script>alert(1)</script> @octocat\n"
    )


def test_not_assessed_results_of_one_gap_are_one_line_and_the_cap_counts_results() -> None:
    lines = render(estate_scan(), limit=1).splitlines()
    start = lines.index("### What could not be checked")
    assert lines[start + 2 :] == [
        f"- everything under `{SUB2}`: HTTP 403 `AuthorizationFailed` `The client does not have "
        "authorization to perform action 'Microsoft.MachineLearningServices/workspaces/read' "
        f"over scope '{SUB2}'.`",
        f"- not assessed: **AML101**, **AML201**, **AML301**, **AML302** (4 rules) on `{SUB2}`: "
        "`Not assessed: resources under this scope could not be read (HTTP 403 "
        "AuthorizationFailed)`",
        "",
        "_... and 1 more not-assessed result (write the full report with `-o report.html`)_",
    ]
    assert ORPHAN in render(estate_scan())


def test_gaps_on_one_scope_count_as_one_scope() -> None:
    from auditor.evaluate import engine
    from auditor.inventory.inventory import Inventory
    from auditor.inventory.resources import Gap
    from tests.auditor.estate import four_rules

    gaps = [
        Gap(SUB2, "Microsoft.KeyVault/vaults", 403, "AuthorizationFailed", "Denied."),
        Gap(SUB2, "Microsoft.MachineLearningServices/workspaces", 403, "AuthorizationFailed", ""),
    ]
    lines = render(engine.evaluate(Inventory([], gaps=gaps), four_rules())).splitlines()
    assert (
        "**Incomplete:** 1 scope could not be read (2 gaps) and 4 results could not be assessed; "
        "unreadable is not a pass (see *What could not be checked*)."
    ) in lines
