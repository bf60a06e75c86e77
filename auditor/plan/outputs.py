"""write_reports: every -o file, then stdout; one failing file does not lose the others.
report: the same for a command's outcome, then the error it put off until its reports were out."""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import os
from typing import TextIO

from auditor.core.process_exit import keep_until_exit
from auditor.evaluate.results import ScanResult
from auditor.plan.options import ScanOptions
from auditor.plan.run import ScanOutcome
from auditor.reporters.interface import ReporterError

log = logging.getLogger(__name__)
_BUFFER = 1 << 16  # bytes between writes to a report file


def report(outcome: ScanOutcome, options: ScanOptions, stdout: TextIO) -> int:
    """Writes `outcome`'s reports; returns its exit code, or raises what it put off until they
    were written (a scan the history could not record: exit 2, the reports written all the same)."""
    try:
        write_reports(outcome.scan, options, stdout)
    except ReporterError as exc:
        if outcome.unrecorded is None:
            raise
        raise ReporterError(f"{exc}; {outcome.unrecorded}") from None
    if outcome.unrecorded is not None:
        raise outcome.unrecorded
    return outcome.exit_code


def write_reports(scan: ScanResult, options: ScanOptions, stdout: TextIO) -> None:
    """Notes a reporter returns (SARIF left results out to fit GitHub's limits) are logged as
    warnings, which the CLI shows on stderr."""
    # Written once per process: the scan and its report view (an estate's millions of objects)
    # are left to the process's end instead of freed one by one (auditor/core/process_exit.py).
    keep_until_exit(scan)
    errors: list[str] = []
    notes: list[str] = []
    planned = tuple(str(target.path) for target in options.outputs)
    file_options = dataclasses.replace(options.report, color=False, reports=planned)
    written: list[str] = []
    for target in options.outputs:
        # Streamed to a file beside the target, then renamed over it: an estate's report is not
        # held in memory whole, and a failed write leaves no half a report under its name.
        partial = target.path.with_name(f".{target.path.name}.partial")
        try:
            target.path.parent.mkdir(parents=True, exist_ok=True)
            # A 64 KiB buffer: reports are written in hundreds of thousands of small pieces,
            # and the default (the file system's block) costs a flush every few of them.
            with partial.open("w", encoding="utf-8", buffering=_BUFFER) as stream:
                notes += target.format.reporter().render(scan, stream, file_options) or ()
            os.replace(partial, target.path)
            written.append(str(target.path))
        except OSError as exc:
            errors.append(f"{target.path}: cannot write the report ({exc.strerror or exc})")
        finally:
            with contextlib.suppress(OSError):  # gone once renamed; or its folder never was
                partial.unlink()
    # What stdout says was written is what was: a file that failed is an error line instead.
    stdout_options = dataclasses.replace(options.report, reports=tuple(written))
    notes += options.stdout_format.reporter().render(scan, stdout, stdout_options) or ()
    stdout.flush()
    for note in dict.fromkeys(notes):  # the same note from stdout and a file is logged once
        log.warning("%s", note)
    if errors:
        raise ReporterError("; ".join(errors))
