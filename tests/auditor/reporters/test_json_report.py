"""The JSON report: valid against its published schema (auditor/schemas/json-report.schema.json),
every evaluation a result, keys and results in a deterministic order, secrets redacted."""

from __future__ import annotations

import dataclasses
import io
import json
import random
from datetime import date, datetime
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from auditor.controls.json_report import SCHEMA_VERSION, scan_to_json
from auditor.core.schemas import load_schema
from auditor.evaluate import engine
from auditor.evaluate.results import Suppression
from auditor.inventory.resources import Location
from auditor.reporters.interface import Format, ReportOptions
from auditor.rulekit.meta import Evidence, Severity, Status
from auditor.sources.snapshot import SnapshotSource
from tests.auditor.estate import ESTATE, EXPECTED, KV_FRAUD, SUB2, estate_scan, four_rules
from tests.conftest import REPO_ROOT

WORKSPACES = (
    "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-ml"
    "/providers/Microsoft.MachineLearningServices/workspaces"
)
SCHEMA = load_schema("json-report")  # auditor/schemas/json-report.schema.json, as shipped
VALIDATOR = jsonschema.Draft202012Validator(
    SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
)


def render(scan: Any) -> dict[str, Any]:
    stream = io.StringIO()
    Format.JSON.reporter().render(scan, stream, ReportOptions())
    document: dict[str, Any] = json.loads(stream.getvalue())
    return document


def test_the_schema_is_a_valid_json_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def test_the_estate_report_matches_the_schema_and_says_everything_it_checked() -> None:
    document = render(estate_scan())
    VALIDATOR.validate(document)
    assert list(document) == [
        "schema_version",
        "tool",
        "scan",
        "results",
        "gaps",
        "resolved",
        "summary",
    ]
    assert document["schema_version"] == SCHEMA_VERSION
    assert document["tool"]["name"] == "aml-auditor"
    assert document["scan"]["complete"] is False
    assert document["scan"]["sources"] == [f"snapshot:{ESTATE}", "example estate (hand-written)"]
    datetime.fromisoformat(document["scan"]["started_at"])
    datetime.fromisoformat(document["scan"]["finished_at"])
    got = {(r["rule_id"], r["resource_id"], r["status"]) for r in document["results"]}
    assert got == EXPECTED
    assert [(g["scope"], g["status"], g["code"]) for g in document["gaps"]] == [
        (SUB2, 403, "AuthorizationFailed")
    ]
    assert document["summary"] == {
        "by_status": {"fail": 7, "pass": 7, "not_assessed": 5, "suppressed": 0},
        "by_severity": {"critical": 0, "high": 5, "medium": 2, "low": 0, "info": 0},
        "not_evaluated": [],  # every resource of the estate is judged by some rule
    }


def test_a_result_carries_evidence_fingerprint_and_location() -> None:
    document = render(estate_scan())
    (kv,) = [r for r in document["results"] if r["resource_id"] == KV_FRAUD]
    assert list(kv) == [
        "rule_id",
        "title",
        "severity",
        "status",
        "resource_id",
        "resource_type",
        "resource_name",
        "message",
        "evidence",
        "fingerprint",
        "location",
        "suppression",
        "baseline",
        "context",
        "first_seen",
    ]
    assert kv == {
        "rule_id": "AML302",
        "title": "Key vault can be purged",
        "severity": "high",
        "status": "fail",
        "resource_id": KV_FRAUD,
        "resource_type": "Microsoft.KeyVault/vaults",
        "resource_name": "kv-fraud",
        "message": "Key vault 'kv-fraud' has no purge protection",
        "evidence": [
            {
                "path": "properties.enablePurgeProtection",
                "observed": "absent (default: off)",
                "expected": "true",
            }
        ],
        "fingerprint": engine.fingerprint("AML302", KV_FRAUD),
        "location": {
            "kind": "file",
            "uri": str(ESTATE),
            "api_version": None,
            "start_line": kv["location"]["start_line"],
            "end_line": kv["location"]["start_line"],
        },
        "suppression": None,
        "baseline": None,
        # A shared vault's finding names the workspaces that depend on it.
        "context": [
            f"used by workspace {name} ({WORKSPACES}/{name}) as its key vault"
            for name in ("ws-fraud-public", "ws-risk-legacy")
        ],
        "first_seen": None,  # no --history
    }
    line = ESTATE.read_text().splitlines()[kv["location"]["start_line"] - 1]
    assert f'"id": "{KV_FRAUD}"' in line


def test_the_order_is_deterministic_whatever_the_input_order_and_id_case(tmp_path: Path) -> None:
    original = json.loads(ESTATE.read_text())
    shuffled = dict(original)
    resources = [dict(r) for r in original["resources"]]
    random.Random(7).shuffle(resources)
    for resource in resources[::2]:
        resource["id"] = resource["id"].upper()
    shuffled["resources"] = resources
    path = tmp_path / "shuffled.json"
    path.write_text(json.dumps(shuffled))
    rules = four_rules()

    def order(document: dict[str, Any]) -> list[tuple[str, str, str]]:
        return [(r["rule_id"], r["resource_id"].lower(), r["status"]) for r in document["results"]]

    first = render(estate_scan())
    second = render(engine.evaluate(SnapshotSource(path).collect(), rules))
    assert order(first) == order(second)
    assert order(first) == sorted(order(first))
    assert [r["fingerprint"] for r in first["results"]] == [
        r["fingerprint"] for r in second["results"]
    ]


def test_suppressions_baselines_and_secrets() -> None:
    scan = estate_scan()
    leaked = "DefaultEndpointsProtocol=https;AccountName=x;AccountKey=c2VjcmV0c2VjcmV0c2VjcmV0"
    first = dataclasses.replace(
        scan.results[0],
        status=Status.SUPPRESSED,
        severity=Severity.CRITICAL,
        suppression=Suppression("accepted until the migration", date(2027, 1, 31)),
        baseline="known",
        context=("used by 2 workspaces",),
        evidence=(Evidence("properties.connectionString", leaked, "no stored secret"),),
        message=f"connection string {leaked}",
        location=Location("arm", "https://management.azure.com/x", "2024-10-01"),
    )
    document = render(dataclasses.replace(scan, results=(first, *scan.results[1:])))
    VALIDATOR.validate(document)
    result = document["results"][0]
    assert result["suppression"] == {
        "reason": "accepted until the migration",
        "expires": "2027-01-31",
        "source": "config",
    }
    assert (result["baseline"], result["context"]) == ("known", ["used by 2 workspaces"])
    assert "c2VjcmV0" not in json.dumps(document)
    assert result["evidence"][0]["observed"] == (
        "[redacted: looks like a storage connection string]"
    )
    assert document["summary"]["by_status"]["suppressed"] == 1


@pytest.mark.parametrize(
    "broken",
    [
        {"schema_version": "2.0"},
        {"results": [{"rule_id": "AML1"}]},
        {"summary": {"by_status": {}, "by_severity": {}}},
        {"surprise": True},
    ],
)
def test_the_schema_rejects_what_the_contract_does_not_allow(broken: dict[str, Any]) -> None:
    document = {**render(estate_scan()), **broken}
    assert not VALIDATOR.is_valid(document)


def test_scan_to_json_is_what_the_reporter_writes() -> None:
    scan = estate_scan()
    assert render(scan) == json.loads(json.dumps(scan_to_json(scan)))


def test_each_result_is_one_compact_line_of_the_report() -> None:
    scan = estate_scan()
    stream = io.StringIO()
    Format.JSON.reporter().render(scan, stream, ReportOptions())
    lines = stream.getvalue().splitlines()
    start = lines.index('"results":[')
    expected = scan_to_json(scan)["results"]
    written = [
        json.loads(line.removesuffix("],").rstrip(","))
        for line in lines[start + 1 : start + 1 + len(expected)]
    ]
    assert written == json.loads(json.dumps(expected))
    assert lines[start + len(expected)].endswith("}],")  # the list closes on its last result
    assert lines[0].startswith('{"schema_version":')
    assert lines[-1].startswith('"summary":{')


def test_the_documented_example_matches_the_schema() -> None:
    text = (REPO_ROOT / "docs" / "json-report.md").read_text()
    example = text.split("## Example", 1)[1].split("```json\n", 1)[1].split("```", 1)[0]
    VALIDATOR.validate(json.loads(example))
