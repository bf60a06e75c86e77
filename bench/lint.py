"""`aml-audit lint`: start-up for one file, and throughput on a generated corpus of ARM templates.

    python bench/lint.py [--runs 10] [--sizes 100,1000] [--keep DIR]

1. One file: `aml-audit lint main.json` in a child process, `--runs` times after two warm-up runs
   (which fill the bytecode cache, as a wheel's install does): median and fastest wall time,
   median CPU time (user + system, which moves less with the machine's load), against the
   issue's target of 0.3 s of wall time including start-up.
2. Throughput: a corpus of N generated templates (each a workspace with a key vault, storage
   account, online endpoint and deployment, compute instance and diagnostic setting, with
   parameters, variables, a copy loop and a condition: about 5 KB, like a quickstart template),
   linted in one run per size: wall and CPU seconds, files per second, peak RSS, and the time
   per file, which stays flat when lint time grows linearly with the corpus.

Figures are printed, not asserted: the machine's load moves them. Run it on a quiet machine.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
ONE_FILE_TARGET_S = 0.3
SCHEMA = "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#"


def template(index: int) -> dict[str, Any]:
    """A realistic template; every fourth one is hardened, so results are mixed."""
    hardened = index % 4 == 0
    ws = "[parameters('workspaceName')]"
    return {
        "$schema": SCHEMA,
        "contentVersion": "1.0.0.0",
        "parameters": {
            "workspaceName": {"type": "string", "defaultValue": f"mlw-{index}"},
            "location": {"type": "string", "defaultValue": "[resourceGroup().location]"},
            "access": {"type": "string", "defaultValue": "Disabled" if hardened else "Enabled"},
            "authMode": {"type": "string"},
            "deployCompute": {"type": "bool", "defaultValue": True},
        },
        "variables": {
            "vaultName": (
                "[concat('kv', uniqueString(resourceGroup().id, parameters('workspaceName')))]"
            ),
            "storageName": "[toLower(concat('st', uniqueString(parameters('workspaceName'))))]",
            "endpoints": ["blue", "green"],
        },
        "resources": [
            {
                "type": "Microsoft.KeyVault/vaults",
                "apiVersion": "2023-07-01",
                "name": "[variables('vaultName')]",
                "location": "[parameters('location')]",
                "properties": {
                    "tenantId": "[subscription().tenantId]",
                    "sku": {"family": "A", "name": "standard"},
                    "enablePurgeProtection": hardened,
                    "enableRbacAuthorization": True,
                    "publicNetworkAccess": "[parameters('access')]",
                },
            },
            {
                "type": "Microsoft.Storage/storageAccounts",
                "apiVersion": "2023-05-01",
                "name": "[variables('storageName')]",
                "location": "[parameters('location')]",
                "kind": "StorageV2",
                "sku": {"name": "Standard_LRS"},
                "properties": {"allowSharedKeyAccess": not hardened},
            },
            {
                "type": "Microsoft.MachineLearningServices/workspaces",
                "apiVersion": "2024-04-01",
                "name": ws,
                "location": "[parameters('location')]",
                "identity": {"type": "SystemAssigned"},
                "properties": {
                    "keyVault": (
                        "[resourceId('Microsoft.KeyVault/vaults', variables('vaultName'))]"
                    ),
                    "storageAccount": (
                        "[resourceId('Microsoft.Storage/storageAccounts', "
                        "variables('storageName'))]"
                    ),
                    "publicNetworkAccess": "[parameters('access')]",
                    "systemDatastoresAuthMode": "Identity" if hardened else "AccessKey",
                },
                "resources": [
                    {
                        "copy": {"name": "eps", "count": "[length(variables('endpoints'))]"},
                        "type": "onlineEndpoints",
                        "apiVersion": "2024-04-01",
                        "name": "[variables('endpoints')[copyIndex()]]",
                        "location": "[parameters('location')]",
                        "identity": {"type": "SystemAssigned"},
                        "properties": {
                            "authMode": "AADToken" if hardened else "[parameters('authMode')]",
                            "publicNetworkAccess": "[parameters('access')]",
                        },
                    },
                    {
                        "condition": "[parameters('deployCompute')]",
                        "type": "computes",
                        "apiVersion": "2024-04-01",
                        "name": "ci-1",
                        "location": "[parameters('location')]",
                        "properties": {
                            "computeType": "ComputeInstance",
                            "disableLocalAuth": hardened,
                            "properties": {"vmSize": "Standard_DS3_v2"},
                        },
                    },
                ],
            },
            {
                "type": "Microsoft.Insights/diagnosticSettings",
                "apiVersion": "2021-05-01-preview",
                "scope": (
                    f"[format('Microsoft.MachineLearningServices/workspaces/{{0}}', {ws[1:-1]})]"
                ),
                "name": "to-law",
                "properties": {
                    "workspaceId": (
                        "[resourceId('Microsoft.OperationalInsights/workspaces', 'law')]"
                    ),
                    "logs": [{"categoryGroup": "allLogs", "enabled": True}],
                },
            },
        ],
    }


def write_corpus(folder: Path, count: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for index in range(count):
        sub = folder / f"team-{index // 50:03d}"
        sub.mkdir(exist_ok=True)
        (sub / f"ml-{index:05d}.json").write_text(json.dumps(template(index), indent=2))


def run_lint(args: list[str], cwd: Path) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds (user + system) and exit code of one `aml-audit lint` run."""
    env = dict(os.environ, PYTHONPATH=str(REPO), COLUMNS="100")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "auditor", "lint", *args],
        cwd=cwd,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.returncode


def peak_rss_mb(args: list[str], cwd: Path) -> float:
    """Peak RSS of one run, read by GNU time's portable equivalent: a child's ru_maxrss."""
    code = (
        "import resource, runpy, sys; sys.argv = ['aml-audit', 'lint', *sys.argv[1:]]\n"
        "try:\n    runpy.run_module('auditor', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)"
    )
    env = dict(os.environ, PYTHONPATH=str(REPO))
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=cwd,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )
    return int(done.stderr.strip().splitlines()[-1]) / 1024


def measure(
    write: Callable[[Path, int], None],
    pattern: str,
    noun: str,
    base: Path,
    runs: int,
    sizes: list[int],
) -> None:
    """Prints one `noun` (the first of `write`'s corpus of one matching `pattern`) linted `runs`
    times, start-up included, then each corpus size linted once (bench/lint_terraform.py uses it
    too)."""
    one = base / "one"
    write(one, 1)
    [single] = list(one.rglob(pattern))
    relative = single.relative_to(one)
    walls, cpus = [], []
    for i in range(runs + 2):  # the first two warm the file system's and Python's caches
        wall, cpu, code = run_lint([str(relative)], one)
        if i >= 2:
            walls.append(wall)
            cpus.append(cpu)
    median = statistics.median(walls)
    print(f"one {noun} ({single.stat().st_size / 1024:.1f} KB), {runs} runs, exit {code}:")
    print(
        f"  wall median {median * 1000:.0f} ms, fastest {min(walls) * 1000:.0f} ms; "
        f"CPU median {statistics.median(cpus) * 1000:.0f} ms; target "
        f"{ONE_FILE_TARGET_S * 1000:.0f} ms: {median / ONE_FILE_TARGET_S:.2f}x of it"
    )
    print(f"  peak RSS {peak_rss_mb([str(relative)], one):.0f} MB")
    print("corpus (one run per size):")
    for size in sizes:
        corpus = base / f"corpus-{size}"
        write(corpus, size)
        wall, cpu, code = run_lint(["."], corpus)
        rss = peak_rss_mb(["."], corpus)
        print(
            f"  {size:>6} {noun}s: wall {wall:6.2f} s, CPU {cpu:6.2f} s, "
            f"{size / wall:7.1f} files/s, {wall / size * 1000:6.2f} ms/file, "
            f"peak RSS {rss:.0f} MB, exit {code}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--sizes", default="100,1000")
    parser.add_argument("--keep", type=Path, default=None, help="write the corpus here and keep it")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    with tempfile.TemporaryDirectory() as scratch:
        base = args.keep or Path(scratch)
        measure(write_corpus, "*.json", "file", base, args.runs, sizes)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
