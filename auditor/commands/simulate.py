"""`aml-audit simulate`: run the ARM simulator alone, for trying `scan` against a fake tenant."""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any

from auditor.commands import HELP
from auditor.core.errors import ConfigError, ExitCode

if TYPE_CHECKING:  # the simulator (and cryptography) load only when this command runs
    from auditor.simulator import Tenant

NAME = "simulate"


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        NAME,
        help=HELP[NAME],
        description="Serve a simulated tenant with ARM's REST semantics: the bundled demo "
        "tenant, a tenant file (docs/simulator.md) or a generated one.",
    )
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--tenant", type=Path, metavar="FILE", help="serve this tenant file")
    source.add_argument(
        "--scale",
        type=int,
        metavar="N",
        help="serve a generated tenant of N subscriptions x 20 workspaces",
    )
    parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (default: any)")
    parser.add_argument(
        "--latency", type=float, default=0.0, metavar="MS", help="delay every answer (ms)"
    )
    parser.add_argument(
        "--page-size", type=int, default=100, metavar="N", help="items per list page"
    )
    parser.add_argument(
        "--no-throttle", action="store_true", help="never answer 429 (no token buckets)"
    )
    parser.add_argument(
        "--ca-file", type=Path, metavar="FILE", help="write the CA certificate here"
    )
    parser.add_argument(
        "--json",
        action="store_true",
        help="print the connection details as one JSON line (for scripts)",
    )


def _tenant(args: argparse.Namespace) -> Tenant:
    from auditor.simulator import demo_tenant, generate_tenant, load_tenant

    if args.tenant is not None:
        return load_tenant(args.tenant)
    if args.scale is not None:
        if args.scale < 1:
            raise ConfigError("--scale must be at least 1")
        return generate_tenant(subscriptions=args.scale)
    return demo_tenant()


def run(args: argparse.Namespace) -> int:
    from auditor.simulator import Simulator, SimulatorOptions

    if args.latency < 0 or args.page_size < 1 or not 0 <= args.port <= 65535:
        raise ConfigError("--latency must be >= 0, --page-size >= 1, --port 0..65535")
    tenant = _tenant(args)
    options = SimulatorOptions(
        latency=args.latency / 1000.0,
        page_size=args.page_size,
        throttle=not args.no_throttle,
        port=args.port,
        ca_file=args.ca_file.resolve() if args.ca_file else None,
    )
    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    with Simulator(tenant, options) as sim:
        details = {
            "url": sim.url,
            "ca_file": str(sim.ca_file),
            "token": sim.token,
            "subscriptions": sim.subscription_ids,
        }
        if args.json:
            print(json.dumps(details), flush=True)
        else:
            print(
                f"ARM simulator on {sim.url}  ({len(tenant)} resources, "
                f"{len(sim.subscription_ids)} subscriptions)\n"
                f"  CA file:       {sim.ca_file}\n"
                f"  subscriptions: {', '.join(sim.subscription_ids)}\n"
                "\nScan it from another shell:\n"
                f"  export AML_AUDIT_ACCESS_TOKEN='{sim.token}'\n"
                f"  export REQUESTS_CA_BUNDLE='{sim.ca_file}'\n"
                f"  aml-audit scan --arm-endpoint {sim.url} --auth token\n"
                "\nCtrl-C stops it.",
                flush=True,
            )
        try:
            while not stop.wait(0.5):
                pass
        except KeyboardInterrupt:
            pass
    print("simulator stopped", file=sys.stderr)
    return ExitCode.OK
