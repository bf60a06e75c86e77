"""The JSON report: a versioned contract documented in docs/json-report.md.

Deterministic: keys in a fixed order, results sorted by rule id then resource id.
"""

from __future__ import annotations

import json
from typing import Any, TextIO

from auditor.core.redact import redact_text, redact_value
from auditor.evaluate.results import Result, ScanResult
from auditor.reporters.interface import ReportOptions

SCHEMA_VERSION = "1.0"


def result_to_json(result: Result) -> dict[str, Any]:
    return {
        "rule_id": result.rule_id,
        "title": result.title,
        "severity": result.severity.label,
        "status": result.status.value,
        "resource_id": result.resource_id,
        "resource_type": result.resource_type,
        "resource_name": result.resource_name,
        "message": redact_text(result.message),
        "evidence": [
            {"path": e.path, "observed": redact_value(e.observed), "expected": e.expected}
            for e in result.evidence
        ],
        "fingerprint": result.fingerprint,
        "location": result.location.to_json() if result.location else None,
        "suppression": result.suppression.to_json() if result.suppression else None,
        "baseline": result.baseline,
        "context": list(result.context),
    }


def scan_to_json(scan: ScanResult) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "aml-auditor", "version": scan.tool_version},
        "scan": {
            "started_at": scan.started_at.isoformat(),
            "finished_at": scan.finished_at.isoformat(),
            "sources": list(scan.sources),
            "complete": scan.complete,
            "warnings": list(scan.warnings),
        },
        "results": [result_to_json(r) for r in scan.results],
        "gaps": [g.to_json() for g in scan.gaps],
        "resolved": [result_to_json(r) for r in scan.resolved],
        "summary": {
            "by_status": scan.by_status(),
            "by_severity": scan.by_severity(),
        },
    }


class JsonReporter:
    def render(self, scan: ScanResult, stream: TextIO, options: ReportOptions) -> None:
        json.dump(scan_to_json(scan), stream, indent=2, ensure_ascii=False)
        stream.write("\n")


REPORTER = JsonReporter()
