"""`aml-audit lint` against Checkov 3.3 on the same generated corpus of infrastructure code.

    python bench/lint_vs_checkov.py [--files 1000] [--growth 100,1000,10000] [--keep DIR]

Checkov is never a project dependency: it is installed into this benchmark's own virtualenv
(`--checkov-venv`, default /tmp/checkov-venv, created with `pip install "checkov>=3.3,<3.4"` when
missing) and run from there.

The corpus is derived from examples/iac (the same ML estate, vulnerable and fixed, in ARM JSON,
Bicep, Terraform and Azure ML CLI v2 YAML): file i takes format i % 4, with the estate's names
made unique (`churn` -> `t00042`) and a VM size varied, each in a folder of its own (Terraform
reads a folder as one module). Checkov does not read Azure ML CLI YAML, so the comparison is on
the three formats it reads (ARM, Bicep, Terraform: `--framework arm bicep terraform`), and ours is
also timed on all four.

Printed, each from one run of each tool (the machine's load moves them; the load average is
printed with them):
- wall, CPU (user + system) and peak RSS of each tool on the same corpus, through
  `/usr/bin/time` (CPU includes the worker processes both tools read with; peak RSS is the
  largest process's, as GNU time reports it);
- our speed-up in wall time (target >= 20x) and RSS ratio (target <= 1/3);
- one file, start-up included, median of 5 runs for each (target <= 0.3 s for us);
- our wall and CPU time at each --growth size (all four formats), and the time per file, which
  stays flat when time grows linearly.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples" / "iac"
SPEED_UP_TARGET = 20.0
RSS_RATIO_TARGET = 1 / 3
ONE_FILE_TARGET_S = 0.3
SIZES = ("Standard_DS3_v2", "Standard_D4s_v3", "Standard_E4s_v3", "Standard_F8s_v2")
# (format, estate-relative file) in the order file i takes them: i % 4 picks the format.
SOURCES = {
    "arm": ["main.json"],
    "bicep": ["main.bicep"],
    "terraform": ["main.tf"],
    "ml-yaml": [
        "workspace.yml",
        "endpoint.yml",
        "deployment.yml",
        "compute-instance.yml",
        "connection.yml",
    ],
}
FORMATS = tuple(SOURCES)


@dataclass(frozen=True)
class Measure:
    wall: float
    cpu: float
    rss_mb: float
    code: int


def write_corpus(folder: Path, count: int) -> dict[str, int]:
    """`count` files; how many of each format."""
    texts = {
        (fmt, estate, name): (EXAMPLES / fmt / estate / name).read_text(encoding="utf-8")
        for fmt, names in SOURCES.items()
        for estate in ("vulnerable", "fixed")
        for name in names
    }
    made = dict.fromkeys(FORMATS, 0)
    for index in range(count):
        fmt = FORMATS[index % 4]
        turn = index // 4
        estate = "fixed" if turn % 3 == 0 else "vulnerable"
        name = SOURCES[fmt][turn % len(SOURCES[fmt])]
        text = texts[(fmt, estate, name)]
        text = text.replace("churn", f"t{index:05d}").replace(
            "Standard_DS3_v2", SIZES[index % len(SIZES)]
        )
        target = folder / f"{index // 100:03d}" / f"{index:05d}"
        target.mkdir(parents=True, exist_ok=True)
        (target / name).write_text(text, encoding="utf-8")
        made[fmt] += 1
    return made


def timed(command: list[str], cwd: Path, env: dict[str, str]) -> Measure:
    """One run under GNU time: wall, user + system CPU, peak RSS."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        done = subprocess.run(
            ["/usr/bin/time", "-o", report.name, "-f", "%e %U %S %M", *command],
            cwd=cwd,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
        )
        wall, user, system, rss_kb = report.read().split()[-4:]
    return Measure(float(wall), float(user) + float(system), int(rss_kb) / 1024, done.returncode)


def ours(args: list[str]) -> list[str]:
    return [sys.executable, "-m", "auditor", "lint", *args]


def ours_env() -> dict[str, str]:
    env = dict(os.environ, PYTHONPATH=str(REPO), COLUMNS="100")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def checkov_env() -> dict[str, str]:
    # No calls home: no platform key, no guideline download, no version check.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env.update(CHECKOV_RUN_SCA_PACKAGE_SCAN_V2="false", BC_SKIP_MAPPING="TRUE", LOG_LEVEL="ERROR")
    return env


def checkov(venv: Path, args: list[str]) -> list[str]:
    return [str(venv / "bin" / "checkov"), "--skip-download", "--quiet", "--compact", *args]


def ensure_checkov(venv: Path) -> str:
    binary = venv / "bin" / "checkov"
    if not binary.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run(
            [str(venv / "bin" / "pip"), "install", "--quiet", "checkov>=3.3,<3.4"], check=True
        )
    done = subprocess.run([str(binary), "--version"], capture_output=True, text=True, check=True)
    return done.stdout.strip()


def median_of(runs: int, command: list[str], cwd: Path, env: dict[str, str]) -> Measure:
    measures = [timed(command, cwd, env) for _ in range(runs)]
    return Measure(
        statistics.median(m.wall for m in measures),
        statistics.median(m.cpu for m in measures),
        statistics.median(m.rss_mb for m in measures),
        measures[-1].code,
    )


def line(label: str, m: Measure) -> str:
    return f"  {label:<34} wall {m.wall:7.2f} s  CPU {m.cpu:7.2f} s  peak RSS {m.rss_mb:6.0f} MB"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--growth", default="100,1000,10000")
    parser.add_argument("--checkov-venv", type=Path, default=Path("/tmp/checkov-venv"))
    parser.add_argument(
        "--keep", type=Path, default=None, help="write the corpora here and keep them"
    )
    args = parser.parse_args()
    version = ensure_checkov(args.checkov_venv)
    scratch = Path(tempfile.mkdtemp(prefix="lint-vs-checkov-"))
    base = args.keep or scratch
    try:
        print(f"checkov {version} (its own virtualenv {args.checkov_venv}); aml-audit from {REPO}")
        load = " ".join(f"{x:.2f}" for x in os.getloadavg())
        print(f"load average before: {load}, {os.cpu_count()} cores")

        corpus = base / "corpus"
        made = write_corpus(corpus, args.files)
        print(f"\ncorpus: {args.files} files ({', '.join(f'{n} {f}' for f, n in made.items())})")
        three = ["--exclude", "*.yml"]
        ours_three = timed(ours([".", *three]), corpus, ours_env())
        ours_all = timed(ours(["."]), corpus, ours_env())
        theirs = timed(
            checkov(args.checkov_venv, ["-d", ".", "--framework", "arm", "bicep", "terraform"]),
            corpus,
            checkov_env(),
        )
        read = made["arm"] + made["bicep"] + made["terraform"]
        print(line(f"aml-audit lint, 3 formats ({read})", ours_three))
        print(line(f"checkov, 3 formats ({read})", theirs))
        print(line(f"aml-audit lint, 4 formats ({args.files})", ours_all))
        speed_up = theirs.wall / ours_three.wall
        rss_ratio = ours_three.rss_mb / theirs.rss_mb
        print(
            f"  speed-up (wall): {speed_up:.1f}x (target >= {SPEED_UP_TARGET:.0f}x: "
            f"{speed_up / SPEED_UP_TARGET:.2f} of it); CPU: {theirs.cpu / ours_three.cpu:.1f}x"
        )
        print(
            f"  peak RSS ratio: {rss_ratio:.2f} (target <= {RSS_RATIO_TARGET:.2f}: "
            f"{'met' if rss_ratio <= RSS_RATIO_TARGET else 'missed'})"
        )
        print(f"  exit codes: aml-audit {ours_three.code}, checkov {theirs.code}")

        one = corpus / "000" / "00000" / "main.json"
        ours_one = median_of(5, ours([str(one)]), corpus, ours_env())
        theirs_one = median_of(
            5,
            checkov(args.checkov_venv, ["-f", str(one), "--framework", "arm"]),
            corpus,
            checkov_env(),
        )
        print("\none file (ARM), start-up included, median of 5:")
        print(line("aml-audit lint", ours_one) + f"  (target <= {ONE_FILE_TARGET_S} s)")
        print(line("checkov", theirs_one))

        print("\ngrowth, aml-audit lint on all four formats:")
        for size in [int(s) for s in args.growth.split(",") if s.strip()]:
            folder = base / f"growth-{size}"
            write_corpus(folder, size)
            m = timed(ours(["."]), folder, ours_env())
            print(
                line(f"{size} files", m) + f"  {1000 * m.wall / size:6.2f} ms/file wall, "
                f"{1000 * m.cpu / size:6.2f} ms/file CPU"
            )
            if args.keep is None:
                shutil.rmtree(folder)
        print(f"\nload average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    finally:
        if args.keep is None:
            shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
