"""How many requests per second the ARM simulator answers, with keep-alive HTTPS clients.

    python bench/simulator_throughput.py [--clients 1 32] [--latency-ms 0 50] [--seconds 5]

For each (latency, clients) pair it starts `aml-audit simulate --json` in a child process (so the
clients do not share its interpreter lock), then runs client threads, each with one
`requests.Session` (one kept-alive TLS connection), GETting a mix of routes (a paged list, a child
list, a resource by id) for the given time. Prints requests, errors, requests/s, the simulator's
CPU milliseconds per request (start-up included) and, with latency, the ideal clients / latency.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run(clients: int, latency_ms: float, seconds: float) -> str:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    command = [sys.executable, "-m", "auditor", "simulate", "--scale", "1", "--json"]
    command += ["--no-throttle", "--latency", str(latency_ms)]
    server = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        details = json.loads(server.stdout.readline())
        sub = details["subscriptions"][0]
        group = f"/subscriptions/{sub}/resourceGroups/rg-ml-00/providers"
        workspace = f"{group}/Microsoft.MachineLearningServices/workspaces/mlw-00-000"
        paths = [
            f"/subscriptions/{sub}/providers/Microsoft.MachineLearningServices/workspaces",
            f"{workspace}/onlineEndpoints",
            f"{group}/Microsoft.KeyVault/vaults/kv-mlw-00-000/keys",
            workspace,
        ]
        counts, errors = [0] * clients, [0] * clients
        deadline = time.monotonic() + seconds

        def client(n: int) -> None:
            session = requests.Session()
            session.trust_env = False  # a REQUESTS_CA_BUNDLE in the environment would win
            session.verify = details["ca_file"]
            session.headers["Authorization"] = f"Bearer {details['token']}"
            i = n
            while time.monotonic() < deadline:
                url = f"{details['url']}{paths[i % len(paths)]}?api-version=2025-09-01"
                errors[n] += session.get(url, timeout=30).status_code != 200
                counts[n] += 1
                i += 1
            session.close()

        threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
        total = sum(counts)
        cpu_ms = _cpu_seconds(server.pid) * 1000 / max(total, 1)
    finally:
        server.send_signal(signal.SIGTERM)
        server.communicate(timeout=30)
    line = (
        f"clients={clients:3d} latency={latency_ms:5.1f}ms requests={total:6d} "
        f"errors={sum(errors)} req/s={total / elapsed:7.1f} server_cpu_ms/req={cpu_ms:.2f}"
    )
    if latency_ms:
        line += f" ideal_req/s={clients / (latency_ms / 1000):7.1f}"
    return line


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 32])
    parser.add_argument("--latency-ms", type=float, nargs="+", default=[0.0, 50.0])
    parser.add_argument("--seconds", type=float, default=5.0)
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs", flush=True)
    for latency_ms in args.latency_ms:
        for clients in args.clients:
            print(run(clients, latency_ms, args.seconds), flush=True)


if __name__ == "__main__":
    main()
