"""How many requests per second the ARM simulator answers, with keep-alive HTTPS clients.

    python bench/simulator_throughput.py [--clients 1 32] [--latency-ms 0 50] [--seconds 5]

Each client thread holds one `requests.Session` (one kept-alive TLS connection) and GETs a mix of
routes (a list page, a child list, a resource by id) for the given time. Prints one line per
(clients, latency) pair: requests, errors, requests/s and, with latency, the ideal
clients / latency bound.
"""

from __future__ import annotations

import argparse
import sys
import threading
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from auditor.simulator import Simulator, SimulatorOptions, generate_tenant


def run(clients: int, latency: float, seconds: float) -> tuple[int, int, float]:
    tenant = generate_tenant(subscriptions=2, workspaces=5)
    workspace = tenant.resources(["Microsoft.MachineLearningServices/workspaces"])[0]["id"]
    vault = tenant.resources(["Microsoft.KeyVault/vaults"])[0]["id"]
    sub = tenant.subscription_ids[0]
    paths = [
        f"/subscriptions/{sub}/providers/Microsoft.MachineLearningServices/workspaces",
        f"{workspace}/onlineEndpoints",
        f"{vault}/keys",
        workspace,
    ]
    options = SimulatorOptions(latency=latency, throttle=False)
    counts = [0] * clients
    errors = [0] * clients
    with Simulator(tenant, options) as sim:
        deadline = time.monotonic() + seconds

        def client(n: int) -> None:
            session = requests.Session()
            session.trust_env = False  # REQUESTS_CA_BUNDLE in the environment would win
            session.verify = str(sim.ca_file)
            session.headers["Authorization"] = f"Bearer {sim.token}"
            i = n
            while time.monotonic() < deadline:
                url = f"{sim.url}{paths[i % len(paths)]}?api-version=2025-09-01"
                response = session.get(url)
                counts[n] += 1
                errors[n] += response.status_code != 200
                i += 1
            session.close()

        threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
    return sum(counts), sum(errors), elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 32])
    parser.add_argument("--latency-ms", type=float, nargs="+", default=[0.0, 50.0])
    parser.add_argument("--seconds", type=float, default=5.0)
    args = parser.parse_args()
    for latency_ms in args.latency_ms:
        for clients in args.clients:
            total, errors, elapsed = run(clients, latency_ms / 1000, args.seconds)
            line = (
                f"clients={clients:3d} latency={latency_ms:5.1f}ms requests={total:6d} "
                f"errors={errors} req/s={total / elapsed:7.1f}"
            )
            if latency_ms:
                line += f" ideal={clients / (latency_ms / 1000):7.1f}"
            print(line, flush=True)


if __name__ == "__main__":
    main()
