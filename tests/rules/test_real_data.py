"""Real-data corpus: public ARM response bodies, scanned as snapshots, with exact expected results.

tests/data/real/MANIFEST.json lists each body (one resource object a file under bodies/) with its
source (repository, path, commit, the JSON pointer of the body in that file), api-version and
licence; SOURCE.md says how they were collected. Each body is scanned alone, through a snapshot
file, with every built-in rule; a few `groups` scan bodies together with the resources a rule
needs before it judges them (a workspace that names a storage account), synthesised and marked as
such in the manifest.

tests/data/real/EXPECTED.json holds, for each case, the exact (rule, resource, status) results
it must give: the right verdict by the standards of issue 9. Where today's verdict is wrong, the
case's `xfail` names the rule and the reason, and that (case, rule) is a strict xfail: it flips
when the fix lands, and the entry must go. One test per (case, rule), so each verdict flips alone.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from auditor.evaluate import engine
from auditor.evaluate.registry import load_rules
from auditor.inventory import arm
from auditor.sources.snapshot import SnapshotSource

REAL = Path(__file__).parents[1] / "data" / "real"
MANIFEST = json.loads((REAL / "MANIFEST.json").read_text(encoding="utf-8"))
EXPECTED = {
    name: case
    for name, case in json.loads((REAL / "EXPECTED.json").read_text(encoding="utf-8")).items()
    if not name.startswith("_")
}
RULES = load_rules(entry_points=False)
# Fixed, so the verdicts on dates in the bodies (key expiry, connection expiryTime) never drift.
NOW = datetime.fromisoformat("2026-12-01T00:00:00+00:00")


def _body(entry: dict[str, Any]) -> dict[str, Any]:
    body: dict[str, Any] = json.loads((REAL / entry["file"]).read_text(encoding="utf-8"))
    # A placeholder id ("string") gets the id the manifest gives it; nothing else changes.
    return {**body, **entry.get("synthesised", {})}


def _cases() -> dict[str, list[dict[str, Any]]]:
    """Case name -> the resources of its snapshot."""
    by_file = {entry["file"]: entry for entry in MANIFEST["bodies"]}
    cases = {Path(entry["file"]).stem: [_body(entry)] for entry in MANIFEST["bodies"]}
    for group in MANIFEST["groups"]:
        resources = [_body(by_file[file]) for file in group["bodies"]]
        resources += [synthesised["resource"] for synthesised in group["synthesised"]]
        cases[group["name"]] = resources
    return cases


CASES = _cases()


@cache
def _results(case_name: str, folder: Path) -> dict[str, set[tuple[str, str]]]:
    """Rule id -> {(normalised resource id, status)} of one case's scan."""
    snapshot = folder / f"{re.sub(r'[^A-Za-z0-9_.-]+', '-', case_name)}.json"
    snapshot.write_text(json.dumps({"resources": CASES[case_name]}), encoding="utf-8")
    inventory = SnapshotSource(snapshot).collect()
    results: dict[str, set[tuple[str, str]]] = {}
    for result in engine.evaluate(inventory, RULES.rules, now=NOW).results:
        key = (arm.normalize_id(result.resource_id), result.status.value)
        results.setdefault(result.rule_id, set()).add(key)
    return results


def _params() -> list[Any]:
    params = []
    for case_name in CASES:
        xfails = EXPECTED.get(case_name, {}).get("xfail", {})
        for rule in RULES.rules:
            reason = xfails.get(rule.meta.id)
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            params.append(
                pytest.param(case_name, rule.meta.id, id=f"{case_name}:{rule.meta.id}", marks=marks)
            )
    return params


@pytest.fixture(scope="session")
def scan_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("real-data")


@pytest.mark.parametrize(("case_name", "rule_id"), _params())
def test_real_body_gives_exact_results(case_name: str, rule_id: str, scan_folder: Path) -> None:
    got = _results(case_name, scan_folder).get(rule_id, set())
    want = {
        (arm.normalize_id(resource), status)
        for rule, resource, status in EXPECTED[case_name]["results"]
        if rule == rule_id
    }
    assert got == want


def test_expected_results_cover_exactly_the_cases() -> None:
    assert set(EXPECTED) == set(CASES)
    rule_ids = {rule.meta.id for rule in RULES.rules}
    for name, expected in EXPECTED.items():
        assert set(expected.get("xfail", {})) <= rule_ids, name
        for rule, _resource, status in expected["results"]:
            assert rule in rule_ids and status in ("pass", "fail", "not_assessed"), name


def test_manifest_records_every_body_and_its_source() -> None:
    files = {entry["file"] for entry in MANIFEST["bodies"]}
    on_disk = {str(p.relative_to(REAL)) for p in (REAL / "bodies").rglob("*.json")}
    assert files == on_disk
    for entry in MANIFEST["bodies"]:
        source = entry["source"]
        assert source["repo"] == "Azure/azure-rest-api-specs", entry["file"]
        assert re.fullmatch(r"[0-9a-f]{40}", source["commit"]), entry["file"]
        assert source["path"].startswith("specification/") and source["pointer"].startswith("/")
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}(-preview)?", entry["api_version"]), entry["file"]
        assert entry["licence"] == "MIT"
        body = json.loads((REAL / entry["file"]).read_text(encoding="utf-8"))
        assert isinstance(body, dict) and ("synthesised" in entry) == (body.get("id") == "string")
    for group in MANIFEST["groups"]:
        assert set(group["bodies"]) <= files and group["synthesised"]
        for synthesised in group["synthesised"]:
            assert synthesised["why"], group["name"]
