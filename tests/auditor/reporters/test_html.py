"""The HTML report: rendered markup (autoescape, sections, gaps, suppressed, baseline, rule
metadata, self-contained, CSP) and, in a real browser (Debian's chromium driven by Playwright),
the findings browser: no console errors, filters leave exactly the expected findings, injection
attempts stay text.

The scan comes from the real engine over a small estate written here (four built-in rules), then
suppression and baseline states are stamped on as the scan controls do.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import io
import json
import os
import re
import shutil
from datetime import UTC, date, datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from auditor.evaluate import engine
from auditor.evaluate.registry import load_builtin
from auditor.evaluate.results import Result, ScanResult, Suppression
from auditor.reporters import html
from auditor.reporters.html import REPORTER, json_for_script
from auditor.reporters.interface import Format, ReportOptions
from auditor.rulekit.meta import Evidence, Severity, Status
from auditor.sources.snapshot import SnapshotSource
from tests.auditor.reporters.sarif_validation import in_ci
from tests.conftest import REPO_ROOT, run_cli, write_snapshot

# The browser the Playwright tests drive: the first of these on PATH (Debian names it chromium,
# other systems chromium-browser or google-chrome), or AML_AUDIT_CHROMIUM.
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def find_chromium() -> str | None:
    override = os.environ.get("AML_AUDIT_CHROMIUM")
    if override:
        return override
    return next((found for name in CHROMIUM_NAMES if (found := shutil.which(name))), None)


def require_chromium() -> str:
    """The browser's path; without one, skip with the reason, except under CI=true, where the
    browser tests must run: there a missing browser fails."""
    chromium = find_chromium()
    if chromium is not None:
        return chromium
    reason = (
        f"no Chromium on PATH (looked for {', '.join(CHROMIUM_NAMES)}; install one, e.g. "
        "`apt-get install chromium`, or set AML_AUDIT_CHROMIUM to its path)"
    )
    if in_ci():
        pytest.fail(reason)
    pytest.skip(reason)


ARTIFACTS = REPO_ROOT / "test-artifacts"

SUB = "/subscriptions/11111111-1111-1111-1111-111111111111"
SUB2 = "/subscriptions/22222222-2222-2222-2222-222222222222"
RG = f"{SUB}/resourceGroups/rg-ml"
WS = f"{RG}/providers/Microsoft.MachineLearningServices/workspaces"
KV = f"{RG}/providers/Microsoft.KeyVault/vaults"

IMG = "<img src=x onerror=alert(1)>"
SCRIPT_BREAK = "</script><script>alert(1)</script>"
QUOTED = "kv-\"quoted'"
TAG_VALUE = '"><script>alert(2)</script>'

WS_PUBLIC = f"{WS}/ws-public"
WS_PRIVATE = f"{WS}/ws-private"
WS_HOSTILE = f"{WS}/{IMG}"
EP_KEY = f"{WS_PUBLIC}/onlineEndpoints/score-key"
EP_AAD = f"{WS_PUBLIC}/onlineEndpoints/score-aad"
KV_QUOTED = f"{KV}/{QUOTED}"
KV_OK = f"{KV}/kv-ok"
KV_GONE = f"{KV}/kv-deleted"

RULES = ("AML101", "AML201", "AML301", "AML302")


def _workspace(rid: str, access: str, encryption: str) -> dict[str, Any]:
    return {
        "id": rid,
        "name": rid.rsplit("/", 1)[-1],
        "type": "Microsoft.MachineLearningServices/workspaces",
        "kind": "Default",
        "properties": {
            "publicNetworkAccess": access,
            "allowPublicAccessWhenBehindVnet": False,
            "encryption": {"status": encryption},
        },
    }


def _endpoint(rid: str, mode: str) -> dict[str, Any]:
    return {
        "id": rid,
        "name": rid.rsplit("/", 1)[-1],
        "type": "Microsoft.MachineLearningServices/workspaces/onlineEndpoints",
        "properties": {"authMode": mode},
    }


def _vault(rid: str, purge: bool | None, tags: dict[str, str] | None = None) -> dict[str, Any]:
    properties: dict[str, Any] = {"enableSoftDelete": True}
    if purge is not None:
        properties["enablePurgeProtection"] = purge
    return {
        "id": rid,
        "name": rid.rsplit("/", 1)[-1],
        "type": "Microsoft.KeyVault/vaults",
        "tags": tags or {},
        "properties": properties,
    }


ESTATE = [
    _workspace(WS_PUBLIC, "Enabled", "Disabled"),
    _workspace(WS_PRIVATE, "Disabled", "Enabled"),
    _workspace(WS_HOSTILE, "Enabled", "Enabled"),
    _endpoint(EP_KEY, "Key"),
    _endpoint(EP_AAD, "AADToken"),
    _vault(KV_QUOTED, None, {"owner": TAG_VALUE}),
    _vault(KV_OK, True),
]
GAP = {
    "scope": SUB2,
    "resource_type": None,
    "status": 403,
    "code": "AuthorizationFailed",
    "message": "The client 'scanner' does not have authorization over scope '<sub2>'.",
}


def _engine_scan(tmp_path: Path, resources: list[dict[str, Any]], gaps: list[Any]) -> ScanResult:
    snapshot = write_snapshot(tmp_path / "estate.json", resources, gaps=gaps)
    inventory = SnapshotSource(snapshot).collect()
    rules = [r for r in load_builtin() if r.meta.id in RULES]
    assert sorted(r.meta.id for r in rules) == list(RULES)
    scan = engine.evaluate(inventory, rules, now=datetime(2026, 11, 26, tzinfo=UTC))
    return dataclasses.replace(
        scan,
        started_at=datetime(2026, 11, 26, 8, 0, 0, tzinfo=UTC),
        finished_at=datetime(2026, 11, 26, 8, 0, 3, tzinfo=UTC),
    )


def _stamp(scan: ScanResult) -> ScanResult:
    """What the scan controls add: a suppression, baseline states, a resolved result, a warning;
    and what a rule may put in evidence and context (tag values, names it found)."""

    def change(r: Result) -> Result:
        key = (r.rule_id, r.resource_id)
        if key == ("AML201", WS_HOSTILE):
            return dataclasses.replace(
                r,
                status=Status.SUPPRESSED,
                suppression=Suppression(
                    "Sandbox <b>isolated</b> by the firewall", date(2027, 1, 31), "aml-audit.toml"
                ),
            )
        if key in {("AML201", WS_PUBLIC), ("AML101", EP_KEY)}:
            return dataclasses.replace(r, baseline="new")
        if key == ("AML301", WS_PUBLIC):
            return dataclasses.replace(r, baseline="known")
        if key == ("AML302", KV_QUOTED):
            return dataclasses.replace(
                r,
                baseline="known",
                evidence=(
                    *r.evidence,
                    Evidence("tags", {"owner": TAG_VALUE}, "no secrets in tags"),
                    Evidence("properties.secret", "AccountKey=abcdEFGH1234ijklMNOP5678", "absent"),
                ),
                context=(SCRIPT_BREAK, "line\u2028separator\u2029here"),
            )
        return r

    resolved = Result(
        rule_id="AML302",
        title="Key vault can be purged",
        severity=Severity.HIGH,
        status=Status.FAIL,
        resource_id=KV_GONE,
        resource_type="Microsoft.KeyVault/vaults",
        resource_name="kv-deleted",
        message="Key vault 'kv-deleted' has no purge protection",
        fingerprint=engine.fingerprint("AML302", KV_GONE),
    )
    return dataclasses.replace(
        scan,
        results=tuple(change(r) for r in scan.results),
        resolved=(resolved,),
        warnings=("suppression for AML999 on '*' matched nothing",),
    )


@pytest.fixture
def scan(tmp_path: Path) -> ScanResult:
    return _stamp(_engine_scan(tmp_path, ESTATE, [GAP]))


def render(scan: ScanResult) -> str:
    import io

    buffer = io.StringIO()
    REPORTER.render(scan, buffer, ReportOptions())
    return buffer.getvalue()


# ---- a small DOM over html.parser, for exact assertions on the markup ------------------------

VOID = {"meta", "link", "input", "br", "img", "hr", "source", "col", "area", "base", "wbr"}


@dataclasses.dataclass
class Element:
    tag: str
    attrs: dict[str, str | None]
    children: list[Element | str] = dataclasses.field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text for c in self.children)

    def fragments(self) -> list[str]:
        return [
            part for c in self.children for part in ([c] if isinstance(c, str) else c.fragments())
        ]

    def words(self) -> str:
        """The text with whitespace normalised, elements' texts separated by a space."""
        return " ".join(" ".join(self.fragments()).split())

    def iter(self) -> Any:
        yield self
        for c in self.children:
            if isinstance(c, Element):
                yield from c.iter()

    def find_all(self, tag: str | None = None, cls: str | None = None) -> list[Element]:
        return [
            e
            for e in self.iter()
            if (tag is None or e.tag == tag)
            and (cls is None or cls in (e.attrs.get("class") or "").split())
        ]

    def by_id(self, ident: str) -> Element:
        found = [e for e in self.iter() if e.attrs.get("id") == ident]
        assert len(found) == 1, f"{len(found)} elements with id {ident!r}"
        return found[0]


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#root", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, dict(attrs))
        self.stack[-1].children.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(markup: str) -> Element:
    builder = _Builder()
    builder.feed(markup)
    builder.close()
    return builder.root


def table_rows(section: Element, cls: str) -> list[list[str]]:
    (table,) = section.find_all("table", cls)
    return [
        [td.words() for td in tr.find_all("td")] for tr in table.find_all("tbody")[0].find_all("tr")
    ]


def report_data(dom: Element) -> dict[str, Any]:
    blob = dom.by_id("report-data")
    data: dict[str, Any] = json.loads(blob.text)
    return data


# ---- markup ----------------------------------------------------------------------------------


def test_html_is_a_built_in_format_chosen_by_extension() -> None:
    assert Format.parse("html") is Format.HTML
    assert Format.for_path(Path("out/report.html")) is Format.HTML
    assert Format.for_path(Path("REPORT.HTM")) is Format.HTML
    assert Format.HTML.reporter() is REPORTER


def test_attacker_text_is_escaped_everywhere(scan: ScanResult) -> None:
    markup = render(scan)
    # Nowhere as markup: not in the page, not inside the JSON blob.
    assert IMG not in markup
    assert TAG_VALUE not in markup
    assert "<b>isolated</b>" not in markup
    assert markup.count("</script>") == 2  # the data blob's and the script's own closing tags
    assert markup.count("<script") == 2
    assert "\u2028" not in markup and "\u2029" not in markup
    # Escaped as text where the server renders it (the suppressed table).
    assert "&lt;img src=x onerror=alert(1)&gt;" in markup
    assert "Sandbox &lt;b&gt;isolated&lt;/b&gt; by the firewall" in markup
    # And intact as data for the script, which sets it with textContent.
    dom = parse(markup)
    data = report_data(dom)
    names = {node[1] for node in data["nodes"]}
    assert {IMG, QUOTED} <= names
    (kv_result,) = [r for r in data["results"] if data["nodes"][r[1]][0] == KV_QUOTED]
    assert kv_result[10] == [SCRIPT_BREAK, "line\u2028separator\u2029here"]
    assert ["tags", json.dumps({"owner": TAG_VALUE}), "no secrets in tags"] in kv_result[6]


def test_json_for_script_escapes_what_could_end_or_confuse_a_script_element() -> None:
    value = {"a": "</script><!-- & \u2028\u2029 -->", "b": ["<", ">", "&amp;"]}
    text = str(json_for_script(value))
    for forbidden in ("<", ">", "&", "\u2028", "\u2029"):
        assert forbidden not in text
    assert json.loads(text) == value


def test_observed_values_that_look_like_credentials_are_redacted(scan: ScanResult) -> None:
    markup = render(scan)
    assert "abcdEFGH1234ijklMNOP5678" not in markup
    data = report_data(parse(markup))
    (kv_result,) = [r for r in data["results"] if data["nodes"][r[1]][0] == KV_QUOTED]
    secret = [e for e in kv_result[6] if e[0] == "properties.secret"]
    assert secret == [
        ["properties.secret", "[redacted: looks like a storage connection string]", "absent"]
    ]


def test_header_shows_scope_time_version_and_an_unmissable_incomplete_banner(
    scan: ScanResult,
) -> None:
    dom = parse(render(scan))
    header = dom.find_all("header", "masthead")[0].words()
    assert "11111111-1111-1111-1111-111111111111" in header
    assert "22222222-2222-2222-2222-222222222222" in header
    assert "2026-11-26 08:00:00 UTC" in header
    assert "took 3.0 s" in header
    assert f"aml-auditor {scan.tool_version}" in header
    assert "snapshot:" in header
    banner = dom.by_id("completeness")
    assert banner.attrs["data-complete"] == "false"
    assert banner.attrs["role"] == "alert"
    assert banner.words().startswith("INCOMPLETE SCAN. 1 scope could not be read and 4 evaluations")
    assert "INCOMPLETE" in dom.find_all("title")[0].text
    assert dom.by_id("warnings").words() == (
        "1 warning suppression for AML999 on '*' matched nothing"
    )


def test_summary_counts_chart_and_top_rules(scan: ScanResult) -> None:
    dom = parse(render(scan))
    summary = dom.by_id("summary")
    cards = {
        a.attrs["data-status-link"]: a.find_all("span", "card-count")[0].text
        for a in summary.find_all("a", "card")
        if a.attrs.get("data-status-link")
    }
    assert cards == {"fail": "4", "not_assessed": "4", "suppressed": "1", "pass": "5"}
    (chart,) = summary.find_all("svg", "severity-chart")
    bars = {
        g.attrs["class"].split()[1]: g.find_all("text", "bar-count")[0].text
        for g in chart.find_all("g", "bar")
    }
    assert bars == {
        "sev-critical": "0",
        "sev-high": "3",
        "sev-medium": "1",
        "sev-low": "0",
        "sev-info": "0",
    }
    assert summary.find_all("dl", "chart-facts")[0].words() == (
        "Resources failing 3 of 8 Rules failing 4 of 4 Not assessed 4"
    )
    assert table_rows(summary, "top-rules") == [
        ["AML101", "Endpoint accepts shared API keys", "high", "1", ""],
        ["AML201", "Workspace is reachable from the public internet", "high", "1", ""],
        ["AML302", "Key vault can be purged", "high", "1", ""],
        [
            "AML301",
            "Workspace data is not encrypted with a customer-managed key",
            "medium",
            "1",
            "",
        ],
    ]


def test_gaps_have_their_own_section_with_every_not_assessed_evaluation(
    scan: ScanResult,
) -> None:
    dom = parse(render(scan))
    gaps = dom.by_id("gaps")
    assert gaps.find_all("h2")[0].text == "What could not be checked, and why"
    assert table_rows(gaps, "gaps") == [
        [
            f"22222222-2222-2222-2222-222222222222 subscription {SUB2}",
            "everything",
            "403",
            "AuthorizationFailed",
            "The client 'scanner' does not have authorization over scope '<sub2>'.",
        ]
    ]
    rows = table_rows(gaps, "not-assessed")
    assert [(row[0].split()[0], row[1].split()[-1]) for row in rows] == [
        ("AML101", SUB2),
        ("AML201", SUB2),
        ("AML301", SUB2),
        ("AML302", SUB2),
    ]
    assert all("subscription" in row[1] for row in rows)
    assert all("could not be read (HTTP 403 AuthorizationFailed)" in row[2] for row in rows)


def test_the_data_blob_written_in_pieces_is_one_json_document(scan: ScanResult) -> None:
    blob = html.report_context(scan)["blob"]
    whole, pieces = io.StringIO(), io.StringIO()
    blob.write(whole)
    blob.write(pieces, batch=2)
    assert pieces.getvalue() == whole.getvalue()
    data = json.loads(whole.getvalue())
    assert list(data) == ["statuses", "severities", "types", "nodes", "results", "rules"]
    assert len(data["results"]) == len(scan.results)
    assert f'<script type="application/json" id="report-data">{whole.getvalue()}</script>' in (
        render(scan)
    )


def test_long_server_rendered_tables_show_their_first_rows_and_say_where_the_rest_are(
    scan: ScanResult, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(html, "TABLE_ROWS", 3)
    gaps = parse(render(scan)).by_id("gaps")
    rows = table_rows(gaps, "not-assessed")
    assert [(row[0].split()[0], row[1].split()[-1]) for row in rows] == [
        ("AML101", SUB2),
        ("AML201", SUB2),
        ("AML301", SUB2),
    ]
    assert [p.words() for p in gaps.find_all("p", "more-rows")] == [
        "… and 1 more: every one is in the findings below (status “not assessed”) and in the "
        "JSON report."
    ]
    assert gaps.find_all("h3")[1].text == "Evaluations not assessed (4)"


def test_suppressed_and_baseline_sections(scan: ScanResult) -> None:
    dom = parse(render(scan))
    assert table_rows(dom.by_id("suppressed"), "suppressed") == [
        [
            "AML201 high Workspace is reachable from the public internet",
            f"{IMG} workspace {WS_HOSTILE}",
            "Sandbox <b>isolated</b> by the firewall from aml-audit.toml",
            "2027-01-31",
        ]
    ]
    baseline = dom.by_id("baseline")
    assert [li.words() for li in baseline.find_all("ul", "baseline-counts")[0].find_all("li")] == [
        "2 failing results are new",
        "2 failing results were already known",
        "1 result failing in the baseline is resolved",
    ]
    assert table_rows(baseline, "resolved") == [
        [
            "AML302 high Key vault can be purged",
            f"kv-deleted key vault {KV_GONE}",
            "Key vault 'kv-deleted' has no purge protection",
        ]
    ]


def test_rule_metadata_is_rendered_once_per_rule_with_remediation_and_references(
    scan: ScanResult,
) -> None:
    markup = render(scan)
    dom = parse(markup)
    templates = [t.attrs["id"] for t in dom.find_all("template")]
    assert templates == [
        f"tpl-rule-{rule_id}" for rule_id in ("AML101", "AML201", "AML302", "AML301")
    ]
    aml201 = dom.by_id("tpl-rule-AML201")
    assert "az ml workspace update --name <workspace> --resource-group <rg> " in aml201.text
    assert "publicNetworkAccess: 'Disabled'" in aml201.text
    links = {a.attrs["class"]: a.attrs["href"] for a in aml201.find_all("a")}
    assert links == {
        "policy": "https://portal.azure.com/#view/Microsoft_Azure_Policy/PolicyDetailBlade/"
        "definitionId/%2Fproviders%2FMicrosoft.Authorization%2FpolicyDefinitions%2F"
        "438c38d2-3772-465a-a9cc-7a6666a275ce",
        "mcsb": "https://learn.microsoft.com/security/benchmark/azure/mcsb-network-security",
        "doc": "https://learn.microsoft.com/azure/machine-learning/how-to-configure-private-link",
    }
    # Rationale text appears once in the whole page, however many findings the rule has.
    assert markup.count("allowPublicAccessWhenBehindVnet re-opens a workspace") == 1


def test_a_non_web_docs_reference_is_not_a_link(scan: ScanResult) -> None:
    rules = tuple(
        dataclasses.replace(
            m,
            references=dataclasses.replace(m.references, docs=("javascript:alert(1)",)),
        )
        if m.id == "AML201"
        else m
        for m in scan.rules
    )
    dom = parse(render(dataclasses.replace(scan, rules=rules)))
    aml201 = dom.by_id("tpl-rule-AML201")
    assert [a.attrs["class"] for a in aml201.find_all("a")] == ["policy", "mcsb"]
    assert [s.text for s in aml201.find_all("span", "doc")] == ["javascript:alert(1)"]


def test_self_contained_nothing_loads_from_the_network(scan: ScanResult) -> None:
    markup = render(scan)
    dom = parse(markup)
    for element in dom.iter():
        for name, value in element.attrs.items():
            if value and re.match(r"\s*(https?:)?//", value) and name in {"src", "href"}:
                assert (element.tag, name) == ("a", "href"), (element.tag, name, value)
            assert name != "src" or not value or value.startswith("data:")
    assert not dom.find_all("link", None) or all(
        link.attrs.get("rel") == "icon" and (link.attrs.get("href") or "").startswith("data:")
        for link in dom.find_all("link")
    )
    style = "".join(s.text for s in dom.find_all("style"))
    assert "@import" not in style and "url(" not in style
    assert all("src" not in s.attrs for s in dom.find_all("script"))


def test_content_security_policy_allows_only_the_report_s_own_script_and_style(
    scan: ScanResult,
) -> None:
    dom = parse(render(scan))
    (csp,) = [
        m for m in dom.find_all("meta") if m.attrs.get("http-equiv") == "Content-Security-Policy"
    ]
    policy = dict(
        (part.split()[0], part.split()[1:])
        for part in (csp.attrs["content"] or "").split(";")
        if part.strip()
    )

    def digest(text: str) -> str:
        return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"

    (style,) = dom.find_all("style")
    scripts = [s for s in dom.find_all("script") if s.attrs.get("type") != "application/json"]
    assert len(scripts) == 1
    assert policy == {
        "default-src": ["'none'"],
        "script-src": [digest(scripts[0].text)],
        "style-src": [digest(style.text)],
        "img-src": ["data:"],
        "base-uri": ["'none'"],
        "form-action": ["'none'"],
    }


def test_a_complete_scan_says_so_and_lists_no_gaps(tmp_path: Path) -> None:
    scan = _engine_scan(tmp_path, [_vault(KV_OK, True)], [])
    dom = parse(render(scan))
    banner = dom.by_id("completeness")
    assert banner.attrs["data-complete"] == "true"
    assert banner.words().startswith("Complete scan.")
    assert dom.by_id("gaps").find_all("p", "empty")[0].words() == (
        "Nothing: every scope was read and every evaluation completed."
    )
    assert dom.by_id("suppressed").find_all("p", "empty")[0].text == "No result is suppressed."
    assert "No baseline was given." in dom.by_id("baseline").words()


def test_scan_writes_the_html_report(tmp_path: Path) -> None:
    snapshot = write_snapshot(tmp_path / "estate.json", ESTATE, gaps=[GAP])
    out = tmp_path / "reports" / "audit.html"
    proc = run_cli("scan", "--snapshot", str(snapshot), "--select", ",".join(RULES), "-o", str(out))
    assert proc.returncode == 1, proc.stderr  # failing high-severity findings
    dom = parse(out.read_text(encoding="utf-8"))
    assert dom.by_id("completeness").attrs["data-complete"] == "false"
    data = report_data(dom)
    assert {
        (data["rules"][r[0]][0], data["nodes"][r[1]][0], data["statuses"][r[3]])
        for r in data["results"]
        if data["statuses"][r[3]] == "fail"
    } == {
        ("AML201", WS_PUBLIC, "fail"),
        ("AML201", WS_HOSTILE, "fail"),
        ("AML301", WS_PUBLIC, "fail"),
        ("AML101", EP_KEY, "fail"),
        ("AML302", KV_QUOTED, "fail"),
    }


# ---- a real browser ----------------------------------------------------------------------------

BROWSER_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser() -> Any:
    chromium = require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=chromium, args=BROWSER_ARGS)
        yield instance
        instance.close()


class PageWatch:
    """Everything a page says that a report must never make it say."""

    def __init__(self, page: Any) -> None:
        self.console: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.requests: list[str] = []
        page.on("console", lambda m: self.console.append(f"{m.type}: {m.text}"))
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("dialog", self._dialog)
        page.on("request", lambda r: self.requests.append(r.url))

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()


def css(value: str) -> str:
    """A CSS string literal, for attribute selectors on attacker-chosen ids."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def expect_count(page: Any, matching: int) -> None:
    """Waits out the free-text filter's debounce (locator polling runs outside the page's CSP)."""
    from playwright.sync_api import expect

    expect(page.locator("#match-count")).to_have_text(re.compile(rf"^{matching} results? match"))


def visible_findings(page: Any) -> set[tuple[str, str, str]]:
    rows = page.eval_on_selector_all(
        "#view details.finding",
        "els => els.map(e => [e.dataset.rule, e.dataset.resource, e.dataset.status])",
    )
    return {tuple(row) for row in rows}


@pytest.mark.slow
def test_findings_browser_in_chromium(browser: Any, scan: ScanResult, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    report = tmp_path / "report.html"
    report.write_text(render(scan), encoding="utf-8")
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    watch = PageWatch(page)
    page.goto(report.as_uri(), wait_until="load")

    # Default: failing and not-assessed results, by resource.
    assert page.locator("#match-count").inner_text() == "8 results match of 14"
    assert visible_findings(page) == {
        ("AML201", WS_PUBLIC, "fail"),
        ("AML301", WS_PUBLIC, "fail"),
        ("AML101", EP_KEY, "fail"),
        ("AML302", KV_QUOTED, "fail"),
        ("AML101", SUB2, "not_assessed"),
        ("AML201", SUB2, "not_assessed"),
        ("AML301", SUB2, "not_assessed"),
        ("AML302", SUB2, "not_assessed"),
    }
    # The tree: the endpoint sits under its workspace, under the group, under the subscription.
    endpoint_path = page.eval_on_selector(
        f"details.finding[data-resource={css(EP_KEY)}]",
        "e => { const p = []; for (let n = e.parentElement; n; n = n.parentElement)"
        " if (n.dataset && n.dataset.node) p.push(n.dataset.node); return p; }",
    )
    assert endpoint_path == [EP_KEY, WS_PUBLIC, RG, SUB]

    # Severity: without high, only the medium rule remains.
    page.locator('input[name="severity"][value="high"]').uncheck()
    assert visible_findings(page) == {
        ("AML301", WS_PUBLIC, "fail"),
        ("AML301", SUB2, "not_assessed"),
    }
    page.locator('input[name="severity"][value="high"]').check()

    # Free text, matched against ids, names, messages and evidence.
    page.fill('input[name="q"]', "score")
    expect_count(page, 1)
    assert visible_findings(page) == {("AML101", EP_KEY, "fail")}

    # Free text finds evidence (a tag value) once every status is shown.
    for status in ("suppressed", "pass"):
        page.locator(f'input[name="status"][value="{status}"]').check()
    page.fill('input[name="q"]', "alert(2)")
    expect_count(page, 1)
    assert visible_findings(page) == {("AML302", KV_QUOTED, "fail")}
    page.fill('input[name="q"]', "onerror")
    expect_count(page, 2)
    assert visible_findings(page) == {
        ("AML201", WS_HOSTILE, "suppressed"),
        ("AML301", WS_HOSTILE, "pass"),
    }
    # The hostile workspace is on screen, its name as written, nothing injected.
    hostile = page.locator(f"details.node[data-node={css(WS_HOSTILE)}] > summary .name")
    assert hostile.inner_text() == IMG
    assert_inert(page, watch)

    # Resource type: the vaults, and the vaults that could not be read under the gap's scope.
    page.fill('input[name="q"]', "")
    page.select_option('select[name="type"]', "Microsoft.KeyVault/vaults")
    expect_count(page, 3)
    assert visible_findings(page) == {
        ("AML302", KV_QUOTED, "fail"),
        ("AML302", KV_OK, "pass"),
        ("AML302", SUB2, "not_assessed"),
    }
    page.select_option('select[name="type"]', "")
    expect_count(page, 14)

    # A finding's details: evidence (redacted), remediation and references.
    finding = page.locator(f"details.finding[data-resource={css(KV_QUOTED)}]")
    finding.locator("summary").click()
    expect(finding.locator("table.evidence tbody tr")).to_have_count(3)  # built when opened
    evidence = finding.locator("table.evidence tbody tr").all_inner_texts()
    assert [" | ".join(t.split("\t")) for t in evidence] == [
        "properties.enablePurgeProtection | absent (default: off) | true",
        f"tags | {json.dumps({'owner': TAG_VALUE})} | no secrets in tags",
        "properties.secret | [redacted: looks like a storage connection string] | absent",
    ]
    assert finding.locator("ul.context li").all_inner_texts() == [
        SCRIPT_BREAK,
        "line\u2028separator\u2029here",
    ]
    assert "az keyvault update" in finding.locator(".remediation").inner_text()
    assert finding.locator("a.mcsb").get_attribute("href").endswith("mcsb-data-protection")

    # By rule: a top-rule link opens that rule's group.
    page.click('#summary a[data-rule-link="AML101"]')
    group = page.locator("#rule-AML101")
    assert group.get_attribute("open") is not None
    assert page.locator("#tab-rule").get_attribute("aria-selected") == "true"
    # The group's findings are drawn when it opens (the page renders lazily): wait for them.
    group.locator("details.finding").nth(2).wait_for(state="attached")
    assert sorted(
        group.locator("details.finding").evaluate_all(
            "els => els.map(e => e.dataset.resource + ' ' + e.dataset.status)"
        )
    ) == sorted([f"{EP_KEY} fail", f"{EP_AAD} pass", f"{SUB2} not_assessed"])

    # Injection cases stayed text: no dialog, no injected element, the names shown as written.
    page.click("#tab-resource")
    page.locator('input[name="q"]').fill(QUOTED)
    expect_count(page, 1)
    assert (
        page.locator(f"details.node[data-node={css(KV_QUOTED)}] .name").first.inner_text() == QUOTED
    )
    assert_inert(page, watch)
    assert page.locator("#suppressed td", has_text=IMG).count() == 1

    # The screenshot kept as a test artifact: the page as someone opening it sees it.
    page.fill('input[name="q"]', "")
    page.locator('input[name="status"][value="pass"]').uncheck()
    page.locator('input[name="status"][value="suppressed"]').uncheck()
    page.locator(
        f'details.finding[data-resource={css(WS_PUBLIC)}][data-rule="AML201"] summary'
    ).click()
    # A viewport as tall as the page: off-screen parts (content-visibility: auto) are painted.
    height = page.evaluate("document.documentElement.scrollHeight")
    page.set_viewport_size({"width": 1280, "height": height})
    page.evaluate("window.scrollTo(0, 0)")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "html-report.png"), full_page=True)

    assert watch.errors == []
    assert [c for c in watch.console if c.startswith(("error", "warning"))] == []
    assert [url for url in watch.requests if not url.startswith("file:")] == []
    page.close()


def assert_inert(page: Any, watch: PageWatch) -> None:
    assert watch.dialogs == []
    assert page.evaluate("document.querySelectorAll('img').length") == 0
    assert page.evaluate("document.querySelectorAll('[onerror], [onload]').length") == 0
    assert page.evaluate("document.scripts.length") == 2
    assert page.evaluate("typeof window.__pwned") == "undefined"


@pytest.mark.slow
def test_injection_is_inert_without_the_csp_too(
    browser: Any, scan: ScanResult, tmp_path: Path
) -> None:
    """The CSP would block an injected script anyway; escaping alone must make it inert."""
    hostile = {**ESTATE[2], "id": f"{WS}/<svg onload=window.__pwned=1>"}
    scan = _stamp(_engine_scan(tmp_path, [*ESTATE, hostile], [GAP]))
    report = tmp_path / "report.html"
    report.write_text(render(scan), encoding="utf-8")
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    watch = PageWatch(page)
    page.goto(report.as_uri(), wait_until="load")
    page.locator('input[name="status"]').evaluate_all("els => els.forEach(e => e.click())")
    for status in ("fail", "not_assessed", "suppressed", "pass"):
        page.locator(f'input[name="status"][value="{status}"]').check()
    page.click("#expand-all")
    page.locator("details.finding summary").evaluate_all("els => els.forEach(e => e.click())")
    page.click("#tab-rule")
    page.click("#expand-all")
    assert page.locator("svg:not(.severity-chart):not(.share)").count() == 0  # none injected
    assert_inert(page, watch)
    assert watch.errors == []
    context.close()


def test_the_banner_counts_scopes_not_gaps() -> None:
    from auditor.inventory.inventory import Inventory
    from auditor.inventory.resources import Gap
    from tests.auditor.estate import SUB2, four_rules

    gaps = [
        Gap(SUB2, "Microsoft.KeyVault/vaults", 403, "AuthorizationFailed", "Denied."),
        Gap(SUB2, "Microsoft.MachineLearningServices/workspaces", 403, "AuthorizationFailed", ""),
    ]
    dom = parse(render(engine.evaluate(Inventory([], gaps=gaps), four_rules())))
    assert (
        dom.by_id("completeness")
        .words()
        .startswith(
            "INCOMPLETE SCAN. 1 scope could not be read (2 gaps) and 4 evaluations were not "
            "assessed."
        )
    )


def test_chromium_is_found_on_path_and_missing_fails_only_under_ci(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("AML_AUDIT_CHROMIUM", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="no Chromium on PATH"):
        require_chromium()
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="no Chromium on PATH"):
        require_chromium()
    browser = tmp_path / "chromium-browser"
    browser.write_text("#!/bin/sh\n")
    browser.chmod(0o755)
    assert require_chromium() == str(browser)


# --- order, narrow screens, print, evidence colours and commands -------------------------------

SUB0 = "/subscriptions/00000000-0000-0000-0000-000000000000"  # sorts before SUB: unreadable
KV_OPEN = f"{KV}/kv-open"
WS_PLAIN = f"{WS}/ws-plain"


def _urgency_scan(tmp_path: Path) -> ScanResult:
    """A failing high and a failing medium result in SUB; every rule not assessed in SUB0, whose
    id sorts first; a passing AML201 next to a failing AML301 on one workspace."""
    resources = [_vault(KV_OPEN, None), _workspace(WS_PLAIN, "Disabled", "Disabled")]
    gap = {**GAP, "scope": SUB0}
    return _engine_scan(tmp_path, resources, [gap])


def _open_report(browser: Any, markup: str, path: Path, width: int = 1280) -> Any:
    path.write_text(markup, encoding="utf-8")
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(path.as_uri(), wait_until="load")
    page.wait_for_function("window.amlReport !== undefined")
    return page


def findings_in_order(page: Any, scope: str = "#view") -> list[tuple[str, str, str]]:
    rows = page.eval_on_selector_all(
        f"{scope} details.finding",
        "els => els.map(e => [e.dataset.rule, e.dataset.resource, e.dataset.status])",
    )
    return [tuple(row) for row in rows]


@pytest.mark.slow
def test_failures_come_first_then_not_assessed_each_by_severity(
    browser: Any, tmp_path: Path
) -> None:
    page = _open_report(browser, render(_urgency_scan(tmp_path)), tmp_path / "r.html")
    # By resource: the subscription with failures before the unreadable one, whose id sorts
    # first; within each, the most severe first.
    assert findings_in_order(page) == [
        ("AML302", KV_OPEN, "fail"),
        ("AML301", WS_PLAIN, "fail"),
        ("AML101", SUB0, "not_assessed"),
        ("AML201", SUB0, "not_assessed"),
        ("AML302", SUB0, "not_assessed"),
        ("AML301", SUB0, "not_assessed"),
    ]
    # By rule: rules with failures first, most severe first, then those only not assessed.
    page.click("#tab-rule")
    groups = page.eval_on_selector_all("#view details.rule-group", "els => els.map(e => e.id)")
    assert groups == ["rule-AML302", "rule-AML301", "rule-AML101", "rule-AML201"]
    page.close()


@pytest.mark.slow
def test_an_observed_value_is_red_only_where_it_differs_from_the_expected(
    browser: Any, tmp_path: Path
) -> None:
    scan = _urgency_scan(tmp_path)
    page = _open_report(browser, render(scan), tmp_path / "r.html")
    page.locator('input[name="status"][value="pass"]').check()
    cells = {}
    for rule, rid in (("AML301", WS_PLAIN), ("AML201", WS_PLAIN), ("AML302", KV_OPEN)):
        finding = page.locator(f"details.finding[data-rule={css(rule)}][data-resource={css(rid)}]")
        finding.locator("summary").click()
        finding.locator("table.evidence").wait_for()  # built when first opened
        cells[rule] = finding.locator("table.evidence td.observed").evaluate_all(
            "els => els.map(e => [e.className, getComputedStyle(e.firstChild).color])"
        )
    red, green = "rgb(196, 38, 46)", "rgb(26, 127, 55)"
    assert cells["AML301"] == [["observed mismatch", red]]  # Disabled, expected Enabled
    assert cells["AML302"] == [["observed mismatch", red]]
    # A passing finding, and a matching row in general, is green, never red.
    assert cells["AML201"] == [["observed match", green], ["observed match", green]]
    page.close()


# --- az commands for one resource, filled by the page --------------------------------------------

_RG = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-ml"
_WS = f"{_RG}/providers/Microsoft.MachineLearningServices/workspaces/ws1"
_KV = f"{_RG}/providers/Microsoft.KeyVault/vaults/kv1"


# (command, resource id, the command as the finding shows it)
_FILLS: list[tuple[str, str, str]] = [
    # The resource's own names and its group: the command acts on it.
    (
        "az ml online-endpoint update --name <endpoint> --resource-group <rg> "
        "--workspace-name <workspace> --set auth_mode=aad_token",
        f"{_WS}/onlineEndpoints/ep1",
        "az ml online-endpoint update --name ep1 --resource-group rg-ml "
        "--workspace-name ws1 --set auth_mode=aad_token",
    ),
    (
        "az keyvault key set-attributes --vault-name <vault> --name <key> --expires X",
        f"{_KV}/keys/k1",
        "az keyvault key set-attributes --vault-name kv1 --name k1 --expires X",
    ),
    # Ids cut after their segment.
    (
        "az monitor diagnostic-settings create --resource <workspace-resource-id> "
        "--workspace <log-analytics-workspace-id>",
        _WS,
        f"az monitor diagnostic-settings create --resource {_WS} "
        "--workspace <log-analytics-workspace-id>",
    ),
    # A private endpoint's group and name are the user's choice: only the target is filled.
    (
        "az network private-endpoint create --name <pe-name> --resource-group <rg> "
        "--private-connection-resource-id <vault-id> --connection-name <vault>-pe",
        _KV,
        "az network private-endpoint create --name <pe-name> --resource-group <rg> "
        f"--private-connection-resource-id {_KV} --connection-name kv1-pe",
    ),
    # A workspace's vault is another resource, in a group the id does not tell.
    (
        "az keyvault update --name <vault> --resource-group <rg> --enable-soft-delete true",
        _WS,
        "az keyvault update --name <vault> --resource-group <rg> --enable-soft-delete true",
    ),
    # A name that is not a plain name is never pasted into a shell command.
    (
        "az keyvault update --name <vault> --resource-group <rg>",
        f"{_RG}/providers/Microsoft.KeyVault/vaults/kv$(id)",
        "az keyvault update --name <vault> --resource-group <rg>",
    ),
    # A command of several lines: each line is judged on its own for <rg>.
    (
        "az keyvault update --name <vault> --resource-group <rg>\n"
        "az network private-endpoint create --name <pe-name> --resource-group <rg>",
        f"{_KV}/",
        "az keyvault update --name kv1 --resource-group rg-ml\n"
        "az network private-endpoint create --name <pe-name> --resource-group <rg>",
    ),
    # Segment types are matched in any case; an id names a type twice: not filled.
    (
        "az ml online-endpoint show --name <endpoint> --workspace-name <workspace>",
        f"{_RG}/providers/microsoft.machinelearningservices/WORKSPACES/ws1/ONLINEENDPOINTS/ep1",
        "az ml online-endpoint show --name ep1 --workspace-name ws1",
    ),
    (
        "az resource show --name <compute>",
        f"{_WS}/computes/c1/computes/c2",
        "az resource show --name <compute>",
    ),
    # A placeholder that happens to be an object property of the script's own is not a name.
    (
        "az x --a <constructor> --b <tostring> --c <workspace-proto>",
        _WS,
        "az x --a <constructor> --b <tostring> --c <workspace-proto>",
    ),
    # No placeholder, and no provider in the id: nothing to fill.
    ("az account show", _WS, "az account show"),
    ("az keyvault update --name <vault>", _RG, "az keyvault update --name <vault>"),
]


@pytest.mark.slow
def test_az_placeholders_are_filled_only_where_the_resource_id_answers_them(
    browser: Any, scan: ScanResult, tmp_path: Path
) -> None:
    page = _open_report(browser, render(scan), tmp_path / "r.html")
    for command, resource_id, filled in _FILLS:
        shown = page.evaluate(
            "([c, i]) => amlReport.fillPlaceholders(c, i)", [command, resource_id]
        )
        assert shown == filled, (command, resource_id)
    page.close()


@pytest.mark.slow
def test_a_finding_s_az_command_names_its_own_resource(browser: Any, tmp_path: Path) -> None:
    page = _open_report(browser, render(_urgency_scan(tmp_path)), tmp_path / "r.html")
    vault = page.locator(f"details.finding[data-rule='AML302'][data-resource={css(KV_OPEN)}]")
    vault.locator("summary").click()
    assert vault.locator("code.lang-sh").inner_text() == (
        "az keyvault update --name kv-open --resource-group rg-ml --enable-purge-protection true"
    )
    # The rule's own text, in the by-rule view, keeps its placeholders: it is for every vault.
    page.click("#tab-rule")
    page.locator("#rule-AML302 > summary").click()
    assert page.locator("#rule-AML302 > .rule-info code.lang-sh").inner_text() == (
        "az keyvault update --name <vault> --resource-group <rg> --enable-purge-protection true"
    )
    page.close()


@pytest.mark.slow
def test_at_420_px_nothing_overlaps_or_overflows(
    browser: Any, scan: ScanResult, tmp_path: Path
) -> None:
    page = _open_report(browser, render(scan), tmp_path / "r.html", width=420)
    # The page never scrolls sideways: the nav wraps, the chart and tables fit their panels.
    assert page.evaluate("document.documentElement.scrollWidth") == 420
    for selector in (".toc .wrap", "figure.chart", ".severity-chart", "#summary .cards"):
        box = page.locator(selector).first.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 420, selector
    # The header's facts (subscriptions, sources, time, tool) do not run into each other.
    boxes = page.locator(".scope > div").evaluate_all(
        "els => els.map(e => { const r = e.getBoundingClientRect();"
        " return [r.left, r.top, r.right, r.bottom]; })"
    )
    for i, a in enumerate(boxes):
        assert a[2] <= 420
        for b in boxes[i + 1 :]:
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (a, b)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "html-report-420.png"))
    page.close()


@pytest.mark.slow
def test_printing_shows_every_row(browser: Any, tmp_path: Path) -> None:
    # More findings than a page of the browser shows (500), and gap tables tall enough to scroll.
    vaults = [_vault(f"{KV}/kv-{n:03}", None) for n in range(520)]
    gaps = [{**GAP, "scope": f"{SUB2}/resourceGroups/rg-{n:02}"} for n in range(13)]
    scan = _engine_scan(tmp_path, vaults, gaps)
    page = _open_report(browser, render(scan), tmp_path / "r.html")
    assert page.locator("#view details.finding").count() == 500
    page.emulate_media(media="print")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    # 520 failing, and 4 rules not assessed under each of the 13 unreadable groups.
    assert page.locator("#view details.finding").count() == 520 + 4 * 13
    styles = page.evaluate(
        "[...document.querySelectorAll('.finding, .node-resource, #suppressed')]"
        ".map(e => getComputedStyle(e).contentVisibility)"
    )
    assert set(styles) == {"visible"}
    tall = page.locator(".table-scroll.tall").first
    assert tall.evaluate("e => [getComputedStyle(e).maxHeight, getComputedStyle(e).overflowY]") == [
        "none",
        "visible",
    ]
    page.close()


LARGE = 3_000  # vaults; bench/estate_size.py --browser measures the page of a 50,000 estate


@pytest.mark.slow
def test_a_large_report_pages_filters_and_searches_in_chromium(
    browser: Any, tmp_path: Path
) -> None:
    """A report with thousands of results renders a page of them, shows more on request, and
    filters and searches all of them (every third vault is protected, the rest fail AML302)."""
    from playwright.sync_api import expect

    from auditor.inventory.inventory import Inventory
    from auditor.inventory.resources import Resource

    vaults = [
        Resource(
            f"{KV}/kv-{i:05d}",
            "Microsoft.KeyVault/vaults",
            f"kv-{i:05d}",
            {"properties": {"enablePurgeProtection": True} if i % 3 == 0 else {}},
        )
        for i in range(LARGE)
    ]
    rules = engine.select_rules(load_builtin(), ["AML302"])
    report = tmp_path / "report.html"
    report.write_text(render(engine.evaluate(Inventory(vaults), rules)), encoding="utf-8")
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    watch = PageWatch(page)
    page.goto(report.as_uri(), wait_until="load")

    count = page.locator("#match-count")
    expect(count).to_have_text("2000 results match of 3000 (showing the first 500)")
    assert page.locator("#view details.finding").count() == 500
    page.locator("button.show-more").click()
    expect(count).to_have_text("2000 results match of 3000 (showing the first 1000)")
    assert page.locator("#view details.finding").count() == 1000

    page.locator('input[name="q"]').fill("kv-02998")
    expect(count).to_have_text("1 result matches of 3000")
    assert visible_findings(page) == {("AML302", f"{KV}/kv-02998", "fail")}
    page.locator('input[name="q"]').fill("")
    page.locator('input[name="status"][value="pass"]').check()
    expect(count).to_have_text("3000 results match of 3000 (showing the first 500)")
    page.locator('input[name="severity"][value="high"]').uncheck()
    expect(count).to_have_text("0 results match of 3000")
    assert page.locator("#view p.empty").inner_text() == "No results match these filters."
    assert watch.errors == [] and watch.requests == [report.as_uri()]
