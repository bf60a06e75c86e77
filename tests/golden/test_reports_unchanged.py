"""Reports of `examples/estate.json` and of the demo tenant, in every format, against stored
expected outputs: a refactor that changes one byte of what a user sees (apart from timestamps,
the simulator's port and durations) fails here.

Regenerate deliberately, after a change that is meant to alter reports, with
`AML_AUDIT_UPDATE_GOLDEN=1 python -m pytest tests/golden` and review the diff.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT, run_cli

EXPECTED = Path(__file__).resolve().parent / "expected"
UPDATE = os.environ.get("AML_AUDIT_UPDATE_GOLDEN") == "1"

# What legitimately differs between two runs of the same scan.
_VOLATILE = [
    (re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(\+00:00|Z)"), "<TIMESTAMP>"),
    (re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})? UTC"), "<TIME> UTC"),
    (re.compile(r"127\.0\.0\.1:\d+"), "127.0.0.1:<PORT>"),
    # An Activity Log window ends when the scan reads it: the dates move with the clock.
    (re.compile(r"\d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2}"), "<DATE> to <DATE>"),
    (re.compile(r"took \d+(\.\d+)? (s|ms|min)"), "took <DURATION>"),
]


def normalize(text: str) -> str:
    for pattern, replacement in _VOLATILE:
        text = pattern.sub(replacement, text)
    return text


def _compare(name: str, actual: str) -> None:
    expected_file = EXPECTED / name
    actual = normalize(actual)
    if UPDATE:
        expected_file.parent.mkdir(parents=True, exist_ok=True)
        expected_file.write_text(actual, encoding="utf-8")
        return
    expected = expected_file.read_text(encoding="utf-8")
    if actual != expected:
        exp, act = expected.splitlines(), actual.splitlines()
        first = next(
            (i for i, (a, b) in enumerate(zip(exp, act, strict=False)) if a != b),
            min(len(exp), len(act)),
        )
        pytest.fail(
            f"{name} differs from tests/golden/expected/{name} at line {first + 1}:\n"
            f"expected: {exp[first] if first < len(exp) else '<end>'}\n"
            f"actual:   {act[first] if first < len(act) else '<end>'}"
        )


FORMATS = ("json", "html", "sarif", "md")


@pytest.mark.slow
def test_example_estate_reports_are_unchanged(tmp_path: Path) -> None:
    outputs = [tmp_path / f"report.{ext}" for ext in FORMATS]
    args = ["scan", "--snapshot", "examples/estate.json"]
    for path in outputs:
        args += ["-o", str(path)]
    done = run_cli(*args, cwd=REPO_ROOT, env={"COLUMNS": "120"})
    _compare("estate/exit-code.txt", f"{done.returncode}\n")
    _compare("estate/stderr.txt", done.stderr)
    # Reports name the files written beside them: where the test wrote them is not the output.
    _compare("estate/console.txt", done.stdout.replace(str(tmp_path), "<TMP>"))
    for path in outputs:
        _compare(
            f"estate/{path.name}", path.read_text(encoding="utf-8").replace(str(tmp_path), "<TMP>")
        )


@pytest.mark.slow
def test_demo_tenant_reports_are_unchanged(tmp_path: Path) -> None:
    # A relative --output-dir, as a user types it: the reports name each other by that path.
    done = run_cli("demo", "-q", "--output-dir", "out", cwd=tmp_path, env={"COLUMNS": "120"})
    _compare("demo/exit-code.txt", f"{done.returncode}\n")
    _compare("demo/stderr.txt", done.stderr)
    _compare("demo/console.txt", done.stdout)
    for ext in FORMATS:
        _compare(f"demo/report.{ext}", (tmp_path / "out" / f"report.{ext}").read_text("utf-8"))
