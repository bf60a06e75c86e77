"""Counters of a live collection, read by the progress display and the benchmark while it runs."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field


@dataclass
class ScanStats:
    """Counters the progress display and the benchmark read while a scan runs."""

    subscriptions_total: int = 0
    subscriptions_done: int = 0
    workspaces_total: int = 0
    workspaces_done: int = 0
    requests: int = 0
    throttled: int = 0  # 429 responses
    retried: int = 0  # attempts after the first, for any reason
    resources: int = 0
    gaps: int = 0
    critical_path: int = 0  # the longest chain of requests that each needed the one before
    graph_queries: int = 0  # Resource Graph query pages sent (counted in `requests` too)
    listings_skipped: int = 0  # ARM listings the graph showed to be empty
    started: float = field(default_factory=time.monotonic)
    finished: float | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(self, **deltas: int) -> None:
        with self._lock:
            for name, delta in deltas.items():
                setattr(self, name, getattr(self, name) + delta)

    def raise_to(self, **values: int) -> None:
        with self._lock:
            for name, value in values.items():
                if value > getattr(self, name):
                    setattr(self, name, value)

    @property
    def elapsed(self) -> float:
        return (self.finished or time.monotonic()) - self.started
