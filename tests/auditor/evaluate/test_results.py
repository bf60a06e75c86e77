"""ScanResult: counts by status and severity, and whether the scan was complete."""

from __future__ import annotations

import dataclasses

from auditor.evaluate.results import Result, ScanResult
from auditor.rulekit.meta import Severity, Status


def _result(status: Status, severity: Severity = Severity.HIGH) -> Result:
    return Result("AML999", "t", severity, status, "/subscriptions/s", "A/b", "s", "m")


def test_scan_counts_and_completeness() -> None:
    from datetime import UTC, datetime

    now = datetime(2026, 1, 1, tzinfo=UTC)
    results = (
        _result(Status.FAIL),
        _result(Status.FAIL, Severity.LOW),
        _result(Status.PASS),
        _result(Status.NOT_ASSESSED),
    )
    scan = ScanResult(results, (), (), (), now, now, "0")
    assert scan.by_status() == {"fail": 2, "pass": 1, "not_assessed": 1, "suppressed": 0}
    assert scan.by_severity() == {"critical": 0, "high": 1, "medium": 0, "low": 1, "info": 0}
    assert scan.complete is False
    assert dataclasses.replace(scan, results=results[:3]).complete is True
