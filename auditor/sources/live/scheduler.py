"""Scheduling of live collection: single-request tasks, run by a fixed pool of workers.

A scheduler hands out tasks round-robin across subscriptions, FIFO within one, each behind its
subscription's pacer (arm_pipeline.SubscriptionPacer), so one throttled subscription never idles
the others. The workers are coroutines on one event loop (the collection runs inside
`asyncio.run`); the callbacks run on that loop too, so nothing here needs a lock.

A task's outcome goes to its callbacks: `on_ok` with a 200, `on_fail` with a Failure
for anything else; only a rejected credential (401) stops the run.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
from collections import OrderedDict, deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from auditor.sources.interface import AuthenticationError
from auditor.sources.live.arm_pipeline import (
    ArmClient,
    ArmResponse,
    CredentialFailure,
    Pacer,
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


GRAPH_QUEUE = "resource-graph"  # the scheduler's queue of graph queries (not a subscription)
OnOk = Callable[[ArmResponse], None]
OnFail = Callable[[Failure], None]


@dataclass(slots=True)
class Task:
    url: str
    on_ok: OnOk
    on_fail: OnFail
    pacer: Pacer | None
    groups: tuple[str, ...]  # progress groups ("sub:<id>", "ws:<id>") this request belongs to
    depth: int  # requests on the longest chain that led here, this one included
    graph_query: bytes | None = None  # a Resource Graph query's body (a POST), else a GET


class Scheduler:
    """Round-robin across subscriptions, FIFO within one, each behind its pacer.

    Not blocking: `poll` answers at once with a task to run, the seconds until one may be, or
    None when there is nothing left (every submitted task done, or stopped). The request pool's
    workers wait in between; one event loop thread owns it, so it needs no lock.
    """

    def __init__(self) -> None:
        self._queues: OrderedDict[str, deque[Task]] = OrderedDict()
        self._outstanding = 0
        self._stopped = False

    def submit(self, key: str, task: Task, *, first: bool = False) -> None:
        """Queue `task` behind its subscription's others, or ahead of them (`first`: the next
        page of a long chain, which would otherwise wait behind everything queued since)."""
        self._outstanding += 1
        queue = self._queues.get(key)
        if queue is None:
            queue = self._queues[key] = deque()
        if first:
            queue.appendleft(task)
        else:
            queue.append(task)

    def poll(self) -> Task | float | None:
        """The next task whose pacer allows it (counted by that pacer), else the seconds until
        the soonest may go (infinity while only tasks in flight can add more), else None."""
        if self._stopped or self._outstanding == 0:
            return None
        soonest = math.inf
        for key, queue in self._queues.items():
            task = queue[0]
            wait = task.pacer.delay() if task.pacer is not None else 0.0
            if wait <= 0:
                queue.popleft()
                if queue:
                    self._queues.move_to_end(key)
                else:
                    del self._queues[key]
                return task
            soonest = min(soonest, wait)
        return soonest

    def done(self) -> None:
        self._outstanding -= 1

    def stop(self) -> None:
        self._stopped = True

    @property
    def finished(self) -> bool:
        """Every submitted task has finished (or the scheduler stopped)."""
        return self._stopped or self._outstanding == 0


class RequestPool:
    """The workers: coroutines on one event loop, each taking the next task the scheduler allows,
    sending its GET and handing the outcome to the task's callbacks (which may submit more tasks).
    Counts progress groups.

    One thread and non-blocking sockets instead of a thread per request in flight: with threads
    the interpreter lock, not the network, set the pace (2-2.5 ms of CPU per request at 32
    threads against about 0.5 ms here; docs/live-collection.md, Performance).
    """

    def __init__(self, client: ArmClient, stats: ScanStats, workers: int, auth_hint: str) -> None:
        self.client = client
        self.stats = stats
        self.workers = workers
        self.auth_hint = auth_hint
        self.scheduler = Scheduler()
        self._groups: dict[str, int] = {}
        self._finished_groups: set[str] = set()
        self._fatal: BaseException | None = None
        self._depth = 0  # the depth of the task whose callbacks run now: its children are deeper
        self._idle: deque[asyncio.Future[None]] = deque()  # workers waiting for work
        self._all_done: asyncio.Event | None = None

    def submit(
        self,
        url: str,
        on_ok: OnOk,
        on_fail: OnFail,
        groups: tuple[str, ...],
        *,
        first: bool = False,
    ) -> None:
        """A GET, paced by its subscription's pacer (`first`: ahead of its subscription's
        queue)."""
        task = Task(url, on_ok, on_fail, self.client.pacers.for_url(url), groups, 0)
        self._submit(subscription_key(url), task, first=first)

    def submit_graph_query(self, body: bytes, quota: Pacer, on_ok: OnOk, on_fail: OnFail) -> None:
        """A Resource Graph query page, paced by the caller's graph quota."""
        task = Task(GRAPH_QUEUE, on_ok, on_fail, quota, (), 0, graph_query=body)
        self._submit(GRAPH_QUEUE, task)

    def hold(self, group: str) -> None:
        """Keep `group` open until release(), though every task of it so far has ended: its
        other tasks are yet to be submitted."""
        self._groups[group] = self._groups.get(group, 0) + 1

    def release(self, group: str) -> None:
        self._end_groups((group,))

    def _submit(self, key: str, task: Task, *, first: bool = False) -> None:
        for group in task.groups:
            self._groups[group] = self._groups.get(group, 0) + 1
        task.depth = self._depth + 1
        self.stats.raise_to(critical_path=task.depth)
        self.scheduler.submit(key, task, first=first)
        self._wake_one()

    async def run(self) -> None:
        """Run every submitted task, and those they submit, to the end; raise what stopped it."""
        self._all_done = asyncio.Event()
        if self.scheduler.finished:
            self._all_done.set()
        workers = [asyncio.create_task(self._work()) for _ in range(self.workers)]
        try:
            await self._all_done.wait()
        finally:
            self.scheduler.stop()
            self._wake_all()
            for worker in workers:
                worker.cancel()
            await asyncio.gather(*workers, return_exceptions=True)
        if self._fatal is not None:
            raise self._fatal

    def _wake_one(self) -> None:
        while self._idle:
            waiter = self._idle.popleft()
            if not waiter.done():
                waiter.set_result(None)
                return

    def _wake_all(self) -> None:
        while self._idle:
            waiter = self._idle.popleft()
            if not waiter.done():
                waiter.set_result(None)

    async def _idle_for(self, seconds: float) -> None:
        """Wait until a task is submitted, the pool finishes, or `seconds` pass."""
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._idle.append(waiter)
        if math.isinf(seconds):
            await waiter
            return
        try:
            await asyncio.wait_for(waiter, timeout=seconds)
        except TimeoutError:
            # A paced wait that ran out: take it off the idle list, or a long throttled spell
            # would pile up one stale future per wait.
            with contextlib.suppress(ValueError):
                self._idle.remove(waiter)

    async def _work(self) -> None:
        while True:
            polled = self.scheduler.poll()
            if polled is None:
                return
            if not isinstance(polled, Task):
                await self._idle_for(polled)
                continue
            task = polled
            try:
                await self._run(task)
            except asyncio.CancelledError:
                raise
            except BaseException as exc:  # a bug must not hang the scan: record and go on
                log.debug("collector task failed: %s", task.url, exc_info=True)
                if isinstance(exc, AuthenticationError):
                    self._abort(exc)
                else:
                    try:
                        self._depth = task.depth
                        task.on_fail(
                            Failure(None, "CollectorError", f"{type(exc).__name__}: {exc}")
                        )
                    except Exception:
                        log.debug("failure handler failed", exc_info=True)
            finally:
                self._end_groups(task.groups)
                self.scheduler.done()
                if self.scheduler.finished and self._all_done is not None:
                    self._all_done.set()
                    self._wake_all()

    def _abort(self, exc: BaseException) -> None:
        if self._fatal is None:
            self._fatal = exc
        self.scheduler.stop()

    async def _run(self, task: Task) -> None:
        if self._fatal is not None:
            if task.pacer is not None:
                task.pacer.cancel()
            return
        try:
            response = await self._send(task)
            if response.status == 401:
                # The policy dropped its cached token on the 401: one more try gets a fresh one
                # (a token that expired in flight); a second 401 means the credential is rejected.
                log.debug("401 on %s; retrying once with a new token", task.url)
                pacer = task.pacer
                if pacer is not None:
                    await pacer.turn()
                response = await self._send(task)
        except CredentialFailure as exc:
            raise AuthenticationError(
                f"could not get an ARM token: {exc} ({self.auth_hint})"
            ) from None
        except TransportFailure as exc:
            self._depth = task.depth
            task.on_fail(Failure(None, exc.code, exc.message))
            return
        if response.status == 401:
            code, message = response.error()
            raise AuthenticationError(
                f"ARM rejected the credential (HTTP 401 {code}"
                + (f": {message[:200]}" if message else "")
                + f"); {self.auth_hint}"
            )
        self._depth = task.depth
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

    async def _send(self, task: Task) -> ArmResponse:
        if task.graph_query is not None:
            return await self.client.query_graph(task.graph_query, task.pacer)
        return await self.client.get(task.url, task.pacer)

    def _end_groups(self, groups: Iterable[str]) -> None:
        for group in groups:
            left = self._groups[group] - 1
            self._groups[group] = left
            if left == 0 and group not in self._finished_groups:
                self._finished_groups.add(group)
                if group.startswith("ws:"):
                    self.stats.add(workspaces_done=1)
                elif group.startswith("sub:"):
                    self.stats.add(subscriptions_done=1)
