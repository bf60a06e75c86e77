"""action.yml (the repository as a composite GitHub Action) and the pull-request workflow that
uses it (examples/ci/github-lint-pr.yml, shown in docs/ci.md): each `run:` step executed with
bash as a runner would, its `${{ inputs.* }}`, `${{ github.* }}` and `${{ steps.* }}` resolved
into the step's `env`, against the vulnerable and fixed estates in examples/iac/.

No machine here reaches GitHub, so `upload-sarif` is checked for its inputs and its condition,
not run; the install step runs against a `python` that records what it was asked to install."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import REPO_ROOT
from tests.examples import test_ci
from tests.examples.test_ci import Outcome, run_script

ACTION = REPO_ROOT / "action.yml"
PR_WORKFLOW = REPO_ROOT / "examples" / "ci" / "github-lint-pr.yml"
IAC = REPO_ROOT / "examples" / "iac"
EXPRESSION = re.compile(r"\$\{\{\s*([^}]*?)\s*\}\}")
aml_audit_on_path = test_ci.aml_audit_on_path  # the fixture: `aml-audit` runs this checkout


def load(path: Path) -> dict[Any, Any]:
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(document, dict)
    return document


def action_steps() -> list[dict[str, Any]]:
    steps: list[dict[str, Any]] = load(ACTION)["runs"]["steps"]
    return steps


class ActionRun:
    """The action's steps run in order in `workdir`, as the runner runs a composite action:
    inputs are the defaults overlaid by the caller's `with:`, and each step's outputs feed the
    next steps' expressions."""

    def __init__(self, workdir: Path, env: dict[str, str], with_: dict[str, str]) -> None:
        declared = load(ACTION)["inputs"]
        unknown = set(with_) - set(declared)
        assert not unknown, f"inputs the action does not declare: {unknown}"
        self.inputs = {name: str(spec.get("default", "")) for name, spec in declared.items()}
        self.inputs.update(with_)
        self.workdir = workdir
        self.env = env
        self.outputs: dict[str, dict[str, str]] = {}
        self.summary = workdir / "step_summary.md"
        self.summary.write_text("", encoding="utf-8")

    def expand(self, value: str) -> str:
        def one(match: re.Match[str]) -> str:
            expression = match.group(1)
            if expression.startswith("inputs."):
                return self.inputs[expression.removeprefix("inputs.")]
            if expression == "github.action_path":
                return str(REPO_ROOT)
            if expression.startswith("steps."):
                step_id, _, key = expression.removeprefix("steps.").split(".")
                return self.outputs.get(step_id, {}).get(key, "")
            raise AssertionError(f"unexpected expression {expression}")

        return EXPRESSION.sub(one, str(value))

    def run(self, name: str, extra_env: dict[str, str] | None = None) -> Outcome:
        (definition,) = [s for s in action_steps() if s["name"] == name]
        assert definition["shell"] == "bash"
        env = {**self.env, "GITHUB_STEP_SUMMARY": str(self.summary), **(extra_env or {})}
        env.update({k: self.expand(v) for k, v in definition.get("env", {}).items()})
        outcome = run_script(definition["run"], self.workdir, env)
        if "id" in definition:
            self.outputs[definition["id"]] = outcome.outputs
        return outcome

    def upload(self) -> dict[str, str] | None:
        """The upload step's inputs when its condition holds, else None."""
        (definition,) = [s for s in action_steps() if s.get("uses", "").startswith("github/")]
        assert definition["if"] == (
            "always() && inputs.upload-sarif == 'true' && steps.run.outputs.sarif == 'written'"
        )
        holds = (
            self.inputs["upload-sarif"] == "true"
            and self.outputs.get("run", {}).get("sarif") == "written"
        )
        return {k: self.expand(v) for k, v in definition["with"].items()} if holds else None

    def lint(self) -> tuple[Outcome, Outcome, Outcome]:
        return self.run("Run aml-audit"), self.run("Job summary"), self.run("Verdict")


# --- shape --------------------------------------------------------------------------------------


def test_no_expression_is_expanded_inside_a_script() -> None:
    """`${{ }}` in a `run:` is pasted into the script before bash parses it: a path or input
    holding `$(...)` would run. Values reach scripts through `env:`."""
    for document in (load(ACTION)["runs"]["steps"], load(PR_WORKFLOW)["jobs"]["lint"]["steps"]):
        for step in document:
            assert "${{" not in step.get("run", ""), step.get("name")


def test_the_action_is_composite_with_the_inputs_the_docs_list() -> None:
    action = load(ACTION)
    assert action["runs"]["using"] == "composite"
    assert list(action["inputs"]) == [
        "mode",
        "paths",
        "subscriptions",
        "fail-on",
        "sarif-category",
        "sarif-file",
        "json-file",
        "markdown-file",
        "upload-sarif",
        "version",
    ]
    doc = (REPO_ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    for name in action["inputs"]:
        assert f"`{name}`" in doc, name
    assert action["outputs"]["exit-code"]["value"] == "${{ steps.run.outputs.code }}"
    assert [s.get("if") for s in action["runs"]["steps"]][2:] == [
        "always()",
        "always() && inputs.upload-sarif == 'true' && steps.run.outputs.sarif == 'written'",
        "always()",
    ]


def test_the_pull_request_workflow_uses_the_action_and_docs_show_it() -> None:
    doc = (REPO_ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    assert f"```yaml\n{PR_WORKFLOW.read_text(encoding='utf-8')}```\n" in doc
    workflow = load(PR_WORKFLOW)
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert list(triggers) == ["pull_request"]
    assert workflow["permissions"] == {"contents": "read", "security-events": "write"}
    steps = workflow["jobs"]["lint"]["steps"]
    (action,) = [s for s in steps if s.get("uses", "").startswith("aml-auditor/")]
    assert action["uses"] == "aml-auditor/aml-auditor@v0"
    assert action["with"]["mode"] == "lint"
    declared = set(load(ACTION)["inputs"])
    assert set(action["with"]) <= declared


# --- running the steps --------------------------------------------------------------------------


@pytest.mark.parametrize(("estate", "code"), [("vulnerable", "1"), ("fixed", "0")])
def test_lint_on_the_example_estates(
    tmp_path: Path, aml_audit_on_path: dict[str, str], estate: str, code: str
) -> None:
    # In the checkout, as on a runner: SARIF locations are relative to the workspace.
    for source, target in (
        ("arm/{}/main.json", "main.json"),
        ("ml-yaml/{}/deployment.yml", "d.yml"),
    ):
        (tmp_path / target).write_bytes((IAC / source.format(estate)).read_bytes())
    job = ActionRun(tmp_path, aml_audit_on_path, {"paths": "main.json d.yml"})
    run, summary, verdict = job.lint()
    assert (run.code, run.outputs) == (0, {"code": code, "sarif": "written"}), run.stderr
    # The Markdown report is appended to the job summary, byte for byte.
    markdown = (tmp_path / "aml-audit.md").read_text(encoding="utf-8")
    assert summary.code == 0 and job.summary.read_text(encoding="utf-8") == markdown
    sarif = json.loads((tmp_path / "aml-audit.sarif").read_text(encoding="utf-8"))
    assert [r["automationDetails"]["id"] for r in sarif["runs"]] == ["aml-audit/"]
    assert job.upload() == {"sarif_file": "aml-audit.sarif", "category": "aml-audit/"}
    if estate == "vulnerable":
        assert markdown.startswith("## aml-audit: 35 failing results, scan complete")
        assert verdict.code == 1
        assert verdict.stdout.startswith("::error title=aml-audit::failing results")
        locations = {
            (r["ruleId"], loc["physicalLocation"]["artifactLocation"]["uri"])
            for r in sarif["runs"][0]["results"]
            for loc in r["locations"]
        }
        assert {("AML201", "main.json"), ("AML311", "d.yml")} <= locations
    else:
        assert sarif["runs"][0]["results"] == []  # SARIF holds what fails
        assert (verdict.code, verdict.stdout.split(":")[0]) == (0, "aml-audit")


def test_lint_on_a_cli_estate_is_incomplete_and_says_so(
    tmp_path: Path, aml_audit_on_path: dict[str, str]
) -> None:
    job = ActionRun(tmp_path, aml_audit_on_path, {"paths": str(IAC / "ml-yaml" / "fixed")})
    run, _, verdict = job.lint()
    assert run.outputs["code"] == "3"
    assert verdict.code == 1
    assert verdict.stdout.startswith("::warning title=aml-audit::incomplete")


@pytest.mark.parametrize(
    ("code", "exit_code", "annotation"),
    [
        ("0", 0, "aml-audit: nothing"),
        ("1", 1, "::error"),
        ("3", 1, "::warning"),
        ("2", 1, "::error"),
        ("", 1, "::error"),
    ],
)
def test_the_verdict_by_exit_code(
    tmp_path: Path, aml_audit_on_path: dict[str, str], code: str, exit_code: int, annotation: str
) -> None:
    job = ActionRun(tmp_path, aml_audit_on_path, {})
    job.outputs["run"] = {"code": code} if code else {}
    verdict = job.run("Verdict")
    assert verdict.code == exit_code
    assert verdict.stdout.startswith(annotation)


def test_a_wrong_mode_is_exit_2_without_a_report(
    tmp_path: Path, aml_audit_on_path: dict[str, str]
) -> None:
    job = ActionRun(tmp_path, aml_audit_on_path, {"mode": "deploy"})
    run, _, verdict = job.lint()
    assert (run.code, run.outputs) == (0, {"code": "2"})
    assert run.stdout == "::error title=aml-audit::mode must be lint or scan, not 'deploy'\n"
    assert job.upload() is None  # nothing to upload
    assert job.summary.read_text(encoding="utf-8") == ""
    assert verdict.code == 1


@pytest.fixture
def recorder(tmp_path: Path) -> dict[str, str]:
    """`aml-audit` and `python` that record their arguments, one per line, and succeed."""
    bin_dir = tmp_path / "recording-bin"
    bin_dir.mkdir()
    for name in ("aml-audit", "python"):
        shim = bin_dir / name
        shim.write_text(
            f'#!/bin/sh\nfor a in "$@"; do printf "%s\\n" "$a"; done > "{tmp_path}/{name}.args"\n',
            encoding="utf-8",
        )
        shim.chmod(0o755)
    return {"PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}", "HOME": str(tmp_path)}


def test_inputs_are_arguments_never_shell(tmp_path: Path, recorder: dict[str, str]) -> None:
    """A path holding shell syntax reaches aml-audit as one literal argument."""
    job = ActionRun(tmp_path, recorder, {"paths": "infra $(touch pwned) `id`", "fail-on": "high"})
    assert job.run("Run aml-audit").outputs == {"code": "0"}
    args = (tmp_path / "aml-audit.args").read_text(encoding="utf-8").splitlines()
    assert args[:5] == ["lint", "infra", "$(touch", "pwned)", "`id`"]
    assert args[5:] == [
        "--fail-on",
        "high",
        "--sarif-category",
        "aml-audit/",
        "-o",
        "aml-audit.sarif",
        "-o",
        "aml-audit.json",
        "-o",
        "aml-audit.md",
    ]
    assert not (tmp_path / "pwned").exists()


def test_scan_mode_passes_each_subscription(tmp_path: Path, recorder: dict[str, str]) -> None:
    ids = "00000000-0000-0000-0000-000000000001 00000000-0000-0000-0000-000000000002"
    job = ActionRun(tmp_path, recorder, {"mode": "scan", "subscriptions": ids})
    job.run("Run aml-audit")
    args = (tmp_path / "aml-audit.args").read_text(encoding="utf-8").splitlines()
    assert args[:6] == [
        "scan",
        "--quiet",
        "--subscription",
        "00000000-0000-0000-0000-000000000001",
        "--subscription",
        "00000000-0000-0000-0000-000000000002",
    ]


@pytest.mark.parametrize(
    ("version", "installed"),
    [("", [str(REPO_ROOT)]), ("aml-auditor==0.2.0", ["aml-auditor==0.2.0"])],
)
def test_install_takes_the_version_or_the_actions_checkout(
    tmp_path: Path, recorder: dict[str, str], version: str, installed: list[str]
) -> None:
    job = ActionRun(tmp_path, recorder, {"version": version})
    assert job.run("Install aml-audit").code == 0
    args = (tmp_path / "python.args").read_text(encoding="utf-8").splitlines()
    assert args == ["-m", "pip", "install", "--quiet", *installed]


def test_the_pull_request_workflow_runs_the_action_on_the_vulnerable_estate(
    tmp_path: Path, aml_audit_on_path: dict[str, str]
) -> None:
    """The workflow's `with:` given to the action, `infra` being the vulnerable estate."""
    (action,) = [
        s
        for s in load(PR_WORKFLOW)["jobs"]["lint"]["steps"]
        if s.get("uses", "").startswith("aml-")
    ]
    infra = tmp_path / action["with"]["paths"]
    infra.mkdir()
    for fmt, name in (("arm", "main.json"), ("bicep", "main.bicep")):
        (infra / fmt).mkdir()
        (infra / fmt / name).write_bytes((IAC / fmt / "vulnerable" / name).read_bytes())
    job = ActionRun(tmp_path, aml_audit_on_path, dict(action["with"]))
    run, _, verdict = job.lint()
    assert run.outputs == {"code": "1", "sarif": "written"}, run.stderr
    sarif = json.loads((tmp_path / "aml-audit.sarif").read_text(encoding="utf-8"))
    uris = {
        loc["physicalLocation"]["artifactLocation"]["uri"]
        for r in sarif["runs"][0]["results"]
        for loc in r["locations"]
    }
    assert uris == {"infra/arm/main.json", "infra/bicep/main.bicep"}  # relative: diff annotations
    assert [r["automationDetails"]["id"] for r in sarif["runs"]] == ["aml-audit-lint/"]
    assert job.upload() == {"sarif_file": "aml-audit.sarif", "category": "aml-audit-lint/"}
    assert verdict.code == 1
