"""A live progress line on stderr while a tenant is read.

Shown only when stderr is a terminal, `--quiet` is not given and no `-v` logging is on (log lines
and a redrawn display would garble each other). It reads the collector's counters; it never sees a
token or a response body.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from typing import TYPE_CHECKING

from auditor.sources.live.stats import ScanStats

if TYPE_CHECKING:
    from rich.console import RenderableType

    from auditor.sources.interface import Source


class _StatsView:
    def __init__(self, stats: Callable[[], ScanStats]) -> None:
        self._stats = stats

    def __rich__(self) -> RenderableType:
        from rich.console import Group
        from rich.progress_bar import ProgressBar
        from rich.table import Table
        from rich.text import Text

        s = self._stats()
        table = Table.grid(padding=(0, 1))
        table.add_column(justify="right", style="bold")
        table.add_column(width=24)
        table.add_column()
        table.add_row(
            "subscriptions",
            ProgressBar(total=max(s.subscriptions_total, 1), completed=s.subscriptions_done),
            f"{s.subscriptions_done}/{s.subscriptions_total}",
        )
        table.add_row(
            "workspaces",
            ProgressBar(total=max(s.workspaces_total, 1), completed=s.workspaces_done),
            f"{s.workspaces_done}/{s.workspaces_total}",
        )
        footer = Text(
            f"{s.requests} requests · {s.resources} resources · {s.throttled} throttled (429) · "
            f"{s.retried} retried · {s.gaps} gaps · {s.elapsed:.1f} s",
            style="dim",
        )
        return Group(table, footer)


def wanted(quiet: bool, log_verbosity: int) -> bool:
    return not quiet and log_verbosity == 0 and sys.stderr.isatty()


@contextmanager
def live_progress(stats: Callable[[], ScanStats], enabled: bool) -> Iterator[None]:
    if not enabled:
        yield
        return
    from rich.console import Console
    from rich.live import Live

    console = Console(file=sys.stderr)
    with Live(_StatsView(stats), console=console, refresh_per_second=8, transient=False):
        yield


def display(
    show: bool, log_verbosity: int
) -> Callable[[Sequence[Source]], AbstractContextManager[None]]:
    """The progress display `run_scan` shows while its sources are read: the first live
    source's counters, when progress is wanted (see `wanted`)."""

    def watch(sources: Sequence[Source]) -> AbstractContextManager[None]:
        live = [s for s in sources if isinstance(getattr(s, "stats", None), ScanStats)]
        enabled = bool(live) and wanted(not show, log_verbosity)
        return live_progress(lambda: live[0].stats, enabled)  # type: ignore[attr-defined]

    return watch
