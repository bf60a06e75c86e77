"""The JSON report (`--format json`): the report view's scan, in the document that
auditor/controls/json_report.py defines (and reads back)."""

from __future__ import annotations

from typing import TextIO

from auditor.controls.json_report import write_report
from auditor.evaluate.results import ScanResult
from auditor.reporters.interface import ReportOptions
from auditor.reporters.view import view_of


class JsonReporter:
    def render(self, scan: ScanResult, stream: TextIO, options: ReportOptions) -> None:
        write_report(view_of(scan).scan, stream)


REPORTER = JsonReporter()
