"""Evaluation and reports at estate size: a snapshot of a generated tenant (10 x 20 is about
5,000 resources, 100 x 20 about 50,000, 1,000 x 20 about 500,000) scanned by `aml-audit scan
--snapshot` in a subprocess, once per report format and once with every format at once. Prints,
for each run, the wall time, the CPU time (user + system) and the peak RSS of the scan process
(`os.wait4`), the size of each output, and the ratio to issue 12's target (50,000 resources to
every format in 10 s and 400 MB; cost linear in resources).

    python bench/estate_size.py [--sizes 5k,50k,500k] [--formats each,all] [--keep DIR]
                                [--browser]

With --browser, the HTML report of each size's all-formats run is opened in Debian's chromium
(driven by Playwright): load to the first paint of the findings, the report script's own time,
the DOM's size and the page's JS heap, then a free-text search, a severity filter and "show
more", each to the next paint.

The snapshots are written once to --keep (default: a temporary directory) straight from the
generated tenant, with the collections a live scan lists recorded as listed, so the scan sees
what `aml-audit collect` would have saved. Other work on the same machine slows wall time more
than CPU time: read both. Not a test: it prints figures, it asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from auditor.inventory import arm  # noqa: E402
from auditor.inventory.resource_types import SUBSCRIPTIONS  # noqa: E402
from auditor.simulator import generate_tenant  # noqa: E402
from auditor.sources.live.crawl_plan import collections_under  # noqa: E402
from auditor.sources.snapshot import SNAPSHOT_FORMAT  # noqa: E402

WORKSPACES = 20
SIZES = {"5k": 10, "50k": 100, "500k": 1000}  # subscriptions of 20 workspaces each
TARGET_SECONDS, TARGET_MB, TARGET_RESOURCES = 10.0, 400.0, 50_000
FORMATS = ("console", "json", "sarif", "html")


def _listed(tenant: object) -> Iterator[dict[str, str]]:
    """The collections a live scan lists: every subscription's, then every listed parent's."""
    for sub in tenant.subscriptions:  # type: ignore[attr-defined]
        for collection in collections_under(SUBSCRIPTIONS):
            yield {"scope": sub.id, "type": collection.child}
    for resource in tenant:  # type: ignore[attr-defined]
        for collection in collections_under(resource["type"]):
            yield {"scope": resource["id"], "type": collection.child}


def write_estate(subscriptions: int, path: Path) -> int:
    """The generated tenant as a snapshot file; returns its number of resources."""
    tenant = generate_tenant(subscriptions, WORKSPACES)
    document = {
        "format": SNAPSHOT_FORMAT,
        "collected_at": "2026-01-01T00:00:00Z",
        "sources": [f"generated:{subscriptions}x{WORKSPACES}"],
        "scopes": [s.id for s in tenant.subscriptions],
        "resources": list(tenant),
        "gaps": [],
        "missing": [],
        "listed": list(_listed(tenant)),
    }
    with path.open("w", encoding="utf-8") as out:
        json.dump(document, out, separators=(",", ":"))
    assert all(arm.subscription_of(r["id"]) for r in document["resources"])
    return len(document["resources"])


def run_scan(
    snapshot: Path, stdout_format: str, outputs: list[Path], out_dir: Path
) -> dict[str, float]:
    """One scan in a child process, `stdout_format` on stdout (to a file) and the `outputs`
    written with -o: wall, CPU and peak RSS of that process alone."""
    command = [sys.executable, "-m", "auditor", "scan", "--snapshot", str(snapshot)]
    command += ["--fail-on", "never", "--format", stdout_format]
    for path in outputs:
        command += ["-o", str(path)]
    stdout_path = out_dir / f"stdout.{stdout_format}"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "120"}
    with stdout_path.open("w") as stdout:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=stdout, stderr=subprocess.PIPE, env=env)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
    stderr = process.stderr.read().decode() if process.stderr else ""
    if os.waitstatus_to_exitcode(status) not in (0, 1, 3):
        raise SystemExit(f"scan failed ({status}): {stderr[-2000:]}")
    figures = {
        "wall": wall,
        "cpu": usage.ru_utime + usage.ru_stime,
        "rss_mb": usage.ru_maxrss / 1024,
        "stdout_lines": float(len(stdout_path.read_text().splitlines())),
        "stdout_kb": stdout_path.stat().st_size / 1024,
    }
    for path in outputs:
        figures[f"{path.suffix[1:]}_mb"] = path.stat().st_size / 1e6
    return figures


DOM_SIZE = "document.getElementsByTagName('*').length"


def browser_figures(report: Path) -> list[tuple[str, str]]:
    """The HTML report in Chromium (see bench/html_report.py for the same on synthetic data)."""
    from html_report import CHROMIUM, CHROMIUM_ARGS, TIMED_FILTER, TWO_FRAMES
    from playwright.sync_api import sync_playwright

    figures: list[tuple[str, str]] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        start = time.perf_counter()
        page.goto(report.as_uri(), wait_until="load", timeout=300_000)
        page.evaluate(TWO_FRAMES)
        loaded = time.perf_counter() - start
        figures.append(("load to first paint of the findings", f"{loaded:.1f} s"))
        figures.append(
            (
                "  of which the report's script",
                f"{page.evaluate('window.amlReport.initMs') / 1000:.1f} s",
            )
        )
        figures.append(("  matching at load", page.locator("#match-count").inner_text()))
        figures.append(("DOM elements", f"{page.evaluate(DOM_SIZE):,}"))
        heap = page.evaluate("performance.memory ? performance.memory.usedJSHeapSize : 0")
        figures.append(("JS heap used", f"{heap / 1e6:.0f} MB"))
        steps = [
            ("free-text search 'kv-mlw-07-017'", 'input[name="q"]', "kv-mlw-07-017"),
            ("clear the search", 'input[name="q"]', ""),
            ("uncheck severity 'medium'", 'input[name="severity"][value="medium"]', None),
        ]
        for label, selector, text in steps:
            ms = page.evaluate(TIMED_FILTER, [selector, text])
            figures.append((label, f"{ms:.0f} ms -> {page.locator('#match-count').inner_text()}"))
        start = time.perf_counter()
        page.click("#view > p.more button.show-more")
        page.evaluate(TWO_FRAMES)
        figures.append(("show 500 more", f"{1000 * (time.perf_counter() - start):.0f} ms"))
        figures.append(
            (
                "DOM elements after",
                f"{page.evaluate(DOM_SIZE):,}",
            )
        )
        browser.close()
    if errors:
        raise SystemExit(f"the page reported errors: {errors}")
    return figures


def target_for(resources: int) -> tuple[float, float]:
    """The issue's target scaled linearly to this estate (memory: the same 400 MB up to 50k)."""
    scale = resources / TARGET_RESOURCES
    return TARGET_SECONDS * scale, TARGET_MB * max(1.0, scale)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="5k,50k,500k")
    parser.add_argument("--formats", default="each,all", help="each, all or both")
    parser.add_argument("--keep", type=Path, help="keep the snapshots and reports here")
    parser.add_argument("--browser", action="store_true", help="open each HTML report in Chromium")
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="scan each N times and print the median run, with the spread of wall times (a "
        "virtual machine's speed drifts by several per cent from one run to the next)",
    )
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="aml-estate-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"machine: {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f} (others may be running)")
    print(
        f"targets: {TARGET_RESOURCES:,} resources, all formats, <= {TARGET_SECONDS:.0f} s and "
        f"<= {TARGET_MB:.0f} MB peak; linear in resources\n"
    )
    per_resource: list[tuple[str, float]] = []
    for size in args.sizes.split(","):
        subscriptions = SIZES[size]
        snapshot = work / f"estate-{subscriptions}x{WORKSPACES}.json"
        count_file = snapshot.with_suffix(".count")
        if not snapshot.exists() or not count_file.exists():
            count_file.write_text(str(write_estate(subscriptions, snapshot)))
        resources = int(count_file.read_text())
        seconds, megabytes = target_for(resources)
        print(
            f"== {size}: {subscriptions} x {WORKSPACES} tenant, {resources:,} resources, snapshot "
            f"{snapshot.stat().st_size / 1e6:.0f} MB; target (scaled) {seconds:.1f} s, "
            f"{megabytes:.0f} MB"
        )
        runs: list[tuple[str, str, list[str]]] = []
        if "each" in args.formats:
            runs += [(name, name, []) for name in FORMATS]
        if "all" in args.formats:  # the console on stdout, the others as files
            runs.append(("all formats", "console", ["json", "sarif", "html"]))
        for name, stdout_format, extensions in runs:
            outputs = [work / f"report-{size}.{ext}" for ext in extensions]
            repeats = sorted(
                (run_scan(snapshot, stdout_format, outputs, work) for _ in range(args.repeat)),
                key=lambda figures: figures["wall"],
            )
            f = repeats[len(repeats) // 2]
            spread = (
                f" [median of {len(repeats)}: {repeats[0]['wall']:.1f}-{repeats[-1]['wall']:.1f} s]"
                if len(repeats) > 1
                else ""
            )
            sizes = ", ".join(f"{ext} {f[f'{ext}_mb']:.1f} MB" for ext in extensions)
            if stdout_format == "console":
                shown = f"console {int(f['stdout_lines'])} lines"
            else:
                shown = f"{stdout_format} {f['stdout_kb'] / 1024:.1f} MB"
            print(
                f"  {name:<12} wall {f['wall']:6.1f} s ({f['wall'] / seconds:4.2f}x target)  "
                f"cpu {f['cpu']:6.1f} s  peak {f['rss_mb']:5.0f} MB "
                f"({f['rss_mb'] / megabytes:4.2f}x)  {', '.join(x for x in (shown, sizes) if x)}"
                f"{spread}"
            )
            if name == "all formats":
                per_resource.append((size, f["cpu"] / resources * 1e6))
                if args.browser:
                    print(f"  HTML report in Chromium ({outputs[-1].name}):")
                    for label, value in browser_figures(outputs[-1]):
                        print(f"    {label:<36} {value}")
    if len(per_resource) > 1:
        print("\nlinearity (all formats, CPU per resource):")
        base = per_resource[0][1]
        for size, micros in per_resource:
            print(f"  {size:>5}: {micros:6.0f} us/resource ({micros / base:4.2f}x the smallest)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
