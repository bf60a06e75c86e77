"""The live scheduler: round-robin across subscriptions, FIFO within one, and a subscription
whose pacer says wait never holds up another."""

from __future__ import annotations

import time
from typing import Any, cast

from auditor.sources.live.arm_pipeline import SubscriptionPacer
from auditor.sources.live.scheduler import RequestPool, Scheduler, Task
from auditor.sources.live.stats import ScanStats


def _ignore(_: object) -> None:
    return None


def _task(url: str, pacer: SubscriptionPacer | None = None) -> Task:
    def ignore(_: object) -> None:
        return None

    return Task(url, ignore, ignore, pacer, (), 1)


def _drain(scheduler: Scheduler, count: int) -> list[str]:
    """What a worker gets, in order, waiting as long as the scheduler says."""
    urls = []
    while len(urls) < count:
        polled = scheduler.poll()
        assert polled is not None
        if isinstance(polled, Task):
            urls.append(polled.url)
            scheduler.done()
        else:
            assert 0 < polled < 1
            time.sleep(polled)
    return urls


def test_tasks_alternate_across_subscriptions_and_keep_their_order_within_one() -> None:
    scheduler = Scheduler()
    for url in ("a1", "a2", "a3"):
        scheduler.submit("a", _task(url))
    for url in ("b1", "b2"):
        scheduler.submit("b", _task(url))
    assert _drain(scheduler, 5) == ["a1", "b1", "a2", "b2", "a3"]
    assert scheduler.poll() is None  # nothing outstanding: the workers stop
    assert scheduler.finished


def test_a_next_page_goes_ahead_of_its_subscriptions_queue() -> None:
    # A long page chain (a busy Activity Log) would otherwise wait behind every request its
    # subscription queued meanwhile, once per page.
    scheduler = Scheduler()
    for url in ("a1", "a2", "a3"):
        scheduler.submit("a", _task(url))
    scheduler.submit("a", _task("a-page-2"), first=True)
    assert _drain(scheduler, 4) == ["a-page-2", "a1", "a2", "a3"]


def test_a_paused_subscription_lets_the_others_go_first() -> None:
    paused = SubscriptionPacer(burst=250, refill_per_second=25.0)
    paused.observe(429, {}, retry_after=0.2)  # ARM said: wait 0.2 s
    scheduler = Scheduler()
    scheduler.submit("slow", _task("slow1", paused))
    scheduler.submit("fast", _task("fast1"))
    scheduler.submit("fast", _task("fast2"))
    assert _drain(scheduler, 3) == ["fast1", "fast2", "slow1"]


def test_stop_ends_the_wait_with_tasks_left() -> None:
    scheduler = Scheduler()
    scheduler.submit("a", _task("a1"))
    assert not scheduler.finished
    scheduler.stop()
    assert scheduler.finished
    assert scheduler.poll() is None


def test_a_held_progress_group_is_not_done_until_released() -> None:
    # A subscription's access review starts before its listings (which wait for the graph): the
    # subscription is done when both are, not when the review's last request ends.
    stats = ScanStats()
    pool = RequestPool(cast(Any, None), stats, workers=1, auth_hint="")
    pool.hold("sub:a")
    pool._submit("a", Task("a1", _ignore, _ignore, None, ("sub:a",), 1))
    pool._end_groups(("sub:a",))  # the review's only request ended
    assert stats.subscriptions_done == 0
    pool.release("sub:a")  # its listings were submitted
    assert stats.subscriptions_done == 1
