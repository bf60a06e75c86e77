"""Live collection: reads a tenant through ARM and returns an Inventory.

What is read (all GETs; never PUT/PATCH/DELETE, never a POST such as `listKeys`/`listsecrets`):

- subscriptions: `GET /subscriptions`, or `GET /subscriptions/{id}` for each `--subscription`;
- under each subscription and each listed resource, the collections of crawl_plan.COLLECTIONS
  (ML workspaces, registries, Key Vaults and AI accounts per subscription; a workspace's
  endpoints, deployments, computes, connections and diagnostic settings; a vault's keys, secrets
  and diagnostic settings; each key also by id);
- per subscription, who may do what: role assignments, role definitions (built-in and custom), deny
  assignments and PIM eligibility instances (crawl_plan.COLLECTIONS), and the Activity Log's key
  regenerations and key reads of the last 90 days, queried once per provider (activity_log.py);
- the resources that listed ones reference (crawl_plan.REFERENCES: a workspace's key vault, CMK
  vault and key, hub, storage account and container registry, the AI accounts its connections
  target). A reference that a subscription listing already answered costs nothing; the rest are
  fetched by id, once.

The work is a graph of single-request tasks (a page, a GET by id) run by scheduler.RequestPool.
Every failure is recorded where it happened (a Gap, or a 404 in `missing`) and the rest goes on;
only a rejected credential (401) stops the scan. What is read passes through sanitize before it is
stored.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from azure.core.credentials import TokenCredential

from auditor.inventory import arm
from auditor.inventory.inventory import Inventory
from auditor.inventory.resource_types import (
    ACTIVITY_LOG,
    ACTIVITY_LOG_EVENTS,
    SUBSCRIPTIONS,
    WORKSPACES,
)
from auditor.inventory.resources import Resource
from auditor.inventory.shard import Shard
from auditor.sources.interface import EVERYTHING, NOTHING_READ
from auditor.sources.live import activity_log, api_versions, graph
from auditor.sources.live.arm_pipeline import (
    DEFAULT_RETRY,
    ArmClient,
    ArmResponse,
    Pacers,
    RetrySettings,
)
from auditor.sources.live.crawl_plan import (
    LISTED_PER_SUBSCRIPTION,
    SUBSCRIPTION_COLLECTIONS,
    Collection,
    collections_under,
    references_from,
)
from auditor.sources.live.graph import Discovery, GraphQuota
from auditor.sources.live.scheduler import Failure, MalformedResponse, RequestPool
from auditor.sources.live.stats import ScanStats
from auditor.sources.live.store import Store
from auditor.sources.live.tuning import (
    ARM_READ_BURST,
    ARM_READ_REFILL_PER_SECOND,
    DEFAULT_CONCURRENCY,
    DEFAULT_DISCOVERY,
    DISCOVERY_MODES,
    MAX_CONCURRENCY,
)
from auditor.sources.sanitize import reduce_activity_event

log = logging.getLogger("auditor.sources.live")


class LiveSource:
    """A Source that reads a live (or simulated) tenant through ARM."""

    def __init__(
        self,
        credential: TokenCredential,
        *,
        endpoint: str,
        token_scopes: Sequence[str],
        subscriptions: Sequence[str] = (),
        concurrency: int = DEFAULT_CONCURRENCY,
        ca_file: str | None = None,
        retry: RetrySettings = DEFAULT_RETRY,
        pacing: tuple[int, float] = (ARM_READ_BURST, ARM_READ_REFILL_PER_SECOND),
        auth_hint: str = "run `az login` or check AML_AUDIT_ACCESS_TOKEN",
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        access_review: bool = True,
        discovery: str = DEFAULT_DISCOVERY,
        shard: Shard | None = None,
    ) -> None:
        if not 1 <= concurrency <= MAX_CONCURRENCY:
            raise ValueError(f"concurrency must be between 1 and {MAX_CONCURRENCY}")
        if discovery not in DISCOVERY_MODES:
            raise ValueError(f"discovery must be one of {', '.join(DISCOVERY_MODES)}")
        self.endpoint = endpoint.rstrip("/")
        self.credential = credential
        self.token_scopes = tuple(token_scopes)  # what the credential is asked a token for
        self.subscriptions = tuple(dict.fromkeys(s.strip() for s in subscriptions if s.strip()))
        self.concurrency = concurrency
        self.ca_file = ca_file
        self.retry = retry
        self.pacing = pacing
        self.auth_hint = auth_hint
        self.clock = clock  # the scan's start ends the Activity Log window
        # Role assignments, definitions, deny assignments, PIM eligibility and the Activity Log:
        # on by default; off, they are not read (and the rules that need them cannot judge).
        self.access_review = access_review
        self.discovery = discovery
        self.shard = shard  # scan only the subscriptions of this shard (`--shard K/N`)
        self.stats = ScanStats()

    @property
    def name(self) -> str:
        return f"arm:{self.endpoint}"

    def collect(self) -> Inventory:
        self.stats = ScanStats()
        inventory = asyncio.run(self._collect())
        s = self.stats
        log.info(
            "collected %d resources from %d subscription(s), %d workspace(s): %d requests "
            "(%d throttled, %d retried), %d gap(s), %.1f s",
            len(inventory),
            s.subscriptions_total,
            s.workspaces_total,
            s.requests,
            s.throttled,
            s.retried,
            len(inventory.gaps),
            s.elapsed,
        )
        if s.graph_queries:
            log.info(
                "Resource Graph: %d query page(s); %d empty ARM listing(s) not sent; every "
                "resource read from ARM at its pinned api-version",
                s.graph_queries,
                s.listings_skipped,
            )
        return inventory

    async def _collect(self) -> Inventory:
        client = ArmClient(
            self.credential,
            self.endpoint,
            self.token_scopes,
            pool_size=self.concurrency,
            stats=self.stats,
            ca_file=self.ca_file,
            retry=self.retry,
            pacers=Pacers(*self.pacing),
        )
        try:
            pool = RequestPool(client, self.stats, self.concurrency, self.auth_hint)
            window = activity_log.Window.ending(self.clock())
            store = Store(client.endpoint, self.stats)
            crawl = _Crawl(
                client,
                pool,
                store,
                window if self.access_review else None,
                self.discovery,
                self.shard,
            )
            return await crawl.run(self.subscriptions, self.name)
        finally:
            self.stats.finished = time.monotonic()
            await client.close()


class _Crawl:
    """One run of the crawl plan: subscriptions, then each listed resource's collections and
    references, into the store."""

    def __init__(
        self,
        client: ArmClient,
        pool: RequestPool,
        store: Store,
        window: activity_log.Window | None,  # None: no access review
        discovery: str = "arm",
        shard: Shard | None = None,
    ) -> None:
        self.client = client
        self.pool = pool
        self.store = store
        self.window = window
        self.discovery_mode = discovery
        # What the graph answered (None: ARM only); the subscriptions readable so far, waiting
        # for it; subscription GETs still out (with --subscription).
        self.discovery: Discovery | None = None
        self.quota = GraphQuota()
        self._readable: list[str] = []
        self._subscriptions_pending = 0
        self.shard = shard
        self._others_listed = False  # the listing held another shard's subscription
        self._lock = threading.Lock()
        self._requested: set[str] = set()  # referenced ids already being resolved
        self._listing_done: set[tuple[str, str]] = set()  # (subscription, type) listed
        self._waiters: dict[tuple[str, str], list[Callable[[], None]]] = {}

    async def run(self, subscriptions: Sequence[str], source_name: str) -> Inventory:
        asked = bool(subscriptions)  # --subscription given (a shard may hold none of them)
        if subscriptions:
            if self.shard is not None:
                subscriptions = [s for s in subscriptions if self.shard.holds_subscription(s)]
            self.store.scanned(subscriptions)
            self._subscriptions_pending = len(subscriptions)
            for subscription in subscriptions:
                self._get_subscription(subscription)
        else:
            self._list_subscriptions()
        await self.pool.run()
        unreached = [g for g in self.store.gaps if g.status is None and g.scope == "/subscriptions"]
        # A shard that holds none of the subscriptions read them all and has nothing to scan; a
        # listing that answered with no subscription at all is a credential that reads none.
        scanned = self.store.any_scanned or (
            self.shard is not None and (asked or self._others_listed)
        )
        if not scanned and unreached:  # a typo in --arm-endpoint is not a missing role
            log.warning(
                "could not reach ARM at %s (%s: %s): nothing was collected; check --arm-endpoint "
                "and the network",
                self.client.endpoint,
                unreached[0].code,
                unreached[0].message,
            )
        elif not scanned:
            log.warning("the credential can read no subscription: nothing was collected")
            self.store.gap(
                EVERYTHING,
                None,
                Failure(
                    None,
                    NOTHING_READ,
                    "the credential can read no subscription: grant it the Reader role on the "
                    "subscriptions to audit",
                ),
            )
        return self.store.inventory(source_name)

    # ---- listings ------------------------------------------------------------------------

    def _list(
        self,
        scope: str,
        rtype: str,
        path: str,
        api_version: str,
        groups: tuple[str, ...],
        on_item: Callable[[Resource], None] | None = None,
        on_done: Callable[[], None] | None = None,
        *,
        empty_on: tuple[str, ...] = (),
    ) -> None:
        state = {"gap": False}  # an item of some page was unusable

        def fetch(url: str) -> None:
            self.pool.submit(url, page, failed, groups)

        def page(response: ArmResponse) -> None:
            try:
                document = response.json()
            except ValueError:
                raise MalformedResponse(f"the {rtype} listing is not JSON") from None
            items = document.get("value") if isinstance(document, dict) else None
            if not isinstance(items, list):
                raise MalformedResponse(f'the {rtype} listing has no "value" array')
            next_link = document.get("nextLink")
            if next_link:
                if not isinstance(next_link, str) or not self.client.same_host(next_link):
                    raise MalformedResponse(f"the {rtype} listing has a nextLink to another host")
                fetch(_with_api_version(next_link, api_version))  # keep the pages moving first
            stored: list[Resource] = []
            for item in items:
                try:
                    stored.append(self.store.add(item, rtype, by_id=False, api_version=api_version))
                except MalformedResponse as exc:
                    state["gap"] = True
                    self.store.gap(scope, rtype, Failure(None, "MalformedResponse", str(exc)))
            for resource in stored:
                if on_item is not None:
                    on_item(resource)
            if not next_link:
                if not state["gap"]:
                    self.store.listed(scope, rtype)
                finish()

        def failed(failure: Failure) -> None:
            if failure.code in empty_on:
                self.store.listed(scope, rtype)
            else:
                self.store.gap(scope, rtype, failure)
            finish()

        def finish() -> None:
            if on_done is not None:
                on_done()

        fetch(self.client.url(path, api_version))

    def _list_collection(
        self,
        parent_id: str,
        collection: Collection,
        groups: tuple[str, ...],
        on_done: Callable[[], None] | None = None,
    ) -> None:
        def item(resource: Resource) -> None:
            self._expand(resource, collection, groups)

        if self.discovery is not None and self.discovery.says_none(parent_id, collection.child):
            # The graph shows none there: what an empty ARM listing would have recorded.
            self.store.listed(parent_id, collection.child)
            self.pool.stats.add(listings_skipped=1)
            if on_done is not None:
                on_done()
            return
        self._list(
            parent_id,
            collection.child,
            collection.path(parent_id),
            collection.api_version,
            groups,
            item,
            on_done,
            empty_on=collection.empty_on,
        )

    def _expand(self, resource: Resource, listed_in: Collection, groups: tuple[str, ...]) -> None:
        """A resource from a listing: list its own collections, follow its references."""
        if listed_in.parent == SUBSCRIPTIONS:
            groups = (f"sub:{(resource.subscription_id or '').lower()}",)
        if listed_in.child == WORKSPACES:
            groups = (*groups, f"ws:{arm.normalize_id(resource.id)}")
            self.pool.stats.add(workspaces_total=1)
        for collection in collections_under(listed_in.child):
            self._list_collection(resource.id, collection, groups)
        if listed_in.fetch_each_by_id:
            self._reference(resource.id, by_id=True)
        for reference in references_from(listed_in.child):
            target = reference.target(resource)
            if target:
                self._reference(target, by_id=reference.by_id)

    # ---- subscriptions -------------------------------------------------------------------

    def _list_subscriptions(self) -> None:
        def subscription(resource: Resource) -> None:
            sid = resource.raw.get("subscriptionId") or arm.subscription_of(resource.id)
            if not isinstance(sid, str):
                return
            if self.shard is not None and not self.shard.holds_subscription(sid):
                self._others_listed = True
                self.store.discard(resource.id)  # another shard's
            else:
                self.store.scanned([sid])
                self.pool.stats.add(subscriptions_total=1)
                self._subscription_readable(sid)

        self._list(
            "/subscriptions",
            SUBSCRIPTIONS,
            "/subscriptions",
            api_versions.SUBSCRIPTIONS,
            (),
            subscription,
            self._subscriptions_known,
        )

    def _get_subscription(self, subscription: str) -> None:
        rid = f"/subscriptions/{subscription}"

        def ok(response: ArmResponse) -> None:
            document = _json_object(response, "subscription")
            self.store.add(
                document, SUBSCRIPTIONS, by_id=True, api_version=api_versions.SUBSCRIPTIONS
            )
            self._subscription_readable(subscription)
            answered()

        def failed(failure: Failure) -> None:
            self.store.gap(rid, None, failure)
            self.pool.stats.add(subscriptions_done=1)
            for collection in SUBSCRIPTION_COLLECTIONS:
                self._listing_finished(subscription, collection.child)
            answered()

        def answered() -> None:
            self._subscriptions_pending -= 1
            if self._subscriptions_pending == 0:
                self._subscriptions_known()

        self.pool.stats.add(subscriptions_total=1)
        self.pool.submit(self.client.url(rid, api_versions.SUBSCRIPTIONS), ok, failed, ())

    def _subscription_readable(self, subscription: str) -> None:
        """Scan it now (ARM only), or once the graph has answered for every subscription. The
        access review needs nothing from the graph, so it starts at once."""
        if self.discovery_mode == "arm":
            if self.window is not None:
                self._review_access(subscription, self.window)
            self._scan_subscription(subscription)
            return
        self._readable.append(subscription)
        if self.window is not None:
            # The subscription is not done when its review is: its listings wait for the graph.
            self.pool.hold(_group(subscription))
            self._review_access(subscription, self.window)

    def _subscriptions_known(self) -> None:
        """Every subscription is known: ask the graph about the readable ones, a batch at a time,
        scanning each batch as soon as its answer is in."""
        if self.discovery_mode == "arm":
            return
        readable, self._readable = self._readable, []
        self.discovery = Discovery()
        size = graph.SUBSCRIPTIONS_PER_QUERY
        self._discover([readable[i : i + size] for i in range(0, len(readable), size)])

    def _discover(self, batches: list[list[str]]) -> None:
        """One graph query over the first batch, page after page; then its subscriptions are
        scanned (through the graph's answer where it is complete, ARM alone where it is not) and
        the next batch is asked. One batch at a time: the quota is the caller's, so batches in
        parallel would only delay the first answer."""
        discovery = self.discovery
        assert discovery is not None
        if not batches:
            return
        batch, rest = batches[0], batches[1:]
        rows: list[tuple[str, str]] = []

        def send(skip_token: str | None) -> None:
            discovery.queries += 1
            self.pool.stats.add(graph_queries=1)
            body = graph.request_body(batch, skip_token)
            self.pool.submit_graph_query(body, self.quota, page, failed)

        def page(response: ArmResponse) -> None:
            try:
                answer = graph.parse_page(response.body)
            except graph.GraphPageError as exc:
                fall_back(str(exc))
                return
            rows.extend(answer.rows)
            if answer.skip_token:
                send(answer.skip_token)
                return
            if answer.total is not None and answer.total != len(rows):
                fall_back(f"the graph returned {len(rows)} of {answer.total} rows")
                return
            discovery.add_rows(rows, batch)
            scan()

        def failed(failure: Failure) -> None:
            status = f"HTTP {failure.status} " if failure.status else ""
            fall_back(f"{status}{failure.code}: {failure.message}".strip())

        def fall_back(why: str) -> None:
            discovery.fall_back(batch, why)
            scan()

        def scan() -> None:
            for subscription in batch:
                why = discovery.fallbacks.get(subscription.lower())
                if why is not None:
                    level = logging.WARNING if self.discovery_mode == "graph" else logging.INFO
                    log.log(
                        level,
                        "Resource Graph discovery not used for subscription %s (%s): listing "
                        "everything through ARM",
                        subscription,
                        why,
                    )
                self._scan_subscription(subscription)
                if self.window is not None:
                    self.pool.release(_group(subscription))
            self._discover(rest)

        send(None)

    def _scan_subscription(self, subscription: str) -> None:
        scope = f"/subscriptions/{subscription}"
        groups = (_group(subscription),)
        for collection in SUBSCRIPTION_COLLECTIONS:
            if collection.access_review:
                if self.window is None:  # not read; started by _review_access otherwise
                    self._listing_finished(subscription, collection.child)
                continue

            def done(rtype: str = collection.child) -> None:
                self._listing_finished(subscription, rtype)

            self._list_collection(scope, collection, groups, done)

    def _review_access(self, subscription: str, window: activity_log.Window) -> None:
        """Who may do what, and the Activity Log's key events. Started as soon as the
        subscription is known readable, without waiting for the graph: on a busy subscription
        these reads push it past ARM's read bucket (250, refilled at 25 a second only while it
        is not full), and every second the bucket sits full at the start is 25 reads the end
        of the scan waits for (bench/access_review.py)."""
        scope = f"/subscriptions/{subscription}"
        groups = (_group(subscription),)
        for collection in SUBSCRIPTION_COLLECTIONS:
            if not collection.access_review:
                continue

            def done(rtype: str = collection.child) -> None:
                self._listing_finished(subscription, rtype)

            self._list_collection(scope, collection, groups, done)
        self._read_activity_log(subscription, groups, window)

    # ---- the Activity Log ------------------------------------------------------------------

    def _read_activity_log(
        self, subscription: str, groups: tuple[str, ...], window: activity_log.Window
    ) -> None:
        """Each provider's key events in the window (each in activity_log.SLICES parallel
        slices), kept only if every query completes; else one gap for the subscription's log,
        naming the first provider (in PROVIDERS order) that failed, so two scans of one tenant
        report the same gap."""
        scope = f"/subscriptions/{subscription}"
        version = api_versions.ACTIVITY_LOG
        kept: list[dict[str, Any]] = []
        failures: dict[tuple[str, int], Failure] = {}  # (provider, slice) -> what went wrong
        slices = window.slices()
        pending = [len(activity_log.PROVIDERS) * len(slices)]

        def query(provider: str, index: int, part: activity_log.Window) -> None:
            def page(response: ArmResponse) -> None:
                try:
                    document = response.json()
                except ValueError:
                    raise MalformedResponse("an Activity Log page is not JSON") from None
                items = document.get("value") if isinstance(document, dict) else None
                if not isinstance(items, list):
                    raise MalformedResponse('an Activity Log page has no "value" array')
                found = [_kept_event(item) for item in items]
                next_link = document.get("nextLink")
                if next_link and (
                    not isinstance(next_link, str) or not self.client.same_host(next_link)
                ):
                    raise MalformedResponse("an Activity Log page has a nextLink to another host")
                with self._lock:
                    kept.extend(event for event in found if event is not None)
                if next_link:
                    fetch(_with_api_version(next_link, version), first=True)
                else:
                    finished()

            def failed(failure: Failure) -> None:
                with self._lock:
                    failures[(provider, index)] = failure
                finished()

            def fetch(url: str, *, first: bool = False) -> None:
                self.pool.submit(url, page, failed, groups, first=first)

            fetch(self.client.endpoint + activity_log.query(subscription, provider, part, version))

        def finished() -> None:
            with self._lock:
                pending[0] -= 1
                if pending[0]:
                    return
            if failures:
                (provider, _), failure = min(
                    failures.items(),
                    key=lambda item: (activity_log.PROVIDERS.index(item[0][0]), item[0][1]),
                )
                message = f"the Activity Log of {provider}: {failure.message}".rstrip(": ")
                self.store.gap(
                    scope, ACTIVITY_LOG_EVENTS, Failure(failure.status, failure.code, message)
                )
                return
            for event in activity_log.once_per_correlation(kept):
                self.store.add(event, ACTIVITY_LOG_EVENTS, by_id=False, api_version=version)
            self.store.add(
                activity_log.record(subscription, window),
                ACTIVITY_LOG,
                by_id=True,
                api_version=version,
            )
            self.store.listed(scope, ACTIVITY_LOG_EVENTS)

        for provider in activity_log.PROVIDERS:
            for index, part in enumerate(slices):
                query(provider, index, part)

    # ---- referenced resources ------------------------------------------------------------

    def _reference(self, resource_id: str, *, by_id: bool = False) -> None:
        key = arm.normalize_id(resource_id)
        rtype = arm.type_of(resource_id) or ""
        subscription = (arm.subscription_of(resource_id) or "").lower()
        with self._lock:
            if key in self._requested:
                return
            self._requested.add(key)
        listed_here = (
            not by_id
            and arm.normalize_type(rtype) in LISTED_PER_SUBSCRIPTION
            and self.store.is_scanned(subscription)
        )
        if listed_here:
            self._after_listing(subscription, rtype, lambda: self._resolve_listed(resource_id))
        elif by_id or not self.store.has(resource_id):
            self._get_by_id(resource_id, rtype)

    def _resolve_listed(self, resource_id: str) -> None:
        """After the subscription's listing: found there, or confirm by id (404 -> missing)."""
        if not self.store.has(resource_id):
            self._get_by_id(resource_id, arm.type_of(resource_id) or "")

    def _after_listing(self, subscription: str, rtype: str, callback: Callable[[], None]) -> None:
        key = (subscription.lower(), arm.normalize_type(rtype))
        with self._lock:
            if key not in self._listing_done:
                self._waiters.setdefault(key, []).append(callback)
                return
        callback()

    def _listing_finished(self, subscription: str, rtype: str) -> None:
        key = (subscription.lower(), arm.normalize_type(rtype))
        with self._lock:
            self._listing_done.add(key)
            waiters = self._waiters.pop(key, [])
        for callback in waiters:
            callback()

    def _get_by_id(self, resource_id: str, rtype: str) -> None:
        version = api_versions.for_type(rtype)
        if version is None:
            log.debug("not fetching %s: no pinned api-version for %s", resource_id, rtype)
            return
        subscription = (arm.subscription_of(resource_id) or "").lower()

        def ok(response: ArmResponse) -> None:
            self.store.add(_json_object(response, rtype), rtype, by_id=True, api_version=version)

        def failed(failure: Failure) -> None:
            if failure.status == 404:
                self.store.missing(resource_id)
            else:
                self.store.gap(resource_id, rtype, failure)

        groups = (f"sub:{subscription}",) if self.store.is_scanned(subscription) else ()
        self.pool.submit(self.client.url(resource_id, version), ok, failed, groups)


def _group(subscription: str) -> str:
    """A subscription's progress group: it is done when every request of it has ended."""
    return f"sub:{subscription.lower()}"


def _with_api_version(url: str, api_version: str) -> str:
    """A nextLink with our api-version, as the generated SDK clients do."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)]
    query = [(k, v) for k, v in query if k.lower() != "api-version"]
    query.append(("api-version", api_version))
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), ""))


def _kept_event(item: Any) -> dict[str, Any] | None:
    """A key event of an Activity Log page, reduced; None for the others. Raises
    MalformedResponse for an item that is no event (a key event could hide in it)."""
    if not isinstance(item, dict):
        raise MalformedResponse("an Activity Log item is not a JSON object")
    operation = item.get("operationName")
    operation = operation.get("value") if isinstance(operation, dict) else operation
    status = item.get("status")
    status = status.get("value") if isinstance(status, dict) else status
    if not isinstance(operation, str):
        raise MalformedResponse("an Activity Log event has no operationName")
    if not activity_log.is_kept(operation, status if isinstance(status, str) else None):
        return None
    reduced = reduce_activity_event(item)
    if reduced is None:
        raise MalformedResponse('an Activity Log key event has no "id" or "eventDataId"')
    return reduced


def _json_object(response: ArmResponse, what: str) -> dict[str, Any]:
    try:
        document = response.json()
    except ValueError:
        raise MalformedResponse(f"the {what} response is not JSON") from None
    if not isinstance(document, dict):
        raise MalformedResponse(f"the {what} response is not a JSON object")
    return document
