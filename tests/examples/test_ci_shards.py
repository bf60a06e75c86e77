"""The sharded CI examples (examples/ci/*-shards.yml, shown in docs/ci.md): they parse, have the
shape the docs describe, and their scripts work when run with bash against the ARM simulator: N
shard jobs, then the merge job, whose report equals one full scan; a missing shard is a warning.

As in test_ci.py, the steps around the scripts (checkout, azure/login, artifacts, upload-sarif)
are checked for their inputs; the artifact steps are played by copying files where the download
steps put them."""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

from auditor.simulator import Simulator, SimulatorOptions, generate_tenant
from auditor.simulator.tenant import new_guid
from tests.conftest import REPO_ROOT, cli_env, run_cli
from tests.examples.test_ci import load, run_script, step

GITHUB = REPO_ROOT / "examples" / "ci" / "github-actions-shards.yml"
AZURE = REPO_ROOT / "examples" / "ci" / "azure-pipelines-shards.yml"
SHARDS = 8


def test_docs_show_the_files_byte_for_byte() -> None:
    doc = (REPO_ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    for path in (GITHUB, AZURE):
        assert f"```yaml\n{path.read_text(encoding='utf-8')}```\n" in doc, path.name


def test_the_github_matrix_scans_n_shards_then_one_job_merges_them() -> None:
    workflow = load(GITHUB)
    scan, merge = workflow["jobs"]["scan"], workflow["jobs"]["merge"]
    assert scan["strategy"]["matrix"]["shard"] == list(range(1, SHARDS + 1))
    assert scan["strategy"]["fail-fast"] is False
    assert scan["env"]["SHARD"] == f"${{{{ matrix.shard }}}}/{SHARDS}"
    keep = step(scan["steps"], "Keep the shard's report")
    assert (keep["uses"], keep["with"]["name"]) == (
        "actions/upload-artifact@v6",
        "aml-audit-shard-${{ matrix.shard }}",
    )
    # "Re-run failed jobs" (what a missing shard's gap advises) re-runs the merge, and v4 refuses
    # (409) an artifact name the run already has unless told to overwrite it: the report of the
    # re-run merge would be lost, and the next run compared against the first, shard-less one.
    kept = step(merge["steps"], "Keep the report (the next run's baseline)")
    assert (kept["with"]["name"], keep["with"]["overwrite"], kept["with"]["overwrite"]) == (
        "aml-audit-report",
        True,
        True,
    )
    assert (merge["needs"], merge["if"]) == ("scan", "always()")
    fetch = step(merge["steps"], "Fetch the shards' reports")
    assert fetch["uses"] == "actions/download-artifact@v6"
    assert fetch["with"] == {"pattern": "aml-audit-shard-*", "path": "shards"}
    upload = step(merge["steps"], "Upload SARIF to code scanning")
    assert upload["uses"] == "github/codeql-action/upload-sarif@v4"
    assert upload["with"] == {
        "sarif_file": "results.sarif",
        "category": "${{ env.SARIF_CATEGORY }}",
    }
    assert "GITHUB_STEP_SUMMARY" in step(merge["steps"], "Job summary")["run"]
    for job in (scan, merge):
        for s in job["steps"]:
            assert "${{" not in s.get("run", ""), s.get("name")


def test_the_azure_pipeline_has_a_shard_matrix_then_a_merge_stage() -> None:
    pipeline = load(AZURE)
    scan, merge = pipeline["stages"]
    (shard_job,) = scan["jobs"]
    matrix = shard_job["strategy"]["matrix"]
    assert [entry["shard"] for entry in matrix.values()] == list(range(1, SHARDS + 1))
    assert pipeline["variables"]["shardCount"] == SHARDS
    (publish,) = [s for s in shard_job["steps"] if "publish" in s]
    assert publish["artifact"] == "aml-audit-shard-$(shard)"
    assert (merge["dependsOn"], merge["condition"]) == ("scan", "succeededOrFailed()")
    (merge_job,) = merge["jobs"]
    (download,) = [s for s in merge_job["steps"] if "download" in s]
    assert (download["download"], download["patterns"]) == (
        "current",
        "aml-audit-shard-*/shard.json",
    )
    for job in (shard_job, merge_job):
        for s in job["steps"]:
            script = s.get("bash", "") + s.get("inputs", {}).get("inlineScript", "")
            assert "$(" not in script, s.get("displayName")


# --- running the scripts ------------------------------------------------------------------------


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """An environment whose `aml-audit` runs this checkout."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    shim = bin_dir / "aml-audit"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m auditor "$@"\n', encoding="utf-8")
    shim.chmod(0o755)
    found = cli_env()
    found["PATH"] = f"{bin_dir}{os.pathsep}{found['PATH']}"
    for name in ("GITHUB_OUTPUT", "GITHUB_STEP_SUMMARY", "AML_AUDIT_ACCESS_TOKEN"):
        found.pop(name, None)
    return found


def outcomes(path: Path) -> list[dict[str, Any]]:
    """The report's results whole, in its order: merged shards equal the full scan in every
    field (message, evidence, location...), not only in rule, resource and status."""
    results: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))["results"]
    return results


def _tenant() -> Any:
    tenant = generate_tenant(
        6, 2, online_endpoints=1, deployments=1, computes=1, connections=1, keys=1, secrets=1
    )
    tenant.add_subscription(new_guid("ci-shards/locked"), "locked", unreadable=True)
    return tenant


@pytest.mark.slow
def test_the_github_jobs_against_the_simulator(tmp_path: Path, env: dict[str, str]) -> None:
    workflow = load(GITHUB)
    scan_job, merge_job = workflow["jobs"]["scan"], workflow["jobs"]["merge"]
    shard_script = step(scan_job["steps"], "Scan one shard")["run"]
    assert shard_script.count("--auth cli") == 1
    merge_dir = tmp_path / "merge"
    with Simulator(_tenant(), SimulatorOptions(throttle=False)) as sim:
        live = {"AML_AUDIT_ACCESS_TOKEN": sim.token, "REQUESTS_CA_BUNDLE": str(sim.ca_file)}
        script = shard_script.replace("--auth cli", f'--auth token --arm-endpoint "{sim.url}"')
        full = run_cli(
            "scan", "--auth", "token", "--arm-endpoint", sim.url, "-q",
            "-o", str(tmp_path / "full.json"), env=live,
        )  # fmt: skip
        for index in range(1, SHARDS + 1):
            job = tmp_path / f"shard-{index}"
            job.mkdir()
            shard_env = {**env, **live, "SHARD": f"{index}/{SHARDS}"}
            done = run_script(script, job, shard_env)
            assert done.code == 0, done.stderr
            # upload-artifact, then download-artifact: one folder per artifact
            artifact = merge_dir / "shards" / f"aml-audit-shard-{index}"
            artifact.mkdir(parents=True)
            shutil.copy(job / "shard.json", artifact / "shard.json")
        reads_only = all(r.is_read for r in sim.request_log)  # GETs and the graph query
    assert reads_only

    def run_merge_job(workdir: Path) -> tuple[str, str, int, str]:
        summary = workdir / "step_summary.md"
        summary.write_text("", encoding="utf-8")
        job_env = {**env, **merge_job["env"], "GITHUB_STEP_SUMMARY": str(summary)}
        merged = run_script(step(merge_job["steps"], "Merge")["run"], workdir, job_env)
        assert merged.code == 0, merged.stderr
        run_script(step(merge_job["steps"], "Job summary")["run"], workdir, job_env)
        verdict = run_script(
            step(merge_job["steps"], "Verdict")["run"],
            workdir,
            {**job_env, "MERGE_EXIT": merged.outputs["code"]},
        )
        return merged.outputs["code"], verdict.stdout, verdict.code, summary.read_text()

    code, verdict, verdict_code, summary = run_merge_job(merge_dir)
    assert (code, verdict_code, full.returncode) == ("1", 1, 1)
    assert verdict == (
        "::error title=aml-audit::new failing results: see the job summary and code scanning\n"
    )
    assert outcomes(merge_dir / "report.json") == outcomes(tmp_path / "full.json")
    assert summary.startswith("## aml-audit: ")
    sarif = json.loads((merge_dir / "results.sarif").read_text(encoding="utf-8"))
    assert [r["automationDetails"]["id"] for r in sarif["runs"]] == ["aml-audit/estate/"]

    # The next run: the merged report is the baseline; one shard's job failed (no artifact).
    second = tmp_path / "merge-2"
    shutil.copytree(merge_dir / "shards", second / "shards")
    (second / "previous").mkdir()
    shutil.copy(merge_dir / "report.json", second / "previous" / "report.json")
    holding = next(
        p
        for p in sorted((second / "shards").iterdir())
        if json.loads((p / "shard.json").read_text())["scan"]["scopes"]
    )
    shutil.rmtree(holding)
    code, verdict, verdict_code, summary = run_merge_job(second)
    assert (code, verdict_code) == ("3", 1)
    assert verdict.startswith("::warning title=aml-audit::incomplete scan: a shard is missing")
    index = holding.name.removeprefix("aml-audit-shard-")
    assert f"shard {index}/{SHARDS} was not merged" in summary


@pytest.mark.slow
def test_the_azure_devops_jobs_against_the_simulator(tmp_path: Path, env: dict[str, str]) -> None:
    pipeline = load(AZURE)
    (shard_job,) = pipeline["stages"][0]["jobs"]
    (merge_job,) = pipeline["stages"][1]["jobs"]
    (scan_step,) = [s for s in shard_job["steps"] if s.get("task") == "AzureCLI@2"]
    (merge_step,) = [s for s in merge_job["steps"] if "bash" in s]
    script = scan_step["inputs"]["inlineScript"]
    workspace = tmp_path / "pipeline"
    tenant = _tenant()
    with Simulator(tenant, SimulatorOptions(throttle=False)) as sim:
        live = {"AML_AUDIT_ACCESS_TOKEN": sim.token, "REQUESTS_CA_BUNDLE": str(sim.ca_file)}
        script = script.replace("--auth cli", f'--auth token --arm-endpoint "{sim.url}"')
        for index in range(1, SHARDS + 1):
            job = tmp_path / f"agent-{index}"
            (job / "s").mkdir(parents=True)
            out = job / "a" / "shard"
            shard_env = {
                **env,
                **live,
                "SHARD": str(index),
                "SHARD_COUNT": str(SHARDS),
                "OUT": str(out),
            }
            done = run_script(script, job / "s", shard_env)
            assert done.code == 0, done.stderr
            # publish, then `download: current`: $(Pipeline.Workspace)/<artifact>/shard.json
            artifact = workspace / f"aml-audit-shard-{index}"
            artifact.mkdir(parents=True)
            shutil.copy(out / "shard.json", artifact / "shard.json")
    out = workspace / "a" / "aml-audit"
    (workspace / "s").mkdir()
    merged = run_script(
        merge_step["bash"],
        workspace / "s",
        {**env, "PIPELINE_WORKSPACE": str(workspace), "OUT": str(out)},
    )
    assert merged.code == 1, merged.stderr
    assert [line for line in merged.stdout.splitlines() if line.startswith("##vso[")] == [
        f"##vso[task.uploadsummary]{out}/summary.md",
        "##vso[task.logissue type=error]aml-audit: new failing results, see the Extensions tab",
    ]
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    # Every subscription, the locked one with its gap.
    assert sorted(report["scan"]["scopes"]) == sorted(
        f"/subscriptions/{s}" for s in tenant.subscription_ids
    )
    assert re.search(r"\*\*Incomplete:\*\*", (out / "summary.md").read_text(encoding="utf-8"))
