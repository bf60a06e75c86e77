"""Reading many infrastructure files on every core, with the same results as reading them here.

The lint source gives each reader its files as one job, or split at the independent parts the
reader names (`Reader.parts`, optional: a Terraform reader's module folders when none calls
another), contiguous parts grouped into a few jobs per core. With enough files and more than one
core the jobs run in worker processes forked from this one (so a worker starts with every module
already imported), at most one per core, and their results are put back in the order of the jobs:
what a run reports never depends on which worker finished first. A small run (a pre-commit hook
linting one file) reads everything here, where a worker would cost more than it saves, and so does
a platform without a safe `fork` (only Linux forks here; elsewhere a worker would start a new
interpreter and import everything again), and a program that runs other threads.
"""

from __future__ import annotations

import gc
import logging
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from auditor.sources.iac.model import FileProblem, Reader, ReadOptions, ReadResult

log = logging.getLogger(__name__)

# Below this many files a run reads them in this process: forking and sending results back costs
# about as much as reading a few dozen files.
PARALLEL_FROM_FILES = 48
# Jobs per worker: enough that one slow job does not leave the other cores idle at the end.
JOBS_PER_WORKER = 4
# A worker builds and drops a parse tree per file, millions of short-lived objects: with Python's
# default thresholds (a collection every 700 new objects) the garbage collector took a fifth of
# its time. A young collection every 10,000 objects keeps the worker's memory the same (the
# cycles a parse leaves behind are still collected) for about a tenth less CPU.
WORKER_GC_THRESHOLD = (10_000, 10, 10)


@dataclass(frozen=True, slots=True)
class Job:
    reader: int  # index into the run's readers
    files: tuple[Path, ...]


def cores() -> int:
    """The cores this process may run on."""
    affinity: Callable[[int], set[int]] | None = getattr(os, "sched_getaffinity", None)
    return len(affinity(0)) if affinity is not None else os.cpu_count() or 1


def plan(
    readers: Sequence[Reader], claimed: dict[int, list[Path]], root: Path, options: ReadOptions
) -> tuple[list[Job], int]:
    """The jobs, in the order their results are merged, and how many workers read them (0: read
    here)."""
    total = sum(len(files) for files in claimed.values())
    workers = cores() if total >= PARALLEL_FROM_FILES and _can_fork() else 0
    jobs: list[Job] = []
    for index, files in sorted(claimed.items()):
        splitter = getattr(readers[index], "parts", None)
        parts: Sequence[Sequence[Path]] = (
            splitter(files, root, options) if workers > 1 and splitter is not None else [files]
        )
        size = -(-len(parts) // (workers * JOBS_PER_WORKER)) if workers > 1 else len(parts)
        for start in range(0, len(parts), max(1, size)):
            group = [path for part in parts[start : start + size] for path in part]
            jobs.append(Job(index, tuple(group)))
    return jobs, (min(workers, len(jobs)) if workers > 1 and len(jobs) > 1 else 0)


def _can_fork() -> bool:
    """Linux, and no other thread running: a fork copies only the calling thread, and a lock
    another thread held at that moment would stay held in the worker for ever."""
    import threading

    return sys.platform.startswith("linux") and threading.active_count() == 1


def read_job(reader: Reader, files: Sequence[Path], root: Path, options: ReadOptions) -> ReadResult:
    return reader.read(files, root, options)


def run(
    readers: Sequence[Reader],
    jobs: Sequence[Job],
    workers: int,
    root: Path,
    options: ReadOptions,
) -> list[ReadResult | BaseException]:
    """Each job's result, or the exception its reader raised, in the order of `jobs`."""
    if workers <= 1:
        results: list[ReadResult | BaseException] = []
        for job in jobs:
            try:
                results.append(read_job(readers[job.reader], job.files, root, options))
            except Exception as exc:  # one broken reader must not sink the run
                results.append(exc)
        return results
    import multiprocessing
    from concurrent.futures import Future, ProcessPoolExecutor

    context = multiprocessing.get_context("fork")
    # The largest jobs first, so that the last job to finish is a small one.
    order = sorted(range(len(jobs)), key=lambda i: -_size(jobs[i].files))
    # The objects this process holds are moved out of the garbage collector's sight while the
    # workers fork (they all fork at the first submit): a worker's collections then skip them,
    # instead of walking every inherited object and copying the pages they touch.
    gc.freeze()
    try:
        with ProcessPoolExecutor(
            max_workers=workers, mp_context=context, initializer=_start_worker
        ) as pool:
            futures: dict[int, Future[ReadResult]] = {
                i: pool.submit(read_job, readers[jobs[i].reader], jobs[i].files, root, options)
                for i in order
            }
            done: list[ReadResult | BaseException] = []
            for i in range(len(jobs)):
                try:
                    done.append(futures[i].result())
                except Exception as exc:  # a reader's error, or a worker that died
                    log.debug("job %d failed", i, exc_info=True)
                    done.append(exc)
    finally:
        gc.unfreeze()
    return done


def _start_worker() -> None:
    gc.set_threshold(*WORKER_GC_THRESHOLD)


def _size(files: Sequence[Path]) -> int:
    total = 0
    for path in files:
        try:
            total += path.stat().st_size
        except OSError:
            continue
    return total


def merged(results: Sequence[ReadResult]) -> ReadResult:
    """One reader's parts as one result: resources, problems and skipped files in order, and a
    problem an earlier part reported already left out (a file every part reads, a Terraform
    `--parameters` file, reports the same problem in each part, and once when read at once)."""
    if len(results) == 1:
        return results[0]
    problems: list[FileProblem] = []
    earlier: set[FileProblem] = set()
    for result in results:
        problems += (p for p in result.problems if p not in earlier)
        earlier.update(result.problems)
    return ReadResult(
        tuple(r for result in results for r in result.resources),
        tuple(problems),
        tuple(s for result in results for s in result.skipped),
    )
