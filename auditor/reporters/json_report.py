"""The JSON report (`--format json`): the report view's scan, in the document that
auditor/controls/json_report.py defines (and reads back)."""

from __future__ import annotations

import json
from typing import TextIO

from auditor.controls.json_report import scan_to_json
from auditor.evaluate.results import ScanResult
from auditor.reporters.interface import ReportOptions
from auditor.reporters.view import view_of


class JsonReporter:
    def render(self, scan: ScanResult, stream: TextIO, options: ReportOptions) -> None:
        json.dump(scan_to_json(view_of(scan).scan), stream, indent=2, ensure_ascii=False)
        stream.write("\n")


REPORTER = JsonReporter()
