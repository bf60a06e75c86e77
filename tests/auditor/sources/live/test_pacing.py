"""The client-side mirror of ARM's per-subscription read bucket."""

from __future__ import annotations

import pytest

from auditor.sources.live.arm_pipeline import Pacers, SubscriptionPacer

REMAINING = "x-ms-ratelimit-remaining-subscription-reads"


def test_unknown_budget_never_waits() -> None:
    pacer = SubscriptionPacer(burst=250, refill_per_second=25.0)
    assert all(pacer.delay() == 0.0 for _ in range(1000))


def test_a_429_pauses_for_retry_after_then_paces_at_the_refill_rate() -> None:
    pacer = SubscriptionPacer(burst=250, refill_per_second=20.0)
    assert pacer.delay() == 0.0
    pacer.observe(429, {}, retry_after=0.5)
    assert pacer.delay() == pytest.approx(0.5, abs=0.05)


def test_the_remaining_reads_header_sets_the_budget_less_what_is_in_flight() -> None:
    pacer = SubscriptionPacer(burst=250, refill_per_second=10.0)
    for _ in range(3):
        assert pacer.delay() == 0.0  # three requests in flight, budget unknown
    pacer.observe(200, {REMAINING: "3"}, None)  # one answered: 3 left, 2 still in flight
    assert pacer.delay() == 0.0  # the one token left
    assert pacer.delay() == pytest.approx(0.1, abs=0.02)  # then one per 1/10 s


def test_pacers_are_per_subscription_and_tenant_calls_are_not_paced() -> None:
    pacers = Pacers(250, 25.0)
    a = pacers.for_url("https://h/subscriptions/AAA/providers/x?api-version=1")
    assert a is pacers.for_url("https://h/subscriptions/aaa/resourceGroups/g?api-version=1")
    assert a is not pacers.for_url("https://h/subscriptions/bbb?api-version=1")
    assert pacers.for_url("https://h/subscriptions?api-version=1") is None


def test_concurrent_token_requests_ask_the_credential_once() -> None:
    import asyncio
    import time as clock

    from azure.core.credentials import AccessToken

    from auditor.sources.live.arm_pipeline import SingleFlightCredential

    class Slow:
        calls = 0

        def get_token(self, *scopes: str, **kwargs: object) -> AccessToken:
            Slow.calls += 1
            clock.sleep(0.2)  # as long as `az account get-access-token` takes, roughly
            return AccessToken(f"token-{Slow.calls}", int(clock.time()) + 3600)

    async def scan_start() -> tuple[list[str], str]:
        credential = SingleFlightCredential(Slow())
        # Sixteen requests needing a token at once, as a scan's first ones do.
        tokens = await asyncio.gather(*(credential.get_token("s") for _ in range(16)))
        # A later request (after a 401 dropped the policy's token) gets a fresh one.
        later = await credential.get_token("s")
        return [t.token for t in tokens], later.token

    tokens, later = asyncio.run(scan_start())
    assert Slow.calls == 2  # the first requests' one, and the later one
    assert tokens == ["token-1"] * 16
    assert later == "token-2"


def test_a_slow_credential_does_not_stall_the_event_loop() -> None:
    """`az` runs in a worker thread: other requests' coroutines go on meanwhile."""
    import asyncio
    import time as clock

    from azure.core.credentials import AccessToken

    from auditor.sources.live.arm_pipeline import SingleFlightCredential

    class Slow:
        def get_token(self, *scopes: str, **kwargs: object) -> AccessToken:
            clock.sleep(0.3)
            return AccessToken("t", int(clock.time()) + 3600)

    async def run() -> int:
        ticks = 0

        async def tick() -> None:
            nonlocal ticks
            for _ in range(10):
                await asyncio.sleep(0.01)
                ticks += 1

        await asyncio.gather(SingleFlightCredential(Slow()).get_token("s"), tick())
        return ticks

    assert asyncio.run(run()) == 10
