"""The HTML report at scale: builds a ScanResult of 10,000 results over ~2,500 resources and
40 rules, writes the report, and prints its size and render time; with Debian's chromium (driven by
Playwright) also the time to load the page and to apply a severity, a status and a free-text filter.

    python bench/html_report.py [--results 10000] [--out /tmp/aml-report.html] [--no-browser]

A figure is the median of --repeat runs. Not a test: it prints figures, it asserts nothing.
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from auditor.evaluate.engine import fingerprint
from auditor.evaluate.registry import load_builtin
from auditor.evaluate.results import Result, ScanResult, Suppression
from auditor.inventory.resources import Gap, Location
from auditor.reporters.html import REPORTER
from auditor.reporters.interface import ReportOptions
from auditor.rulekit.meta import Evidence, RuleMeta, Severity, Status

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WS = "Microsoft.MachineLearningServices/workspaces"
CHILD_TYPES = {
    "onlineEndpoints": 4,
    "batchEndpoints": 1,
    "computes": 3,
    "connections": 4,
}
TYPES = [
    WS,
    *(f"{WS}/{child}" for child in CHILD_TYPES),
    f"{WS}/onlineEndpoints/deployments",
    "Microsoft.KeyVault/vaults",
    "Microsoft.Storage/storageAccounts",
]


def synthetic_rules(count: int) -> list[RuleMeta]:
    """`count` rules with the built-in rules' (realistic) text, spread over the resource types."""
    builtin = [rule.meta for rule in load_builtin()]
    rules = []
    for i in range(count):
        model = builtin[i % len(builtin)]
        rules.append(
            dataclasses.replace(
                model,
                id=f"AML{600 + i:03d}",
                title=f"{model.title} (variant {i})",
                severity=list(Severity)[i % len(Severity)],
                resource_types=(TYPES[i % len(TYPES)],),
                aliases=(),
            )
        )
    return rules


def synthetic_resources() -> Iterator[tuple[str, str, str]]:
    """(id, type, name), endlessly: workspaces spread over 2 subscriptions x 5 resource groups,
    each with endpoints, deployments, computes and connections, its key vault and storage account.
    The first workspace has a hostile name, as an attacker could choose."""
    for n in itertools.count():
        s, g, w = n % 2, (n // 2) % 5, n // 10
        sub = f"/subscriptions/{s:08d}-1111-2222-3333-444444444444"
        rg = f"{sub}/resourceGroups/rg-ml-{g}"
        name = f"ws-team{g}-{w}" if n else "<img src=x onerror=alert(1)>"
        ws = f"{rg}/providers/{WS}/{name}"
        yield ws, WS, name
        for child, count in CHILD_TYPES.items():
            for c in range(count):
                cid = f"{ws}/{child}/{child[:-1].lower()}-{c}"
                yield cid, f"{WS}/{child}", cid.rsplit("/", 1)[-1]
                if child == "onlineEndpoints":
                    for d in ("blue", "green"):
                        yield f"{cid}/deployments/{d}", f"{WS}/onlineEndpoints/deployments", d
        vault = f"kv-team{g}-{w}-{s}"
        yield f"{rg}/providers/Microsoft.KeyVault/vaults/{vault}", TYPES[-2], vault
        store = f"stteam{g}{w}{s}"
        yield f"{rg}/providers/Microsoft.Storage/storageAccounts/{store}", TYPES[-1], store


def synthetic_scan(total: int, seed: int = 7) -> ScanResult:
    rng = random.Random(seed)
    rules = synthetic_rules(40)
    by_type: dict[str, list[RuleMeta]] = {}
    for rule in rules:
        by_type.setdefault(rule.resource_types[0], []).append(rule)
    results: list[Result] = []
    statuses = [Status.FAIL] * 30 + [Status.PASS] * 55 + [Status.NOT_ASSESSED] * 10
    statuses += [Status.SUPPRESSED] * 5
    for rid, rtype, name in synthetic_resources():
        if len(results) >= total:
            break
        for rule in by_type.get(rtype, []):
            if len(results) >= total:
                break
            status = rng.choice(statuses)
            message = {
                Status.FAIL: f"{rule.title}: '{name}' has publicNetworkAccess Enabled",
                Status.PASS: f"'{name}' meets the rule: publicNetworkAccess is Disabled",
                Status.NOT_ASSESSED: f"Not assessed: the key vault of '{name}' could not "
                "be read (HTTP 403 AuthorizationFailed)",
                Status.SUPPRESSED: f"{rule.title}: '{name}' is accepted",
            }[status]
            evidence = [
                Evidence("properties.publicNetworkAccess", "Enabled", "Disabled"),
            ]
            if rng.random() < 0.4:
                evidence.append(
                    Evidence(
                        "properties.allowPublicAccessWhenBehindVnet",
                        "absent (default: false)",
                        "false",
                    )
                )
            results.append(
                Result(
                    rule_id=rule.id,
                    title=rule.title,
                    severity=rule.severity,
                    status=status,
                    resource_id=rid,
                    resource_type=rtype,
                    resource_name=name,
                    message=message,
                    evidence=tuple(evidence),
                    fingerprint=fingerprint(rule.id, rid),
                    location=Location("arm", f"https://management.azure.com{rid}", "2024-10-01"),
                    suppression=(
                        Suppression("accepted risk: isolated sandbox", date(2027, 1, 31))
                        if status is Status.SUPPRESSED
                        else None
                    ),
                    baseline=rng.choice(("new", "known", "known"))
                    if status is Status.FAIL
                    else None,
                )
            )
    now = datetime(2026, 11, 26, 8, 0, tzinfo=UTC)
    gaps = tuple(
        Gap(
            f"/subscriptions/{9:08d}-1111-2222-3333-44444444444{i}",
            None,
            403,
            "AuthorizationFailed",
            "no read access",
        )
        for i in range(3)
    )
    return ScanResult(
        results=tuple(results),
        gaps=gaps,
        rules=tuple(rules),
        sources=("bench: synthetic estate",),
        started_at=now,
        finished_at=now + timedelta(seconds=42),
        tool_version="bench",
    )


# Filter time = the synchronous handler plus the layout and paint it causes (two frames).
TIMED_FILTER = """async ([selector, text]) => {
    const start = performance.now();
    const target = document.querySelector(selector);
    if (text !== null) { target.value = text; } else { target.checked = !target.checked; }
    target.dispatchEvent(new Event("change", {bubbles: true}));
    document.body.offsetHeight;
    await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
    return performance.now() - start;
}"""
TWO_FRAMES = "new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"


def _one_run(page: Any, path: Path) -> list[tuple[str, float]]:
    figures = []
    start = time.perf_counter()
    page.goto(path.as_uri(), wait_until="load")
    page.evaluate(TWO_FRAMES)
    figures.append(
        ("load to first paint of the findings (ms)", 1000 * (time.perf_counter() - start))
    )
    figures.append(
        ("  of which the report's script (ms)", page.evaluate("window.amlReport.initMs"))
    )
    figures.append(("  matching at load", page.locator("#match-count").inner_text()))
    steps = [
        ("uncheck severity 'high'", 'input[name="severity"][value="high"]', None),
        ("check status 'pass' (all results)", 'input[name="status"][value="pass"]', None),
        ("free text 'team3 connection'", 'input[name="q"]', "team3 connection"),
        ("clear free text", 'input[name="q"]', ""),
    ]
    for label, selector, text in steps:
        ms = page.evaluate(TIMED_FILTER, [selector, text])
        figures.append((f"filter: {label} (ms)", ms))
        figures.append((f"  matching after {label}", page.locator("#match-count").inner_text()))
    start = time.perf_counter()
    page.click("#view > p.more button.show-all")
    page.evaluate(TWO_FRAMES)
    figures.append(("show all matching findings (ms)", 1000 * (time.perf_counter() - start)))
    figures.append(("  findings in the DOM", page.locator("#view details.finding").count()))
    start = time.perf_counter()
    page.click("#tab-rule")
    page.evaluate(TWO_FRAMES)
    figures.append(("switch to the by-rule view (ms)", 1000 * (time.perf_counter() - start)))
    return figures


def browser_figures(path: Path, repeat: int) -> list[tuple[str, Any]]:
    from playwright.sync_api import sync_playwright

    runs: list[list[tuple[str, Any]]] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for _ in range(repeat):
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            errors: list[str] = []
            page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
            page.on(
                "console",
                lambda m, errors=errors: errors.append(m.text) if m.type == "error" else None,
            )
            runs.append(_one_run(page, path))
            if errors:
                raise SystemExit(f"the page reported errors: {errors}")
            page.close()
        browser.close()
    medians = []
    for i, (name, value) in enumerate(runs[0]):
        if isinstance(value, float):
            value = statistics.median(run[i][1] for run in runs)
        medians.append((name, value))
    return medians


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--results", type=int, default=10_000)
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args()

    scan = synthetic_scan(args.results)
    out = args.out or Path(tempfile.mkdtemp(prefix="aml-bench-")) / "report.html"
    renders = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        with out.open("w", encoding="utf-8") as stream:
            REPORTER.render(scan, stream, ReportOptions())
        renders.append(time.perf_counter() - start)
    size = out.stat().st_size
    resources = len({r.resource_id for r in scan.results})
    print(f"results: {len(scan.results)} on {resources} resources, {len(scan.rules)} rules")
    print(f"report: {out}")
    print(f"file size: {size:,} bytes ({size / 1_000_000:.2f} MB)")
    print(f"render (python): {statistics.median(renders):.2f} s")
    if args.no_browser:
        return 0
    if not Path(CHROMIUM).exists():
        print(f"browser figures skipped: {CHROMIUM} is not installed (apt-get install chromium)")
        return 0
    for name, value in browser_figures(out, args.repeat):
        print(f"{name}: {value:.0f}" if isinstance(value, float) else f"{name}: {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
