"""Resource Graph discovery: which collections a scan can skip because they are empty.

One query (`POST /providers/Microsoft.ResourceGraph/resources`, api-version 2024-04-01; Reader
suffices) lists the ids and types of every resource of the types below in a batch of
subscriptions, 1,000 rows a page, paged with `$skipToken`. The crawl then skips an ARM
listing whose parent the graph shows holds none of that type (a subscription without ML
workspaces, a workspace without batch endpoints) and lists the rest through ARM as before.

Graph rows are used for discovery only, never as evidence: Resource Graph does not say which
api-version its `properties` reflect, while the rules read JSON paths and documented defaults of
the versions pinned in api_versions (docs/live-collection.md, Resource Graph). So the query asks
for `id` and `type` alone, and every resource in the inventory is still an ARM answer at its
pinned version (its `Location` says so).

A subscription is trusted to the graph only when the answer is complete for it: the query also
returns the subscription itself (from `resourcecontainers`), because Resource Graph leaves out
the subscriptions the caller cannot read rather than failing. A subscription missing from the
answer, or in a query that was denied (403), throttled past the retries, malformed or truncated
(`resultTruncated`), is listed through ARM as if there were no graph.

Quota: Resource Graph allows a user a number of queries per window (15 per 5 seconds by default)
and says what is left in `x-ms-user-quota-remaining` and when it resets in
`x-ms-user-quota-resets-after` (hh:mm:ss). `GraphQuota` holds the next page back until the reset
once the quota is spent, so the scan does not run into 429s.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from auditor.inventory import arm
from auditor.inventory.resource_types import (
    BATCH_DEPLOYMENTS,
    BATCH_ENDPOINTS,
    COGNITIVE_ACCOUNTS,
    CONTAINER_REGISTRIES,
    ONLINE_DEPLOYMENTS,
    ONLINE_ENDPOINTS,
    REGISTRIES,
    SERVERLESS_ENDPOINTS,
    STORAGE_ACCOUNTS,
    SUBSCRIPTIONS,
    VAULTS,
    WORKSPACES,
)

GRAPH_PATH = "/providers/Microsoft.ResourceGraph/resources"
PAGE_SIZE = 1000  # the most rows Resource Graph returns per page
# Subscriptions per query: the scan of a batch starts when its answer is complete, so a small
# batch lets the scan start early (25 subscriptions of the 100 x 20 benchmark tenant are some
# 6,500 rows, 7 pages); a large one costs fewer part-filled pages against the quota.
SUBSCRIPTIONS_PER_QUERY = 25
QUOTA_REMAINING = "x-ms-user-quota-remaining"
QUOTA_RESETS_AFTER = "x-ms-user-quota-resets-after"

# The types the `resources` table holds that the crawl lists (Azure Resource Graph table and
# resource type reference, "resources" table: microsoft.machinelearningservices/workspaces,
# registries, onlineEndpoints and batchendpoints with their deployments, serverlessendpoints;
# microsoft.keyvault/vaults, microsoft.cognitiveservices/accounts, microsoft.storage/
# storageaccounts, microsoft.containerregistry/registries). Not there, so always listed through
# ARM: workspace computes, connections, datastores and v1 services, Key Vault keys and secrets,
# diagnostic settings.
GRAPH_TYPES: tuple[str, ...] = (
    WORKSPACES,
    REGISTRIES,
    ONLINE_ENDPOINTS,
    ONLINE_DEPLOYMENTS,
    BATCH_ENDPOINTS,
    BATCH_DEPLOYMENTS,
    SERVERLESS_ENDPOINTS,
    VAULTS,
    COGNITIVE_ACCOUNTS,
    STORAGE_ACCOUNTS,
    CONTAINER_REGISTRIES,
)
_COVERED = frozenset(arm.normalize_type(t) for t in GRAPH_TYPES)
_SUBSCRIPTION_TYPE = arm.normalize_type(SUBSCRIPTIONS)


def query_text(types: Iterable[str] = GRAPH_TYPES) -> str:
    """The one query the scanner sends: ids and types of the covered resources, and the
    subscriptions themselves (to tell "none there" from "not readable"), ordered by id (paging
    needs a stable order)."""
    listed = ", ".join(f"'{arm.normalize_type(t)}'" for t in types)
    return (
        f"resources | where type in~ ({listed}) | project id, type"
        " | union (resourcecontainers | where type =~ 'microsoft.resources/subscriptions'"
        " | project id, type) | order by id asc"
    )


def request_body(subscriptions: Sequence[str], skip_token: str | None = None) -> bytes:
    options: dict[str, Any] = {"$top": PAGE_SIZE, "resultFormat": "objectArray"}
    if skip_token:
        options["$skipToken"] = skip_token
    document = {"subscriptions": list(subscriptions), "query": query_text(), "options": options}
    return json.dumps(document).encode("utf-8")


class GraphPageError(Exception):
    """A 200 whose body is not a Resource Graph answer, or says it is truncated."""


@dataclass(frozen=True, slots=True)
class GraphPage:
    rows: tuple[tuple[str, str], ...]  # (id, lower-case type)
    skip_token: str | None
    total: int | None


def parse_page(body: bytes) -> GraphPage:
    try:
        document = json.loads(body)
    except ValueError:
        raise GraphPageError("the Resource Graph answer is not JSON") from None
    if not isinstance(document, dict) or not isinstance(document.get("data"), list):
        raise GraphPageError('the Resource Graph answer has no "data" array')
    # `resultTruncated` is the string "false" in the service's own examples; a boolean is read too.
    if str(document.get("resultTruncated", "false")).lower() != "false":
        raise GraphPageError("the Resource Graph answer is truncated")
    rows = []
    for row in document["data"]:
        rid = row.get("id") if isinstance(row, dict) else None
        rtype = row.get("type") if isinstance(row, dict) else None
        if not isinstance(rid, str) or not isinstance(rtype, str) or not rid.startswith("/"):
            raise GraphPageError("a Resource Graph row has no id and type")
        rows.append((rid, arm.normalize_type(rtype)))
    token = document.get("$skipToken")
    total = document.get("totalRecords")
    return GraphPage(
        tuple(rows),
        token if isinstance(token, str) and token else None,
        total if isinstance(total, int) else None,
    )


@dataclass
class Discovery:
    """What the graph answered: per subscription it answered completely, the (parent, type)
    pairs that hold at least one resource."""

    answered: set[str] = field(default_factory=set)  # lower-case subscription ids
    present: set[tuple[str, str]] = field(default_factory=set)  # (normalized parent id, type)
    queries: int = 0  # graph requests sent, pages included
    fallbacks: dict[str, str] = field(default_factory=dict)  # subscription -> why ARM lists it

    def add_rows(self, rows: Iterable[tuple[str, str]], asked: Iterable[str]) -> None:
        """One complete answer for the subscriptions `asked`."""
        asked_keys = {s.lower() for s in asked}
        seen: set[str] = set()
        present: set[tuple[str, str]] = set()
        for rid, rtype in rows:
            subscription = (arm.subscription_of(rid) or "").lower()
            if rtype == _SUBSCRIPTION_TYPE:
                seen.add(subscription)
                continue
            parent = arm.parent_id(rid)
            if parent is None:
                continue
            present.add((arm.normalize_id(parent), rtype))
            if rtype.count("/") == 1:  # a top-level type: listed per subscription too
                present.add((f"/subscriptions/{subscription}", rtype))
        self.present |= present
        for subscription in asked_keys:
            if subscription in seen:
                self.answered.add(subscription)
            else:
                self.fallbacks[subscription] = "the graph did not return the subscription"

    def fall_back(self, subscriptions: Iterable[str], why: str) -> None:
        for subscription in subscriptions:
            self.fallbacks[subscription.lower()] = why

    def says_none(self, parent_id: str, child_type: str) -> bool:
        """The graph answered for the parent's subscription and holds no `child_type` under it."""
        rtype = arm.normalize_type(child_type)
        if rtype not in _COVERED:
            return False
        subscription = (arm.subscription_of(parent_id) or "").lower()
        if subscription not in self.answered:
            return False
        return (arm.normalize_id(parent_id), rtype) not in self.present


def _seconds(value: str) -> float | None:
    """`hh:mm:ss` (Resource Graph's reset time) in seconds."""
    parts = value.strip().split(":")
    try:
        numbers = [float(p) for p in parts]
    except ValueError:
        return None
    seconds = 0.0
    for number in numbers:
        seconds = seconds * 60 + number
    return seconds


class GraphQuota:
    """The caller's Resource Graph quota, as the last answer reported it; the pacer of graph
    requests (the same calls as arm_pipeline.SubscriptionPacer)."""

    def __init__(self) -> None:
        self._remaining: float | None = None  # None: unknown, go
        self._resets_at = 0.0
        self._in_flight = 0
        self._lock = threading.Lock()

    def delay(self) -> float:
        with self._lock:
            now = time.monotonic()
            if self._remaining is not None and now >= self._resets_at:
                self._remaining = None  # the window has reset
            if self._remaining is None or self._remaining - self._in_flight >= 1:
                self._in_flight += 1
                return 0.0
            return max(0.01, self._resets_at - now)

    async def turn(self) -> None:
        while True:
            wait = self.delay()
            if wait <= 0:
                return
            await asyncio.sleep(wait)

    def observe(self, status: int, headers: Mapping[str, str], retry_after: float | None) -> None:
        with self._lock:
            self._in_flight = max(0, self._in_flight - 1)
            now = time.monotonic()
            remaining = headers.get(QUOTA_REMAINING)
            resets = headers.get(QUOTA_RESETS_AFTER)
            reset_in = _seconds(resets) if resets is not None else None
            if status == 429:
                self._remaining = 0.0
                wait = reset_in if reset_in is not None else (retry_after or 1.0)
                self._resets_at = max(self._resets_at, now + wait)
                return
            if remaining is None:
                return
            try:
                self._remaining = float(remaining)
            except ValueError:
                return
            self._resets_at = now + (reset_in if reset_in is not None else 1.0)

    def cancel(self) -> None:
        with self._lock:
            self._in_flight = max(0, self._in_flight - 1)
