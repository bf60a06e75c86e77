"""The trend chart of a report with --history: failing results by severity over the last recorded
scans, as stacked bars (the geometry here; `reports/templates/_trend.html.j2` draws the inline
SVG, autoescaped, with no asset from outside the page)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from auditor.evaluate.results import TrendPoint
from auditor.reporters.view import SEVERITIES

BAR, GAP, HEIGHT, LEFT, BOTTOM = 14, 4, 140, 36, 22


def trend_chart(trend: Sequence[TrendPoint]) -> dict[str, Any] | None:
    """Bars (one per scan, oldest first), each a stack of severity segments; None without
    a history."""
    if not trend:
        return None
    biggest = max((point.total for point in trend), default=0) or 1
    bars = []
    for i, point in enumerate(trend):
        y: float = HEIGHT
        segments = []
        for severity in reversed(SEVERITIES):  # info at the bottom, critical on top
            count = point.count(severity.label)
            if not count:
                continue
            height = round(HEIGHT * count / biggest, 1)
            y = round(y - height, 1)
            segments.append({"label": severity.label, "count": count, "y": y, "height": height})
        bars.append(
            {
                "x": LEFT + i * (BAR + GAP),
                "when": point.started_at.strftime("%Y-%m-%d %H:%M"),
                "total": point.total,
                "complete": point.complete,
                "segments": segments,
                "counts": [(s.label, point.count(s.label)) for s in SEVERITIES],
            }
        )
    return {
        "bars": bars,
        "bar": BAR,
        "height": HEIGHT,
        "left": LEFT,
        "width": LEFT + len(trend) * (BAR + GAP) + GAP,
        "full_height": HEIGHT + BOTTOM,
        "biggest": biggest,
        "first": bars[0]["when"],
        "last": bars[-1]["when"],
        "severities": [s.label for s in SEVERITIES],
    }
