"""Data-driven rule tests: every module in tests/rules/cases/ holds the cases of one rule.

A case module `amlNNN.py` builds its resources with the shape builders of `tests/rules/shapes.py`
and names expectations by the built resource, so ids are derived, never written out:

    RULE = "AML101"
    CASES = [
        case(
            "key auth fails",
            [ep := online_endpoint("on-key", {"authMode": "Key"})],  # the inventory
            gaps=[...], missing=[...], listed=[...],  # optional, snapshot shapes
            now="2026-11-26T00:00:00+00:00",  # optional, the scan's clock
            expect=[expect(ep, "fail", severity="high",
                           observed={"properties.x": "absent (default: Enabled)"},
                           context=["used by workspace ..."])],
        ),
    ]

Each case is the plain data the builders return ({name, resources, gaps, missing, listed, now,
expect: [{resource, status, severity?, observed?, context?, message?}]}), run through a snapshot
file, the registry and the engine. The rule's results on that inventory must be exactly `expect`
(as a set of (resource id, status) pairs, ids compared case-insensitively; severity checked where
given) — not a count, and no extra results. Where an expectation gives `observed` (evidence path ->
observed value, e.g. the "absent (default: X)" of a default-value case) or `context` (the exact
context lines) or `message` (the exact message), those are checked too.
"""

from __future__ import annotations

import importlib
import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from auditor.controls.config import RuleSettings, resolve_rule_settings
from auditor.evaluate import engine
from auditor.evaluate.registry import load_rules
from auditor.inventory import arm
from auditor.sources.snapshot import SnapshotSource

CASES_DIR = Path(__file__).parent / "cases"
RULES = load_rules(entry_points=False)


def _case_modules() -> list[tuple[str, str, list[dict[str, Any]]]]:
    """(module name, rule id, cases) of every case module, in file order."""
    modules = []
    for path in sorted(CASES_DIR.glob("aml*.py")):
        module = importlib.import_module(f"tests.rules.cases.{path.stem}")
        modules.append((path.stem, module.RULE, module.CASES))
    return modules


def _cases() -> list[Any]:
    params = []
    for stem, rule_id, cases in _case_modules():
        for case in cases:
            params.append(pytest.param(rule_id, case, id=f"{stem}:{case['name']}"))
    return params


def run_case(rule_id: str, case: dict[str, Any], tmp_path: Path) -> list[Any]:
    snapshot = tmp_path / "case.json"
    snapshot.write_text(
        json.dumps(
            {
                "resources": case.get("resources", []),
                "gaps": case.get("gaps", []),
                "missing": case.get("missing", []),
                "listed": case.get("listed", []),
            }
        ),
        encoding="utf-8",
    )
    inventory = SnapshotSource(snapshot).collect()
    rule = RULES.get(rule_id)
    assert rule is not None, f"no rule {rule_id}"
    now = datetime.fromisoformat(case["now"]) if "now" in case else None
    settings = {rule.meta.id: configured_settings(rule.meta, case)}
    return list(engine.evaluate(inventory, [rule], now=now, settings=settings).results)


def configured_settings(meta: Any, case: dict[str, Any]) -> dict[str, Any]:
    """The case's settings, checked as the configuration file's are."""
    entry = RuleSettings(meta.id, case.get("settings", {}), f"case {case['name']!r}")
    return resolve_rule_settings([entry], lambda _: meta).get(meta.id, {})


@pytest.mark.parametrize(("rule_id", "case"), _cases())
def test_rule_case(rule_id: str, case: dict[str, Any], tmp_path: Path) -> None:
    results = run_case(rule_id, case, tmp_path)
    got = {(arm.normalize_id(r.resource_id), r.status.value) for r in results}
    want = {(arm.normalize_id(e["resource"]), e["status"]) for e in case["expect"]}
    assert got == want, "\n".join(f"{r.status.value} {r.resource_id}: {r.message}" for r in results)
    for expected in case["expect"]:
        if "severity" not in expected:
            continue
        match = [
            r
            for r in results
            if arm.same_id(r.resource_id, expected["resource"]) and r.status == expected["status"]
        ]
        assert [r.severity.label for r in match] == [expected["severity"]]
    for expected in case["expect"]:
        if not {"observed", "context", "message"} & expected.keys():
            continue
        match = [
            r
            for r in results
            if arm.same_id(r.resource_id, expected["resource"]) and r.status == expected["status"]
        ]
        assert len(match) == 1, f"one result expected for {expected['resource']}"
        shown = {e.path: e.observed for e in match[0].evidence}
        for path, value in expected.get("observed", {}).items():
            assert shown.get(path) == value, f"evidence {path}: {shown}"
        if "context" in expected:
            assert list(match[0].context) == expected["context"]
        if "message" in expected:
            assert match[0].message == expected["message"]
    for r in results:
        assert r.rule_id == rule_id
        assert r.evidence or r.status.value == "not_assessed", f"{r.resource_id} has no evidence"


def test_every_rule_has_fail_pass_and_not_assessed_cases() -> None:
    """Registry meta-test: no rule ships without cases that make it fail, pass and not assess."""
    covered: dict[str, set[str]] = {}
    for _stem, rule_id, cases in _case_modules():
        statuses = covered.setdefault(rule_id, set())
        for case in cases:
            statuses |= {e["status"] for e in case["expect"]}
    missing = {
        rule.meta.id: sorted({"fail", "pass", "not_assessed"} - covered.get(rule.meta.id, set()))
        for rule in RULES.rules
    }
    assert {k: v for k, v in missing.items() if v} == {}
