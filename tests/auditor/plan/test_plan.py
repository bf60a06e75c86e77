"""The scan plan: ScanOptions built once from the config and the command line, and run_scan."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from auditor.controls.config import Config, load_config
from auditor.core.errors import ConfigError, ExitCode
from auditor.inventory.inventory import Inventory
from auditor.plan import LiveTarget, ReportTarget, plan_scan, run_scan
from auditor.plan.options import live_target
from auditor.reporters.interface import Format, ReporterError
from auditor.rulekit.meta import Severity, Status
from tests.auditor.small_estates import SUB, WS, vault, workspace


def _config(tmp_path: Path, body: str) -> Config:
    path = tmp_path / "conf" / "aml-audit.toml"
    path.parent.mkdir()
    path.write_text(body, encoding="utf-8")
    return load_config(path)


def test_the_command_line_wins_over_the_config_and_config_paths_are_relative_to_it(
    tmp_path: Path,
) -> None:
    config = _config(
        tmp_path,
        'select = ["AML201"]\nfail-on = "high"\nbaseline = "last.json"\nrules-dir = ["extra"]\n',
    )
    from_file = plan_scan(config)
    assert (from_file.select, from_file.fail_on) == (("AML201",), Severity.HIGH)
    assert from_file.baseline == tmp_path / "conf" / "last.json"
    assert from_file.rule_dirs == (tmp_path / "conf" / "extra",)
    assert from_file.live == LiveTarget()  # no snapshot: the live tenant

    overridden = plan_scan(
        config,
        select="aml302, aml303",
        fail_on="never",
        baseline=Path("other.json"),
        rule_dirs=(Path("mine"),),
    )
    assert overridden.select == ("AML302", "AML303")
    assert overridden.fail_on is None
    assert overridden.baseline == Path("other.json")
    assert overridden.rule_dirs == (tmp_path / "conf" / "extra", Path("mine"))


def test_outputs_are_planned_with_their_formats_and_a_bad_one_fails_before_collection(
    tmp_path: Path,
) -> None:
    plan = plan_scan(
        Config(),
        snapshots=(tmp_path / "estate.json",),
        outputs=(tmp_path / "r.sarif.json", tmp_path / "r.md"),
        stdout_format="json",
    )
    assert plan.outputs == (
        ReportTarget(tmp_path / "r.sarif.json", Format.SARIF),
        ReportTarget(tmp_path / "r.md", Format.MARKDOWN),
    )
    assert (plan.stdout_format, plan.live) == (Format.JSON, None)
    with pytest.raises(ReporterError, match=r"cannot tell the report format .* '\.txt'"):
        plan_scan(Config(), outputs=(tmp_path / "r.txt",))


def test_a_report_may_not_replace_the_snapshot_it_is_made_from(tmp_path: Path) -> None:
    estate = tmp_path / "estate.json"
    with pytest.raises(ConfigError) as error:
        plan_scan(Config(), snapshots=(estate,), outputs=(estate,))
    assert str(error.value) == (
        f"{estate}: is the snapshot this scan reads; write the report to another file"
    )


def test_a_subscription_must_be_an_id_and_only_for_a_live_scan(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"--subscription 'Production' is not a subscription id"):
        live_target(("Production",))
    target = live_target((f" {SUB} ",))
    assert target.subscriptions == (SUB,)
    with pytest.raises(ConfigError, match="--subscription selects what a live scan reads"):
        plan_scan(Config(), snapshots=(tmp_path / "e.json",), live=target)


def _snapshot(tmp_path: Path) -> Path:
    path = tmp_path / "estate.json"
    resources = [workspace("ws-open", "Enabled"), vault("kv-ok", True)]
    path.write_text(json.dumps({"resources": resources}), encoding="utf-8")
    return path


def test_run_scan_judges_the_planned_sources_and_says_what_was_found(tmp_path: Path) -> None:
    plan = plan_scan(Config(), snapshots=(_snapshot(tmp_path),), select="AML201,AML302")
    outcome = run_scan(plan)
    assert {(r.rule_id, r.resource_id, r.status) for r in outcome.scan.results} == {
        ("AML201", f"{WS}/ws-open", Status.FAIL),
        (
            "AML302",
            f"{WS.split('/providers')[0]}/providers/Microsoft.KeyVault/vaults/kv-ok",
            Status.PASS,
        ),
    }
    assert outcome.exit_code is ExitCode.FINDINGS
    assert outcome.scan.scopes == (f"/subscriptions/{SUB}",)
    relaxed = run_scan(
        plan_scan(Config(), snapshots=plan.snapshots, select="AML201,AML302", fail_on="critical")
    )
    assert relaxed.exit_code is ExitCode.OK


def test_run_scan_takes_the_sources_it_is_given_and_refuses_unknown_rule_ids(
    tmp_path: Path,
) -> None:
    class Empty:
        name = "nothing"

        def collect(self) -> Inventory:
            return Inventory(sources=[self.name])

    plan = plan_scan(Config(), select="AML201")
    outcome = run_scan(plan, sources=[Empty()])
    assert (outcome.scan.results, outcome.scan.sources) == ((), ("nothing",))
    assert outcome.exit_code is ExitCode.OK
    with pytest.raises(ConfigError, match=r"unknown rule id\(s\) in select/ignore: AML999"):
        run_scan(plan_scan(Config(), ignore="AML999"), sources=[Empty()])
