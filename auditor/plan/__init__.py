"""The scan plan: one frozen `ScanOptions`, built once from the command line and the config, and
one `run_scan()` that `scan`, `demo` (and later `lint` and `merge`) all use.

    ScanOptions --run_scan--> sources -> Inventory -> rules -> ScanResult -> controls
                --report--> every -o file, then stdout (write_reports), then a deferred error
"""

from auditor.plan.options import LiveTarget, ReportTarget, ScanOptions, plan_scan
from auditor.plan.outputs import report, write_reports
from auditor.plan.run import ScanOutcome, collect_all, exit_code, run_scan

__all__ = [
    "LiveTarget",
    "ReportTarget",
    "ScanOptions",
    "ScanOutcome",
    "collect_all",
    "exit_code",
    "plan_scan",
    "report",
    "run_scan",
    "write_reports",
]
