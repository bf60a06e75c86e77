"""The `aml-audit-lint` hook in .pre-commit-hooks.yaml, run by pre-commit itself: `pre-commit
try-repo` installs this checkout into its own virtualenv (pip, from the package index) and runs
the hook on a temporary git repository's files, as a user's `pre-commit run` would."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import REPO_ROOT

EXAMPLES = REPO_ROOT / "examples" / "iac" / "arm"
HOOKS = REPO_ROOT / ".pre-commit-hooks.yaml"


def test_the_hook_definition() -> None:
    (hook,) = yaml.safe_load(HOOKS.read_text(encoding="utf-8"))
    assert (hook["id"], hook["entry"], hook["language"]) == (
        "aml-audit-lint",
        "aml-audit lint",
        "python",
    )
    assert hook["pass_filenames"] is True


def _index_unreachable(tmp_path: Path) -> str | None:
    """Why pip cannot reach its package index (pre-commit's virtualenv installs the hook's
    package and its build backend from it), or None when it can."""
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--no-deps",
            "--quiet",
            "-d",
            str(tmp_path),
            "hatchling",
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    if done.returncode == 0:
        return None
    return (done.stderr.strip().splitlines() or ["pip download failed"])[-1]


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.email=hook@example.com", "-c", "user.name=hook", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
    )


@pytest.mark.slow
def test_pre_commit_try_repo_fails_on_the_vulnerable_file_and_passes_on_the_fixed(
    tmp_path: Path,
) -> None:
    why = _index_unreachable(tmp_path / "probe")
    if why is not None:
        pytest.skip(
            f"the package index is unreachable, so pre-commit cannot install the hook: {why}"
        )
    repo = tmp_path / "repo"
    repo.mkdir()
    shutil.copy(EXAMPLES / "vulnerable" / "main.json", repo / "vulnerable.json")
    shutil.copy(EXAMPLES / "fixed" / "main.json", repo / "fixed.json")
    (repo / "notes.md").write_text("not infrastructure code\n", encoding="utf-8")
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "commit", "-qm", "estate")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHONPATH", "AML_AUDIT"))}
    env["PRE_COMMIT_HOME"] = str(tmp_path / "pre-commit-home")

    def hook(*files: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [
                sys.executable,
                "-m",
                "pre_commit",
                "try-repo",
                str(REPO_ROOT),
                "aml-audit-lint",
                "--verbose",
                "--files",
                *files,
            ],
            cwd=repo,
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )

    bad = hook("vulnerable.json", "notes.md")
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "aml-audit lint" in bad.stdout and "Failed" in bad.stdout
    assert "AML201 Workspace 'mlw-churn' allows public network access" in bad.stdout
    assert "vulnerable.json:" in bad.stdout  # the line to fix
    good = hook("fixed.json", "notes.md")
    assert good.returncode == 0, good.stdout + good.stderr
    assert "Passed" in good.stdout
    assert "Result: 0 failing, 0 not assessed, 33 passing" in good.stdout
    # The user's files are never changed (pre-commit would fail a hook that modifies them).
    assert (repo / "vulnerable.json").read_bytes() == (
        EXAMPLES / "vulnerable" / "main.json"
    ).read_bytes()
