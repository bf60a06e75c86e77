"""`aml-audit rules` and `aml-audit explain`: generated from the rules' metadata."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.auditor.conftest import Run
from tests.auditor.estate import FIRST_FOUR

Aml = Callable[..., Run]


def test_rules_table_lists_id_severity_title_and_types(
    aml: Aml, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    run = aml("rules")
    assert run.code == 0
    lines = run.stdout.splitlines()
    rows = [line for line in lines if line[2:8] in FIRST_FOUR]
    assert [row.split("│")[1:3] for row in rows] == [
        [" AML101 ", " high     "],
        [" AML201 ", " high     "],
        [" AML301 ", " medium   "],
        [" AML302 ", " high     "],
    ]
    # Every type whole, under the title, and the table fits a 100-column terminal.
    start = lines.index(rows[0])
    assert [line.split("│")[3].rstrip() for line in lines[start : start + 3]] == [
        " Endpoint accepts shared API keys",
        "   Microsoft.MachineLearningServices/workspaces/onlineEndpoints",
        "   Microsoft.MachineLearningServices/workspaces/batchEndpoints",
    ]
    kv = lines.index(rows[3])
    assert lines[kv + 1].split("│")[3].strip() == "Microsoft.KeyVault/vaults"
    deployments = "Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments"
    assert any(line.split("│")[3:4] and line.split("│")[3].strip() == deployments for line in lines)
    assert max(len(line) for line in lines) <= 100
    # The rules lint does not judge say so under their types.
    os_image = lines.index(next(line for line in lines if line[2:8] == "AML402"))
    assert lines[os_image + 2].split("│")[3].strip() == "not judged in templates (runtime only)"


def test_rules_as_json_carry_the_whole_metadata(aml: Aml) -> None:
    run = aml("rules", "--format", "json")
    catalogue = [m for m in json.loads(run.stdout) if m["id"] in FIRST_FOUR]
    assert [(m["id"], m["severity"], m["category"]) for m in catalogue] == [
        ("AML101", "high", "identity"),
        ("AML201", "high", "network"),
        ("AML301", "medium", "data"),
        ("AML302", "high", "data"),
    ]
    references = {m["id"]: m["references"] for m in catalogue}
    assert references["AML101"]["mcsb"] == ["IM-1"]
    assert references["AML201"] == {
        "docs": references["AML201"]["docs"],
        "policy": ["438c38d2-3772-465a-a9cc-7a6666a275ce"],
        "mcsb": ["NS-2"],
        "defender": ["Azure Machine Learning Workspaces should disable public network access"],
    }
    assert references["AML301"]["policy"] == ["ba769a63-b8cc-4b2d-abf6-ac33c7204be8"]
    assert references["AML301"]["mcsb"] == ["DP-5"]
    assert references["AML302"]["policy"] == ["0b60c0b2-2dc2-4e1c-b5c9-abbed971de53"]
    assert references["AML302"]["mcsb"] == ["DP-8"]
    for meta in catalogue:
        assert meta["remediation"]["az"].startswith("az ")
        assert "resource " in meta["remediation"]["bicep"]


def test_rules_as_markdown(aml: Aml) -> None:
    """The whole catalogue page (docs/rules.md is the built-in one): a summary table, then a
    section per rule."""
    lines = aml("rules", "--format", "markdown").stdout.splitlines()
    assert lines[0] == "# Rule catalogue"
    header = lines.index(
        "| id | severity | category | title | resource types | judged in templates |"
    )
    assert lines[header + 1] == "|---|---|---|---|---|---|"
    row = "| [AML302](#aml302) | high | data | Key vault can be purged | "
    assert row + "`Microsoft.KeyVault/vaults` | yes |" in lines
    row = "| [AML402](#aml402) | medium | compute | Compute instance runs an outdated OS image | "
    assert (
        row + "`Microsoft.MachineLearningServices/workspaces/computes` | no (runtime only) |"
        in lines
    )
    assert "### AML302: Key vault can be purged" in lines


def test_explain_shows_rationale_remediation_and_references(aml: Aml) -> None:
    run = aml("explain", "aml101")
    assert run.code == 0
    out = run.stdout
    assert out.startswith(
        "AML101  Endpoint accepts shared API keys\nseverity: high    category: identity\n"
    )
    for heading in ("Why it matters", "How to fix", "  Azure CLI:", "  Bicep:", "References"):
        assert f"\n{heading}\n" in out
    assert "    az ml online-endpoint update " in out
    assert "    authMode: 'AADToken'" in out
    assert "  MCSB: IM-1" in out


def test_explain_links_the_policy_definition(aml: Aml) -> None:
    out = aml("explain", "AML302").stdout
    assert (
        "  Azure Policy: 0b60c0b2-2dc2-4e1c-b5c9-abbed971de53  https://portal.azure.com/#view/"
        "Microsoft_Azure_Policy/PolicyDetailBlade/definitionId/%2Fproviders%2FMicrosoft."
        "Authorization%2FpolicyDefinitions%2F0b60c0b2-2dc2-4e1c-b5c9-abbed971de53"
    ) in out


def test_explain_an_unknown_rule_is_exit_2(aml: Aml) -> None:
    run = aml("explain", "AML999")
    assert (run.code, run.stdout) == (2, "")
    assert re.fullmatch(
        r"aml-audit: error: no rule 'AML999'; `aml-audit rules` lists the \d+ known ids\n",
        run.stderr,
    )


def test_explain_finds_a_rule_by_its_old_id(aml: Aml, tmp_path: Path) -> None:
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "aml960_renamed.py").write_text(
        "from auditor.rulekit import References, Remediation, Rule, RuleMeta, Severity\n"
        "META = RuleMeta(id='AML960', title='Renamed rule', severity=Severity.LOW,"
        " resource_types=('Microsoft.KeyVault/vaults',), category='data', rationale='Why.',"
        " remediation=Remediation('Fix.', 'az x', 'y'), references=References(),"
        " aliases=('AML160',))\n"
        "RULE = Rule(META, lambda resource, ctx: [])\n"
    )
    run = aml("explain", "AML160", "--rules-dir", str(tmp_path / "rules"))
    assert run.code == 0
    assert run.stdout.startswith("AML960  Renamed rule\n")
    assert run.stdout.endswith("\nformerly: AML160\n")


def test_no_command_prints_help_and_exits_2(aml: Aml) -> None:
    run = aml()
    assert run.code == 2
    assert run.stderr.startswith("usage: aml-audit")


def test_a_usage_error_is_one_line_exit_2(aml: Aml) -> None:
    run = aml("scan", "--fail-on", "sometimes")
    assert run.code == 2
    assert run.stderr.count("\n") == 1
    assert "invalid choice: 'sometimes'" in run.stderr


def test_explain_wraps_its_prose_to_the_terminal(aml: Aml, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    lines = aml("explain", "AML101").stdout.splitlines()
    why = lines[lines.index("Why it matters") + 1 : lines.index("How to fix") - 1]
    assert why == [
        "  An endpoint with authMode Key accepts a static key that anyone holding it can",
        "  use from anywhere: it is not tied to an identity, is not subject to",
        "  Conditional Access, leaves no per-caller audit trail and stays valid until",
        "  someone regenerates it. Keys leak through notebooks, CI logs and client code.",
        "  Microsoft Entra ID tokens (authMode AADToken) are short-lived, bound to an",
        "  identity and authorised with Azure RBAC.",
    ]
    # Commands are not wrapped: they must stay copyable.
    assert (
        "    az ml online-endpoint update --name <endpoint> --resource-group <rg> "
        "--workspace-name <workspace> --set auth_mode=aad_token"
    ) in lines
