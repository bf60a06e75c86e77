"""write_reports: every -o file, then stdout; one failing file does not lose the others."""

from __future__ import annotations

import dataclasses
import io
import logging
from typing import TextIO

from auditor.evaluate.results import ScanResult
from auditor.plan.options import ScanOptions
from auditor.reporters.interface import ReporterError

log = logging.getLogger(__name__)


def write_reports(scan: ScanResult, options: ScanOptions, stdout: TextIO) -> None:
    """Notes a reporter returns (SARIF left results out to fit GitHub's limits) are logged as
    warnings, which the CLI shows on stderr."""
    errors: list[str] = []
    notes: list[str] = []
    planned = tuple(str(target.path) for target in options.outputs)
    file_options = dataclasses.replace(options.report, color=False, reports=planned)
    written: list[str] = []
    for target in options.outputs:
        buffer = io.StringIO()
        notes += target.format.reporter().render(scan, buffer, file_options) or ()
        try:
            target.path.parent.mkdir(parents=True, exist_ok=True)
            target.path.write_text(buffer.getvalue(), encoding="utf-8")
            written.append(str(target.path))
        except OSError as exc:
            errors.append(f"{target.path}: cannot write the report ({exc.strerror or exc})")
    # What stdout says was written is what was: a file that failed is an error line instead.
    stdout_options = dataclasses.replace(options.report, reports=tuple(written))
    notes += options.stdout_format.reporter().render(scan, stdout, stdout_options) or ()
    stdout.flush()
    for note in dict.fromkeys(notes):  # the same note from stdout and a file is logged once
        log.warning("%s", note)
    if errors:
        raise ReporterError("; ".join(errors))
