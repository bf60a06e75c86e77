"""`aml-audit lint` on the Bicep and CLI YAML cases: the exact verdicts (rule, resource, status,
first line) each case file gives alone, and secrets in deployment environment variables never
reaching any report."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from auditor.controls.config import Config
from auditor.evaluate.results import ScanResult
from auditor.plan.options import lint_target, plan_scan
from auditor.plan.run import build_lint_source, run_scan
from tests.conftest import TEST_DATA, run_cli

IAC = TEST_DATA / "iac"


def lint(root: Path, *names: str) -> tuple[ScanResult, int]:
    target = lint_target(tuple(Path(name) for name in names), root=root)
    options = plan_scan(Config(), lint=target, progress=False)
    outcome = run_scan(options, sources=[build_lint_source(target)])
    return outcome.scan, int(outcome.exit_code)


# Each case file alone: every result on its resources (rule, resource name, status, first line
# of the location), and the exit code (1: a failure at or above low; 3: incomplete). A rule with
# no row gives no result there. Results on the template scope (a file problem) are checked below.
CASES: list[tuple[str, int, set[tuple[str, str, str, int | None]]]] = [
    (
        "yaml/compute-cluster-ssh.yml",
        1,
        {
            ("AML104", "gpu-cluster", "fail", 1),
            ("AML206", "gpu-cluster", "fail", 5),
            ("AML207", "gpu-cluster", "fail", 4),
            ("AML208", "gpu-cluster", "pass", 7),
        },
    ),
    (
        "yaml/compute-cluster.yml",
        1,
        {
            ("AML104", "cpu-cluster", "fail", 2),
            ("AML206", "cpu-cluster", "fail", 2),
            ("AML207", "cpu-cluster", "fail", 2),
            ("AML208", "cpu-cluster", "not_assessed", 2),
        },
    ),
    (
        "yaml/compute-instance-private.yml",
        1,
        {
            ("AML104", "ci-bob", "fail", 1),
            ("AML206", "ci-bob", "pass", 4),
            ("AML207", "ci-bob", "pass", 1),
            ("AML208", "ci-bob", "pass", 7),
            ("AML401", "ci-bob", "pass", 9),
        },
    ),
    (
        "yaml/compute-instance.yml",
        1,
        {
            ("AML104", "ci-alice", "fail", 2),
            ("AML206", "ci-alice", "fail", 2),
            ("AML207", "ci-alice", "fail", 6),
            ("AML208", "ci-alice", "not_assessed", 2),
            ("AML401", "ci-alice", "pass", 9),
        },
    ),
    (
        "yaml/connection-api-key.yml",
        1,
        {
            ("AML119", "openai", "not_assessed", 5),
            ("AML214", "openai", "not_assessed", 5),
            ("AML506", "openai", "not_assessed", 5),
            ("AML105", "openai", "fail", 6),
            ("AML107", "openai", "not_assessed", 5),
            ("AML212", "openai", "not_assessed", 5),
            ("AML312", "openai", "fail", 6),
            ("AML313", "openai", "fail", 6),
            ("AML314", "openai", "not_assessed", 5),
        },
    ),
    (
        "yaml/connection-entra.yml",
        3,  # the search service it names is not in the file: its Search rules are not assessed
        {
            ("AML120", "search", "not_assessed", 4),
            ("AML215", "search", "not_assessed", 4),
            ("AML105", "search", "pass", 7),
        },
    ),
    (
        "yaml/deployment-batch.yml",
        1,
        {
            ("AML311", "nightly", "fail", 7),
        },
    ),
    (
        "yaml/deployment-kubernetes.yml",
        0,
        {
            ("AML311", "blue", "pass", 2),
        },
    ),
    (
        "yaml/deployment-private.yml",
        0,
        {
            ("AML205", "green", "pass", 6),
            ("AML311", "green", "pass", 8),
            ("AML503", "green", "pass", 7),
        },
    ),
    (
        "yaml/deployment-secret.yml",
        1,
        {
            ("AML205", "blue", "fail", 3),
            ("AML311", "blue", "fail", 9),
            ("AML503", "blue", "fail", 3),
        },
    ),
    ("yaml/endpoint-batch-default.yml", 0, {("AML101", "batch-default", "pass", 3)}),
    (
        "yaml/endpoint-batch.yml",
        0,
        {
            ("AML101", "batch-score", "pass", 5),
        },
    ),
    (
        "yaml/endpoint-default.yml",
        1,
        {
            ("AML101", "ep-default", "fail", 2),
            ("AML102", "ep-default", "pass", 2),
            ("AML204", "ep-default", "fail", 2),
            ("AML502", "ep-default", "not_assessed", 2),
        },
    ),
    (
        "yaml/endpoint-entra.yml",
        3,
        {
            ("AML101", "ep-entra", "pass", 3),
            ("AML102", "ep-entra", "pass", 3),
            ("AML204", "ep-entra", "pass", 4),
            ("AML502", "ep-entra", "not_assessed", 1),
        },
    ),
    (
        "yaml/endpoint-key.yml",
        1,
        {
            ("AML101", "ep-key", "fail", 5),
            ("AML102", "ep-key", "pass", 5),
            ("AML204", "ep-key", "fail", 3),
            ("AML502", "ep-key", "not_assessed", 3),
        },
    ),
    (
        "yaml/endpoint-kubernetes.yml",
        1,
        {
            ("AML101", "ep-k8s", "pass", 4),
            ("AML102", "ep-k8s", "fail", 4),
            ("AML204", "ep-k8s", "fail", 1),
            ("AML502", "ep-k8s", "not_assessed", 1),
        },
    ),
    (
        "yaml/hub.yml",
        1,
        {
            ("AML106", "hub-ai", "fail", 2),
            ("AML110", "hub-ai", "fail", 2),
            ("AML201", "hub-ai", "fail", 2),
            ("AML203", "hub-ai", "fail", 5),
            ("AML301", "hub-ai", "fail", 2),
            ("AML501", "hub-ai", "not_assessed", 2),
        },
    ),
    (
        "yaml/registry.yml",
        0,
        {
            ("AML209", "reg-shared", "pass", 5),
        },
    ),
    (
        "yaml/serverless.yml",
        1,
        {
            ("AML103", "phi-serverless", "fail", 2),
            ("AML601", "phi-serverless", "pass", 2),
        },
    ),
    (
        "yaml/workspace-private.yml",
        3,
        {
            ("AML217", "mlw-private", "not_assessed", 6),
            ("AML316", "mlw-private", "not_assessed", 6),
            ("AML106", "mlw-private", "pass", 12),
            ("AML109", "mlw-private", "not_assessed", 6),
            ("AML110", "mlw-private", "pass", 14),
            ("AML201", "mlw-private", "pass", 4),
            ("AML203", "mlw-private", "pass", 11),
            ("AML301", "mlw-private", "pass", 7),
            ("AML308", "mlw-private", "not_assessed", 1),
            ("AML309", "mlw-private", "not_assessed", 9),
            ("AML501", "mlw-private", "not_assessed", 1),
        },
    ),
    (
        "yaml/workspace-public.yml",
        1,
        {
            ("AML106", "mlw-public", "fail", 2),
            ("AML110", "mlw-public", "fail", 2),
            ("AML201", "mlw-public", "fail", 2),
            ("AML203", "mlw-public", "fail", 2),
            ("AML301", "mlw-public", "fail", 2),
            ("AML501", "mlw-public", "not_assessed", 2),
        },
    ),
    ("yaml/job.yml", 0, set()),
    ("yaml/promptflow-connection.yml", 0, set()),
    (
        "yaml/suppressed.yml",
        3,
        {
            ("AML101", "ep-demo", "suppressed", 4),
            ("AML102", "ep-demo", "pass", 4),
            ("AML204", "ep-demo", "suppressed", 1),
            ("AML502", "ep-demo", "not_assessed", 1),
        },
    ),
    (
        "bicep/endpoints.bicep",
        1,
        {
            ("AML101", "batch-score", "pass", 49),
            ("AML101", "ep-entra", "pass", 31),
            ("AML101", "ep-key", "fail", 21),
            ("AML101", "ep-unknown", "not_assessed", 41),
            ("AML102", "ep-entra", "pass", 31),
            ("AML102", "ep-key", "pass", 21),
            ("AML102", "ep-unknown", "not_assessed", 41),
            ("AML204", "ep-entra", "pass", 32),
            ("AML204", "ep-key", "fail", 22),
            ("AML204", "ep-unknown", "fail", 36),
            ("AML502", "ep-entra", "fail", 26),
            ("AML502", "ep-key", "fail", 13),
            ("AML502", "ep-unknown", "fail", 36),
        },
    ),
    (
        "bicep/workspace.bicep",
        1,
        {
            ("AML217", "mlw-demo", "not_assessed", 50),
            ("AML316", "mlw-demo", "not_assessed", 50),
            ("AML106", "mlw-demo", "fail", 42),
            ("AML109", "mlw-demo", "not_assessed", 50),
            ("AML110", "mlw-demo", "fail", 46),
            ("AML201", "mlw-demo", "pass", 51),
            ("AML203", "mlw-demo", "pass", 53),
            ("AML210", "kv-demo", "fail", 20),
            ("AML301", "mlw-demo", "pass", 55),
            ("AML302", "kv-demo", "fail", 30),
            ("AML303", "kv-demo", "pass", 29),
            ("AML304", "kv-demo", "pass", 31),
            ("AML305", "cmk", "not_assessed", 34),
            ("AML306", "cmk", "fail", 34),
            ("AML308", "mlw-demo", "fail", 55),
            ("AML309", "mlw-demo", "not_assessed", 55),
            ("AML501", "mlw-demo", "fail", 42),
            ("AML504", "kv-demo", "fail", 20),
        },
    ),
    (
        "bicep/loops.bicep",
        1,
        {
            ("AML104", "ci-dev", "fail", 42),
            ("AML104", "cpu", "fail", 17),
            ("AML104", "gpu", "fail", 17),
            ("AML104", "name", "fail", 31),
            ("AML206", "ci-dev", "fail", 47),
            ("AML206", "cpu", "pass", 26),
            ("AML206", "gpu", "pass", 26),
            ("AML206", "name", "fail", 36),
            ("AML207", "ci-dev", "pass", 47),
            ("AML207", "cpu", "fail", 25),
            ("AML207", "gpu", "fail", 25),
            ("AML207", "name", "pass", 37),
            ("AML208", "ci-dev", "not_assessed", 47),
            ("AML208", "cpu", "not_assessed", 23),
            ("AML208", "gpu", "not_assessed", 23),
            ("AML208", "name", "not_assessed", 36),
            ("AML401", "ci-dev", "pass", 48),
        },
    ),
    (
        "bicep/modules_main.bicep",
        1,
        {
            ("AML101", "ep-mod", "pass", 8),
            ("AML102", "ep-mod", "fail", 8),
            ("AML204", "ep-mod", "fail", 4),
            ("AML205", "blue", "pass", 32),
            ("AML311", "blue", "fail", 34),
            ("AML502", "ep-mod", "not_assessed", 4),
            ("AML503", "blue", "fail", 23),
        },
    ),
    (
        "bicep/syntax_and_suppressions.bicep",
        1,
        {
            ("AML101", "ep-kept", "suppressed", 19),
            ("AML101", "ep-no-reason", "pass", 27),
            ("AML102", "ep-kept", "pass", 19),
            ("AML102", "ep-no-reason", "pass", 27),
            ("AML204", "ep-kept", "fail", 16),
            ("AML204", "ep-no-reason", "fail", 24),
            ("AML502", "ep-kept", "not_assessed", 16),
            ("AML502", "ep-no-reason", "not_assessed", 24),
        },
    ),
    (
        "bicep/diagnostics.bicep",
        1,
        {
            ("AML106", "mlw-logged", "fail", 35),
            ("AML106", "mlw-unlogged", "fail", 58),
            ("AML110", "mlw-logged", "fail", 35),
            ("AML110", "mlw-unlogged", "fail", 58),
            ("AML201", "mlw-logged", "pass", 40),
            ("AML201", "mlw-unlogged", "pass", 62),
            ("AML203", "mlw-logged", "fail", 35),
            ("AML203", "mlw-unlogged", "fail", 58),
            ("AML210", "kv-logged", "pass", 17),
            ("AML301", "mlw-logged", "fail", 35),
            ("AML301", "mlw-unlogged", "fail", 58),
            ("AML302", "kv-logged", "pass", 15),
            ("AML303", "kv-logged", "pass", 6),
            ("AML304", "kv-logged", "pass", 16),
            ("AML501", "mlw-logged", "pass", 35),
            ("AML501", "mlw-unlogged", "fail", 58),
            ("AML504", "kv-logged", "pass", 6),
        },
    ),
    (
        "bicep/services.bicep",
        1,
        {
            ("AML106", "mlw-services", "fail", 31),
            ("AML107", "ais-services", "fail", 49),
            ("AML108", "crmlservices", "fail", 27),
            ("AML109", "stmlservices", "pass", 16),
            ("AML110", "mlw-services", "fail", 31),
            ("AML201", "mlw-services", "pass", 37),
            ("AML203", "mlw-services", "fail", 31),
            ("AML209", "mlr-services", "fail", 58),
            ("AML212", "ais-services", "fail", 50),
            ("AML301", "mlw-services", "fail", 31),
            ("AML314", "ais-services", "fail", 41),
            ("AML501", "mlw-services", "fail", 31),
            # The Defender-gap rules: the AI account has no identity, no outbound restriction
            # and no logs; storage and registry are open to every network, blobs may be public.
            ("AML119", "ais-services", "fail", 41),
            ("AML214", "ais-services", "fail", 41),
            ("AML506", "ais-services", "fail", 41),
            ("AML217", "stmlservices", "fail", 8),
            ("AML316", "stmlservices", "fail", 8),
            ("AML219", "crmlservices", "fail", 20),
        },
    ),
    (
        "bicep/params",
        1,
        {
            ("AML210", "kv-from-params", "fail", 4),
            ("AML302", "kv-from-params", "pass", 13),
            ("AML303", "kv-from-params", "pass", 4),
            ("AML304", "kv-from-params", "fail", 4),
            ("AML504", "kv-from-params", "fail", 4),
        },
    ),
]


@pytest.mark.parametrize(("case", "exit_code", "expected"), CASES, ids=[c[0] for c in CASES])
def test_verdicts(case: str, exit_code: int, expected: set[tuple[str, str, str, int]]) -> None:
    folder, name = case.split("/", 1)
    scan, code = lint(IAC / folder, name)
    got = {
        (r.rule_id, r.resource_name, r.status.value, r.location.start_line if r.location else None)
        for r in scan.results
        if r.resource_id.startswith("/subscriptions/00000000-0000-0000-0000-000000000000/")
        or not r.resource_id.startswith("/subscriptions/")
    }
    assert got == expected
    assert code == exit_code


def test_a_malformed_file_is_a_gap_naming_its_line_and_the_run_goes_on() -> None:
    scan, code = lint(IAC / "yaml", "malformed.yml", "endpoint-key.yml")
    assert code == 1  # a failure outranks incompleteness
    assert [g.message for g in scan.gaps] == [
        "malformed.yml:4: YAML cannot be read (did not find expected ',' or ']'); fix it"
    ]
    assert ("AML101", "ep-key", "fail") in {
        (r.rule_id, r.resource_name, r.status.value) for r in scan.results
    }


SECRETS = (
    "sk-proj-Zx9Qw7Lm3Np5Rt8Vb2Hc6Jd4Kf1Gs0Ay",  # deployment-secret.yml
    # deployment-batch.yml
    "q3Zx9Qw7Lm3Np5Rt8Vb2Hc6Jd4Kf1Gs0AyTq3Zx9Qw7Lm3Np5Rt8Vb2Hc6Jd4Kf1Gs0Ay==",
    "sk-live-0123456789abcdefghijklmnopqrstuv",  # modules_main.bicep
    "3f9c2b7e1d4a6f8e0b5c9d2a7e4f1b3c",  # connection-api-key.yml
)


@pytest.mark.slow
def test_secrets_in_linted_files_reach_no_report(tmp_path: Path) -> None:
    work = tmp_path / "repo"
    work.mkdir()
    for source in (
        "yaml/deployment-secret.yml",
        "yaml/deployment-batch.yml",
        "yaml/connection-api-key.yml",
        "bicep/modules_main.bicep",
        "bicep/modules/endpoint.bicep",
    ):
        target = work / source
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(IAC / source, target)
    reports = [work / name for name in ("r.json", "r.sarif", "r.html", "r.md")]
    outputs = [arg for report in reports for arg in ("-o", str(report))]
    done = run_cli("lint", "yaml", "bicep", *outputs, cwd=work)
    assert done.returncode == 1, done.stderr
    assert "AML311" in done.stdout
    texts = [done.stdout, done.stderr] + [r.read_text(encoding="utf-8") for r in reports]
    for secret in SECRETS:
        for text in texts:
            assert secret not in text
    for secret in SECRETS:  # and the linted files are untouched
        assert any(
            secret in p.read_text(encoding="utf-8")
            for p in work.rglob("*.*")
            if p.suffix in {".yml", ".bicep"}
        )
