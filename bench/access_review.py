"""What the access review costs a live scan: extra requests, wall and CPU time, against the target
of under 25% more wall time on the 10 x 20 tenant.

    python bench/access_review.py [--subscriptions 10] [--workspaces 20] [--latency-ms 50]
        [--role-assignments 300] [--activity-events 2000] [--busy-activity-events 30000]
        [--no-throttling]

Generates the issue's tenant (bench/live_scan.py's shape) with access-review volumes: hundreds of
role assignments per subscription (at subscription, group, workspace and endpoint scope, built-in
and custom roles), a few thousand Activity Log events in each subscription's 90 days and tens of
thousands in one busy subscription, most of them routine writes and events of other providers.
Serves it from the ARM simulator in a child process (injected latency, ARM's throttling), then
runs the same full `LiveSource` collection twice through the real Azure SDK, each against a fresh
simulator: without the access review, and with it (the default). Prints for each the requests
(and those of the access review), 429s, wall and scanner CPU seconds, then the extra requests,
extra wall and CPU time, and the ratio to the target. Also the busiest subscription's reads and the
least wall time ARM's read bucket allows them under any schedule (250 at once, then 25 a second):
the review's cost can fall no lower than that floor without fewer reads. `--no-throttling` turns
ARM's read bucket off in the simulator and the scanner's pacing with it: what the review costs
when latency and CPU are the only limits (a quiet estate; not ARM as it is).
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import sys
import time
from collections import Counter
from datetime import UTC, datetime
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from auditor.simulator import Simulator, SimulatorOptions, generate_tenant
from auditor.sources.live import LiveSource
from auditor.sources.live.auth import StaticTokenCredential
from auditor.sources.live.tuning import ARM_READ_BURST, ARM_READ_REFILL_PER_SECOND

SCOPE = "https://management.azure.com/.default"
TARGET = 0.25  # at most 25% more wall time
NOW = datetime.now(UTC)
UNPACED = (10**9, 10.0**9)  # a bucket no scan empties: --no-throttling


def _is_access_review(path: str) -> bool:
    lowered = path.lower()
    return "/providers/microsoft.authorization/" in lowered or "/eventtypes/management/" in lowered


def serve(conn: Connection, args: argparse.Namespace) -> None:
    tenant = generate_tenant(
        args.subscriptions,
        args.workspaces,
        role_assignments=args.role_assignments,
        activity_events=args.activity_events,
        busy_activity_events=args.busy_activity_events,
        now=NOW,
    )
    events = sum(len(tenant.events(s)) for s in tenant.subscription_ids)
    options = SimulatorOptions(
        latency=args.latency_ms / 1000.0,
        throttle=not args.no_throttling,
        burst=ARM_READ_BURST,
        refill_per_second=ARM_READ_REFILL_PER_SECOND,
    )
    with Simulator(tenant, options) as sim:
        conn.send({"url": sim.url, "ca_file": str(sim.ca_file), "token": sim.token})
        conn.send({"events": events, "resources": len(tenant)})
        conn.recv()
        log = sim.request_log
    per_subscription = Counter(r.subscription.lower() for r in log if r.subscription)
    busiest, busiest_requests = per_subscription.most_common(1)[0] if per_subscription else ("", 0)
    conn.send(
        {
            "requests": len(log),
            "access_requests": sum(1 for r in log if _is_access_review(r.path)),
            "busiest_requests": busiest_requests,
            "busiest_access_requests": sum(
                1
                for r in log
                if (r.subscription or "").lower() == busiest and _is_access_review(r.path)
            ),
            "statuses": dict(Counter(r.status for r in log)),
            "methods": dict(Counter(r.method for r in log)),
        }
    )


def scan(args: argparse.Namespace, access_review: bool) -> dict[str, Any]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    context = multiprocessing.get_context("fork")
    parent, child = context.Pipe()
    process = context.Process(target=serve, args=(child, args), daemon=True)
    process.start()
    info = parent.recv()
    sizes = parent.recv()
    source = LiveSource(
        StaticTokenCredential(info["token"], int(time.time()) + 3600),
        endpoint=info["url"],
        token_scopes=(SCOPE,),
        ca_file=info["ca_file"],
        clock=lambda: NOW,
        access_review=access_review,
        pacing=UNPACED if args.no_throttling else (ARM_READ_BURST, ARM_READ_REFILL_PER_SECOND),
    )
    usage0 = resource.getrusage(resource.RUSAGE_SELF)
    started = time.perf_counter()
    inventory = source.collect()
    wall = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_SELF)
    parent.send("stop")
    log = parent.recv()
    process.join(timeout=10)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (usage.ru_utime - usage0.ru_utime) + (usage.ru_stime - usage0.ru_stime)
    simulator_cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    kinds = Counter(r.type for r in inventory)
    return {
        **log,
        **sizes,
        "wall": wall,
        "unthrottled": args.no_throttling,
        "cpu": cpu,
        "simulator_cpu": simulator_cpu,
        "resources": len(inventory),
        "gaps": len(inventory.gaps),
        "role_assignments": kinds.get("Microsoft.Authorization/roleAssignments", 0),
        "events_kept": kinds.get("Microsoft.Insights/eventtypes/values", 0),
        "critical_path": source.stats.critical_path,
    }


def _floor(reads: int) -> float:
    """The least wall time ARM's per-subscription read bucket (250, refilled at 25 a second)
    allows for `reads` reads of one subscription, however they are scheduled."""
    return max(0, reads - ARM_READ_BURST) / ARM_READ_REFILL_PER_SECOND


def report(title: str, r: dict[str, Any]) -> None:
    print(f"== {title}")
    print(f"  requests             {r['requests']}  (access review {r['access_requests']})")
    print(f"  statuses             {r['statuses']}  methods {r['methods']}")
    print(f"  gaps                 {r['gaps']}")
    print(f"  resources collected  {r['resources']}  (role assignments {r['role_assignments']},")
    print(f"                       Activity Log events kept {r['events_kept']} of {r['events']})")
    print(f"  critical path        {r['critical_path']} requests")
    bound = (
        "no read bucket (--no-throttling)"
        if r["unthrottled"]
        else f"ARM's read bucket alone holds them to at least {_floor(r['busiest_requests']):.2f} s"
    )
    print(
        f"  busiest subscription {r['busiest_requests']} reads (access review "
        f"{r['busiest_access_requests']}): {bound}"
    )
    print(f"  wall seconds         {r['wall']:.2f}")
    print(
        f"  CPU seconds          scanner {r['cpu']:.2f}; simulator process "
        f"{r['simulator_cpu']:.2f} (tenant generation included; it shares the two cores)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscriptions", type=int, default=10)
    parser.add_argument("--workspaces", type=int, default=20)
    parser.add_argument("--latency-ms", type=float, default=50.0)
    parser.add_argument("--role-assignments", type=int, default=300)
    parser.add_argument("--activity-events", type=int, default=2000)
    parser.add_argument("--busy-activity-events", type=int, default=30000)
    parser.add_argument(
        "--no-throttling",
        action="store_true",
        help="no read bucket in the simulator and no pacing in the scanner",
    )
    args = parser.parse_args()
    load = os.getloadavg()
    print(
        f"machine: {os.cpu_count()} cores, load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"
    )
    print(
        f"tenant: {args.subscriptions} x {args.workspaces} workspaces, {args.role_assignments} "
        f"role assignments per subscription, {args.activity_events} Activity Log events per "
        f"subscription ({args.busy_activity_events} in the busy one); latency "
        f"{args.latency_ms:.0f} ms; simulator in a child process; ARM's read bucket "
        f"{'OFF (--no-throttling)' if args.no_throttling else 'on'}"
    )
    without = scan(args, access_review=False)
    report("without the access review", without)
    with_review = scan(args, access_review=True)
    report("with the access review (the default)", with_review)
    extra_wall = with_review["wall"] / without["wall"] - 1.0
    extra_cpu = with_review["cpu"] / without["cpu"] - 1.0
    print("== cost of the access review")
    print(f"  extra requests       {with_review['requests'] - without['requests']}")
    print(
        f"  extra wall time      {with_review['wall'] - without['wall']:.2f} s "
        f"({extra_wall:+.0%}; target under {TARGET:.0%}: ratio to target "
        f"{extra_wall / TARGET:.2f}, {'met' if extra_wall < TARGET else 'NOT met'})"
    )
    print(f"  extra scanner CPU    {with_review['cpu'] - without['cpu']:.2f} s ({extra_cpu:+.0%})")
    print(f"  extra simulator CPU  {with_review['simulator_cpu'] - without['simulator_cpu']:.2f} s")
    if not args.no_throttling:
        floor = max(_floor(with_review["busiest_requests"]), without["wall"]) / without["wall"] - 1
        print(
            f"  least possible       {floor:+.0%}: the busiest subscription's "
            f"{with_review['busiest_requests']} reads at ARM's refill rate, against "
            f"{without['wall']:.2f} s without the review"
        )
    load = os.getloadavg()
    print(f"load average after: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    return 0 if extra_wall < TARGET else 1


if __name__ == "__main__":
    raise SystemExit(main())
