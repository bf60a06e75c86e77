"""A subscription's Activity Log served as ActivityLogs_List (api-version 2015-04-01) serves it.

The `$filter` grammar is ARM's, and as narrow: `eventTimestamp ge '<start>'` (required),
optionally `eventTimestamp le '<end>'`, and at most one of `resourceProvider`,
`resourceGroupName`, `resourceUri` or `correlationId` `eq '<value>'`, joined by `and` ("No other
syntax is allowed"); anything else is 400 BadRequest, as ARM answers. `$select` keeps only the named
top-level properties. Events come newest first. Answers to one query are computed once, and each
event is encoded when a page first holds it, so paging through tens of thousands of events costs
a page's encoding per page.
"""

from __future__ import annotations

import bisect
import json
import re
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, overload

import orjson


class BadFilter(ValueError):
    """A `$filter` ARM would refuse (400)."""


_CLAUSE = re.compile(r"^\s*(\w+)\s+(eq|ge|le)\s+'([^']*)'\s*$", re.IGNORECASE)
_AND = re.compile(r"\s+and\s+", re.IGNORECASE)
# At most one of these narrows the events (ActivityLogs_List's documented patterns).
_NARROWING = {
    "resourceprovider": "provider",
    "resourcegroupname": "group",
    "resourceuri": "resource",
    "correlationid": "correlation",
}
_FRACTION = re.compile(r"(\.\d{6})\d+")


def parse_time(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(_FRACTION.sub(r"\1", text.strip()))
    except ValueError:
        raise BadFilter(f"'{text}' is not a valid eventTimestamp") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class EventFilter:
    start: datetime
    end: datetime | None
    field: str | None  # provider, group, resource or correlation
    value: str

    @classmethod
    def parse(cls, text: str | None) -> EventFilter:
        if not text or not text.strip():
            raise BadFilter("The $filter parameter is required: at least eventTimestamp ge")
        start: datetime | None = None
        end: datetime | None = None
        field: str | None = None
        value = ""
        for clause in _AND.split(text.strip()):
            match = _CLAUSE.match(clause)
            if match is None:
                raise BadFilter(f"'{clause.strip()}' is not a supported $filter clause")
            name, operator, operand = match.group(1).lower(), match.group(2).lower(), match.group(3)
            if name == "eventtimestamp" and operator == "ge" and start is None:
                start = parse_time(operand)
            elif name == "eventtimestamp" and operator == "le" and end is None:
                end = parse_time(operand)
            elif name in _NARROWING and operator == "eq" and field is None:
                field, value = _NARROWING[name], operand.lower()
            else:
                raise BadFilter(
                    f"'{clause.strip()}' is not allowed here: the $filter takes an eventTimestamp "
                    "range and at most one of resourceProvider, resourceGroupName, resourceUri "
                    "or correlationId"
                )
        if start is None:
            raise BadFilter("The $filter must give the start time (eventTimestamp ge)")
        return cls(start, end, field, value)


@dataclass(frozen=True, slots=True)
class _Event:
    when: datetime
    provider: str
    group: str
    resource: str
    correlation: str
    document: Mapping[str, Any]


def _value(node: Any) -> str:
    if isinstance(node, dict):
        node = node.get("value")
    return node.lower() if isinstance(node, str) else ""


class ActivityLog:
    """One subscription's events, newest first, with a cache of answered queries."""

    def __init__(self, events: Iterable[Mapping[str, Any]]) -> None:
        prepared = [
            _Event(
                parse_time(str(e["eventTimestamp"])),
                _value(e.get("resourceProviderName")),
                _value(e.get("resourceGroupName")),
                _value(e.get("resourceId")),
                _value(e.get("correlationId")),
                e,
            )
            for e in events
        ]
        self._events = sorted(prepared, key=lambda e: e.when, reverse=True)
        # Minus each event's time in microseconds, so ascending: a time range is found by
        # bisection instead of testing every event of a busy subscription for each query.
        self._order = [-_microseconds(e.when) for e in self._events]
        self._names = frozenset(name for e in self._events for name in e.document)
        self._answers: dict[tuple[str, str], Encoded] = {}
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._events)

    def query(self, filter_text: str | None, select: str | None) -> Encoded:
        """The JSON of each event the filter admits (newest first), with only `select`ed
        properties, each encoded when a page first asks for it. Raises BadFilter."""
        key = (filter_text or "", select or "")
        with self._lock:
            cached = self._answers.get(key)
        if cached is not None:
            return cached
        condition = EventFilter.parse(filter_text)
        wanted = {s.strip().lower() for s in (select or "").split(",") if s.strip()}
        names = frozenset(n for n in self._names if n.lower() in wanted) if wanted else None
        answer = Encoded(self._admitted(condition), names)
        with self._lock:
            self._answers[key] = answer
        return answer

    def _admitted(self, condition: EventFilter) -> list[_Event]:
        """The events in the filter's time range (both bounds included) and, if it names one,
        with its provider, group, resource or correlation id; newest first."""
        first = 0
        if condition.end is not None:
            first = bisect.bisect_left(self._order, -_microseconds(condition.end))
        last = bisect.bisect_right(self._order, -_microseconds(condition.start))
        in_range = self._events[first:last]
        if condition.field is None:
            return in_range
        field, value = condition.field, condition.value
        return [e for e in in_range if getattr(e, field) == value]


class Encoded(Sequence[bytes]):
    """The events a query admits, each encoded (with the selected properties) when a page first
    asks for it: a busy subscription's first page costs 200 events' encoding, as ARM answers a
    first page without reading the whole window, instead of the thousands of the whole answer."""

    def __init__(self, events: list[_Event], names: frozenset[str] | None) -> None:
        self._events = events
        self._names = names
        self._encoded: list[bytes | None] = [None] * len(events)

    def __len__(self) -> int:
        return len(self._events)

    @overload
    def __getitem__(self, index: int) -> bytes: ...
    @overload
    def __getitem__(self, index: slice) -> list[bytes]: ...
    def __getitem__(self, index: int | slice) -> bytes | list[bytes]:
        if isinstance(index, slice):
            return [self._one(i) for i in range(*index.indices(len(self._events)))]
        return self._one(range(len(self._events))[index])

    def _one(self, i: int) -> bytes:
        encoded = self._encoded[i]
        if encoded is None:  # two pages racing for one event encode it alike
            encoded = self._encoded[i] = _encode(_selected(self._events[i].document, self._names))
        return encoded


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _microseconds(moment: datetime) -> int:
    return (moment - _EPOCH) // timedelta(microseconds=1)


def _selected(document: Mapping[str, Any], names: frozenset[str] | None) -> Mapping[str, Any]:
    """The document with only the properties `names` (as the document spells them), or whole."""
    if names is None:
        return document
    return {k: v for k, v in document.items() if k in names}


def _encode(document: Mapping[str, Any]) -> bytes:
    """Compact JSON. orjson writes a busy subscription's first answer (thousands of events, all
    encoded while the scan waits for its first page) several times faster than the standard
    library; what it refuses (a lone surrogate, an integer beyond 64 bits) the standard library
    writes."""
    try:
        return orjson.dumps(document)
    except (TypeError, orjson.JSONEncodeError):
        return json.dumps(document, separators=(",", ":")).encode("utf-8")
