"""The console report: summary, failing results grouped by resource (by name, type and resource
group), one line per failing rule on how to fix it, what could not be checked (each gap once per
scope), the reports written; --details adds full ids, evidence and passes; attacker-controlled
text is shown, never interpreted."""

from __future__ import annotations

import dataclasses
import io
import json

import pytest

from auditor import __version__
from auditor.evaluate import engine
from auditor.evaluate.results import ScanResult
from auditor.inventory.inventory import Inventory
from auditor.inventory.resources import Gap, Resource
from auditor.reporters.interface import Format, ReportOptions
from tests.auditor.estate import (
    KV_CMK,
    KV_FRAUD,
    LEGACY,
    ORPHAN,
    SUB2,
    estate_scan,
    four_rules,
)

RULES = four_rules()


@pytest.fixture(autouse=True)
def wide_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")


def render(scan: ScanResult, *, verbose: bool = False, color: bool = False) -> str:
    stream = io.StringIO()
    Format.CONSOLE.reporter().render(scan, stream, ReportOptions(verbose=verbose, color=color))
    return stream.getvalue()


def lines(text: str) -> list[str]:
    return [line.rstrip() for line in text.splitlines()]


def test_summary_by_severity_and_status() -> None:
    out = lines(render(estate_scan()))
    assert out[0] == f"aml-audit {__version__} — 19 evaluations of 4 rules — scan INCOMPLETE"
    assert out[1].startswith("sources: snapshot:")
    rows = [line for line in out if line.startswith("│")]
    assert rows == [
        "│ critical │    0 │    0 │            0 │          0 │",
        "│ high     │    5 │    5 │            3 │          0 │",
        "│ medium   │    2 │    2 │            2 │          0 │",
        "│ low      │    0 │    0 │            0 │          0 │",
        "│ info     │    0 │    0 │            0 │          0 │",
    ]


def test_failing_results_are_grouped_by_resource_without_evidence_or_passes() -> None:
    out = lines(render(estate_scan()))
    start = out.index("Failing results (7), by resource")
    # Each resource by name, type and resource group (its parents when it is a child); no ids.
    legacy = out.index("ws-risk-legacy  workspace · resource group rg-ml", start)
    assert out[legacy + 1 : legacy + 3] == [
        "  high     AML201 Workspace 'ws-risk-legacy' allows public network access (not set: the "
        "service default is Enabled)",
        "  medium   AML301 Workspace 'ws-risk-legacy' is not encrypted with a customer-managed key",
    ]
    assert out[out.index("kv-fraud  key vault · resource group rg-ml") + 1] == (
        "  high     AML302 Key vault 'kv-fraud' has no purge protection"
    )
    assert "score-key  online endpoint · ws-fraud-public · resource group rg-ml" in out
    assert not any("observed" in line for line in out)
    assert not any(line.startswith("/subscriptions/") for line in out)
    assert "Passing results" not in "\n".join(out)
    assert KV_CMK not in "\n".join(out)


def test_each_failing_rule_gets_one_line_on_how_to_fix_it() -> None:
    out = lines(render(estate_scan()))
    start = out.index("How to fix (the steps and az commands: aml-audit explain AMLnnn)")
    assert out[start + 1 : start + 6] == [
        "  high     AML101 Switch the endpoint to Microsoft Entra ID authentication (AADToken) and "
        "grant callers the 'AzureML Data Scientist' role or a custom role with the score action",
        "  high     AML201 Disable public network access and reach the workspace through a private "
        "endpoint (or a managed virtual network for a hub)",
        "  high     AML302 Enable purge protection on the vault (irreversible, and intended to be)",
        "  medium   AML301 Create the workspace (or hub) with encryption from a key in a Key Vault "
        "that has soft delete and purge protection",
        "",
    ]


def test_a_fix_too_long_for_the_line_is_cut_at_a_clause(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    out = lines(render(estate_scan()))
    start = out.index("How to fix (the steps and az commands: aml-audit explain AMLnnn)")
    assert out[start + 1 : start + 5] == [
        "  high     AML101 Switch the endpoint to Microsoft Entra ID authentication",
        "  high     AML201 Disable public network access and reach the workspace through a private "
        "endpoint",
        "  high     AML302 Enable purge protection on the vault (irreversible, and intended to be)",
        "  medium   AML301 Create the workspace (or hub) with encryption from a key in a Key Vault "
        "that has…",
    ]


def test_the_console_names_the_reports_written() -> None:
    stream = io.StringIO()
    options = ReportOptions(reports=("out/report.html", "out/report.json"))
    Format.CONSOLE.reporter().render(estate_scan(), stream, options)
    out = lines(stream.getvalue())
    assert out[-3:] == [
        "Reports written: out/report.html, out/report.json",
        "",
        "Result: 7 failing (5 high, 2 medium), 5 not assessed, 7 passing — scan INCOMPLETE",
    ]
    assert "Reports written" not in render(estate_scan())


def test_what_could_not_be_checked_is_listed() -> None:
    out = lines(render(estate_scan()))
    start = out.index("What could not be checked (5 results)")
    # What the section means and, for a 403, what to do; each scope once with what could not be
    # read there and the rules that could not be judged; a rule's own not_assessed result keeps
    # its line, its resource named as in the failing results.
    assert out[start + 1 :] == [
        "  These results are neither passes nor failures: the scan could not judge them.",
        "  HTTP 403: the scanning identity needs the Reader role on that scope; grant it and scan "
        "again.",
        "  subscription 00000000-0000-0000-0000-000000000002: HTTP 403 AuthorizationFailed reading "
        "everything",
        "    not assessed there: every rule (4)",
        "  AML301 proj-orphan (workspace · resource group rg-ml): Project 'proj-orphan' inherits "
        f"encryption from hub {HUB_ELSEWHERE}, but it is not in the inventory (not collected)",
        "",
        "Result: 7 failing (5 high, 2 medium), 5 not assessed, 7 passing — scan INCOMPLETE",
    ]


def test_a_gap_is_worded_once_per_scope_however_many_types_it_refused() -> None:
    denied = [
        Gap(SUB2, rtype, 403, "AuthorizationFailed", f"no read on {rtype}")
        for rtype in ("Microsoft.KeyVault/vaults", "Microsoft.MachineLearningServices/workspaces")
    ]
    scan = engine.evaluate(Inventory([], gaps=denied), RULES)
    out = lines(render(scan))
    start = out.index("What could not be checked (4 results)")
    assert out[start + 3 : start + 5] == [
        "  subscription 00000000-0000-0000-0000-000000000002: HTTP 403 AuthorizationFailed reading "
        "key vaults, workspaces",
        "    not assessed there: every rule (4)",
    ]
    assert sum("00000000-0000-0000-0000-000000000002" in line for line in out) == 1
    # --details shows the scope's id and ARM's every message.
    detailed = lines(render(scan, verbose=True))
    start = detailed.index("What could not be checked (4 results)")
    assert detailed[start + 3 : start + 7] == [
        f"  {SUB2}: HTTP 403 AuthorizationFailed reading key vaults, workspaces",
        "    no read on Microsoft.KeyVault/vaults",
        "    no read on Microsoft.MachineLearningServices/workspaces",
        "    not assessed there (4 rules): AML101 AML201 AML301 AML302",
    ]


def test_a_failure_other_than_a_refusal_shows_its_message_once() -> None:
    timeouts = [
        Gap(SUB2, rtype, None, "Timeout", f"no answer for {rtype}")
        for rtype in ("Microsoft.KeyVault/vaults", "Microsoft.MachineLearningServices/workspaces")
    ]
    out = lines(render(engine.evaluate(Inventory([], gaps=timeouts), RULES)))
    start = out.index("What could not be checked (4 results)")
    assert out[start + 2 : start + 5] == [
        "  subscription 00000000-0000-0000-0000-000000000002: Timeout reading key vaults, "
        "workspaces",
        "    no answer for Microsoft.KeyVault/vaults",
        "    not assessed there: every rule (4)",
    ]


HUB_ELSEWHERE = ORPHAN.replace("rg-ml/", "rg-other/").replace("proj-orphan", "hub-elsewhere")


def test_grouped_not_assessed_results_are_still_every_result_in_json() -> None:
    scan = estate_scan()
    gap_results = {
        (r.rule_id, r.resource_id, r.status.value) for r in scan.results if r.resource_id == SUB2
    }
    assert gap_results == {
        ("AML101", SUB2, "not_assessed"),
        ("AML201", SUB2, "not_assessed"),
        ("AML301", SUB2, "not_assessed"),
        ("AML302", SUB2, "not_assessed"),
    }
    stream = io.StringIO()
    Format.JSON.reporter().render(scan, stream, ReportOptions())
    report = json.loads(stream.getvalue())
    assert {
        (r["rule_id"], r["resource_id"], r["status"])
        for r in report["results"]
        if r["resource_id"] == SUB2
    } == gap_results


def test_gap_messages_and_rule_lists_wrap_at_the_terminal_width(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    rules = [
        dataclasses.replace(RULES[0], meta=dataclasses.replace(RULES[0].meta, id=f"AML{900 + n}"))
        for n in range(20)
    ]
    out = lines(
        render(engine.evaluate(Inventory([], gaps=[estate_scan().gaps[0]]), rules), verbose=True)
    )
    start = out.index("What could not be checked (20 results)")
    assert out[start + 3 : -2] == [  # the verdict line closes the report
        f"  {SUB2}: HTTP 403 AuthorizationFailed reading everything",
        "    The client does not have authorization to perform action",
        "    'Microsoft.MachineLearningServices/workspaces/read' over scope",
        f"    '{SUB2}'.",
        "    not assessed there (20 rules): AML900 AML901 AML902 AML903 AML904 AML905 AML906 "
        "AML907 AML908",
        "    AML909 AML910 AML911 AML912 AML913 AML914 AML915 AML916 AML917 AML918 AML919",
    ]


def test_details_add_full_ids_evidence_and_passing_results() -> None:
    out = lines(render(estate_scan(), verbose=True))
    kv = out.index(KV_FRAUD)
    assert out[kv - 1] == "kv-fraud  key vault · resource group rg-ml"
    assert out[kv + 1 : kv + 3] == [
        "  high     AML302 Key vault 'kv-fraud' has no purge protection",
        '                  properties.enablePurgeProtection: observed "absent (default: off)", '
        "expected true",
    ]
    passing = out.index("Passing results (7), by resource")
    cmk = out.index(KV_CMK, passing)
    assert out[cmk + 1 : cmk + 3] == [
        "  high     AML302 Key vault 'kv-cmk' has purge protection",
        "                  properties.enablePurgeProtection: observed true, expected true",
    ]


def test_a_complete_clean_scan() -> None:
    vault = Resource(
        KV_CMK,
        "Microsoft.KeyVault/vaults",
        "kv-cmk",
        {"properties": {"enablePurgeProtection": True}},
    )
    out = render(engine.evaluate(Inventory([vault]), RULES))
    assert out.splitlines()[0].endswith("scan complete")
    assert "No failing results." in out
    assert "What could not be checked" not in out


def test_attacker_controlled_names_are_shown_literally() -> None:
    names = ["[bold]x[/bold]", "[link=https://evil.example]y[/link]", "a\x1b[2Jb", ":fire:"]
    vaults = [
        Resource(f"{KV_FRAUD}-{i}", "Microsoft.KeyVault/vaults", name, {"properties": {}})
        for i, name in enumerate(names)
    ]
    scan = dataclasses.replace(
        engine.evaluate(Inventory(vaults), RULES), warnings=("plugin [red]z[/red] was skipped",)
    )
    for color in (False, True):
        out = render(scan, color=color)
        assert "[bold]x[/bold]" in out
        assert "Key vault '[link=https://evil.example]y[/link]' has no purge protection" in out
        assert "a\\x1b[2Jb" in out and "\x1b[2J" not in out
        assert ":fire:" in out and "🔥" not in out
        assert "plugin [red]z[/red] was skipped" in out
        assert "evil.example\x1b" not in out  # no OSC 8 hyperlink
    plain = render(scan, color=False)
    assert "[bold]x[/bold]  key vault · resource group rg-ml" in plain
    assert "\x1b[" not in plain
    assert "\x1b[" in render(scan, color=True)  # colour is on, yet names stay inert


def test_long_findings_wrap_under_their_column_and_ids_stay_whole(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COLUMNS", "60")  # the report is never narrower than 100 columns
    out = lines(render(estate_scan(), verbose=True))
    legacy = out.index(LEGACY)
    indent = " " * 18
    assert out[legacy + 1 : legacy + 5] == [
        "  high     AML201 Workspace 'ws-risk-legacy' allows public network access (not set: the "
        "service",
        f"{indent}default is Enabled)",
        f'{indent}properties.publicNetworkAccess: observed "absent (default: Enabled)", expected',
        f"{indent}Disabled",
    ]
    assert all(len(line) <= 100 or "/subscriptions/" in line for line in out)


def test_the_report_ends_with_the_verdict() -> None:
    """After hundreds of lines the outcome is the last thing a user reads, counts from the scan."""
    out = lines(render(estate_scan()))
    assert out[-1] == (
        "Result: 7 failing (5 high, 2 medium), 5 not assessed, 7 passing — scan INCOMPLETE"
    )


def _vaults_without_purge_protection(count: int) -> ScanResult:
    vaults = [
        Resource(
            f"{KV_CMK}-{i:02d}", "Microsoft.KeyVault/vaults", f"kv-{i:02d}", {"properties": {}}
        )
        for i in range(count)
    ]
    return engine.evaluate(Inventory(vaults), RULES)


def test_beyond_a_screenful_the_most_severe_are_listed_then_counts_by_rule() -> None:
    out = lines(render(_vaults_without_purge_protection(45)))
    start = out.index("Failing results (45): the 20 most severe, by resource")
    headings = [line for line in out[start:] if "key vault · resource group" in line]
    assert headings == [f"kv-{i:02d}  key vault · resource group rg-ml" for i in range(20)]
    assert (
        "  ... and 25 more failing results: every one with --details, or in a report file "
        "(-o report.html)"
    ) in out
    fixes = out.index(
        "Failing results by rule, and how to fix (the steps and az commands: aml-audit explain "
        "AMLnnn)"
    )
    assert out[fixes + 1] == (
        "  high     AML302 45 Enable purge protection on the vault "
        "(irreversible, and intended to be)"
    )


def test_a_screenful_is_listed_whole_and_details_list_everything() -> None:
    whole = lines(render(_vaults_without_purge_protection(40)))
    assert "Failing results (40), by resource" in whole
    assert "kv-39  key vault · resource group rg-ml" in whole
    detailed = lines(render(_vaults_without_purge_protection(45), verbose=True))
    assert "Failing results (45), by resource" in detailed
    assert "kv-44  key vault · resource group rg-ml" in detailed
    assert not any("more failing results" in line for line in detailed)


def test_the_lines_left_out_point_at_the_report_files_written() -> None:
    stream = io.StringIO()
    options = ReportOptions(reports=("out/report.html", "out/report.json"))
    Format.CONSOLE.reporter().render(_vaults_without_purge_protection(41), stream, options)
    assert (
        "  ... and 21 more failing results: every one with --details, or in out/report.html, "
        "out/report.json"
    ) in lines(stream.getvalue())
