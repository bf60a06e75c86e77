"""Live collection through ARM: `source` (LiveSource) walks `crawl_plan` with `scheduler`'s
workers over `arm_pipeline`, keeps what it reads in `store`; `auth`, `api_versions`, `stats` and
`tuning` serve them.

LiveSource is imported on first use: the CLI reads `tuning` and `stats` at start-up, and must not
load the Azure SDK to do so.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from auditor.sources.live.source import LiveSource

__all__ = ["LiveSource"]


def __getattr__(name: str) -> Any:
    if name == "LiveSource":
        from auditor.sources.live.source import LiveSource

        return LiveSource
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
