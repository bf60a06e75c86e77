"""What suppressions, a baseline and the Markdown report cost on a large scan.

    python bench/controls.py [--results 100000] [--suppressions 500] [--limit 50]

Builds a scan of `--results` results (half failing) over as many workspaces, a baseline JSON
document holding the failing half of a previous scan with a tenth of it fixed since, and
`--suppressions` config entries (exact ids and globs, a tenth expired). Prints the time to parse
the baseline, apply the suppressions, apply the baseline and render the Markdown summary, and the
summary's size. Figures are printed, not asserted.
"""

from __future__ import annotations

import argparse
import io
import time
from datetime import UTC, date, datetime

from auditor.controls.baseline import apply_baseline, parse_baseline
from auditor.controls.json_report import scan_to_json
from auditor.controls.suppressions import SuppressionEntry, apply_suppressions
from auditor.evaluate import engine
from auditor.evaluate.registry import load_rules
from auditor.evaluate.results import Result, ScanResult
from auditor.reporters.interface import ReportOptions
from auditor.reporters.markdown import REPORTER
from auditor.rulekit.meta import Evidence, RuleMeta, Severity, Status

WS = "/subscriptions/00000000-0000-0000-0000-00000000b001/resourceGroups/rg{g}/providers/Microsoft.MachineLearningServices/workspaces/ws{n}"  # noqa: E501
TODAY = date(2026, 6, 30)


def scan(results: int, rule: RuleMeta, fixed_every: int = 0) -> ScanResult:
    items = []
    for n in range(results):
        resource_id = WS.format(g=n % 50, n=n)
        failing = n % 2 == 0 and not (fixed_every and n % (2 * fixed_every) == 0)
        items.append(
            Result(
                rule_id=rule.id,
                title=rule.title,
                severity=Severity.HIGH if n % 3 else Severity.MEDIUM,
                status=Status.FAIL if failing else Status.PASS,
                resource_id=resource_id,
                resource_type="Microsoft.MachineLearningServices/workspaces",
                resource_name=f"ws{n}",
                message=f"Workspace 'ws{n}' allows public network access",
                evidence=(Evidence("properties.publicNetworkAccess", "Enabled", "Disabled"),),
                fingerprint=engine.fingerprint(rule.id, resource_id),
            )
        )
    now = datetime(2026, 6, 30, tzinfo=UTC)
    return ScanResult(tuple(items), (), (rule,), ("bench",), now, now, "bench")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--results", type=int, default=100_000)
    parser.add_argument("--suppressions", type=int, default=500)
    parser.add_argument("--limit", type=int, default=50)
    args = parser.parse_args()
    (rule,) = [r.meta for r in load_rules(entry_points=False).rules if r.meta.id == "AML201"]

    previous = scan_to_json(scan(args.results, rule))
    current = scan(args.results, rule, fixed_every=10)
    entries = []
    for i in range(args.suppressions):
        n = 4 * i
        exact = WS.format(g=n % 50, n=n)
        resource = exact if i % 2 else f"*/resourceGroups/rg{n % 50}/*/ws{n}"
        expires = date(2026, 1, 1) if i % 10 == 0 else date(2027, 1, 1)
        entries.append(SuppressionEntry("AML201", resource, "bench", expires, f"suppress[{i + 1}]"))

    timings: list[tuple[str, float]] = []
    start = time.perf_counter()
    baseline = parse_baseline(previous, "previous.json")
    timings.append(("parse the baseline", time.perf_counter() - start))
    start = time.perf_counter()
    suppressed = apply_suppressions(current, entries, TODAY)
    timings.append(("apply suppressions", time.perf_counter() - start))
    start = time.perf_counter()
    compared = apply_baseline(suppressed, baseline)
    timings.append(("apply the baseline", time.perf_counter() - start))
    start = time.perf_counter()
    stream = io.StringIO()
    REPORTER.render(compared, stream, ReportOptions(markdown_limit=args.limit))
    timings.append(("render Markdown", time.perf_counter() - start))

    statuses = compared.by_status()
    new = sum(1 for r in compared.results if r.baseline == "new")
    known = sum(1 for r in compared.results if r.baseline == "known")
    print(
        f"results {len(compared.results)}  failing {statuses['fail']}  suppressed "
        f"{statuses['suppressed']}  baseline entries {len(baseline.failing)}  new {new}  known "
        f"{known}  resolved {len(compared.resolved)}  suppression entries {len(entries)}  "
        f"warnings {len(compared.warnings)}"
    )
    for label, seconds in timings:
        print(f"{label:<20} {seconds * 1000:9.1f} ms")
    print(f"Markdown summary     {len(stream.getvalue()) / 1024:9.1f} KiB (limit {args.limit})")


if __name__ == "__main__":
    main()
