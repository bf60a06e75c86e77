"""The progress display: what it shows, and when it is off."""

from __future__ import annotations

import io
import sys

import pytest
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


class _Terminal(io.StringIO):
    """A stderr that says it is a terminal (under pytest the real one is not)."""

    def isatty(self) -> bool:
        return True


class _Pipe(io.StringIO):
    def isatty(self) -> bool:
        return False


def test_it_is_on_for_a_terminal_without_quiet_or_logging(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stderr", _Terminal())
    assert progress.wanted(quiet=False, log_verbosity=0) is True


def test_quiet_turns_it_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stderr", _Terminal())
    assert progress.wanted(quiet=True, log_verbosity=0) is False


@pytest.mark.parametrize("verbosity", [1, 2, 3])
def test_any_verbose_logging_turns_it_off(monkeypatch: pytest.MonkeyPatch, verbosity: int) -> None:
    # Log lines and a redrawn display would garble each other.
    monkeypatch.setattr(sys, "stderr", _Terminal())
    assert progress.wanted(quiet=False, log_verbosity=verbosity) is False


def test_it_is_off_when_stderr_is_not_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stderr", _Pipe())
    assert progress.wanted(quiet=False, log_verbosity=0) is False


def _stats() -> ScanStats:
    return ScanStats(subscriptions_total=2, subscriptions_done=1, requests=5)


def test_live_progress_draws_the_view_on_stderr_when_enabled(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    with progress.live_progress(_stats, enabled=True):
        pass
    assert "subscriptions" in terminal.getvalue() and "1/2" in terminal.getvalue()


def test_live_progress_writes_nothing_when_disabled(monkeypatch: pytest.MonkeyPatch) -> None:
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    ran = False
    with progress.live_progress(_stats, enabled=False):
        ran = True
    assert ran
    assert terminal.getvalue() == ""
