"""Shard merge and scan history at estate size, against the targets of the scale issue.

    python bench/shard_history.py [--subscriptions 100] [--workspaces 20] [--shards 8]
                                  [--days 365] [--daily-subscriptions 2] [--workdir DIR]

1. Shard reports: the generator's `--subscriptions` x `--workspaces` tenant written as a snapshot
   file, read once, and evaluated `--shards` times with each shard's `judged` (what
   `scan --snapshot ... --shard K/N` evaluates), each written as its JSON report. Cached in
   `--workdir` (delete it to rebuild).
2. `aml-audit merge` of those reports, in a child process: to JSON only, then to JSON, HTML,
   SARIF and Markdown (the console report to /dev/null). Wall, CPU and peak RSS of the child.
3. History insert of one scan: the merged scan recorded (with first-seen and the trend, as
   `--history` does) into a new database, then into one that already holds it.
4. `aml-audit history` over `--days` daily scans: a scan of a `--daily-subscriptions` x
   `--workspaces` tenant recorded once a day, a few results changing status each day; then the
   command's default view, `--format json`, `--rule`, `--finding` and `--diff`, each in a child
   process (Python start-up included).

Every figure is printed with its target and the ratio. The machine's load is printed too: these
are wall times on a shared 2-core machine, and CPU times say how much of the wall was ours.
"""

from __future__ import annotations

import argparse
import dataclasses
import io
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

from auditor.controls.history import open_history, record_scan
from auditor.evaluate import engine
from auditor.evaluate.registry import load_rules
from auditor.evaluate.results import ScanResult
from auditor.inventory.shard import Shard
from auditor.plan.merge import merge_reports
from auditor.plan.options import ScanOptions
from auditor.reporters.interface import ReportOptions
from auditor.reporters.json_report import REPORTER as JSON_REPORTER
from auditor.rulekit.meta import Status
from auditor.simulator import generate_tenant
from auditor.sources.snapshot import SnapshotSource

REPO = Path(__file__).resolve().parent.parent
FIGURES: list[tuple[str, float, float | None, str]] = []  # what, seconds, target, note


def figure(what: str, seconds: float, target: float | None, note: str = "") -> None:
    FIGURES.append((what, seconds, target, note))
    ratio = f"  ratio {seconds / target:.2f}" if target else ""
    goal = f"  (target < {target:g} s){ratio}" if target else ""
    print(f"  {what}: {seconds:.2f} s{goal}{'  ' + note if note else ''}", flush=True)


def cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def child(args: Sequence[str]) -> tuple[float, float, float, subprocess.CompletedProcess[str]]:
    """`aml-audit ARGS` in a child: wall, CPU (user + system) and peak RSS in MB."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    # A process keeps the peak RSS of the process it was forked from (Linux carries it across
    # exec), so a child of this large process would report our pages: a small launcher starts
    # the command and reports the command's own rusage.
    launcher = (
        "import os, sys\n"
        "pid = os.posix_spawn(sys.executable, sys.argv[1:], os.environ)\n"
        "_, status, usage = os.wait4(pid, 0)\n"
        "print(os.waitstatus_to_exitcode(status), usage.ru_utime + usage.ru_stime,"
        " usage.ru_maxrss, file=sys.stderr)\n"
    )
    argv = [sys.executable, "-c", launcher, sys.executable, "-m", "auditor", *args]
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        start = time.perf_counter()
        done_launcher = subprocess.run(argv, env=env, stdout=out, stderr=err, check=False)
        wall = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    assert done_launcher.returncode == 0, stderr
    *lines, last = stderr.rstrip("\n").split("\n")
    code_text, used_text, rss_text = last.split()
    done = subprocess.CompletedProcess(list(args), int(code_text), stdout, "\n".join(lines))
    return wall, float(used_text), int(rss_text) / 1024, done


def write_report(scan: ScanResult, path: Path) -> None:
    buffer = io.StringIO()
    JSON_REPORTER.render(scan, buffer, ReportOptions())
    path.write_text(buffer.getvalue(), encoding="utf-8")


def snapshot_of(subscriptions: int, workspaces: int, path: Path) -> None:
    tenant = generate_tenant(subscriptions, workspaces)
    document = {
        "resources": list(tenant),
        "scopes": [f"/subscriptions/{s}" for s in tenant.subscription_ids],
    }
    path.write_text(json.dumps(document), encoding="utf-8")


def shard_reports(args: argparse.Namespace, workdir: Path) -> list[Path]:
    paths = [workdir / f"shard-{k}.json" for k in range(1, args.shards + 1)]
    if all(p.exists() for p in paths):
        print(f"shard reports: cached in {workdir}")
        return paths
    snapshot = workdir / "estate.json"
    start = time.perf_counter()
    snapshot_of(args.subscriptions, args.workspaces, snapshot)
    inventory = SnapshotSource(snapshot).collect()
    print(
        f"snapshot of {args.subscriptions} x {args.workspaces}: {len(inventory)} resources, "
        f"{snapshot.stat().st_size / 1e6:.0f} MB, read in {time.perf_counter() - start:.1f} s"
    )
    rules = load_rules(entry_points=False).rules
    for k, path in enumerate(paths, start=1):
        shard = Shard(k, args.shards)
        scan = engine.evaluate(inventory, rules, judged=shard.judging(inventory.scopes))
        write_report(dataclasses.replace(scan, shard=shard), path)
        print(
            f"  shard {shard.label}: {len(scan.scopes)} subscriptions, {len(scan.results)} results"
        )
    return paths


def bench_merge(paths: list[Path], workdir: Path) -> ScanResult:
    print("\nmerge")
    out = workdir / "out"
    out.mkdir(exist_ok=True)
    inputs = [str(p) for p in paths]
    wall, used, rss, done = child(
        ["merge", *inputs, "-o", str(out / "all.json"), "--format", "json"]
    )
    assert done.returncode in (0, 1, 3), done.stderr
    size = (out / "all.json").stat().st_size / 1e6
    figure(
        f"merge of {len(paths)} shards to JSON (child process)",
        wall,
        10,
        f"CPU {used:.1f} s, peak RSS {rss:.0f} MB, {size:.0f} MB written",
    )
    formats = ["-o", str(out / "all.html"), "-o", str(out / "all.sarif"), "-o", str(out / "all.md")]
    wall, used, rss, done = child(["merge", *inputs, "-o", str(out / "all.json"), *formats])
    assert done.returncode in (0, 1, 3), done.stderr
    figure(
        f"merge of {len(paths)} shards to JSON, HTML, SARIF, Markdown and console",
        wall,
        10,
        f"CPU {used:.1f} s, peak RSS {rss:.0f} MB (report writing is the reporters' cost)",
    )
    start, started_cpu = time.perf_counter(), cpu()
    outcome = merge_reports(tuple(paths), ScanOptions(fail_on=None))
    figure(
        "  of which reading and joining the reports (in process)",
        time.perf_counter() - start,
        None,
        f"CPU {cpu() - started_cpu:.1f} s, {len(outcome.scan.results)} results, "
        f"{len(outcome.scan.scopes)} subscriptions",
    )
    return outcome.scan


def bench_insert(scan: ScanResult, workdir: Path) -> None:
    print("\nhistory insert of one scan")
    db = workdir / "one-scan.sqlite"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    for label in ("into a new database", "into a database that holds the previous scan"):
        history = open_history(db)
        start, started_cpu = time.perf_counter(), cpu()
        history.record(scan)
        history.close()
        figure(
            f"insert of {len(scan.results)} results {label}",
            time.perf_counter() - start,
            2,
            f"CPU {cpu() - started_cpu:.2f} s",
        )
        scan = dataclasses.replace(scan, started_at=scan.started_at + timedelta(days=1))
    start, started_cpu = time.perf_counter(), cpu()
    record_scan(scan, db)
    figure(
        "  --history as a scan does it: insert, first-seen on each result, the trend",
        time.perf_counter() - start,
        None,
        f"CPU {cpu() - started_cpu:.2f} s",
    )
    print(f"  database: {db.stat().st_size / 1e6:.0f} MB for three scans")


def daily_scans(args: argparse.Namespace) -> ScanResult:
    tenant = generate_tenant(args.daily_subscriptions, args.workspaces, seed=1)
    path = Path(args.workdir) / "daily.json"
    path.write_text(json.dumps({"resources": list(tenant)}), encoding="utf-8")
    inventory = SnapshotSource(path).collect()
    return engine.evaluate(inventory, load_rules(entry_points=False).rules)


def bench_history(args: argparse.Namespace, workdir: Path) -> None:
    print(f"\n`aml-audit history` over {args.days} daily scans")
    db = workdir / f"daily-{args.days}.sqlite"
    base = daily_scans(args)
    if not db.exists():
        rng = random.Random(7)
        history = open_history(db)
        start = time.perf_counter()
        results = list(base.results)
        day0 = datetime(2026, 1, 1, 5, 17, tzinfo=UTC)
        for day in range(args.days):
            for _ in range(5):  # a few findings fixed or regressed each day
                n = rng.randrange(len(results))
                flipped = Status.PASS if results[n].status is Status.FAIL else Status.FAIL
                if results[n].status in (Status.FAIL, Status.PASS):
                    results[n] = dataclasses.replace(results[n], status=flipped)
            moment = day0 + timedelta(days=day)
            history.record(
                dataclasses.replace(
                    base, results=tuple(results), started_at=moment, finished_at=moment
                )
            )
        history.close()
        print(
            f"  built: {args.days} scans of {len(results)} results in "
            f"{time.perf_counter() - start:.1f} s, {db.stat().st_size / 1e6:.0f} MB"
        )
    failing = next(r for r in base.results if r.status is Status.FAIL)
    views: list[tuple[str, list[str]]] = [
        ("every scan and the last change (console)", []),
        ("every scan and the last change (JSON)", ["--format", "json"]),
        ("every scan (Markdown)", ["--format", "markdown"]),
        (f"findings of rule {failing.rule_id}", ["--rule", failing.rule_id]),
        ("one finding", ["--finding", failing.fingerprint]),
        (f"diff of scan 1 and scan {args.days}", ["--diff", "1", str(args.days)]),
    ]
    for label, extra in views:
        wall, used, rss, done = child(["history", "--history", str(db), *extra])
        assert done.returncode == 0, done.stderr
        figure(label, wall, 1, f"CPU {used:.2f} s, peak RSS {rss:.0f} MB")
    wall, used, _, _ = child(["--version"])
    print(f"  (Python start-up and `aml-audit --version`: {wall:.2f} s, CPU {used:.2f} s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscriptions", type=int, default=100)
    parser.add_argument("--workspaces", type=int, default=20)
    parser.add_argument("--shards", type=int, default=8)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--daily-subscriptions", type=int, default=2)
    parser.add_argument("--workdir", default="/tmp/aml-audit-bench-shards")
    args = parser.parse_args()
    workdir = Path(args.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    load = os.getloadavg()
    print(f"load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} on {os.cpu_count()} cores\n")
    paths = shard_reports(args, workdir)
    merged = bench_merge(paths, workdir)
    bench_insert(merged, workdir)
    del merged
    bench_history(args, workdir)
    load = os.getloadavg()
    print(f"\nload average at the end {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")
    print("\nsummary (figure, target, ratio)")
    for what, seconds, target, _ in FIGURES:
        if target:
            print(f"  {what.strip():70s} {seconds:6.2f} s  < {target:g} s  {seconds / target:.2f}")


if __name__ == "__main__":
    main()
