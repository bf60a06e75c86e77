"""SARIF for GitHub code scanning: what the log says, and that GitHub would take it.

Every SARIF log a test here produces goes through `check_sarif`: the OASIS schema at once, and
GitHub's ingestion rules (Sarif.Multitool with GH1001-GH2012 as errors) in one batch when the
module finishes (the tool costs ~1.3 s to start). Without the tool the GitHub check is reported as
skipped locally (a skip with its reason at the end of the module) and fails under CI
(tests/auditor/reporters/sarif_validation.py).
"""

from __future__ import annotations

import dataclasses
import gzip
import hashlib
import io
import itertools
import json
import logging
import re
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from auditor.cli import main
from auditor.evaluate import engine
from auditor.evaluate.results import Result, ScanResult, Suppression
from auditor.inventory import arm
from auditor.reporters import sarif
from auditor.reporters.interface import Format, ReporterError, ReportOptions
from auditor.reporters.sarif import SarifReporter, artifact_path, normalize_category, rule_name
from auditor.rulekit.meta import Evidence, References, Remediation, RuleMeta, Severity, Status
from auditor.simulator import Simulator, demo_tenant
from auditor.sources.snapshot import SnapshotSource
from tests.auditor.estate import (
    CLAIMS,
    ESTATE,
    FRAUD,
    KV_FRAUD,
    LEGACY,
    ORPHAN,
    SCORE_KEY,
    SELECT_FOUR,
    SUB2,
    estate_scan,
    four_rules,
)
from tests.auditor.reporters.sarif_validation import (
    MULTITOOL_ENV,
    SARIF_DIR,
    github_limit_errors,
    github_rule_errors,
    in_ci,
    multitool,
    multitool_candidates,
    schema_errors,
)
from tests.conftest import REPO_ROOT, run_cli

SUB1_ID = "00000000-0000-0000-0000-000000000001"
ML = "Microsoft.MachineLearningServices/workspaces"
NOW = datetime(2026, 11, 26, tzinfo=UTC)


# --- the checks every log goes through ----------------------------------------------------------


class SarifLogs:
    """The logs this module produced, for one multitool run at the end."""

    def __init__(self) -> None:
        self.logs: dict[str, dict[str, Any]] = {}

    def check(self, sarif_log: str | Mapping[str, Any], producer: str) -> dict[str, Any]:
        document = json.loads(sarif_log) if isinstance(sarif_log, str) else dict(sarif_log)
        assert schema_errors(document) == [], f"{producer}: not valid SARIF 2.1.0"
        assert github_limit_errors(document) == [], f"{producer}: GitHub would reject it"
        self.logs[producer] = document
        return document


@pytest.fixture(scope="module")
def sarif_logs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SarifLogs]:
    logs = SarifLogs()
    yield logs
    if not logs.logs:
        return
    if multitool() is None:
        if in_ci():
            pytest.fail("Sarif.Multitool is missing: run scripts/install-sarif-multitool.sh")
        # Not a silent pass: the schema checks ran, GitHub's rules did not, and the run says so.
        pytest.skip(
            f"GitHub's ingestion rules not checked on {len(logs.logs)} SARIF logs: "
            "Sarif.Multitool is not installed (run scripts/install-sarif-multitool.sh)"
        )
    errors = github_rule_errors(logs.logs, tmp_path_factory.mktemp("multitool"))
    report = [f"{name}: {m}" for name, messages in sorted(errors.items()) for m in messages]
    assert report == [], "GitHub would reject these SARIF logs:\n" + "\n".join(report)


@pytest.fixture
def check_sarif(
    sarif_logs: SarifLogs, request: pytest.FixtureRequest
) -> Callable[[str | Mapping[str, Any]], dict[str, Any]]:
    """Validates a log (schema now, GitHub's rules at the end of the module); returns it parsed."""
    counter = itertools.count(1)

    def check(sarif_log: str | Mapping[str, Any]) -> dict[str, Any]:
        return sarif_logs.check(sarif_log, f"{request.node.name}-{next(counter)}")

    return check


Check = Callable[[str | Mapping[str, Any]], dict[str, Any]]


def render(scan: ScanResult, reporter: SarifReporter | None = None, **options: Any) -> str:
    stream = io.StringIO()
    notes = (reporter or SarifReporter(source_root=REPO_ROOT)).render(
        scan, stream, ReportOptions(**options)
    )
    assert notes == []
    return stream.getvalue()


def run_of(document: Mapping[str, Any]) -> dict[str, Any]:
    runs = document["runs"]
    assert len(runs) == 1  # GitHub: one run per category and upload
    run: dict[str, Any] = runs[0]
    return run


def fqn(result: Mapping[str, Any]) -> str:
    name: str = result["locations"][0]["logicalLocations"][0]["fullyQualifiedName"]
    return name


def line_of(path: Path, resource_id: str) -> int:
    """The line holding the resource's own `"id": ...` member."""
    lines = path.read_text(encoding="utf-8").splitlines()
    member = f'"id": {json.dumps(resource_id)}'
    return next(i for i, line in enumerate(lines, 1) if member in line)


# --- synthetic scans ----------------------------------------------------------------------------


def meta(rule_id: str, severity: Severity, title: str = "Workspace is public") -> RuleMeta:
    return RuleMeta(
        id=rule_id,
        title=title,
        severity=severity,
        resource_types=(ML,),
        category="network",
        rationale="Public workspaces can be reached with a stolen credential.",
        remediation=Remediation(
            description="Disable public network access.",
            az="az ml workspace update --public-network-access Disabled",
            bicep="properties: { publicNetworkAccess: 'Disabled' }",
        ),
        references=References(docs=("https://learn.microsoft.com/azure/machine-learning/",)),
    )


def workspace_id(name: str, group: str = "rg-ml") -> str:
    return f"/subscriptions/{SUB1_ID}/resourceGroups/{group}/providers/{ML}/{name}"


def failing(
    rule: RuleMeta,
    resource_id: str,
    severity: Severity | None = None,
    message: str | None = None,
    evidence: tuple[Evidence, ...] = (),
) -> Result:
    name = arm.name_of(resource_id)
    return Result(
        rule_id=rule.id,
        title=rule.title,
        severity=severity if severity is not None else rule.severity,
        status=Status.FAIL,
        resource_id=resource_id,
        resource_type=ML,
        resource_name=name,
        message=message or f"Workspace '{name}' allows public network access",
        evidence=evidence or (Evidence("properties.publicNetworkAccess", "Enabled", "Disabled"),),
        fingerprint=engine.fingerprint(rule.id, resource_id),
    )


def scan_of(results: list[Result], rules: list[RuleMeta]) -> ScanResult:
    return ScanResult(tuple(results), (), tuple(rules), ("test",), NOW, NOW, "0.1.0")


# --- the estate, as GitHub sees it --------------------------------------------------------------


def test_the_estate_as_github_code_scanning_sees_it(check_sarif: Check) -> None:
    document = check_sarif(render(estate_scan()))
    assert document["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    assert document["version"] == "2.1.0"
    run = run_of(document)
    driver = run["tool"]["driver"]
    assert (driver["name"], driver["version"], driver["informationUri"]) == (
        "aml-auditor",
        "0.1.0",
        "https://github.com/aml-auditor/aml-auditor",
    )
    assert [r["id"] for r in driver["rules"]] == ["AML101", "AML201", "AML301", "AML302"]
    # One result per failing evaluation, none for passes; the level follows the severity.
    assert {(r["ruleId"], fqn(r), r["level"]) for r in run["results"]} == {
        ("AML101", SCORE_KEY, "error"),
        ("AML201", FRAUD, "error"),
        ("AML201", LEGACY, "error"),
        ("AML201", ORPHAN, "error"),
        ("AML301", FRAUD, "warning"),
        ("AML301", LEGACY, "warning"),
        ("AML302", KV_FRAUD, "error"),
    }
    assert len(run["results"]) == 7
    scan = estate_scan()
    fingerprints = {(r.rule_id, r.resource_id): r.fingerprint for r in scan.results}
    for result in run["results"]:
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
        location = result["locations"][0]["physicalLocation"]
        # A snapshot resource points at its file (relative to the working tree) and its line.
        assert location["artifactLocation"] == {
            "uri": "examples/estate.json",
            "uriBaseId": "%SRCROOT%",
        }
        line = line_of(ESTATE, fqn(result))
        assert location["region"] == {"startLine": line, "endLine": line}
        fingerprint = fingerprints[(result["ruleId"], fqn(result))]
        assert result["partialFingerprints"] == {
            "primaryLocationLineHash": f"{fingerprint[:16]}:1",
            "amlAuditFingerprint/v1": fingerprint,
        }
        assert result["suppressions"] == []
        assert f"Resource: {fqn(result)}." in result["message"]["text"]
    # What could not be read or judged: error-level notifications, and the run still succeeded.
    invocation = run["invocations"][0]
    assert invocation["executionSuccessful"] is True
    assert {
        (
            n["level"],
            n["descriptor"]["id"],
            n.get("associatedRule", {}).get("id"),
            n["locations"][0]["logicalLocations"][0]["fullyQualifiedName"],
        )
        for n in invocation["toolExecutionNotifications"]
    } == {
        ("error", "unreadable-scope", None, SUB2),
        ("error", "not-assessed", "AML101", SUB2),
        ("error", "not-assessed", "AML201", SUB2),
        ("error", "not-assessed", "AML301", SUB2),
        ("error", "not-assessed", "AML301", ORPHAN),
        ("error", "not-assessed", "AML302", SUB2),
    }
    gap = next(
        n
        for n in invocation["toolExecutionNotifications"]
        if n["descriptor"]["id"] == "unreadable-scope"
    )
    assert gap["message"]["text"] == (
        f"Could not read resources under {SUB2} (HTTP 403 AuthorizationFailed): The client does "
        "not have authorization to perform action 'Microsoft.MachineLearningServices/workspaces/"
        f"read' over scope '{SUB2}'. Nothing there was assessed."
    )
    assert run["automationDetails"] == {"id": "aml-audit/"}
    assert run["properties"]["complete"] is False


def test_rules_carry_the_metadata_and_remediation_github_shows(check_sarif: Check) -> None:
    run = run_of(check_sarif(render(estate_scan())))
    rule = next(r for r in run["tool"]["driver"]["rules"] if r["id"] == "AML201")
    assert rule["name"] == "WorkspaceIsReachableFromThePublicInternet"
    assert rule["shortDescription"] == {"text": "Workspace is reachable from the public internet"}
    assert rule["fullDescription"]["text"].startswith("A workspace with public network access")
    assert rule["helpUri"] == (
        "https://learn.microsoft.com/azure/machine-learning/how-to-configure-private-link"
    )
    assert rule["defaultConfiguration"] == {"level": "error"}
    assert rule["properties"] == {
        "tags": ["security", "network", "azure", "azure-machine-learning", "external/mcsb/ns-2"],
        "precision": "high",
        "security-severity": "8.0",
    }
    markdown = rule["help"]["markdown"]
    assert (
        "```sh\naz ml workspace update --name <workspace> --resource-group <rg> "
        "--public-network-access Disabled\n```"
    ) in markdown
    assert "```bicep\nresource workspace 'Microsoft.MachineLearningServices/workspaces@" in markdown
    assert "[`438c38d2-3772-465a-a9cc-7a6666a275ce`](https://portal.azure.com/" in markdown
    assert ": NS-2" in markdown
    text = rule["help"]["text"]
    assert "How to fix: Disable public network access" in text
    assert "Azure Policy: /providers/Microsoft.Authorization/policyDefinitions/438c38d2" in text


def test_levels_and_security_severity_follow_each_severity(check_sarif: Check) -> None:
    rules = [meta(f"AML9{i}0", s) for i, s in enumerate(sorted(Severity, reverse=True))]
    results = [failing(r, workspace_id(f"ws-{r.severity.label}")) for r in rules]
    run = run_of(check_sarif(render(scan_of(results, rules))))
    by_rule = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    assert {
        res["ruleId"]: (
            res["level"],
            by_rule[res["ruleId"]]["defaultConfiguration"]["level"],
            by_rule[res["ruleId"]]["properties"]["security-severity"],
        )
        for res in run["results"]
    } == {
        "AML900": ("error", "error", "9.5"),  # critical
        "AML910": ("error", "error", "8.0"),  # high
        "AML920": ("warning", "warning", "5.5"),  # medium
        "AML930": ("warning", "warning", "3.0"),  # low
        "AML940": ("note", "note", "0.0"),  # info: CVSS "none"
    }


def test_a_result_whose_severity_the_rule_lowered_keeps_its_own_level(check_sarif: Check) -> None:
    rule = meta("AML900", Severity.HIGH)
    lowered = failing(rule, workspace_id("ws-lowered"), severity=Severity.LOW)
    run = run_of(check_sarif(render(scan_of([lowered], [rule]))))
    (result,) = run["results"]
    assert (result["level"], result["properties"]["security-severity"]) == ("warning", "3.0")
    assert run["tool"]["driver"]["rules"][0]["defaultConfiguration"] == {"level": "error"}


# --- suppressed results -------------------------------------------------------------------------


def test_suppressed_results_carry_their_reason_and_the_rest_an_empty_array(
    check_sarif: Check,
) -> None:
    scan = estate_scan()
    reasons = {
        KV_FRAUD: Suppression("Vault is rebuilt nightly by the pipeline", date(2027, 1, 31)),
        LEGACY: Suppression("Legacy workspace, retired in Q1"),
    }
    results = tuple(
        dataclasses.replace(r, status=Status.SUPPRESSED, suppression=reasons[r.resource_id])
        if r.status is Status.FAIL and r.resource_id in reasons and r.rule_id != "AML301"
        else r
        for r in scan.results
    )
    run = run_of(check_sarif(render(dataclasses.replace(scan, results=results))))
    suppressions = {(r["ruleId"], fqn(r)): r["suppressions"] for r in run["results"]}
    assert suppressions == {
        ("AML101", SCORE_KEY): [],
        ("AML201", FRAUD): [],
        ("AML201", LEGACY): [
            {
                "kind": "external",
                "status": "accepted",
                "justification": "Legacy workspace, retired in Q1",
                "properties": {"source": "config"},
            }
        ],
        ("AML201", ORPHAN): [],
        ("AML301", FRAUD): [],
        ("AML301", LEGACY): [],
        ("AML302", KV_FRAUD): [
            {
                "kind": "external",
                "status": "accepted",
                "justification": "Vault is rebuilt nightly by the pipeline",
                "properties": {"source": "config", "expires": "2027-01-31"},
            }
        ],
    }
    suppressed = next(r for r in run["results"] if r["ruleId"] == "AML302")
    assert (suppressed["level"], suppressed["properties"]["status"]) == ("error", "suppressed")


def test_baseline_state_is_carried_as_sarif_baseline_state(check_sarif: Check) -> None:
    rule = meta("AML900", Severity.HIGH)
    new = dataclasses.replace(failing(rule, workspace_id("ws-new")), baseline="new")
    known = dataclasses.replace(failing(rule, workspace_id("ws-known")), baseline="known")
    plain = failing(rule, workspace_id("ws-plain"))
    run = run_of(check_sarif(render(scan_of([new, known, plain], [rule]))))
    assert {fqn(r): r.get("baselineState") for r in run["results"]} == {
        workspace_id("ws-new"): "new",
        workspace_id("ws-known"): "unchanged",
        workspace_id("ws-plain"): None,
    }


# --- locations ----------------------------------------------------------------------------------


def live_snapshot(path: Path, ids: list[str]) -> Path:
    """A snapshot as `collect` writes it: every resource came from a live ARM URL."""
    resources = [{"id": rid, "type": ML, "name": arm.name_of(rid), "properties": {}} for rid in ids]
    origins = {
        rid: {"url": f"https://management.azure.com{rid}?api-version=2024-10-01"} for rid in ids
    }
    path.write_text(json.dumps({"resources": resources, "origins": origins}), encoding="utf-8")
    return path


def live_scan(path: Path) -> ScanResult:
    rules = [r for r in four_rules() if r.meta.id == "AML201"]
    return engine.evaluate(SnapshotSource(path).collect(), rules, now=NOW)


def test_live_resources_are_located_by_a_path_derived_from_their_id(
    check_sarif: Check, tmp_path: Path
) -> None:
    ids = [workspace_id("ws-live"), workspace_id("WS-Upper", group="RG-Other")]
    run = run_of(check_sarif(render(live_scan(live_snapshot(tmp_path / "live.json", ids)))))
    assert {
        fqn(r): (
            r["locations"][0]["physicalLocation"],
            r["locations"][0]["logicalLocations"][0]["name"],
        )
        for r in run["results"]
    } == {
        ids[0]: (
            {
                "artifactLocation": {
                    "uri": f"azure/{SUB1_ID}/rg-ml/microsoft.machinelearningservices/"
                    "workspaces/ws-live"
                },
                "region": {"startLine": 1},
            },
            "ws-live",
        ),
        ids[1]: (
            {
                "artifactLocation": {
                    "uri": f"azure/{SUB1_ID}/rg-other/microsoft.machinelearningservices/"
                    "workspaces/ws-upper"
                },
                "region": {"startLine": 1},
            },
            "WS-Upper",
        ),
    }


def test_snapshot_resources_point_at_their_file_when_it_is_in_the_working_tree(
    check_sarif: Check, tmp_path: Path
) -> None:
    ids = [workspace_id("ws-a"), workspace_id("ws-b")]
    snapshot = tmp_path / "infra" / "estate snapshot.json"
    snapshot.parent.mkdir()
    resources = [{"id": rid, "type": ML, "name": arm.name_of(rid), "properties": {}} for rid in ids]
    snapshot.write_text(json.dumps({"resources": resources}, indent=2), encoding="utf-8")
    scan = live_scan(snapshot)
    inside = run_of(check_sarif(render(scan, SarifReporter(source_root=tmp_path))))
    assert {fqn(r): r["locations"][0]["physicalLocation"] for r in inside["results"]} == {
        rid: {
            "artifactLocation": {"uri": "infra/estate%20snapshot.json", "uriBaseId": "%SRCROOT%"},
            "region": {"startLine": line_of(snapshot, rid), "endLine": line_of(snapshot, rid)},
        }
        for rid in ids
    }
    # A file outside the working tree cannot be shown by GitHub: the id-derived path it is.
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    outside = run_of(check_sarif(render(scan, SarifReporter(source_root=elsewhere))))
    assert {
        fqn(r): r["locations"][0]["physicalLocation"]["artifactLocation"]
        for r in outside["results"]
    } == {rid: {"uri": artifact_path(rid)} for rid in ids}


@pytest.mark.parametrize(
    ("resource_id", "path"),
    [
        (
            f"/subscriptions/{SUB1_ID}/resourceGroups/rg-ml/providers/{ML}/ws1",
            f"azure/{SUB1_ID}/rg-ml/microsoft.machinelearningservices/workspaces/ws1",
        ),
        (
            f"/SUBSCRIPTIONS/{SUB1_ID}/RESOURCEGROUPS/RG-ML/PROVIDERS/{ML.upper()}/WS1/",
            f"azure/{SUB1_ID}/rg-ml/microsoft.machinelearningservices/workspaces/ws1",
        ),
        (
            f"/subscriptions/{SUB1_ID}/resourceGroups/rg-ml/providers/{ML}/ws1/onlineEndpoints/ep",
            f"azure/{SUB1_ID}/rg-ml/microsoft.machinelearningservices/workspaces/ws1/"
            "onlineendpoints/ep",
        ),
        (f"/subscriptions/{SUB1_ID}", f"azure/{SUB1_ID}"),
        (f"/subscriptions/{SUB1_ID}/resourceGroups/rg-ml", f"azure/{SUB1_ID}/rg-ml"),
        (  # an extension resource keeps every id segment
            f"/subscriptions/{SUB1_ID}/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv"
            "/providers/Microsoft.Insights/diagnosticSettings/audit",
            f"azure/subscriptions/{SUB1_ID}/resourcegroups/rg/providers/microsoft.keyvault/"
            "vaults/kv/providers/microsoft.insights/diagnosticsettings/audit",
        ),
        (  # so does a subscription-level resource
            f"/subscriptions/{SUB1_ID}/providers/Microsoft.Security/pricings/default",
            f"azure/subscriptions/{SUB1_ID}/providers/microsoft.security/pricings/default",
        ),
        (  # names file systems or URIs dislike: replaced, plus a hash of the original
            f"/subscriptions/{SUB1_ID}/resourceGroups/rg/providers/{ML}/my ws:1",
            f"azure/{SUB1_ID}/rg/microsoft.machinelearningservices/workspaces/my_ws_1~"
            + hashlib.sha256(b"my ws:1").hexdigest()[:8],
        ),
        (
            f"/subscriptions/{SUB1_ID}/resourceGroups/rg/providers/{ML}/CON",
            f"azure/{SUB1_ID}/rg/microsoft.machinelearningservices/workspaces/con~"
            + hashlib.sha256(b"con").hexdigest()[:8],
        ),
        (
            f"/subscriptions/{SUB1_ID}/resourceGroups/rg/providers/{ML}/..",
            f"azure/{SUB1_ID}/rg/microsoft.machinelearningservices/workspaces/_~"
            + hashlib.sha256(b"..").hexdigest()[:8],
        ),
    ],
)
def test_artifact_paths_from_resource_ids(resource_id: str, path: str) -> None:
    assert artifact_path(resource_id) == path


def test_artifact_paths_stay_unique_and_safe() -> None:
    names = ["a b", "a_b", "a:b", "a%20b", "A B", "ws[1]", "wś", "ws.", "ws", "..", "...", "nul"]
    ids = {workspace_id(n) for n in names} - {workspace_id("A B")}  # same id as "a b" to ARM
    paths = {artifact_path(i) for i in ids}
    assert len(paths) == len(ids)
    for path in paths:
        assert re.fullmatch(r"azure(/[a-z0-9._()~-]+)+", path), path
        assert not {".", ".."} & set(path.split("/")), path
        assert not any(s.endswith(".") for s in path.split("/")), path
    assert artifact_path(workspace_id("A B")) == artifact_path(workspace_id("a b"))


# --- fingerprints -------------------------------------------------------------------------------


def alert_keys(run: Mapping[str, Any]) -> dict[tuple[str, str], tuple[Any, ...]]:
    """What GitHub matches alerts by: rule, fingerprints, path and line."""
    return {
        (r["ruleId"], arm.normalize_id(fqn(r))): (
            tuple(sorted(r["partialFingerprints"].items())),
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            r["locations"][0]["physicalLocation"]["region"]["startLine"],
        )
        for r in run["results"]
    }


def test_fingerprints_survive_reruns_and_the_case_arm_returns_ids_in(
    check_sarif: Check, tmp_path: Path
) -> None:
    ids = [workspace_id("ws-a"), workspace_id("ws-b"), workspace_id("ws-c", group="rg-2")]
    first = run_of(check_sarif(render(live_scan(live_snapshot(tmp_path / "1.json", ids)))))
    again = run_of(check_sarif(render(live_scan(live_snapshot(tmp_path / "2.json", ids)))))
    shouted = [i.upper().replace("/SUBSCRIPTIONS/", "/subscriptions/") for i in reversed(ids)]
    upper = run_of(check_sarif(render(live_scan(live_snapshot(tmp_path / "3.json", shouted)))))
    assert len(alert_keys(first)) == 3
    assert alert_keys(first) == alert_keys(again) == alert_keys(upper)


def test_several_results_of_a_rule_on_one_resource_get_distinct_fingerprints(
    check_sarif: Check,
) -> None:
    rule = meta("AML900", Severity.HIGH)
    rid = workspace_id("ws-twice")
    results = [failing(rule, rid, message="First problem"), failing(rule, rid, message="Second")]
    run = run_of(check_sarif(render(scan_of(results, [rule]))))
    fingerprint = engine.fingerprint("AML900", rid)
    assert [r["partialFingerprints"] for r in run["results"]] == [
        {"primaryLocationLineHash": f"{fingerprint[:16]}:1", "amlAuditFingerprint/v1": fingerprint},
        {
            "primaryLocationLineHash": f"{fingerprint[:16]}:2",
            "amlAuditFingerprint/v1": f"{fingerprint}:2",
        },
    ]


# --- what the text may carry --------------------------------------------------------------------


def test_evidence_that_looks_like_a_credential_is_redacted(check_sarif: Check) -> None:
    rule = meta("AML900", Severity.HIGH)
    secret = "DefaultEndpointsProtocol=https;AccountName=st;AccountKey=c2VjcmV0c2VjcmV0c2VjcmV0=="
    leaky = failing(
        rule,
        workspace_id("ws-leaky"),
        evidence=(Evidence("properties.connectionString", secret, "no inline key"),),
    )
    text = render(scan_of([leaky], [rule]))
    run = run_of(check_sarif(text))
    assert "c2VjcmV0" not in text
    (result,) = run["results"]
    redacted = "[redacted: looks like a storage connection string]"
    assert result["properties"]["evidence"] == [
        {"path": "properties.connectionString", "observed": redacted, "expected": "no inline key"}
    ]
    assert "properties.connectionString is \\[redacted: looks like" in result["message"]["text"]


def test_resource_names_cannot_plant_links_in_messages(check_sarif: Check) -> None:
    rule = meta("AML900", Severity.HIGH)
    rid = workspace_id("ws[click](https://evil.example)")
    run = run_of(check_sarif(render(scan_of([failing(rule, rid)], [rule]))))
    text = run["results"][0]["message"]["text"]
    assert "ws\\[click\\](https://evil.example)" in text
    assert re.search(r"(?<!\\)[\[\]]", text) is None  # every bracket escaped


def test_rule_names_are_pascal_case() -> None:
    assert rule_name("Key vault's purge protection is off") == "KeyVaultsPurgeProtectionIsOff"
    assert rule_name("Endpoint accepts shared API keys") == "EndpointAcceptsSharedAPIKeys"
    assert rule_name("AI Services account: local auth (keys) enabled") == (
        "AIServicesAccountLocalAuthKeysEnabled"
    )


# --- GitHub's limits ----------------------------------------------------------------------------


def big_scan() -> tuple[ScanResult, list[str], list[str]]:
    """25,010 failing results: 5 high, 25,000 low, 5 info; the ids of the low and info ones."""
    rule = meta("AML900", Severity.LOW)
    high = [failing(rule, workspace_id(f"ws-high-{i}"), Severity.HIGH) for i in range(5)]
    low_ids = [workspace_id(f"ws-low-{i:05d}", group=f"rg-{i % 40}") for i in range(25_000)]
    info_ids = [workspace_id(f"ws-info-{i}") for i in range(5)]
    low = [failing(rule, rid) for rid in low_ids]
    info = [failing(rule, rid, Severity.INFO) for rid in info_ids]
    return scan_of([*info, *low, *high], [rule]), low_ids, info_ids


def sample(document: dict[str, Any], keep: int = 25) -> dict[str, Any]:
    """The log with only its first and last results: the schema and GitHub's rules take ~30 s on
    25,000 results, every one made by the function the other tests check in full."""
    run = run_of(document)
    results = run["results"]
    trimmed = {**run, "results": results[:keep] + results[-keep:]}
    return {**document, "runs": [trimmed]}


@pytest.mark.slow
def test_beyond_25000_results_the_most_severe_are_kept(check_sarif: Check) -> None:
    scan, low_ids, info_ids = big_scan()
    stream = io.StringIO()
    notes = SarifReporter(source_root=REPO_ROOT).render(scan, stream, ReportOptions())
    document = json.loads(stream.getvalue())
    run = run_of(document)
    assert len(run["results"]) == 25_000
    kept = {fqn(r) for r in run["results"]}
    every = {r.resource_id for r in scan.results}
    # All 5 high and the first 24,995 low (in the scan's order) stay; no info, 5 low go.
    assert every - kept == set(info_ids) | set(low_ids[-5:])
    note = (
        "SARIF report holds 25000 of 25010 failing and suppressed results: GitHub code scanning "
        "accepts at most 25,000 results per run and 10,000,000 bytes gzipped, so the 10 least "
        "severe were left out; the lowest severity kept is low. The JSON report has them all."
    )
    assert notes == [note]
    notifications = run["invocations"][0]["toolExecutionNotifications"]
    assert [(n["level"], n["descriptor"]["id"], n["message"]["text"]) for n in notifications] == [
        ("error", "results-truncated", note)
    ]
    assert run["properties"]["complete"] is False
    assert (run["properties"]["resultsTotal"], run["properties"]["resultsReported"]) == (
        25_010,
        25_000,
    )
    for result in run["results"]:  # cheap structural checks on every one of them
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uri"].startswith("azure/")
        assert location["region"] == {"startLine": 1}
        assert result["partialFingerprints"]["primaryLocationLineHash"].endswith(":1")
    check_sarif(sample(document))


def test_beyond_the_gzip_limit_the_least_severe_go_until_it_fits(check_sarif: Check) -> None:
    rule = meta("AML900", Severity.MEDIUM)
    severities = [Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW, Severity.INFO]
    results = [
        failing(
            rule,
            workspace_id(f"ws-{i:03d}"),
            severities[i % 5],
            # hex digests barely compress, so each result costs a known share of the budget
            message=" ".join(hashlib.sha256(f"{i}-{j}".encode()).hexdigest() for j in range(6)),
        )
        for i in range(300)
    ]
    limit = 60_000
    stream = io.StringIO()
    notes = SarifReporter(max_gzip_bytes=limit, source_root=REPO_ROOT).render(
        scan_of(results, [rule]), stream, ReportOptions()
    )
    text = stream.getvalue()
    assert len(gzip.compress(text.encode("utf-8"))) <= limit
    run = run_of(check_sarif(text))
    kept = [r for r in results if r.resource_id in {fqn(x) for x in run["results"]}]
    assert 0 < len(kept) < 300
    # Exactly the most severe: everything kept is at least as severe as everything left out.
    dropped = [r for r in results if r not in kept]
    assert min(r.severity for r in kept) >= max(r.severity for r in dropped)
    assert notes == [
        f"SARIF report holds {len(kept)} of 300 failing and suppressed results: GitHub code "
        f"scanning accepts at most 25,000 results per run and 60,000 bytes gzipped, so the "
        f"{300 - len(kept)} least severe were left out; the lowest severity kept is "
        f"{min(r.severity for r in kept).label}. The JSON report has them all."
    ]


# --- the command line ---------------------------------------------------------------------------


@pytest.fixture
def aml(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> Iterator[Callable[..., tuple[int, str, str]]]:
    """`aml-audit ARGS` in this process, from an empty working directory."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level

    def run(*args: str) -> tuple[int, str, str]:
        monkeypatch.chdir(tmp_path)
        try:
            code = main(list(args))
        except SystemExit as exc:
            code = int(exc.code or 0)
        out, err = capsys.readouterr()
        return code, out, err

    yield run
    root.handlers[:] = handlers
    root.setLevel(level)


def test_format_sarif_prints_the_log_on_stdout(aml: Callable[..., Any], check_sarif: Check) -> None:
    code, out, err = aml("scan", *SELECT_FOUR, "--snapshot", str(ESTATE), "--format", "sarif")
    assert (code, err) == (1, "")
    run = run_of(check_sarif(out))
    assert len(run["results"]) == 7
    assert run["automationDetails"] == {"id": "aml-audit/"}


def test_output_files_by_extension_and_the_category_option(
    aml: Callable[..., Any], check_sarif: Check, tmp_path: Path
) -> None:
    code, out, err = aml(
        "scan",
        *SELECT_FOUR,
        "--snapshot",
        str(ESTATE),
        "-o",
        "out/results.sarif",
        "-o",
        "out/results.sarif.json",
        "--sarif-category",
        "aml-audit/prod",
    )
    assert (code, err) == (1, "")
    assert out.startswith("aml-audit 0.1.0")  # the console report still goes to stdout
    for name in ("results.sarif", "results.sarif.json"):
        run = run_of(check_sarif((tmp_path / "out" / name).read_text(encoding="utf-8")))
        assert run["automationDetails"] == {"id": "aml-audit/prod/"}
        assert {(r["ruleId"], fqn(r)) for r in run["results"]} >= {("AML302", KV_FRAUD)}


def test_the_config_file_sets_the_category_and_the_option_wins(
    aml: Callable[..., Any], check_sarif: Check, tmp_path: Path
) -> None:
    (tmp_path / "aml-audit.toml").write_text('sarif-category = "nightly/westeurope/"\n')
    scan = ("scan", *SELECT_FOUR, "--snapshot", str(ESTATE), "--format", "sarif")
    _, out, _ = aml(*scan)
    assert run_of(check_sarif(out))["automationDetails"] == {"id": "nightly/westeurope/"}
    _, out, _ = aml(*scan, "--sarif-category", "adhoc/")
    assert run_of(check_sarif(out))["automationDetails"] == {"id": "adhoc/"}


def test_a_bad_category_is_a_one_line_error(aml: Callable[..., Any], tmp_path: Path) -> None:
    code, out, err = aml("scan", "--snapshot", str(ESTATE), "--sarif-category", "my scope")
    assert (code, out) == (2, "")
    assert err == (
        "aml-audit: error: --sarif-category: the SARIF category must be a non-empty string "
        "without spaces, such as 'aml-audit/prod/' (got 'my scope')\n"
    )
    (tmp_path / "aml-audit.toml").write_text("sarif-category = 3\n")
    code, out, err = aml("scan", "--snapshot", str(ESTATE))
    assert code == 2
    assert err.startswith("aml-audit: error: ") and "'sarif-category'" in err
    assert err.count("\n") == 1


def test_left_out_results_are_reported_on_stderr(
    aml: Callable[..., Any], check_sarif: Check, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sarif, "REPORTER", SarifReporter(max_results=3))
    code, out, err = aml(
        "scan", *SELECT_FOUR, "--snapshot", str(ESTATE), "--format", "sarif", "-o", "r.sarif"
    )
    assert code == 1
    run = run_of(check_sarif(out))
    assert {(r["ruleId"], fqn(r)) for r in run["results"]} == {
        ("AML101", SCORE_KEY),
        ("AML201", ORPHAN),
        ("AML201", FRAUD),
    }  # all high: the first three in the scan's order (rule id, then lower-case id)
    assert err == (  # once, though two reports said it
        "WARNING auditor.plan.outputs: SARIF report holds 3 of 7 failing and suppressed "
        "results: GitHub code scanning accepts at most 3 results per run and 10,000,000 bytes "
        "gzipped, so the 4 least severe were left out; the lowest severity kept is high. "
        "The JSON report has them all.\n"
    )


@pytest.mark.slow
def test_a_live_scan_through_the_sdk_gives_a_log_github_accepts(
    check_sarif: Check, tmp_path: Path
) -> None:
    """The demo tenant, served by the ARM simulator over HTTPS and read through the real SDK: no
    resource has a file, so every location is derived from the resource's id."""
    with Simulator(demo_tenant()) as sim:
        env = {"AML_AUDIT_ACCESS_TOKEN": sim.token, "REQUESTS_CA_BUNDLE": str(sim.ca_file)}
        scan = run_cli(
            "scan",
            "--arm-endpoint",
            sim.url,
            "--auth",
            "token",
            "--quiet",
            "-o",
            str(tmp_path / "results.sarif"),
            "-o",
            str(tmp_path / "results.json"),
            env=env,
            cwd=tmp_path,
        )
    assert scan.returncode == 1, scan.stderr
    run = run_of(check_sarif((tmp_path / "results.sarif").read_text(encoding="utf-8")))
    report = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))
    failing = {
        (r["rule_id"], r["resource_id"])
        for r in report["results"]
        if r["status"] in ("fail", "suppressed")
    }
    assert {(r["ruleId"], fqn(r)) for r in run["results"]} == failing
    assert len(run["results"]) == len(failing) > 0
    for result in run["results"]:
        location = result["locations"][0]["physicalLocation"]
        assert location == {
            "artifactLocation": {"uri": artifact_path(fqn(result))},
            "region": {"startLine": 1},
        }
    gaps = {(g["scope"], g["status"]) for g in report["gaps"]}
    notified = {
        (n["properties"]["scope"], n["properties"]["status"])
        for n in run["invocations"][0]["toolExecutionNotifications"]
        if n["descriptor"]["id"] == "unreadable-scope"
    }
    assert notified == gaps != set()
    assert run["properties"]["complete"] is False


def test_formats_by_extension() -> None:
    assert Format.for_path(Path("out/results.sarif")) is Format.SARIF
    assert Format.for_path(Path("out/Results.SARIF.json")) is Format.SARIF
    assert Format.for_path(Path("out/results.json")) is Format.JSON
    assert Format.parse("sarif") is Format.SARIF


def test_categories_end_with_a_slash() -> None:
    assert normalize_category("aml-audit/prod") == "aml-audit/prod/"
    assert normalize_category("aml-audit/") == "aml-audit/"
    with pytest.raises(ReporterError):
        normalize_category(" ")


def test_passing_scans_give_an_empty_run(check_sarif: Check) -> None:
    scan = estate_scan()
    passing = tuple(r for r in scan.results if r.status is Status.PASS)
    run = run_of(check_sarif(render(dataclasses.replace(scan, results=passing, gaps=()))))
    assert run["results"] == []
    assert run["tool"]["driver"]["rules"] == []
    assert run["invocations"][0]["toolExecutionNotifications"] == []
    assert run["properties"]["complete"] is True
    assert CLAIMS not in json.dumps(run)


# --- the checker itself -------------------------------------------------------------------------


def test_github_rules_validator_is_installed() -> None:
    if multitool() is not None:
        return
    where = ", ".join(str(p) for p in multitool_candidates())
    message = (
        f"Sarif.Multitool not found (looked in {where}); run scripts/install-sarif-multitool.sh "
        f"and set {MULTITOOL_ENV}"
    )
    if in_ci():
        pytest.fail(message)
    pytest.skip(message)


@pytest.mark.slow
def test_the_checks_reject_what_github_rejects(tmp_path: Path) -> None:
    examples = SARIF_DIR / "examples"
    invalid = json.loads((examples / "level-critical.schema-invalid.sarif").read_text())
    assert schema_errors(invalid) == [
        "runs/0/results/0/level: 'critical' is not one of ['none', 'note', 'warning', 'error']"
    ]
    # The multitool rejects this one only for its missing help; GitHub also for "high".
    non_numeric = json.loads(
        (examples / "non-numeric-security-severity.rejected-by-github.sarif").read_text()
    )
    assert github_limit_errors(non_numeric) == [
        "runs[0].rules[0]: security-severity 'high' is not a number from 0.0 to 10.0 in a string"
    ]
    if multitool() is None:
        pytest.skip("Sarif.Multitool is not installed (test_github_rules_validator_is_installed)")
    names = [
        "azure-uri-scheme.rejected-by-github.sarif",
        "no-locations.rejected-by-github.sarif",
        "non-numeric-security-severity.rejected-by-github.sarif",
        "live-resource-pseudo-path.ok.sarif",
        "iac-endpoint-keyauth.ok.sarif",
    ]
    logs = {name: json.loads((examples / name).read_text()) for name in names}
    errors = github_rule_errors(logs, tmp_path)
    assert {name: sorted({e.split(":")[0] for e in found}) for name, found in errors.items()} == {
        "azure-uri-scheme.rejected-by-github.sarif": ["GH1005"],
        "no-locations.rejected-by-github.sarif": ["GH1001", "GH1015", "GH1017", "GH2012"],
        "non-numeric-security-severity.rejected-by-github.sarif": ["GH2012"],
    }
