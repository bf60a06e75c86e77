"""How long `aml-audit` takes to start, per command, against the issue's targets.

    python bench/startup.py [--runs 20] [--checkout DIR]

Runs each command `--runs` times in a child process (`python -m auditor ...` with PYTHONPATH set
to the checkout, from an empty temporary folder, so no config file is read), after two warm-up
runs that fill the bytecode cache, as a wheel's install does. Prints the median and the fastest
wall time, the median CPU time (user + system: it moves less with the machine's load), the
target and the ratio of the median wall time to it. The interpreter's own start (`python -c
pass`, with the same site packages) is printed too: it is part of every figure and no change to
this project can remove it. `--checkout` measures another checkout (an older commit in a git
worktree) the same way. Figures are printed, not asserted: the machine's load moves them.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

# (arguments, target in ms) -- issue 8: --version and --help at most 150 ms; rules and explain
# at most 250 ms on the project's 2-core machine.
COMMANDS: list[tuple[list[str], float | None]] = [
    (["-c", "pass"], None),
    (["-m", "auditor", "--version"], 150),
    (["-m", "auditor", "--help"], 150),
    (["-m", "auditor", "rules"], 250),
    (["-m", "auditor", "explain", "AML101"], 250),
    (["-m", "auditor", "scan", "--help"], None),
]


def measure(
    args: list[str], runs: int, checkout: Path, cwd: Path
) -> tuple[list[float], list[float]]:
    """Wall and CPU (user + system) milliseconds of each run; CPU moves less with the load."""
    env = dict(os.environ, PYTHONPATH=str(checkout), COLUMNS="100")
    # As installed from a wheel (pip compiles the bytecode): the warm-up runs write the cache.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    walls, cpus = [], []
    for i in range(runs + 2):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, *args],
            cwd=cwd,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
        )
        wall = (time.perf_counter() - start) * 1000
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000
        if i >= 2:
            walls.append(wall)
            cpus.append(cpu)
    return walls, cpus


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--checkout", type=Path, default=REPO)
    args = parser.parse_args()
    print(f"checkout: {args.checkout}  runs: {args.runs}  cores: {os.cpu_count()}")
    print(
        f"{'command':34} {'wall median':>12} {'fastest':>8} {'cpu median':>11} {'target':>7} "
        f"{'wall/target':>12}"
    )
    with tempfile.TemporaryDirectory() as cwd:
        for command, target in COMMANDS:
            walls, cpus = measure(command, args.runs, args.checkout.resolve(), Path(cwd))
            median, fastest, cpu = statistics.median(walls), min(walls), statistics.median(cpus)
            label = "python " + " ".join(command)
            ratio = f"{median / target:.2f}" if target else "-"
            goal = f"{target:.0f} ms" if target else "-"
            print(
                f"{label:34} {median:9.0f} ms {fastest:5.0f} ms {cpu:8.0f} ms {goal:>7} {ratio:>12}"
            )


if __name__ == "__main__":
    main()
