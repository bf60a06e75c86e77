"""Scheduling of live collection: single-request tasks, run by a fixed pool of workers.

A scheduler hands out tasks round-robin across subscriptions, FIFO within one, each behind its
subscription's pacer (arm_pipeline.SubscriptionPacer), so one throttled subscription never idles
the others. A task's outcome goes to its callbacks: `on_ok` with a 200, `on_fail` with a Failure
for anything else; only a rejected credential (401) stops the run.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict, deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from auditor.sources.interface import AuthenticationError
from auditor.sources.live.arm_pipeline import (
    ArmClient,
    ArmResponse,
    CredentialFailure,
    SubscriptionPacer,
    TransportFailure,
    subscription_key,
)
from auditor.sources.live.stats import ScanStats

# Users see the live source's log lines under one name, whichever of its modules wrote them.
log = logging.getLogger("auditor.sources.live")


@dataclass(frozen=True, slots=True)
class Failure:
    """Why a request gave no usable answer: the HTTP status (None without a response), ARM's
    error code and message."""

    status: int | None
    code: str
    message: str


class MalformedResponse(Exception):
    """A 200 whose body is not what ARM sends."""


OnOk = Callable[[ArmResponse], None]
OnFail = Callable[[Failure], None]


@dataclass(slots=True)
class Task:
    url: str
    on_ok: OnOk
    on_fail: OnFail
    pacer: SubscriptionPacer | None
    groups: tuple[str, ...]  # progress groups ("sub:<id>", "ws:<id>") this request belongs to
    depth: int  # requests on the longest chain that led here, this one included


class Scheduler:
    """Round-robin across subscriptions, FIFO within one, each behind its pacer."""

    def __init__(self) -> None:
        self._queues: OrderedDict[str, deque[Task]] = OrderedDict()
        self._cond = threading.Condition()
        self._outstanding = 0
        self._stopped = False

    def submit(self, key: str, task: Task, *, first: bool = False) -> None:
        """Queue `task` behind its subscription's others, or ahead of them (`first`: the next
        page of a long chain, which would otherwise wait behind everything queued since)."""
        with self._cond:
            self._outstanding += 1
            queue = self._queues.get(key)
            if queue is None:
                queue = self._queues[key] = deque()
            if first:
                queue.appendleft(task)
            else:
                queue.append(task)
            self._cond.notify()

    def next(self) -> Task | None:
        with self._cond:
            while True:
                if self._stopped or self._outstanding == 0:
                    return None
                soonest: float | None = None
                for key, queue in list(self._queues.items()):
                    task = queue[0]
                    wait = task.pacer.delay() if task.pacer is not None else 0.0
                    if wait <= 0:
                        queue.popleft()
                        if queue:
                            self._queues.move_to_end(key)
                        else:
                            del self._queues[key]
                        return task
                    soonest = wait if soonest is None else min(soonest, wait)
                self._cond.wait(timeout=soonest)

    def done(self) -> None:
        with self._cond:
            self._outstanding -= 1
            if self._outstanding == 0:
                self._cond.notify_all()

    def stop(self) -> None:
        with self._cond:
            self._stopped = True
            self._cond.notify_all()

    def wait(self, timeout: float | None = None) -> bool:
        """True once every submitted task has finished (or the scheduler stopped)."""
        with self._cond:
            return self._cond.wait_for(
                lambda: self._stopped or self._outstanding == 0, timeout=timeout
            )


class RequestPool:
    """The workers: each takes the next task the scheduler allows, sends its GET and hands the
    outcome to the task's callbacks (which may submit more tasks). Counts progress groups."""

    def __init__(self, client: ArmClient, stats: ScanStats, workers: int, auth_hint: str) -> None:
        self.client = client
        self.stats = stats
        self.workers = workers
        self.auth_hint = auth_hint
        self.scheduler = Scheduler()
        self._lock = threading.Lock()
        self._groups: dict[str, int] = {}
        self._finished_groups: set[str] = set()
        self._fatal: BaseException | None = None
        self._current = threading.local()  # the task a worker runs: its children are one deeper

    def submit(
        self,
        url: str,
        on_ok: OnOk,
        on_fail: OnFail,
        groups: tuple[str, ...],
        *,
        first: bool = False,
    ) -> None:
        pacer = self.client.pacers.for_url(url)
        with self._lock:
            for group in groups:
                self._groups[group] = self._groups.get(group, 0) + 1
        depth = getattr(self._current, "depth", 0) + 1
        self.stats.raise_to(critical_path=depth)
        task = Task(url, on_ok, on_fail, pacer, groups, depth)
        self.scheduler.submit(subscription_key(url), task, first=first)

    def run(self) -> None:
        """Run every submitted task, and those they submit, to the end; raise what stopped it."""
        threads = [
            threading.Thread(target=self._work, name=f"aml-audit-collect-{i}", daemon=True)
            for i in range(self.workers)
        ]
        for thread in threads:
            thread.start()
        try:
            while not self.scheduler.wait(timeout=0.5):
                pass
        except BaseException:
            self.scheduler.stop()
            raise
        self.scheduler.stop()
        for thread in threads:
            thread.join(timeout=1.0)
        if self._fatal is not None:
            raise self._fatal

    def _work(self) -> None:
        while True:
            task = self.scheduler.next()
            if task is None:
                return
            self._current.depth = task.depth
            try:
                self._run(task)
            except BaseException as exc:  # a bug must not hang the scan: record and go on
                log.debug("collector task failed: %s", task.url, exc_info=True)
                if isinstance(exc, AuthenticationError):
                    self._abort(exc)
                else:
                    try:
                        task.on_fail(
                            Failure(None, "CollectorError", f"{type(exc).__name__}: {exc}")
                        )
                    except Exception:
                        log.debug("failure handler failed", exc_info=True)
            finally:
                self._end_groups(task.groups)
                self.scheduler.done()

    def _abort(self, exc: BaseException) -> None:
        with self._lock:
            if self._fatal is None:
                self._fatal = exc
        self.scheduler.stop()

    def _run(self, task: Task) -> None:
        if self._fatal is not None:
            if task.pacer is not None:
                task.pacer.cancel()
            return
        try:
            response = self.client.get(task.url, task.pacer)
            if response.status == 401:
                # The policy dropped its cached token on the 401: one more try gets a fresh one
                # (a token that expired in flight); a second 401 means the credential is rejected.
                log.debug("401 on %s; retrying once with a new token", task.url)
                pacer = task.pacer
                if pacer is not None:
                    pacer.acquire()
                response = self.client.get(task.url, task.pacer)
        except CredentialFailure as exc:
            raise AuthenticationError(
                f"could not get an ARM token: {exc} ({self.auth_hint})"
            ) from None
        except TransportFailure as exc:
            task.on_fail(Failure(None, exc.code, exc.message))
            return
        if response.status == 401:
            code, message = response.error()
            raise AuthenticationError(
                f"ARM rejected the credential (HTTP 401 {code}"
                + (f": {message[:200]}" if message else "")
                + f"); {self.auth_hint}"
            )
        if response.status == 200:
            try:
                task.on_ok(response)
            except MalformedResponse as exc:
                task.on_fail(Failure(None, "MalformedResponse", str(exc)))
            return
        code, message = response.error()
        if response.status == 429 or response.status >= 500:
            message = f"gave up after bounded retries: {message}".rstrip(": ")
        task.on_fail(Failure(response.status, code, message))

    def _end_groups(self, groups: Iterable[str]) -> None:
        finished: list[str] = []
        with self._lock:
            for group in groups:
                left = self._groups[group] - 1
                self._groups[group] = left
                if left == 0 and group not in self._finished_groups:
                    self._finished_groups.add(group)
                    finished.append(group)
        for group in finished:
            if group.startswith("ws:"):
                self.stats.add(workspaces_done=1)
            elif group.startswith("sub:"):
                self.stats.add(subscriptions_done=1)
