"""The "Who can read the keys" view: built from the evidence of the results that list an
endpoint's key readers, shown in the HTML report as its own section, escaped."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from auditor.controls.json_report import read_results
from auditor.evaluate import engine
from auditor.evaluate.registry import load_builtin
from auditor.evaluate.results import ScanResult
from auditor.reporters.html import REPORTER
from auditor.reporters.interface import Format, ReportOptions
from auditor.reporters.view import KeyRead, KeyReader, build_view
from auditor.rulekit.access import READERS_EVIDENCE
from auditor.sources.snapshot import SnapshotSource
from tests.conftest import write_snapshot
from tests.rules import shapes

USER = "44444444-4444-4444-4444-444444444444"
GROUP = "22222222-2222-2222-2222-222222222222"
EVIL = "<script>alert(1)</script>"


def _scan(tmp_path: Path) -> ScanResult:
    endpoint = shapes.online_endpoint("on-key", {"authMode": "Key"})
    resources = [
        endpoint,
        shapes.online_endpoint("on-aad", {"authMode": "AADToken"}),
        shapes.contributor(),
        shapes.role_definition(
            "99999999-9999-9999-9999-999999999999",
            EVIL,
            ["Microsoft.MachineLearningServices/*"],
            custom=True,
        ),
        shapes.role_assignment("ra1", shapes.resource_group_scope(), shapes.CONTRIBUTOR, USER),
        shapes.role_assignment(
            "ra2", endpoint, "99999999-9999-9999-9999-999999999999", GROUP, "Group"
        ),
        shapes.activity_log(),
        shapes.activity_event(
            "r1", endpoint, "listKeys/action", "2026-11-20T09:30:00Z", caller="bob@contoso.com"
        ),
    ]
    snapshot = write_snapshot(tmp_path / "s.json", resources, listed=shapes.access_listed())
    inventory = SnapshotSource(snapshot).collect()
    rules = [r for r in load_builtin() if r.meta.id in ("AML117", "AML101")]
    return engine.evaluate(inventory, rules, now=datetime(2026, 12, 1, tzinfo=UTC))


def test_the_view_lists_readers_and_reads_per_endpoint(tmp_path: Path) -> None:
    view = build_view(_scan(tmp_path))
    assert [(v.resource_name, v.status) for v in view.key_readers] == [("on-key", "fail")]
    (endpoint,) = view.key_readers
    assert endpoint.readers == (
        KeyReader(
            GROUP,
            "Group",
            EVIL,
            shapes.online_endpoint("on-key")["id"],
            "group",
            "",
        ),
        KeyReader(USER, "User", "Contributor", shapes.resource_group_scope(), "direct", ""),
    )
    assert endpoint.reads == (KeyRead("bob@contoso.com", "User", "1", "2026-11-20 09:30 UTC"),)
    assert endpoint.reads_note == ""


def test_the_html_report_shows_the_view_escaped(tmp_path: Path) -> None:
    buffer = io.StringIO()
    REPORTER.render(_scan(tmp_path), buffer, ReportOptions())
    page = buffer.getvalue()
    section = page[page.index('<section id="key-readers"') :]
    section = section[: section.index("</section>")]
    assert "Who can read the keys" in section
    assert USER in section and GROUP in section and "bob@contoso.com" in section
    assert "<script>alert(1)</script>" not in section
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in section


def test_no_key_readers_no_section(tmp_path: Path) -> None:
    snapshot = write_snapshot(tmp_path / "s.json", [shapes.vault("kv", {})])
    inventory = SnapshotSource(snapshot).collect()
    scan = engine.evaluate(inventory, [r for r in load_builtin() if r.meta.id == "AML302"])
    buffer = io.StringIO()
    REPORTER.render(scan, buffer, ReportOptions())
    assert 'id="key-readers"' not in buffer.getvalue()


@pytest.mark.parametrize("fmt", list(Format), ids=lambda f: f.label)
def test_every_format_shows_the_key_readers_finding(tmp_path: Path, fmt: Format) -> None:
    stream = io.StringIO()
    fmt.reporter().render(_scan(tmp_path), stream, ReportOptions(verbose=True))
    shown = stream.getvalue()
    assert "AML117" in shown and "on-key" in shown


def test_the_json_report_keeps_the_readers_and_reads_back(tmp_path: Path) -> None:
    stream = io.StringIO()
    Format.JSON.reporter().render(_scan(tmp_path), stream, ReportOptions())
    document = json.loads(stream.getvalue())
    (finding,) = [r for r in document["results"] if r["rule_id"] == "AML117"]
    readers = {e["path"]: e["observed"] for e in finding["evidence"]}[READERS_EVIDENCE]
    assert [(r["principal"], r["granted"]) for r in readers] == [(GROUP, "group"), (USER, "direct")]
    (back,) = [r for r in read_results(document, "report.json") if r.rule_id == "AML117"]
    assert {e.path: e.observed for e in back.evidence}[READERS_EVIDENCE] == readers
