"""The Activity Log query of a live scan: which events to ask for, and which to keep.

ActivityLogs_List (`GET /subscriptions/{id}/providers/Microsoft.Insights/eventtypes/management/
values`, api-version 2015-04-01) takes a `$filter` of an `eventTimestamp` range and at most one of
`resourceProvider`, `resourceGroupName`, `resourceUri` or `correlationId` ("No other syntax is
allowed"), and a `$select` of top-level event properties. So the scan asks once per provider whose
keys the rules judge, over the 90 days the log keeps, and filters operation names itself,
case-insensitively. Of tens of thousands of events it keeps:

- successful key regenerations (`.../regenerateKeys/action`, `.../regenerateKey/action`), once per
  correlation id (ARM logs a Started and a Succeeded event for one call);
- successful key reads (`listKeys`, `token`, a connection's `listsecrets`): who read keys, when.

Every kept event is reduced by sanitize.reduce_activity_event. A subscription whose queries all
completed gets one ACTIVITY_LOG record with the window read; any failure (403, throttling that never
recovered, a malformed page, a broken page chain) gives a gap and no events at all, so "no
regeneration in the window" is only ever said where the whole window was read.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import quote

from auditor.inventory.resource_types import ACTIVITY_LOG, COGNITIVE_ACCOUNTS, ML

# The providers whose key operations the rules judge. Not Microsoft.Storage: a storage account
# says when each key was created (`keyCreationTime`, which AML116 judges), no rule reads who
# listed storage keys, and on a busy subscription its events were the longest page chain of the
# scan (the access review cost 33-39% more wall time with it, 18% without: bench/access_review.py).
PROVIDERS: tuple[str, ...] = (
    ML,
    COGNITIVE_ACCOUNTS.split("/", 1)[0],
)
# How long the Activity Log keeps events: 90 days.
RETENTION = timedelta(days=90)
# The window is asked for in this many consecutive slices, read in parallel: a busy subscription's
# log is a long chain of 200-event pages, and a chain is as slow as its length.
SLICES = 3
PATH = "/providers/Microsoft.Insights/eventtypes/management/values"
# Only what reduce_activity_event reads, to shrink each page: the documented `$select` values
# (authorization, claims, correlationId, eventDataId, eventTimestamp, operationName, resourceId,
# status) plus `id` (the REST example GetActivityLogsFilteredAndSelected selects it) and `caller`
# (in the Azure CLI's default selection for `az monitor activity-log list`).
SELECT = (
    "id,eventDataId,operationName,status,eventTimestamp,caller,claims,authorization,"
    "correlationId,resourceId"
)

REGENERATIONS = frozenset({"regeneratekeys", "regeneratekey"})
READS = frozenset({"listkeys", "token", "listsecrets"})
SUCCEEDED = "succeeded"


@dataclass(frozen=True, slots=True)
class Window:
    """The time range asked for: RETENTION back from the scan's start."""

    start: datetime
    end: datetime

    @classmethod
    def ending(cls, end: datetime) -> Window:
        end = end.astimezone(UTC).replace(microsecond=0)
        return cls(end - RETENTION, end)

    def slices(self, count: int = SLICES) -> list[Window]:
        """The window cut into `count` consecutive parts (ARM's `ge` and `le` both include their
        bound: an event on a boundary comes twice, and is kept once)."""
        step = (self.end - self.start) / count
        bounds = [self.start + step * i for i in range(count)] + [self.end]
        return [Window(bounds[i], bounds[i + 1]) for i in range(count)]

    @property
    def start_text(self) -> str:
        return _iso(self.start)

    @property
    def end_text(self) -> str:
        return _iso(self.end)


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def query(subscription: str, provider: str, window: Window, api_version: str) -> str:
    """The path and query of one provider's events in the window."""
    condition = (
        f"eventTimestamp ge '{window.start_text}' and eventTimestamp le '{window.end_text}' "
        f"and resourceProvider eq '{provider}'"
    )
    return (
        f"/subscriptions/{subscription}{PATH}?api-version={api_version}"
        f"&$filter={quote(condition, safe='')}&$select={quote(SELECT, safe=',')}"
    )


def record(subscription: str, window: Window) -> dict[str, Any]:
    """The ACTIVITY_LOG record of a subscription whose log was read in full."""
    return {
        "id": f"/subscriptions/{subscription}/providers/{ACTIVITY_LOG}/management",
        "type": ACTIVITY_LOG,
        "name": "management",
        "properties": {
            "from": window.start_text,
            "to": window.end_text,
            "resourceProviders": list(PROVIDERS),
        },
    }


def action_of(operation: str) -> str | None:
    """`regeneratekeys` of `Microsoft.X/.../regenerateKeys/action` (lower case), else None."""
    parts = operation.strip().lower().rstrip("/").split("/")
    if len(parts) < 3 or parts[-1] != "action":
        return None
    return parts[-2]


def is_kept(operation: str, status: str | None) -> bool:
    """A successful key regeneration or key read."""
    action = action_of(operation)
    if action is None or action not in REGENERATIONS | READS:
        return False
    return (status or "").strip().lower() == SUCCEEDED


def once_per_correlation(events: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The kept (reduced) events, one per correlation id (and operation), the latest of each;
    events without a correlation id are all kept. In id order, so scans repeat exactly."""
    chosen: dict[tuple[str, str], dict[str, Any]] = {}
    loose: list[dict[str, Any]] = []
    for event in events:
        properties = event["properties"]
        correlation = properties.get("correlationId")
        if not correlation:
            loose.append(event)
            continue
        key = (correlation.lower(), str(properties.get("operationName") or "").lower())
        previous = chosen.get(key)
        if previous is None or _later(event, previous):
            chosen[key] = event
    return sorted([*chosen.values(), *loose], key=lambda e: str(e["id"]).lower())


def _later(event: dict[str, Any], other: dict[str, Any]) -> bool:
    mine = str(event["properties"].get("eventTimestamp") or "")
    theirs = str(other["properties"].get("eventTimestamp") or "")
    return (mine, str(event["id"])) > (theirs, str(other["id"]))
