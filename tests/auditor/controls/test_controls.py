"""Suppressions and baselines applied to real scans (the real rules judge small estates)."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from datetime import date
from pathlib import Path

import pytest

from auditor.controls.baseline import BaselineError, apply_baseline, load_baseline, parse_baseline
from auditor.controls.config import load_config
from auditor.controls.json_report import scan_to_json
from auditor.controls.suppressions import SuppressionEntry, apply_suppressions, resolve_rule_ids
from auditor.core.errors import ConfigError, ExitCode
from auditor.evaluate import engine
from auditor.evaluate.results import Suppression
from auditor.plan import exit_code
from auditor.rulekit.meta import Severity, Status
from tests.auditor.small_estates import (
    KV,
    RG,
    SUB,
    SUB_ELSEWHERE,
    SUB_LOCKED,
    WS,
    locked_subscription_gap,
    previous_report,
    scan_of,
    this_weeks_scan,
    triples,
    vault,
    workspace,
)
from tests.conftest import REPO_ROOT, run_cli

TODAY = date(2026, 6, 30)


def entry(
    rule: str, resource: str, reason: str = "accepted", expires: date | None = None, n: int = 1
) -> SuppressionEntry:
    return SuppressionEntry(rule, resource, reason, expires, f"aml-audit.toml suppress[{n}]")


@pytest.fixture
def estate(tmp_path: Path):
    return scan_of(
        tmp_path,
        [
            workspace("ws-open", "Enabled"),
            workspace("ws-closed", "Disabled"),
            vault("kv-a", None),
            vault("kv-b", True),
        ],
        gaps=[locked_subscription_gap()],
    )


def test_the_estate_as_judged_without_controls(estate) -> None:
    assert triples(estate.results) == {
        ("AML201", f"{WS}/ws-open", "fail"),
        ("AML201", f"{WS}/ws-closed", "pass"),
        ("AML201", f"/subscriptions/{SUB_LOCKED}", "not_assessed"),
        ("AML302", f"{KV}/kv-a", "fail"),
        ("AML302", f"{KV}/kv-b", "pass"),
        ("AML302", f"/subscriptions/{SUB_LOCKED}", "not_assessed"),
    }


# --- suppressions -------------------------------------------------------------------------------


def test_an_exact_id_suppresses_case_insensitively(estate) -> None:
    upper = f"{WS}/WS-OPEN".upper()
    scan = apply_suppressions(
        estate, [entry("AML201", upper, "behind the firewall project", date(2026, 12, 31))], TODAY
    )
    assert triples(scan.results) == {
        ("AML201", f"{WS}/ws-open", "suppressed"),
        ("AML201", f"{WS}/ws-closed", "pass"),
        ("AML201", f"/subscriptions/{SUB_LOCKED}", "not_assessed"),
        ("AML302", f"{KV}/kv-a", "fail"),
        ("AML302", f"{KV}/kv-b", "pass"),
        ("AML302", f"/subscriptions/{SUB_LOCKED}", "not_assessed"),
    }
    (suppressed,) = [r for r in scan.results if r.status is Status.SUPPRESSED]
    assert suppressed.suppression == Suppression(
        "behind the firewall project", date(2026, 12, 31), "aml-audit.toml suppress[1]"
    )
    assert scan.warnings == ()


def test_a_glob_suppresses_what_it_matches_and_never_a_gap(estate) -> None:
    vaults = entry("AML302", "*/RESOURCEGROUPS/rg-ml/*/vaults/kv-?")
    scan = apply_suppressions(estate, [vaults, entry("AML201", "*")], TODAY)
    assert triples(scan.results) == {
        ("AML201", f"{WS}/ws-open", "suppressed"),
        ("AML201", f"{WS}/ws-closed", "pass"),
        ("AML201", f"/subscriptions/{SUB_LOCKED}", "not_assessed"),
        ("AML302", f"{KV}/kv-a", "suppressed"),
        ("AML302", f"{KV}/kv-b", "pass"),
        ("AML302", f"/subscriptions/{SUB_LOCKED}", "not_assessed"),
    }


def test_glob_syntax_is_only_star_and_question_mark() -> None:
    literal = entry("AML302", "/subscriptions/s/resourceGroups/rg/providers/x/vaults/kv[1]*")
    assert literal.matches("/SUBSCRIPTIONS/s/resourcegroups/RG/providers/x/vaults/KV[1]-prod")
    assert not literal.matches("/subscriptions/s/resourceGroups/rg/providers/x/vaults/kv1")
    one = entry("AML302", "*/vaults/kv-?")
    assert one.matches("/subscriptions/s/providers/x/vaults/kv-a")
    assert not one.matches("/subscriptions/s/providers/x/vaults/kv-ab")
    exact = entry("AML302", "/subscriptions/s/providers/x/vaults/kv-a/")
    assert exact.matches("subscriptions/S/providers/X/vaults/KV-A")
    assert not exact.matches("/subscriptions/s/providers/x/vaults/kv-a/keys/k")


def test_a_rule_id_must_match_too(estate) -> None:
    scan = apply_suppressions(estate, [entry("AML302", f"{WS}/ws-open")], TODAY)
    assert [r.status for r in scan.results if r.resource_id == f"{WS}/ws-open"] == [Status.FAIL]
    assert scan.warnings == (
        f"aml-audit.toml suppress[1] (AML302 on '{WS}/ws-open') matched no failing result: the "
        "finding is fixed or the resource id is wrong; remove or correct it",
    )


def test_a_suppression_applies_through_its_expiry_day(estate) -> None:
    suppression = entry("AML201", f"{WS}/ws-open", expires=date(2026, 6, 30))
    on_the_day = apply_suppressions(estate, [suppression], date(2026, 6, 30))
    assert ("AML201", f"{WS}/ws-open", "suppressed") in triples(on_the_day.results)
    assert on_the_day.warnings == ()


def test_an_expired_suppression_no_longer_suppresses_and_warns(estate) -> None:
    suppression = entry("AML201", f"{WS}/ws-open", expires=date(2026, 6, 30), n=3)
    scan = apply_suppressions(estate, [suppression], date(2026, 7, 1))
    assert ("AML201", f"{WS}/ws-open", "fail") in triples(scan.results)
    assert all(r.suppression is None for r in scan.results)
    assert scan.warnings == (
        f"aml-audit.toml suppress[3] (AML201 on '{WS}/ws-open') expired on 2026-06-30: it no "
        "longer suppresses (1 failing result(s) match it); renew it with a new reason or remove "
        "it",
    )


def test_an_expired_entry_gives_way_to_a_later_valid_one(estate) -> None:
    old = entry("AML201", f"{WS}/ws-open", "old", date(2026, 1, 1), n=1)
    new = entry("AML201", f"{RG}/*", "new", date(2027, 1, 1), n=2)
    scan = apply_suppressions(estate, [old, new], TODAY)
    (result,) = [r for r in scan.results if r.resource_id == f"{WS}/ws-open"]
    assert result.status is Status.SUPPRESSED
    assert result.suppression == Suppression("new", date(2027, 1, 1), "aml-audit.toml suppress[2]")
    assert [w.split(" expired on ")[0] for w in scan.warnings] == [
        f"aml-audit.toml suppress[1] (AML201 on '{WS}/ws-open')"
    ]


def test_the_first_matching_entry_is_recorded_and_both_count_as_matched(estate) -> None:
    first = entry("AML201", f"{RG}/*", "first", n=1)
    second = entry("AML201", f"{WS}/ws-open", "second", n=2)
    scan = apply_suppressions(estate, [first, second], TODAY)
    (result,) = [r for r in scan.results if r.resource_id == f"{WS}/ws-open"]
    assert result.suppression is not None and result.suppression.reason == "first"
    assert scan.warnings == ()


def test_file_order_holds_across_exact_ids_and_every_kind_of_glob(estate) -> None:
    kinds = [
        ("name glob", "*/workspaces/WS-OPEN"),  # filed under its literal last segment
        ("exact id", f"{WS}/ws-open"),  # a dict lookup
        ("prefix glob", f"{RG}/providers/*"),  # screened by its literal head
        ("suffix glob", "*-open"),  # screened by its literal tail
        ("middle glob", "/subscriptions/*/ws-op?n"),
    ]
    for first in range(len(kinds)):
        order = kinds[first:] + kinds[:first]
        entries = [
            entry("AML201", pattern, reason, n=n + 1) for n, (reason, pattern) in enumerate(order)
        ]
        scan = apply_suppressions(estate, entries, TODAY)
        (result,) = [r for r in scan.results if r.resource_id == f"{WS}/ws-open"]
        assert result.suppression is not None
        assert (result.suppression.reason, result.suppression.source) == (
            order[0][0],
            "aml-audit.toml suppress[1]",
        )
        assert scan.warnings == ()  # every entry matched


def test_unmatched_is_reported_only_for_rules_that_ran(estate) -> None:
    scan = apply_suppressions(
        estate,
        [
            entry("AML201", f"{WS}/ws-closed", n=1),  # passes: nothing to suppress
            entry("AML101", "*", n=2),  # AML101 did not run in this scan
        ],
        TODAY,
    )
    assert scan.warnings == (
        f"aml-audit.toml suppress[1] (AML201 on '{WS}/ws-closed') matched no failing result: the "
        "finding is fixed or the resource id is wrong; remove or correct it",
    )


def test_rule_ids_are_resolved_through_aliases_and_unknown_ids_are_errors() -> None:
    known = {"AML201": "AML201", "AML900": "AML201"}
    resolved = resolve_rule_ids([entry("AML900", "*")], known.get)
    assert [e.rule for e in resolved] == ["AML201"]
    with pytest.raises(ConfigError) as error:
        resolve_rule_ids([entry("AML999", "*", n=4)], known.get)
    assert str(error.value) == (
        "aml-audit.toml suppress[4]: unknown rule id 'AML999' (`aml-audit rules` lists the known "
        "ids)"
    )


# --- suppressions in the config file ------------------------------------------------------------


def test_config_reads_suppressions_from_aml_audit_toml(tmp_path: Path) -> None:
    (tmp_path / "aml-audit.toml").write_text(
        'fail-on = "high"\n'
        "[[suppress]]\n"
        'rule = "aml201"\n'
        'resource = "/subscriptions/S/resourceGroups/rg/*"\n'
        'reason = " sandbox, no data "\n'
        "expires = 2026-12-31\n"
        "[[suppress]]\n"
        'rule = "AML302"\n'
        'resource = "/subscriptions/S/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv"\n'
        'reason = "recreated weekly"\n'
        'expires = "2027-01-15"\n',
        encoding="utf-8",
    )
    config = load_config(cwd=tmp_path)
    assert config.suppress == (
        SuppressionEntry(
            "AML201",
            "/subscriptions/S/resourceGroups/rg/*",
            "sandbox, no data",
            date(2026, 12, 31),
            "aml-audit.toml suppress[1]",
        ),
        SuppressionEntry(
            "AML302",
            "/subscriptions/S/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv",
            "recreated weekly",
            date(2027, 1, 15),
            "aml-audit.toml suppress[2]",
        ),
    )


def test_config_reads_suppressions_and_baseline_from_pyproject(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        "[tool.aml-audit]\n"
        'baseline = "reports/previous.json"\n'
        "fail-on-new-only = true\n"
        "[[tool.aml-audit.suppress]]\n"
        'rule = "AML101"\n'
        'resource = "*/onlineEndpoints/demo-*"\n'
        'reason = "demo endpoints, no data"\n',
        encoding="utf-8",
    )
    config = load_config(cwd=tmp_path)
    assert config.suppress == (
        SuppressionEntry(
            "AML101",
            "*/onlineEndpoints/demo-*",
            "demo endpoints, no data",
            None,
            "pyproject.toml tool.aml-audit.suppress[1]",
        ),
    )
    assert (config.baseline, config.fail_on_new_only) == ("reports/previous.json", True)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            '[[suppress]]\nrule = "AML101"\nresource = "*"\n'
            '[[suppress]]\nrule = "AML201"\nresource = "*"\n',
            "suppress[1]: 'reason' is required",
        ),
        (
            '[[suppress]]\nrule = "AML101"\nresource = "*"\nreason = "a"\n'
            '[[suppress]]\nrule = "AML201"\nresource = "*"\nreason = "  "\n',
            "suppress[2]: 'reason' must be a non-empty string",
        ),
        (
            '[[suppress]]\nrule = "*"\nresource = "*"\nreason = "everything"\n',
            "suppress[1]: 'rule' must be one rule id such as 'AML101' (there is no blanket "
            "suppression; to skip a rule everywhere, list it in 'ignore')",
        ),
        (
            '[[suppress]]\nrule = "AML2*"\nresource = "/x"\nreason = "r"\n',
            "suppress[1]: 'rule' must be one rule id such as 'AML101' (there is no blanket "
            "suppression; to skip a rule everywhere, list it in 'ignore')",
        ),
        (
            '[[suppress]]\nrule = "public-network"\nresource = "/x"\nreason = "r"\n',
            "suppress[1]: 'rule' must be a rule id such as 'AML101' or an attack path id such as "
            "'AMLP01' (got 'PUBLIC-NETWORK')",
        ),
        (
            '[[suppress]]\nrule = "AML101"\nreason = "r"\n',
            "suppress[1]: 'resource' is required",
        ),
        (
            '[[suppress]]\nrule = "AML101"\nresource = "/x"\nreason = "r"\nexpire = 2026-01-01\n',
            "suppress[1]: unknown key 'expire' (known keys: rule, resource, reason, expires)",
        ),
        (
            '[[suppress]]\nrule = "AML101"\nresource = "/x"\nreason = "r"\nexpires = "soon"\n',
            "suppress[1]: 'expires' must be a date like 2026-12-31 (got 'soon')",
        ),
        (
            '[[suppress]]\nrule = "AML101"\nresource = "/x"\nreason = "r"\n'
            'expires = "2026-02-30"\n',
            "suppress[1]: 'expires' must be a date like 2026-12-31 (got '2026-02-30')",
        ),
        (
            '[[suppress]]\nrule = "AML101"\nresource = "/x"\nreason = "r"\nexpires = 20261231\n',
            "suppress[1]: 'expires' must be a date like 2026-12-31 (got 20261231)",
        ),
        (
            '[[suppress]]\nrule = "AML101"\nresource = "/x"\nreason = "r"\nrule-id = "x"\n'
            "expire = 2026-01-01\n",
            "suppress[1]: unknown key 'rule-id' (known keys: rule, resource, reason, expires)",
        ),
        (
            '[[suppress]]\nrule = "AML101"\nresource = "/x"\nreason = "r"\n'
            "expires = 2026-01-01T00:00:00Z\n",
            "suppress[1]: 'expires' must be a date like 2026-12-31, not a date-time",
        ),
        (
            'suppress = "AML101"\n',
            "'suppress' must be an array of tables ([[suppress]] entries)",
        ),
        (
            'suppress = ["AML101"]\n',
            "suppress[1]: must be a table with rule, resource and reason",
        ),
        ("baseline = 3\n", "'baseline' must be the path of a JSON report"),
        ('fail-on-new-only = "yes"\n', "'fail-on-new-only' must be true or false"),
    ],
)
def test_config_errors_name_the_file_and_the_entry(tmp_path: Path, body: str, message: str) -> None:
    path = tmp_path / "aml-audit.toml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_config(path)
    assert str(error.value) == f"{path}: {message}"


# --- baseline -----------------------------------------------------------------------------------


def fingerprint_of(rule_id: str, resource_id: str) -> str:
    """Independently of engine.fingerprint: sha256 of 'RULE|normalized id', 32 hex digits."""
    normalized = "/" + resource_id.strip("/").lower()
    return hashlib.sha256(f"{rule_id}|{normalized}".encode()).hexdigest()[:32]


def test_fingerprints_are_the_documented_hash() -> None:
    assert engine.fingerprint("AML201", f"{WS}/ws-open") == "55135172e748bba62cd52211ee56f857"
    assert fingerprint_of("AML201", f"{WS}/WS-OPEN/") == "55135172e748bba62cd52211ee56f857"


@pytest.fixture
def previous(tmp_path: Path) -> dict:
    return previous_report(tmp_path)


@pytest.fixture
def this_week(tmp_path: Path):
    return this_weeks_scan(tmp_path)


def test_a_baseline_indexes_failing_results_by_fingerprint(previous: dict) -> None:
    baseline = parse_baseline(previous, "previous.json")
    rg_elsewhere = f"/subscriptions/{SUB_ELSEWHERE}/resourceGroups/rg"
    rg_locked = f"/subscriptions/{SUB_LOCKED}/resourceGroups/rg"
    expected = {
        ("AML201", f"{WS}/ws-open", "fail"),
        ("AML201", f"{WS}/ws-legacy", "fail"),
        ("AML302", f"{KV}/kv-a", "fail"),
        ("AML302", f"{KV}/kv-gone", "suppressed"),
        ("AML302", f"{rg_elsewhere}/providers/Microsoft.KeyVault/vaults/kv-elsewhere", "fail"),
        ("AML302", f"{rg_locked}/providers/Microsoft.KeyVault/vaults/kv-locked", "fail"),
    }
    assert isinstance(baseline.failing, dict)
    assert {fingerprint_of(rule, rid): (rule, rid, st) for rule, rid, st in expected} == {
        fp: (r.rule_id, r.resource_id, r.status.value) for fp, r in baseline.failing.items()
    }


def test_a_credential_in_a_hand_edited_baseline_reaches_no_report(tmp_path: Path) -> None:
    # A baseline's resolved findings are shown in the scan's reports, title and evidence
    # included; what aml-audit wrote is redacted, a hand-edited baseline is not.
    sas = "https://x.blob.core.windows.net/c?sv=2020-08-04&sig=SeCrEtSiG0123456789abcdefXYZ"
    estate = REPO_ROOT / "examples" / "estate.json"
    previous = tmp_path / "previous.json"
    assert run_cli("scan", "--snapshot", str(estate), "-o", str(previous)).returncode == 1
    document = json.loads(previous.read_text(encoding="utf-8"))
    gone = next(r for r in document["results"] if (r["rule_id"], r["status"]) == ("AML302", "fail"))
    gone["resource_id"] = gone["resource_id"].replace("kv-fraud", "kv-deleted")
    gone["fingerprint"] = fingerprint_of("AML302", gone["resource_id"])
    gone["title"] = f"title {sas}"
    gone["evidence"] = [{"path": f"path {sas}", "observed": "x", "expected": f"expected {sas}"}]
    previous.write_text(json.dumps(document), encoding="utf-8")
    outputs = [tmp_path / f"now.{ext}" for ext in ("json", "html", "sarif", "md")]
    run = run_cli(
        "scan",
        "--snapshot",
        str(estate),
        "--baseline",
        str(previous),
        *(a for o in outputs for a in ("-o", str(o))),
    )
    assert run.returncode == 1, run.stderr
    for text in (run.stdout, run.stderr, *(o.read_text(encoding="utf-8") for o in outputs)):
        assert "SeCrEtSiG" not in text
    (resolved,) = json.loads(outputs[0].read_text(encoding="utf-8"))["resolved"]
    marker = "[redacted: looks like a shared access signature]"
    assert (resolved["resource_id"], resolved["title"]) == (gone["resource_id"], f"title {marker}")
    assert resolved["evidence"][0]["expected"] == f"expected {marker}"


def test_baseline_marks_new_and_known_and_lists_what_was_resolved(
    previous: dict, this_week
) -> None:
    scan = apply_baseline(this_week, parse_baseline(previous, "previous.json"))
    marks = {(r.rule_id, r.resource_id, r.status.value, r.baseline) for r in scan.results}
    assert marks == {
        ("AML201", f"{WS}/ws-open", "fail", "known"),
        ("AML201", f"{WS}/ws-new", "fail", "new"),
        ("AML201", f"{WS}/ws-legacy", "pass", None),
        ("AML201", f"{WS}/ws-closed", "pass", None),
        ("AML201", f"/subscriptions/{SUB_LOCKED}", "not_assessed", None),
        ("AML302", f"{KV}/kv-a", "pass", None),
        ("AML302", f"/subscriptions/{SUB_LOCKED}", "not_assessed", None),
    }
    # Resolved: ws-legacy now passes, kv-a now passes, kv-gone was deleted from a scanned
    # subscription. Not resolved: kv-locked (its subscription is unreadable now) and kv-elsewhere
    # (its subscription was not scanned) -- unreadable is never "fixed".
    assert [(r.rule_id, r.resource_id, r.fingerprint, r.baseline) for r in scan.resolved] == [
        ("AML201", f"{WS}/ws-legacy", fingerprint_of("AML201", f"{WS}/ws-legacy"), None),
        ("AML302", f"{KV}/kv-a", fingerprint_of("AML302", f"{KV}/kv-a"), None),
        ("AML302", f"{KV}/kv-gone", fingerprint_of("AML302", f"{KV}/kv-gone"), None),
    ]
    gone = scan.resolved[2]
    assert (gone.status, gone.severity.label, gone.resource_name, gone.message) == (
        Status.SUPPRESSED,
        "high",
        "kv-gone",
        "Key vault 'kv-gone' has no purge protection",
    )
    assert gone.suppression == Suppression("accepted", None, "aml-audit.toml suppress[1]")
    assert scan.warnings == (
        "2 failing result(s) of the baseline previous.json could not be compared: this scan did "
        "not assess them (rule not selected, scope not scanned or not readable), so they are "
        "neither known nor resolved",
    )


def test_a_scanned_subscription_with_no_failures_left_resolves_its_findings(
    previous: dict, tmp_path: Path
) -> None:
    # kv-elsewhere was the only finding in SUB_ELSEWHERE; it has been deleted. The source says it
    # read SUB_ELSEWHERE, so the finding is resolved, though no result names that subscription.
    now = scan_of(
        tmp_path,
        [vault("kv-a", True)],
        rule_ids=("AML302",),
        scopes=[f"/subscriptions/{SUB}", f"/subscriptions/{SUB_ELSEWHERE}"],
    )
    assert now.scopes == (f"/subscriptions/{SUB}", f"/subscriptions/{SUB_ELSEWHERE}")
    scan = apply_baseline(now, parse_baseline(previous, "previous.json"))
    elsewhere = f"/subscriptions/{SUB_ELSEWHERE}/resourceGroups/rg"
    assert [(r.rule_id, r.resource_id) for r in scan.resolved] == [
        ("AML302", f"{KV}/kv-a"),
        ("AML302", f"{KV}/kv-gone"),
        ("AML302", f"{elsewhere}/providers/Microsoft.KeyVault/vaults/kv-elsewhere"),
    ]
    # kv-locked's subscription was not scanned: neither known nor resolved.
    assert scan.warnings[0].startswith("3 failing result(s) of the baseline previous.json could")


def test_a_subscription_not_scanned_resolves_nothing_in_it(previous: dict, tmp_path: Path) -> None:
    now = scan_of(tmp_path, [vault("kv-a", True)], rule_ids=("AML302",))
    assert now.scopes == (f"/subscriptions/{SUB}",)  # derived from the snapshot's contents
    scan = apply_baseline(now, parse_baseline(previous, "previous.json"))
    assert [(r.rule_id, r.resource_id) for r in scan.resolved] == [
        ("AML302", f"{KV}/kv-a"),
        ("AML302", f"{KV}/kv-gone"),
    ]


def test_a_suppressed_result_is_marked_too(previous: dict, this_week) -> None:
    suppressed = apply_suppressions(this_week, [entry("AML201", "*/ws-new")], TODAY)
    scan = apply_baseline(suppressed, parse_baseline(previous, "previous.json"))
    (new,) = [r for r in scan.results if r.resource_id.endswith("/ws-new")]
    assert (new.status, new.baseline) == (Status.SUPPRESSED, "new")


def test_a_rule_not_run_now_resolves_nothing(previous: dict, tmp_path: Path) -> None:
    only_vaults = scan_of(tmp_path, [vault("kv-a", False)], rule_ids=("AML302",))
    scan = apply_baseline(only_vaults, parse_baseline(previous, "prev.json"))
    assert [(r.rule_id, r.resource_id) for r in scan.resolved] == [("AML302", f"{KV}/kv-gone")]
    assert [(r.resource_id, r.baseline) for r in scan.results] == [(f"{KV}/kv-a", "known")]
    assert scan.warnings[0].startswith("4 failing result(s) of the baseline prev.json could not")


def test_a_renamed_rule_keeps_its_findings_known(previous: dict, this_week) -> None:
    for result in previous["results"]:  # last week the rule was called AML299
        if result["rule_id"] == "AML201":
            result["rule_id"] = "AML299"
    canonical = {"AML299": "AML201", "AML201": "AML201", "AML302": "AML302"}.get
    baseline = parse_baseline(previous, "previous.json", canonical)
    scan = apply_baseline(this_week, baseline)
    (ws_open,) = [r for r in scan.results if r.resource_id.endswith("/ws-open")]
    assert ws_open.baseline == "known"


def test_no_baseline_entry_is_known_in_an_empty_baseline(this_week) -> None:
    nothing = dataclasses.replace(this_week, results=(), gaps=(), resolved=(), warnings=())
    empty = parse_baseline(json.loads(json.dumps(scan_to_json(nothing))), "empty.json")
    scan = apply_baseline(this_week, empty)
    assert {r.resource_id for r in scan.results if r.baseline == "new"} == {
        f"{WS}/ws-open",
        f"{WS}/ws-new",
    }
    assert (scan.resolved, scan.warnings) == ((), ())


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"schema_version": "1.0", "results": [', "baseline is not valid JSON (line 1 column"),
        ("[]", "not a JSON report of aml-audit (no 'schema_version')"),
        (
            '{"schema_version": "2.0", "results": []}',
            "report schema version '2.0' is not supported as a baseline (this aml-audit reads "
            "1.x); re-create it with this version",
        ),
        ('{"schema_version": "1.0", "results": {}}', "'results' must be a list"),
        (
            '{"schema_version": "1.0", "results": [{"status": "pass"}, {"status": "fail", '
            '"severity": "high", "rule_id": "AML201", "resource_id": "/subscriptions/s"}]}',
            "results[1]: 'fingerprint' must be a non-empty string",
        ),
        (
            '{"schema_version": "1.0", "results": [{"status": "broken"}]}',
            "results[0]: unknown status 'broken'",
        ),
        (
            '{"schema_version": "1.0", "results": [{"status": "fail", "severity": "dire"}]}',
            "results[0]: unknown severity 'dire' (choose from critical, high, medium, low, info)",
        ),
        (
            '{"schema_version": "1.0", "results": [{"status": "fail", "severity": "high", '
            '"rule_id": "AML201", "resource_id": "/subscriptions/s", "evidence": 5}]}',
            "results[0]: 'evidence' must be an array",
        ),
        (
            '{"schema_version": "1.0", "results": [{"status": "fail", "severity": "high", '
            '"rule_id": "AML201", "resource_id": "/subscriptions/s", "context": 5}]}',
            "results[0]: 'context' must be an array",
        ),
    ],
)
def test_a_malformed_baseline_is_a_one_line_error(
    tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "previous.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(BaselineError) as error:
        load_baseline(path)
    assert str(error.value).startswith(f"{path}: {message}")
    assert "\n" not in str(error.value)


def test_a_baseline_location_line_that_is_not_a_number_is_dropped(
    tmp_path: Path, previous: dict
) -> None:
    path = tmp_path / "previous.json"
    failing = next(r for r in previous["results"] if r["status"] == "fail")
    failing["location"] = {"uri": "u", "start_line": "x", "end_line": True}
    path.write_text(json.dumps(previous), encoding="utf-8")
    fingerprint = failing["fingerprint"]
    location = load_baseline(path).failing[fingerprint].location
    assert location is not None
    assert (location.uri, location.start_line, location.end_line) == ("u", None, None)


def test_a_minimal_baseline_of_version_and_results_is_read(tmp_path: Path) -> None:
    # Reports are read back for their results; the rest of the envelope may be absent (as it
    # could be before the schema was enforced on reading), and is checked when present.
    path = tmp_path / "previous.json"
    entry = {
        "status": "fail",
        "severity": "high",
        "rule_id": "AML201",
        "resource_id": f"{WS}/ws-a",
        "fingerprint": "f1",
    }
    path.write_text(json.dumps({"schema_version": "1.0", "results": [entry]}), encoding="utf-8")
    baseline = load_baseline(path)
    assert [(r.rule_id, r.resource_id, r.status) for r in baseline.failing.values()] == [
        ("AML201", f"{WS}/ws-a", Status.FAIL)
    ]


def test_a_baseline_whose_envelope_is_not_as_the_writer_writes_it_is_a_one_line_error(
    tmp_path: Path, previous: dict
) -> None:
    path = tmp_path / "previous.json"
    previous["scan"]["complete"] = "yes"
    path.write_text(json.dumps(previous), encoding="utf-8")
    with pytest.raises(BaselineError) as error:
        load_baseline(path)
    assert str(error.value) == (
        f"{path}: scan.complete: 'yes' is not of type 'boolean'; not a JSON "
        "report as aml-audit writes it: re-create it with `aml-audit scan -o report.json`"
    )


def test_a_missing_baseline_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(BaselineError) as error:
        load_baseline(tmp_path / "nope.json")
    assert str(error.value) == (
        f"{tmp_path / 'nope.json'}: baseline file not found (pass a JSON report written by "
        "`-o report.json`)"
    )


# --- exit codes ---------------------------------------------------------------------------------


def test_fail_on_new_only_ignores_known_failures(previous: dict, tmp_path: Path) -> None:
    baseline = parse_baseline(previous, "previous.json")
    known_only = apply_baseline(
        scan_of(tmp_path, [workspace("ws-open", "Enabled")], name="known.json"), baseline
    )
    with_new = apply_baseline(
        scan_of(tmp_path, [workspace("ws-new", "Enabled")], name="new.json"), baseline
    )
    incomplete = apply_baseline(
        scan_of(
            tmp_path,
            [workspace("ws-open", "Enabled")],
            gaps=[locked_subscription_gap()],
            name="gap.json",
        ),
        baseline,
    )
    low, critical = Severity.LOW, Severity.CRITICAL
    assert [
        exit_code(known_only, low, fail_on_new_only=False),
        exit_code(known_only, low, fail_on_new_only=True),
        exit_code(with_new, low, fail_on_new_only=True),
        exit_code(incomplete, low, fail_on_new_only=True),
        exit_code(with_new, critical, fail_on_new_only=True),
    ] == [ExitCode.FINDINGS, ExitCode.OK, ExitCode.FINDINGS, ExitCode.INCOMPLETE, ExitCode.OK]


def test_fail_on_new_only_without_a_baseline_counts_every_failure(this_week) -> None:
    assert exit_code(this_week, Severity.LOW, fail_on_new_only=True) == ExitCode.FINDINGS


def test_a_round_trip_through_json_keeps_fingerprints(this_week) -> None:
    document = json.loads(json.dumps(scan_to_json(this_week)))
    baseline = parse_baseline(document, "r.json")
    assert set(baseline.failing) == {
        r.fingerprint for r in this_week.results if r.status is Status.FAIL
    }
