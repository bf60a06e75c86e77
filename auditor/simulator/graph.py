"""Azure Resource Graph, as far as the scanner uses it: `POST /providers/Microsoft.ResourceGraph/
resources` (api-version 2024-04-01) with the one query shape the scanner sends, paged with
`$skipToken`, with the user quota headers, and faults per subscription.

The query the scanner sends (whitespace aside) is

    resources | where type in~ ('<type>', ...) | project id, type
    | union (resourcecontainers | where type =~ 'microsoft.resources/subscriptions'
    | project id, type) | order by id asc

Anything else is 400 `BadRequest` (this is no KQL engine). Rows are `{"id", "type"}` with the type
lower-cased, as the service returns it. Like the service, a subscription the caller cannot read is
left out of the answer (no error): neither its resources nor its own row appear. The body follows
the service's examples (`totalRecords`, `count`, `data`, `facets`, `resultTruncated` as the string
"false", `$skipToken` while rows are left).
"""

from __future__ import annotations

import base64
import json
import re
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from auditor.inventory import arm
from auditor.simulator.exchange import Answer, Headers, Request, error
from auditor.simulator.index import TenantIndex

GRAPH_PATH = "/providers/microsoft.resourcegraph/resources"
MAX_PAGE = 1000
QUOTA_REMAINING = "x-ms-user-quota-remaining"
QUOTA_RESETS_AFTER = "x-ms-user-quota-resets-after"
_SUBSCRIPTION_TYPE = "microsoft.resources/subscriptions"
_QUERY = re.compile(
    r"resources \| where type in~ \((?P<types>'[^']+'(?:, ?'[^']+')*)\) \| project id, type"
    r" \| union \(resourcecontainers \| where type =~ 'microsoft\.resources/subscriptions'"
    r" \| project id, type\) \| order by id asc",
    re.IGNORECASE,
)
FAULT_KINDS = ("forbidden", "throttled", "malformed", "truncated")


def is_graph_query(request: Request) -> bool:
    return request.method == "POST" and request.path.lower().rstrip("/") == GRAPH_PATH


@dataclass(frozen=True, slots=True)
class GraphFault:
    """A failure of every graph query that names `subscription`: `forbidden` (403),
    `throttled` (429 with the quota spent), `malformed` (200, a body cut off) or `truncated`
    (200, `resultTruncated` "true"). `times`: how many queries fail (None: all)."""

    subscription: str
    kind: str
    times: int | None = None


class GraphQuota:
    """The user quota: `quota` queries per `window` seconds, counted from the window's first
    query; every graph answer carries what is left and when it resets, a spent quota is 429."""

    def __init__(self, quota: int = 15, window: float = 5.0) -> None:
        self.quota, self.window = quota, window
        self._start = 0.0
        self._used = 0
        self._lock = threading.Lock()

    def apply(self, request: Request) -> Answer | Headers:
        if not is_graph_query(request):
            return ()
        with self._lock:
            now = time.monotonic()
            if now - self._start >= self.window:
                self._start, self._used = now, 0
            resets = _hhmmss(self._start + self.window - now)
            if self._used < self.quota:
                self._used += 1
                return (
                    (QUOTA_REMAINING, str(self.quota - self._used)),
                    (QUOTA_RESETS_AFTER, resets),
                )
        headers: Headers = ((QUOTA_REMAINING, "0"), (QUOTA_RESETS_AFTER, resets))
        return error(
            429,
            "RateLimiting",
            "Please provide below info when asking for support: the user quota of Resource Graph "
            "queries is exhausted (simulated).",
            headers,
        )


def _hhmmss(seconds: float) -> str:
    whole = max(1, int(seconds + 0.999))
    return f"{whole // 3600:02d}:{whole // 60 % 60:02d}:{whole % 60:02d}"


class GraphRouter:
    def __init__(self, index: TenantIndex, faults: Sequence[GraphFault] = ()) -> None:
        self.index = index
        self.faults = tuple(faults)
        self._left: list[int | None] = [f.times for f in self.faults]
        self._lock = threading.Lock()
        self._rows: dict[tuple[tuple[str, ...], tuple[str, ...]], list[bytes]] = {}

    def route(self, request: Request) -> Answer:
        try:
            document = json.loads(request.body or b"null")
        except ValueError:
            return _bad_request("The request content is not valid JSON.")
        if not isinstance(document, dict):
            return _bad_request("The request content must be a JSON object.")
        subscriptions = document.get("subscriptions")
        if (
            not isinstance(subscriptions, list)
            or not subscriptions
            or not all(isinstance(s, str) for s in subscriptions)
        ):
            return _bad_request('"subscriptions" must be a non-empty list of subscription ids.')
        query = " ".join(str(document.get("query") or "").split())
        match = _QUERY.fullmatch(query)
        if match is None:
            return _bad_request(f"The simulator does not serve this query: {query[:200]}")
        options = document.get("options") or {}
        if not isinstance(options, dict) or options.get("resultFormat", "objectArray") not in (
            "objectArray",
        ):
            return _bad_request('"options.resultFormat" must be "objectArray".')
        top = options.get("$top", 100)
        if not isinstance(top, int) or not 1 <= top <= MAX_PAGE:
            return _bad_request(f'"options.$top" must be between 1 and {MAX_PAGE}.')
        start = _offset(options.get("$skipToken"))
        if start is None:
            return _bad_request('"options.$skipToken" is not one this service issued.')
        fault = self._fault(subscriptions)
        if fault is not None and fault.kind == "forbidden":
            return error(
                403,
                "AuthorizationFailed",
                "The client does not have authorization to query Resource Graph over "
                f"subscription '{fault.subscription}' (simulated).",
            )
        if fault is not None and fault.kind == "throttled":
            return error(
                429,
                "RateLimiting",
                "The user quota of Resource Graph queries is exhausted (simulated).",
                ((QUOTA_REMAINING, "0"), (QUOTA_RESETS_AFTER, "00:00:01")),
            )
        if fault is not None and fault.kind == "malformed":
            return Answer(200, b'{"totalRecords": 3, "data": [{"id": "/subscriptions/')
        types = tuple(sorted(t.strip().strip("'").lower() for t in match["types"].split(",")))
        rows = self._matching(tuple(sorted(s.lower() for s in subscriptions)), types)
        chunk = rows[start : start + top]
        truncated = fault is not None and fault.kind == "truncated"
        if truncated:
            chunk = chunk[: len(chunk) // 2]
        body = (
            b'{"totalRecords":%d,"count":%d,"data":[' % (len(rows), len(chunk))
            + b",".join(chunk)
            + b'],"facets":[],"resultTruncated":'
            + (b'"true"' if truncated else b'"false"')
        )
        if start + top < len(rows) and not truncated:
            token = base64.b64encode(json.dumps({"offset": start + top}).encode()).decode()
            body += b',"$skipToken":' + json.dumps(token).encode()
        return Answer(200, body + b"}")

    def _matching(self, subscriptions: tuple[str, ...], types: tuple[str, ...]) -> list[bytes]:
        """Every readable row of the query, in id order (cached: pages of one query share it)."""
        key = (subscriptions, types)
        cached = self._rows.get(key)
        if cached is not None:
            return cached
        index, wanted = self.index, set(types)
        readable = {
            s
            for s in subscriptions
            if s in index.subscriptions
            and not index.denied_resource(f"/subscriptions/{s}", _SUBSCRIPTION_TYPE)
        }
        rows: list[tuple[str, dict[str, Any]]] = []
        for s in readable:
            sid = index.subscriptions[s].id
            rows.append((sid.lower(), {"id": sid, "type": _SUBSCRIPTION_TYPE}))
        for key_id, rtype in index.type_of.items():
            if rtype not in wanted or key_id in index.hidden:
                continue
            if (arm.subscription_of(key_id) or "").lower() not in readable:
                continue
            original = json.loads(index.by_id[key_id])["id"]
            rows.append((key_id, {"id": original, "type": rtype}))
        rows.sort(key=lambda row: row[0])
        encoded = [json.dumps(row, separators=(",", ":")).encode() for _, row in rows]
        with self._lock:
            self._rows[key] = encoded
        return encoded

    def _fault(self, subscriptions: Sequence[str]) -> GraphFault | None:
        asked = {s.lower() for s in subscriptions}
        with self._lock:
            for i, fault in enumerate(self.faults):
                left = self._left[i]
                if fault.subscription.lower() not in asked or left == 0:
                    continue
                if left is not None:
                    self._left[i] = left - 1
                return fault
        return None


def _offset(token: Any) -> int | None:
    if token is None:
        return 0
    try:
        value = json.loads(base64.b64decode(str(token), validate=True))["offset"]
    except (ValueError, TypeError, KeyError):
        return None
    return value if isinstance(value, int) and value >= 0 else None


def _bad_request(message: str) -> Answer:
    return error(400, "BadRequest", message)
