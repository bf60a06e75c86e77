"""The progress display: what it shows, and when it is off."""

from __future__ import annotations

import io

from rich.console import Console

from auditor.commands import progress
from auditor.sources.live.stats import ScanStats


def test_the_view_shows_subscriptions_workspaces_requests_and_throttling() -> None:
    stats = ScanStats(
        subscriptions_total=10,
        subscriptions_done=3,
        workspaces_total=200,
        workspaces_done=45,
        requests=1234,
        throttled=7,
        retried=9,
        resources=880,
        gaps=1,
    )
    buffer = io.StringIO()
    Console(file=buffer, width=120, color_system=None).print(progress._StatsView(lambda: stats))
    text = buffer.getvalue()
    assert "subscriptions" in text and "3/10" in text
    assert "workspaces" in text and "45/200" in text
    assert "1234 requests · 880 resources · 7 throttled (429) · 9 retried · 1 gaps" in text


def test_it_is_off_when_quiet_logging_or_not_a_terminal() -> None:
    # Under pytest stderr is not a terminal, so it is off whatever the options.
    assert progress.wanted(quiet=False, log_verbosity=0) is False
    assert progress.wanted(quiet=True, log_verbosity=0) is False
    assert progress.wanted(quiet=False, log_verbosity=1) is False
