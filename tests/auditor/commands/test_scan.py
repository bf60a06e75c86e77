"""`aml-audit scan`: exit codes 0/1/2/3, --fail-on, --select/--ignore, -o and --format, config,
--rules-dir, and one-line errors without tracebacks."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from auditor import __version__
from tests.auditor.conftest import Run
from tests.auditor.estate import ESTATE, EXPECTED, KV_CMK, KV_FRAUD, SELECT_FOUR, SUB2
from tests.auditor.reporters.test_json_report import VALIDATOR
from tests.conftest import run_cli

Aml = Callable[..., Run]
ML = "Microsoft.MachineLearningServices/workspaces"
RG = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg"


def report_triples(path: Path) -> set[tuple[str, str, str]]:
    document = json.loads(path.read_text())
    return {(r["rule_id"], r["resource_id"], r["status"]) for r in document["results"]}


def snapshot(tmp_path: Path, resources: list[dict[str, Any]], **extra: Any) -> Path:
    path = tmp_path / "snap.json"
    path.write_text(json.dumps({"resources": resources, **extra}))
    return path


def vault(name: str, purge: bool | None) -> dict[str, Any]:
    properties = {} if purge is None else {"enablePurgeProtection": purge}
    rid = f"{RG}/providers/Microsoft.KeyVault/vaults/{name}"
    return {"id": rid, "type": "Microsoft.KeyVault/vaults", "name": name, "properties": properties}


def workspace(name: str, encryption: str, public: str = "Disabled") -> dict[str, Any]:
    return {
        "id": f"{RG}/providers/{ML}/{name}",
        "type": ML,
        "name": name,
        "kind": "Default",
        "properties": {"publicNetworkAccess": public, "encryption": {"status": encryption}},
    }


def test_the_estate_fails_with_exit_1_and_reports_every_evaluation(
    aml: Aml, tmp_path: Path
) -> None:
    run = aml("scan", *SELECT_FOUR, "--snapshot", str(ESTATE), "-o", str(tmp_path / "r.json"))
    assert run.code == 1
    assert run.stdout.startswith(
        f"aml-audit {__version__} — 19 evaluations of 4 rules — scan INCOMPLETE"
    )
    assert run.stderr == ""
    assert report_triples(tmp_path / "r.json") == EXPECTED


@pytest.mark.parametrize(
    ("fail_on", "code"),
    [
        ("critical", 3),  # no critical failure; the 403 makes the scan incomplete
        ("high", 1),
        ("medium", 1),
        ("low", 1),
        ("info", 1),
        ("never", 3),
    ],
)
def test_fail_on_levels_on_the_incomplete_estate(aml: Aml, fail_on: str, code: int) -> None:
    assert aml("scan", *SELECT_FOUR, "--snapshot", str(ESTATE), "--fail-on", fail_on).code == code


@pytest.mark.parametrize(
    ("fail_on", "code"),
    [("critical", 0), ("high", 0), ("medium", 1), ("low", 1), ("info", 1), ("never", 0)],
)
def test_fail_on_levels_on_a_complete_scan_with_a_medium_failure(
    aml: Aml, tmp_path: Path, fail_on: str, code: int
) -> None:
    path = snapshot(tmp_path, [workspace("ws", "Disabled"), vault("kv", True)])
    out = tmp_path / "r.json"
    assert (
        aml(
            "scan", *SELECT_FOUR, "--snapshot", str(path), "--fail-on", fail_on, "-o", str(out)
        ).code
        == code
    )
    assert report_triples(out) == {
        ("AML201", f"{RG}/providers/{ML}/ws", "pass"),
        ("AML301", f"{RG}/providers/{ML}/ws", "fail"),
        ("AML302", f"{RG}/providers/Microsoft.KeyVault/vaults/kv", "pass"),
    }


def test_all_pass_and_complete_is_exit_0(aml: Aml, tmp_path: Path) -> None:
    path = snapshot(tmp_path, [workspace("ws", "Enabled"), vault("kv", True)])
    run = aml("scan", *SELECT_FOUR, "--snapshot", str(path))
    assert run.code == 0
    assert "No failing results." in run.stdout


def test_select_and_ignore(aml: Aml, tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    assert aml("scan", "--snapshot", str(ESTATE), "--select", "aml302", "-o", str(out)).code == 1
    assert report_triples(out) == {
        ("AML302", KV_FRAUD, "fail"),
        ("AML302", KV_CMK, "pass"),
        ("AML302", SUB2, "not_assessed"),
    }
    aml(
        "scan",
        *SELECT_FOUR,
        "--snapshot",
        str(ESTATE),
        "--ignore",
        "AML101, AML201,AML301",
        "-o",
        str(out),
    )
    assert {t[0] for t in report_triples(out)} == {"AML302"}
    aml("scan", "--snapshot", str(ESTATE), "--select", "AML101,AML302", "--ignore", "AML101",
        "-o", str(out))  # fmt: skip
    assert {t[0] for t in report_triples(out)} == {"AML302"}


def test_unknown_rule_ids_are_an_error(aml: Aml) -> None:
    run = aml("scan", "--snapshot", str(ESTATE), "--select", "AML302,AML999", "--ignore", "X")
    assert run.code == 2
    assert run.stdout == ""
    assert run.stderr == (
        "aml-audit: error: unknown rule id(s) in select/ignore: AML999, X "
        "(`aml-audit rules` lists the known ids)\n"
    )


def test_several_outputs_formats_from_extensions(aml: Aml, tmp_path: Path) -> None:
    first, second = tmp_path / "a.json", tmp_path / "deeper" / "B.JSON"
    run = aml(
        "scan", *SELECT_FOUR, "--snapshot", str(ESTATE), "-o", str(first), "--output", str(second)
    )
    assert run.code == 1
    assert run.stdout.startswith(f"aml-audit {__version__}")  # the console still goes to stdout
    for path in (first, second):
        VALIDATOR.validate(json.loads(path.read_text()))
        assert report_triples(path) == EXPECTED


def test_an_unknown_extension_is_an_error_before_anything_is_written(
    aml: Aml, tmp_path: Path
) -> None:
    run = aml(
        "scan",
        *SELECT_FOUR,
        "--snapshot",
        str(ESTATE),
        "-o",
        str(tmp_path / "a.json"),
        "-o",
        "r.xml",
    )
    assert run.code == 2
    assert run.stdout == ""
    assert run.stderr.startswith(
        "aml-audit: error: r.xml: cannot tell the report format from the extension '.xml' "
    )
    assert run.stderr.count("\n") == 1
    assert not (tmp_path / "a.json").exists()


def test_format_json_on_stdout(aml: Aml) -> None:
    run = aml("scan", *SELECT_FOUR, "--snapshot", str(ESTATE), "--format", "json")
    assert run.code == 1
    document = json.loads(run.stdout)
    VALIDATOR.validate(document)
    assert {(r["rule_id"], r["resource_id"], r["status"]) for r in document["results"]} == EXPECTED


def test_an_unknown_format_is_an_error(aml: Aml) -> None:
    run = aml("scan", *SELECT_FOUR, "--snapshot", str(ESTATE), "--format", "yaml")
    assert (run.code, run.stdout) == (2, "")
    assert run.stderr.startswith("aml-audit: error: unknown format 'yaml' (choose from console, ")


def test_an_unwritable_output_still_writes_the_rest_and_exits_2(aml: Aml, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    good = tmp_path / "good.json"
    run = aml(
        "scan",
        *SELECT_FOUR,
        "--snapshot",
        str(ESTATE),
        "-o",
        str(blocker / "r.json"),
        "-o",
        str(good),
    )
    assert run.code == 2
    assert report_triples(good) == EXPECTED
    assert run.stderr.startswith(f"aml-audit: error: {blocker / 'r.json'}: cannot write the report")
    assert run.stderr.count("\n") == 1
    # The console names the report that was written, not the one that could not be.
    assert f"Reports written: {good}" in run.stdout.splitlines()


def test_reports_are_streamed_beside_the_target_and_replace_an_old_one(
    aml: Aml, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "r.json").write_text("an old report")
    run = aml("scan", *SELECT_FOUR, "--snapshot", str(ESTATE), "-o", str(out / "r.json"))
    assert run.code == 1
    assert report_triples(out / "r.json") == EXPECTED
    assert sorted(p.name for p in out.iterdir()) == ["r.json"]  # no partial file left behind


def test_a_report_over_the_snapshot_it_reads_is_refused_and_the_snapshot_kept(
    aml: Aml, tmp_path: Path
) -> None:
    estate = tmp_path / "estate.json"
    estate.write_bytes(ESTATE.read_bytes())
    run = aml(
        "scan", *SELECT_FOUR, "--snapshot", str(estate), "-o", str(tmp_path / "." / "estate.json")
    )
    assert (run.code, run.stdout) == (2, "")
    assert run.stderr == (
        f"aml-audit: error: {tmp_path / 'estate.json'}: is the snapshot this scan reads; "
        "write the report to another file\n"
    )
    assert estate.read_bytes() == ESTATE.read_bytes()


def test_config_from_pyproject_and_the_command_line_overrides_it(aml: Aml, tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.aml-audit]\nfail-on = "never"\nselect = ["AML302"]\n'
    )
    out = tmp_path / "r.json"
    assert aml("scan", "--snapshot", str(ESTATE), "-o", str(out)).code == 3
    assert {t[0] for t in report_triples(out)} == {"AML302"}
    assert aml("scan", "--snapshot", str(ESTATE), "--fail-on", "high").code == 1
    aml("scan", "--snapshot", str(ESTATE), "--select", "AML101", "-o", str(out))
    assert {t[0] for t in report_triples(out)} == {"AML101"}


def test_config_from_aml_audit_toml_with_a_rules_dir(aml: Aml, tmp_path: Path) -> None:
    rules = tmp_path / "our-rules"
    rules.mkdir()
    (rules / "aml950_vault_named_kv.py").write_text(
        "from auditor.rulekit import References, Remediation, Rule, RuleMeta, Severity,"
        " fail, passed\n"
        "META = RuleMeta(id='AML950', title='Vault name does not start with kv-',"
        " severity=Severity.INFO, resource_types=('Microsoft.KeyVault/vaults',),"
        " category='naming', rationale='Names tell owners apart.',"
        " remediation=Remediation('Rename.', 'az x', 'y'), references=References())\n"
        "def check(resource, ctx):\n"
        "    yield passed('ok') if resource.name.startswith('kv-') else fail('bad name')\n"
        "RULE = Rule(META, check)\n"
    )
    (tmp_path / "aml-audit.toml").write_text('rules-dir = ["our-rules"]\nselect = ["AML950"]\n')
    out = tmp_path / "r.json"
    assert aml("scan", "--snapshot", str(ESTATE), "-o", str(out)).code == 3
    assert report_triples(out) == {
        ("AML950", KV_FRAUD, "pass"),
        ("AML950", KV_CMK, "pass"),
        ("AML950", SUB2, "not_assessed"),
    }


def test_rules_dir_on_the_command_line_and_a_broken_module_is_a_warning(
    aml: Aml, tmp_path: Path
) -> None:
    (tmp_path / "local").mkdir()
    (tmp_path / "local" / "aml951_broken.py").write_text("import not_installed_anywhere\n")
    out = tmp_path / "r.json"
    local = str(tmp_path / "local")
    run = aml("scan", *SELECT_FOUR, "--snapshot", str(ESTATE), "--rules-dir", local,
              "--format", "json", "-o", str(out))  # fmt: skip
    assert run.code == 1
    warning = (
        f"rule plugin {tmp_path / 'local' / 'aml951_broken.py'} was skipped: "
        "ModuleNotFoundError: No module named 'not_installed_anywhere'"
    )
    assert json.loads(run.stdout)["scan"]["warnings"] == [warning]
    assert run.stderr == f"WARNING auditor.evaluate.registry: {warning}\n"
    assert report_triples(out) == EXPECTED


def test_a_missing_rules_dir_is_an_error(aml: Aml, tmp_path: Path) -> None:
    run = aml(
        "scan", *SELECT_FOUR, "--snapshot", str(ESTATE), "--rules-dir", str(tmp_path / "nope")
    )
    assert (run.code, run.stderr) == (
        2,
        f"aml-audit: error: rules directory {tmp_path / 'nope'} does not exist\n",
    )


def test_several_snapshots_are_one_inventory(aml: Aml, tmp_path: Path) -> None:
    second = tmp_path / "more.json"
    second.write_text(json.dumps([vault("kv-extra", None)]))
    out = tmp_path / "r.json"
    aml("scan", *SELECT_FOUR, "--snapshot", str(ESTATE), "--snapshot", str(second), "-o", str(out))
    extra = f"{RG}/providers/Microsoft.KeyVault/vaults/kv-extra"
    assert report_triples(out) == EXPECTED | {("AML302", extra, "fail")}
    sources = json.loads(out.read_text())["scan"]["sources"]
    assert sources == [f"snapshot:{ESTATE}", "example estate (hand-written)", f"snapshot:{second}"]


# What a user's terminal sees: a child process, exactly one line on stderr, no traceback.


def test_a_malformed_snapshot_is_exit_2_with_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "estate.json"
    bad.write_text('{"resources": [{"id": "/subscriptions/x", "type": "A/b"},]}')
    run = run_cli("scan", "--snapshot", str(bad), cwd=tmp_path)
    assert run.returncode == 2
    assert run.stdout == ""
    assert run.stderr == (
        f"aml-audit: error: {bad}: not valid JSON at line 1 column 58: Expecting value\n"
    )


def test_an_unknown_config_key_is_exit_2_with_one_line(tmp_path: Path) -> None:
    (tmp_path / "aml-audit.toml").write_text('fail-on = "high"\nfail-level = "high"\n')
    run = run_cli("scan", "--snapshot", str(ESTATE), cwd=tmp_path)
    assert run.returncode == 2
    assert run.stdout == ""
    assert run.stderr.count("\n") == 1
    assert run.stderr.startswith(
        f"aml-audit: error: {tmp_path / 'aml-audit.toml'}: unknown key 'fail-level' (known keys: "
    )
    assert "Traceback" not in run.stderr


def test_the_readme_quick_start_runs_from_the_checkout() -> None:
    run = run_cli("scan", "--snapshot", "examples/estate.json")
    assert run.returncode == 1
    assert "Failing results (" in run.stdout
    assert "What could not be checked" in run.stdout
    assert run.stderr == ""


def test_the_command_line_offers_exactly_the_auth_modes_and_clouds_the_source_knows() -> None:
    # commands/options.py spells them out so `--help` need not import the Azure SDK.
    from auditor.commands.options import AUTH_METHODS, CLOUD_NAMES
    from auditor.sources.live.auth import CLOUDS, AuthMethod

    assert tuple(m.value for m in AuthMethod) == AUTH_METHODS
    assert tuple(CLOUDS) == CLOUD_NAMES


# --- nothing to judge ---------------------------------------------------------------------------

REPORTS = ("report.json", "report.md", "report.html", "report.sarif")


def _reports(tmp_path: Path) -> list[str]:
    args: list[str] = []
    for name in REPORTS:
        args += ["-o", str(tmp_path / name)]
    return args


@pytest.mark.parametrize(
    "document", [[], {"value": []}, {"resources": []}], ids=["array", "list-page", "snapshot"]
)
def test_an_empty_snapshot_is_an_incomplete_scan_that_says_why_in_every_report(
    aml: Aml, tmp_path: Path, document: Any
) -> None:
    path = tmp_path / "export.json"
    path.write_text(json.dumps(document))
    run = aml("scan", "--snapshot", str(path), *_reports(tmp_path))
    assert run.code == 3, run.stderr
    why = f"the snapshot {path} holds no resources: an empty export is not a clean estate"
    assert f"warning: nothing was audited: {why}" in " ".join(run.stdout.split())
    assert "No failing results." not in run.stdout
    for name in REPORTS:
        assert why in (tmp_path / name).read_text(encoding="utf-8"), name
    report = json.loads((tmp_path / "report.json").read_text())
    assert report["scan"]["complete"] is False
    assert [(g["scope"], g["resource_type"], g["code"]) for g in report["gaps"]] == [
        ("/subscriptions", None, "NothingRead")
    ]
    assert {r["status"] for r in report["results"]} == {"not_assessed"}


def test_a_snapshot_with_nothing_the_rules_check_says_so_in_every_report(
    aml: Aml, tmp_path: Path
) -> None:
    group = {"id": RG, "type": "Microsoft.Resources/resourceGroups", "name": "rg"}
    run = aml("scan", "--snapshot", str(snapshot(tmp_path, [group])), *_reports(tmp_path))
    assert run.code == 0, run.stderr
    said = (
        "no resource the rules check was found in /subscriptions/00000000-0000-0000-0000-"
        "000000000001: no Azure ML workspace, registry, key vault or AI account, so nothing "
        "was judged"
    )
    assert said in " ".join(run.stdout.split())
    for name in REPORTS:
        assert said in (tmp_path / name).read_text(encoding="utf-8"), name


def test_a_capped_markdown_report_names_the_html_report_written_beside_it(
    aml: Aml, tmp_path: Path
) -> None:
    md, html = tmp_path / "summary.md", tmp_path / "report.html"
    run = aml(
        "scan", "--snapshot", str(ESTATE), "--markdown-limit", "1", "-o", str(md), "-o", str(html)
    )
    assert run.code == 1, run.stderr
    lines = md.read_text(encoding="utf-8").splitlines()
    assert f"_... and 29 more failing results (see the full report: `{html}`)_" in lines
