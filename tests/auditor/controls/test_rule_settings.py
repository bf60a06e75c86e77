"""Rule settings from the configuration file: checked before anything is read, with one-line
errors, and reaching the rule that declares them."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from subprocess import CompletedProcess

import pytest

from auditor.controls.config import RuleSettings, load_config, resolve_rule_settings
from auditor.core.errors import ConfigError
from auditor.evaluate.registry import load_rules
from tests.conftest import write_snapshot
from tests.rules import shapes

RULES = load_rules(entry_points=False)

Cli = Callable[..., CompletedProcess[str]]


def _meta_of(rule_id: str) -> object:
    rule = RULES.get(rule_id)
    return rule.meta if rule is not None else None


@pytest.mark.parametrize(
    ("table", "message"),
    [
        (
            '[rules.AML114]\nmax_age_days = "ninety"\n',
            "[rules.AML114]: max_age_days must be a whole number of at least 1 (got 'ninety')",
        ),
        (
            "[rules.AML114]\nmax_age_days = 0\n",
            "[rules.AML114]: max_age_days must be a whole number of at least 1 (got 0)",
        ),
        (
            "[rules.AML117]\nmax_reader = 3\n",
            "[rules.AML117]: AML117 has no setting 'max_reader' (its settings: max_readers; "
            "`aml-audit explain AML117` describes them)",
        ),
        (
            "[rules.AML999]\nx = 1\n",
            "[rules.AML999]: no loaded rule has the id 'AML999' (`aml-audit rules` lists the "
            "known ids)",
        ),
        (
            '[rules.AML505]\nallowed_callers = "bob"\n',
            "[rules.AML505]: allowed_callers must be a list of strings (got 'bob')",
        ),
    ],
)
def test_a_bad_setting_is_one_line_naming_the_table(
    tmp_path: Path, table: str, message: str
) -> None:
    path = tmp_path / "aml-audit.toml"
    path.write_text(table, encoding="utf-8")
    config = load_config(path)
    with pytest.raises(ConfigError) as raised:
        resolve_rule_settings(config.rules, _meta_of)  # type: ignore[arg-type]
    assert str(raised.value) == f"{path} {message}"


def test_settings_resolve_by_alias_case_and_keep_defaults_out() -> None:
    entries = [RuleSettings("aml505", {"allowed_callers": [" Bob ", ""]}, "here")]
    assert resolve_rule_settings(entries, _meta_of) == {  # type: ignore[arg-type]
        "AML505": {"allowed_callers": ("Bob",)}
    }


def test_the_configured_threshold_reaches_the_rule(tmp_path: Path, cli: Cli) -> None:
    endpoint = shapes.created(
        shapes.online_endpoint("on-key", {"authMode": "Key"}), "2025-01-01T00:00:00Z"
    )
    log = shapes.activity_log(start="2020-01-01T00:00:00Z", end="2100-01-01T00:00:00Z")
    regenerated = shapes.activity_event(
        "e1", endpoint, "regenerateKeys/action", "2025-01-02T00:00:00Z"
    )
    snapshot = write_snapshot(tmp_path / "snap.json", [endpoint, log, regenerated])
    verdicts = []
    for days in (36500, 1):
        config = tmp_path / f"aml-audit-{days}.toml"
        config.write_text(f"[rules.AML114]\nmax_age_days = {days}\n", encoding="utf-8")
        done = cli(
            "scan",
            "--snapshot",
            str(snapshot),
            "--config",
            str(config),
            "--select",
            "AML114",
            "--format",
            "json",
        )
        assert done.returncode in (0, 1), done.stderr
        results = json.loads(done.stdout)["results"]
        verdicts.append([(r["rule_id"], r["status"]) for r in results])
    assert verdicts == [[("AML114", "pass")], [("AML114", "fail")]]


def test_a_bad_setting_stops_the_scan_before_reading(tmp_path: Path, cli: Cli) -> None:
    config = tmp_path / "aml-audit.toml"
    config.write_text("[rules.AML117]\nmax_readers = -1\n", encoding="utf-8")
    done = cli("scan", "--snapshot", str(tmp_path / "absent.json"), "--config", str(config))
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        f"aml-audit: error: {config} [rules.AML117]: max_readers must be a whole number of at "
        "least 0 (got -1)"
    ]


def test_explain_shows_each_setting_with_its_default(cli: Cli) -> None:
    done = cli("explain", "AML117")
    assert done.returncode == 0, done.stderr
    assert "  max_readers = 10  (default; a whole number of at least 0)" in done.stdout
    rules = json.loads(cli("rules", "--format", "json").stdout)
    (aml505,) = [r for r in rules if r["id"] == "AML505"]
    assert [(s["name"], s["default"]) for s in aml505["settings"]] == [("allowed_callers", [])]
