"""A reader that stops early (`aml-audit scan --format json | head`) ends the run quietly, as it
ends any Unix tool: no "internal error", no traceback, exit code 141 (128 + SIGPIPE)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from auditor.core.errors import ExitCode
from tests.conftest import REPO_ROOT, cli_env

ESTATE = str(REPO_ROOT / "examples" / "estate.json")


def _spawn(args: tuple[str, ...]) -> tuple[subprocess.Popen[bytes], int]:
    """`aml-audit ARGS` writing into a real pipe; returns the process and the pipe's read end."""
    read_end, write_end = os.pipe()
    # As a user runs it: stdout buffered. (Unbuffered, one write cut short by the closed pipe
    # is not an error to Python, so there is nothing to end quietly.)
    env = {k: v for k, v in cli_env().items() if k != "PYTHONUNBUFFERED"}
    process = subprocess.Popen(
        [sys.executable, "-m", "auditor", *args],
        cwd=REPO_ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=write_end,
        stderr=subprocess.PIPE,
    )
    os.close(write_end)
    return process, read_end


def _finish(process: subprocess.Popen[bytes]) -> tuple[int, str]:
    _, stderr = process.communicate(timeout=120)
    return process.returncode, stderr.decode()


@pytest.mark.parametrize("fmt", ["json", "sarif"])  # both print more than a pipe holds (64 KiB)
def test_a_reader_that_stops_after_the_first_bytes_ends_the_scan_quietly(fmt: str) -> None:
    process, read_end = _spawn(("scan", "--snapshot", ESTATE, "--format", fmt))
    assert os.read(read_end, 10)  # what `head -c 10` does: read a little, then go away
    os.close(read_end)
    assert _finish(process) == (ExitCode.BROKEN_PIPE, "")


@pytest.mark.parametrize(
    "args",
    [
        *(("scan", "--snapshot", ESTATE, "--format", f) for f in ("console", "markdown", "html")),
        ("rules",),
        ("rules", "--format", "json"),
        ("explain", "AML101"),
    ],
    ids=lambda args: " ".join(a for a in args if a != ESTATE),
)
def test_a_reader_gone_before_the_first_line_ends_every_command_quietly(
    args: tuple[str, ...],
) -> None:
    process, read_end = _spawn(args)
    os.close(read_end)  # gone before the command prints anything
    assert _finish(process) == (ExitCode.BROKEN_PIPE, "")
