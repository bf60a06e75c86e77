"""Shared test helpers.

Tests import the package from this checkout (pytest's pythonpath = ["."]). A subprocess must get
the same: `run_cli` sets PYTHONPATH to this checkout so it never runs another installed copy.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent


# Third-party data the tests read, in the repository so every clone runs them (each folder's
# SOURCE.md says where it came from and under which licence).
TEST_DATA = REPO_ROOT / "tests" / "data"


def cli_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO_ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.setdefault("COLUMNS", "120")
    env.update(extra or {})
    return env


def run_cli(
    *args: str,
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
    timeout: float = 120,
) -> subprocess.CompletedProcess[str]:
    """`aml-audit ARGS` in a child process, from this checkout."""
    return subprocess.run(
        [sys.executable, "-m", "auditor", *args],
        cwd=cwd or REPO_ROOT,
        env=cli_env(env),
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


@pytest.fixture
def cli() -> Callable[..., subprocess.CompletedProcess[str]]:
    return run_cli


def write_snapshot(path: Path, resources: Iterable[Mapping[str, Any]], **extra: Any) -> Path:
    """A snapshot file holding `resources` (and optional gaps, missing, listed)."""
    document = {"resources": list(resources), **extra}
    path.write_text(json.dumps(document, indent=2), encoding="utf-8")
    return path


@pytest.fixture
def snapshot_file(tmp_path: Path) -> Callable[..., Path]:
    def make(
        resources: Iterable[Mapping[str, Any]], name: str = "estate.json", **extra: Any
    ) -> Path:
        return write_snapshot(tmp_path / name, resources, **extra)

    return make
