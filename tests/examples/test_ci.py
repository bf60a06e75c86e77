"""The CI examples in examples/ci/ (and docs/ci.md, which shows them): they parse, have the shape
the docs describe, and the steps that run aml-audit work when executed with bash -- against the
example snapshot, and against the ARM simulator with the real Azure SDK.

No machine here reaches GitHub or Azure DevOps, so the steps around the scan (checkout,
azure/login, upload-sarif, artifacts) are checked for their inputs, not run; the scan, summary and
verdict steps are run as the runner would run them: `bash --noprofile --norc -eo pipefail`, with
the step's `env`, `$GITHUB_OUTPUT` and `$GITHUB_STEP_SUMMARY` files, and `aml-audit` on PATH
running this checkout.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import REPO_ROOT, cli_env

GITHUB = REPO_ROOT / "examples" / "ci" / "github-actions.yml"
AZURE = REPO_ROOT / "examples" / "ci" / "azure-pipelines.yml"
ESTATE = REPO_ROOT / "examples" / "estate.json"
LIVE_LOGIN = '--auth cli --subscription "$AZURE_SUBSCRIPTION_ID"'
ADO_LIVE_LOGIN = '--auth cli --subscription "$SUBSCRIPTION_ID"'
EXPRESSION = re.compile(r"\$\{\{\s*([^}]*?)\s*\}\}")


def load(path: Path) -> dict[Any, Any]:
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(document, dict)
    return document


def github_steps() -> list[dict[str, Any]]:
    steps: list[dict[str, Any]] = load(GITHUB)["jobs"]["scan"]["steps"]
    return steps


def step(steps: list[dict[str, Any]], name: str) -> dict[str, Any]:
    (found,) = [s for s in steps if s.get("name") == name or s.get("id") == name]
    return found


# --- shape --------------------------------------------------------------------------------------


def test_docs_show_the_files_byte_for_byte() -> None:
    doc = (REPO_ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    for path in (GITHUB, AZURE):
        assert f"```yaml\n{path.read_text(encoding='utf-8')}```\n" in doc, path.name


def test_the_github_workflow_is_scheduled_and_signs_in_with_oidc() -> None:
    workflow = load(GITHUB)
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert [entry["cron"] for entry in triggers["schedule"]] == ["17 5 * * 1-5"]
    assert "workflow_dispatch" in triggers
    assert workflow["permissions"] == {
        "contents": "read",
        "id-token": "write",
        "security-events": "write",
        "actions": "read",
    }
    steps = github_steps()
    login = step(steps, "Sign in to Azure (OIDC)")
    assert login["uses"] == "azure/login@v2"
    assert sorted(login["with"]) == ["client-id", "subscription-id", "tenant-id"]  # no secret
    upload = step(steps, "Upload SARIF to code scanning")
    assert upload["uses"] == "github/codeql-action/upload-sarif@v4"
    assert upload["with"] == {
        "sarif_file": "results.sarif",
        "category": "${{ env.SARIF_CATEGORY }}",
    }
    assert upload["if"].startswith("always()")
    keep = step(steps, "Keep the report (the next run's baseline)")
    assert keep["uses"] == "actions/upload-artifact@v6"
    assert keep["with"]["name"] == "aml-audit-report"
    assert "report.json" in keep["with"]["path"].split()
    fetch = step(steps, "Fetch the previous report (the baseline)")
    assert "--name aml-audit-report --dir previous" in fetch["run"]
    assert [s.get("if") for s in steps[-4:]] == [
        "always()",
        "always() && hashFiles('results.sarif') != ''",
        "always() && hashFiles('report.json') != ''",
        "always()",
    ]


def test_no_expression_is_expanded_inside_a_script() -> None:
    """`${{ }}` in a `run:` is pasted into the script before bash parses it: an injection risk.
    Values reach scripts through `env:` instead."""
    for s in github_steps():
        assert "${{" not in s.get("run", ""), s.get("name")
    for s in load(AZURE)["steps"]:
        script = s.get("script", "") + s.get("inputs", {}).get("inlineScript", "")
        assert "$(" not in script.replace("$(az account", ""), s.get("displayName")


def test_the_azure_pipeline_is_scheduled_and_uses_the_azure_cli_task() -> None:
    pipeline = load(AZURE)
    assert (pipeline["trigger"], pipeline["pr"]) == ("none", "none")
    (schedule,) = pipeline["schedules"]
    assert (schedule["cron"], schedule["always"]) == ("17 5 * * 1-5", True)
    tasks = {s.get("task"): s for s in pipeline["steps"] if "task" in s}
    scan = tasks["AzureCLI@2"]
    assert scan["inputs"]["azureSubscription"] == "$(serviceConnection)"
    assert scan["inputs"]["scriptType"] == "bash"
    download = tasks["DownloadPipelineArtifact@2"]["inputs"]
    assert (download["artifact"], download["allowFailedBuilds"]) == ("aml-audit-report", True)
    (publish,) = [s for s in pipeline["steps"] if "publish" in s]
    assert (publish["artifact"], publish["condition"]) == (
        "aml-audit-report",
        "succeededOrFailed()",
    )


# --- running the steps --------------------------------------------------------------------------


@dataclass
class Outcome:
    code: int
    stdout: str
    stderr: str
    outputs: dict[str, str]


@pytest.fixture
def aml_audit_on_path(tmp_path: Path) -> dict[str, str]:
    """An environment whose `aml-audit` runs this checkout."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    shim = bin_dir / "aml-audit"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m auditor "$@"\n', encoding="utf-8")
    shim.chmod(0o755)
    env = cli_env()
    env["PATH"] = f"{bin_dir}{os.pathsep}{env['PATH']}"
    for name in ("GITHUB_OUTPUT", "GITHUB_STEP_SUMMARY", "AML_AUDIT_ACCESS_TOKEN"):
        env.pop(name, None)
    return env


def run_script(script: str, cwd: Path, env: Mapping[str, str]) -> Outcome:
    outputs_file = cwd / ".github_output"
    outputs_file.write_text("", encoding="utf-8")
    path = cwd / ".step.sh"
    path.write_text(script, encoding="utf-8")
    done = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(path)],
        cwd=cwd,
        env={**env, "GITHUB_OUTPUT": str(outputs_file)},
        capture_output=True,
        text=True,
        timeout=300,
        stdin=subprocess.DEVNULL,
    )
    outputs = dict(
        line.split("=", 1) for line in outputs_file.read_text(encoding="utf-8").splitlines()
    )
    return Outcome(done.returncode, done.stdout, done.stderr, outputs)


class GithubJob:
    """Runs the workflow's scan, summary and verdict steps as a runner would, expressions and
    `env:` resolved from the given variables and the steps' outputs."""

    def __init__(self, workdir: Path, env: dict[str, str], variables: dict[str, str]) -> None:
        self.workdir = workdir
        self.env = env
        self.variables = variables
        self.outputs: dict[str, dict[str, str]] = {}
        self.summary = workdir / "step_summary.md"
        self.summary.write_text("", encoding="utf-8")
        self.job_env = {k: self.expand(v) for k, v in load(GITHUB)["jobs"]["scan"]["env"].items()}

    def expand(self, value: str) -> str:
        def one(match: re.Match[str]) -> str:
            expression = match.group(1)
            if expression.startswith("vars."):
                return self.variables[expression.removeprefix("vars.")]
            if expression.startswith("steps."):
                step_id, _, key = expression.removeprefix("steps.").split(".")
                return self.outputs.get(step_id, {}).get(key, "")
            if expression.startswith("env."):
                return self.job_env[expression.removeprefix("env.")]
            raise AssertionError(f"unexpected expression {expression}")

        return EXPRESSION.sub(one, str(value))

    def run(self, name: str, substitute: tuple[str, str] | None = None) -> Outcome:
        definition = step(github_steps(), name)
        script = definition["run"]
        if substitute is not None:
            assert script.count(substitute[0]) == 1, f"{substitute[0]!r} not once in {name!r}"
            script = script.replace(*substitute)
        env = {**self.env, **self.job_env, "GITHUB_STEP_SUMMARY": str(self.summary)}
        env.update({k: self.expand(v) for k, v in definition.get("env", {}).items()})
        outcome = run_script(script, self.workdir, env)
        if "id" in definition:
            self.outputs[definition["id"]] = outcome.outputs
        return outcome


def scheduled_runs(
    tmp_path: Path, env: dict[str, str], variables: dict[str, str], live: tuple[str, str]
) -> Iterator[tuple[GithubJob, Outcome, Outcome, Outcome]]:
    """Two scheduled runs: the first has no baseline, the second gets the first's report as the
    artifact step would fetch it."""
    for number in (1, 2):
        workdir = tmp_path / f"run{number}"
        workdir.mkdir()
        if number == 2:
            (workdir / "previous").mkdir()
            shutil.copy(tmp_path / "run1" / "report.json", workdir / "previous" / "report.json")
        job = GithubJob(workdir, env, variables)
        scan = job.run("Scan", live)
        summary = job.run("Job summary")
        verdict = job.run("Verdict")
        yield job, scan, summary, verdict


def failing(report: dict[str, Any]) -> set[str]:
    return {r["fingerprint"] for r in report["results"] if r["status"] == "fail"}


def check_two_runs(tmp_path: Path, runs: list[tuple[GithubJob, Outcome, Outcome, Outcome]]) -> None:
    (first, scan1, summary1, verdict1), (second, scan2, _, verdict2) = runs
    report1 = json.loads((first.workdir / "report.json").read_text(encoding="utf-8"))
    report2 = json.loads((second.workdir / "report.json").read_text(encoding="utf-8"))
    assert failing(report1), "the estate must have failing results for this test to mean much"

    # First run: no baseline, failing results -> exit 1, the job fails with an error annotation.
    assert (scan1.code, scan1.outputs) == (0, {"code": "1"}), scan1.stderr
    assert (summary1.code, verdict1.code) == (0, 1)
    assert verdict1.stdout == (
        "::error title=aml-audit::new failing results: see the job summary and code scanning\n"
    )
    assert (first.workdir / "summary.md").read_text(encoding="utf-8") == first.summary.read_text(
        encoding="utf-8"
    )
    heading = first.summary.read_text(encoding="utf-8").splitlines()[0]
    state = "complete" if report1["scan"]["complete"] else "INCOMPLETE"
    assert heading == f"## aml-audit: {len(failing(report1))} failing results, scan {state}"
    for run in (first, second):
        sarif = json.loads((run.workdir / "results.sarif").read_text(encoding="utf-8"))
        assert sarif["version"] == "2.1.0"
        category = run.job_env["SARIF_CATEGORY"]
        assert [r["automationDetails"]["id"] for r in sarif["runs"]] == [category]

    # Second run: the first run's report is the baseline and nothing new fails: exit 0 when the
    # scan was complete, 3 when it was not (the job still fails, with a warning).
    assert failing(report2) == failing(report1)
    assert {r["baseline"] for r in report2["results"] if r["status"] == "fail"} == {"known"}
    expected = "0" if report2["scan"]["complete"] else "3"
    assert (scan2.code, scan2.outputs) == (0, {"code": expected}), scan2.stderr
    summary = second.summary.read_text(encoding="utf-8")
    assert f"**Against the baseline:** 0 new, {len(failing(report1))} known, 0 resolved" in summary
    if expected == "3":
        assert verdict2.code == 1
        assert verdict2.stdout.startswith("::warning title=aml-audit::incomplete scan:")
        assert "### What could not be checked" in summary
    else:
        assert (verdict2.code, verdict2.stdout) == (
            0,
            "aml-audit: nothing new is failing and the scan was complete\n",
        )


VARIABLES = {
    "AZURE_CLIENT_ID": "11111111-1111-1111-1111-111111111111",
    "AZURE_TENANT_ID": "22222222-2222-2222-2222-222222222222",
}


def test_the_github_steps_against_the_example_snapshot(
    tmp_path: Path, aml_audit_on_path: dict[str, str]
) -> None:
    variables = {**VARIABLES, "AZURE_SUBSCRIPTION_ID": "00000000-0000-0000-0000-000000000001"}
    live = (LIVE_LOGIN, f'--snapshot "{ESTATE}"')
    runs = list(scheduled_runs(tmp_path, aml_audit_on_path, variables, live))
    check_two_runs(tmp_path, runs)
    assert runs[1][1].outputs == {"code": "3"}  # the example estate has an unreadable subscription


@pytest.mark.slow
def test_the_github_steps_against_the_simulator(
    tmp_path: Path, aml_audit_on_path: dict[str, str]
) -> None:
    from auditor.simulator import Simulator, SimulatorOptions, demo_tenant
    from auditor.simulator.demo.base import PROD

    with Simulator(demo_tenant(), SimulatorOptions(throttle=False)) as sim:
        env = {
            **aml_audit_on_path,
            "AML_AUDIT_ACCESS_TOKEN": sim.token,
            "REQUESTS_CA_BUNDLE": sim.ca_file,
        }
        variables = {**VARIABLES, "AZURE_SUBSCRIPTION_ID": PROD}
        live = ("--auth cli", f'--auth token --arm-endpoint "{sim.url}"')
        runs = list(scheduled_runs(tmp_path, env, variables, live))
        log = sim.request_log
    check_two_runs(tmp_path, runs)
    assert runs[1][1].outputs == {"code": "3"}  # a connections listing in PROD answers 403
    # Reads only, in CI as anywhere: GETs and Resource Graph queries, never a write.
    assert log and all(record.is_read for record in log)
    assert {r.method for r in log} == {"GET", "POST"}


def vso(stdout: str) -> list[str]:
    """The logging commands Azure Pipelines reads from a step's output (the console report is
    the rest)."""
    return [line for line in stdout.splitlines() if line.startswith("##vso[")]


def test_the_azure_devops_scan_against_the_example_snapshot(
    tmp_path: Path, aml_audit_on_path: dict[str, str]
) -> None:
    (scan_step,) = [s for s in load(AZURE)["steps"] if s.get("task") == "AzureCLI@2"]
    script = scan_step["inputs"]["inlineScript"]
    assert script.count(ADO_LIVE_LOGIN) == 1
    script = script.replace(ADO_LIVE_LOGIN, f'--snapshot "{ESTATE}"')
    workspace = tmp_path / "pipeline"
    (workspace / "s").mkdir(parents=True)
    out = workspace / "a" / "aml-audit"
    env = {
        **aml_audit_on_path,
        "PIPELINE_WORKSPACE": str(workspace),
        "SUBSCRIPTION_ID": "00000000-0000-0000-0000-000000000001",
        "OUT": str(out),
    }
    assert scan_step["env"] == {
        "SUBSCRIPTION_ID": "$(subscriptionId)",
        "OUT": "$(Build.ArtifactStagingDirectory)/aml-audit",
    }

    first = run_script(script, workspace / "s", env)
    assert first.code == 1, first.stderr
    assert vso(first.stdout) == [
        f"##vso[task.uploadsummary]{out}/summary.md",
        "##vso[task.logissue type=error]aml-audit: new failing results, see the Extensions tab",
    ]
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    sarif = json.loads((out / "results.sarif").read_text(encoding="utf-8"))
    assert [r["automationDetails"]["id"] for r in sarif["runs"]] == [
        "aml-audit/00000000-0000-0000-0000-000000000001/"
    ]

    # The next scheduled run downloads the published report into $(Pipeline.Workspace)/previous.
    (workspace / "previous").mkdir()
    shutil.copy(out / "report.json", workspace / "previous" / "report.json")
    second = run_script(script, workspace / "s", env)
    assert second.code == 0, second.stderr
    assert vso(second.stdout) == [
        f"##vso[task.uploadsummary]{out}/summary.md",
        "##vso[task.logissue type=warning]aml-audit: incomplete scan, some scopes could not be "
        "read",
        "##vso[task.complete result=SucceededWithIssues;]incomplete scan",
    ]
    again = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert failing(again) == failing(report)
    assert {r["baseline"] for r in again["results"] if r["status"] == "fail"} == {"known"}
