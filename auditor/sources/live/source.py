"""Live collection: reads a tenant through ARM and returns an Inventory.

What is read (all GETs; never PUT/PATCH/DELETE, never a POST such as `listKeys`/`listsecrets`):

- subscriptions: `GET /subscriptions`, or `GET /subscriptions/{id}` for each `--subscription`;
- under each subscription and each listed resource, the collections of crawl_plan.COLLECTIONS
  (ML workspaces, registries, Key Vaults and AI accounts per subscription; a workspace's
  endpoints, deployments, computes, connections and diagnostic settings; a vault's keys, secrets
  and diagnostic settings; each key also by id);
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

import logging
import threading
import time
from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from azure.core.credentials import TokenCredential

from auditor.inventory import arm
from auditor.inventory.inventory import Inventory
from auditor.inventory.resource_types import SUBSCRIPTIONS, WORKSPACES
from auditor.inventory.resources import Resource
from auditor.inventory.shard import Shard
from auditor.sources.interface import EVERYTHING, NOTHING_READ
from auditor.sources.live import api_versions
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
from auditor.sources.live.scheduler import Failure, MalformedResponse, RequestPool
from auditor.sources.live.stats import ScanStats
from auditor.sources.live.store import Store
from auditor.sources.live.tuning import (
    ARM_READ_BURST,
    ARM_READ_REFILL_PER_SECOND,
    DEFAULT_CONCURRENCY,
    MAX_CONCURRENCY,
)

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
        shard: Shard | None = None,
    ) -> None:
        if not 1 <= concurrency <= MAX_CONCURRENCY:
            raise ValueError(f"concurrency must be between 1 and {MAX_CONCURRENCY}")
        self.endpoint = endpoint.rstrip("/")
        self.credential = credential
        self.token_scopes = tuple(token_scopes)  # what the credential is asked a token for
        self.subscriptions = tuple(dict.fromkeys(s.strip() for s in subscriptions if s.strip()))
        self.concurrency = concurrency
        self.ca_file = ca_file
        self.retry = retry
        self.pacing = pacing
        self.auth_hint = auth_hint
        self.shard = shard  # scan only the subscriptions of this shard (`--shard K/N`)
        self.stats = ScanStats()

    @property
    def name(self) -> str:
        return f"arm:{self.endpoint}"

    def collect(self) -> Inventory:
        self.stats = ScanStats()
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
            inventory = _Crawl(client, pool, Store(client.endpoint, self.stats), self.shard).run(
                self.subscriptions, self.name
            )
        finally:
            self.stats.finished = time.monotonic()
            client.close()
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
        return inventory


class _Crawl:
    """One run of the crawl plan: subscriptions, then each listed resource's collections and
    references, into the store."""

    def __init__(
        self, client: ArmClient, pool: RequestPool, store: Store, shard: Shard | None = None
    ) -> None:
        self.client = client
        self.pool = pool
        self.store = store
        self.shard = shard
        self._lock = threading.Lock()
        self._requested: set[str] = set()  # referenced ids already being resolved
        self._listing_done: set[tuple[str, str]] = set()  # (subscription, type) listed
        self._waiters: dict[tuple[str, str], list[Callable[[], None]]] = {}

    def run(self, subscriptions: Sequence[str], source_name: str) -> Inventory:
        asked = bool(subscriptions)  # --subscription given (a shard may hold none of them)
        if subscriptions:
            if self.shard is not None:
                subscriptions = [s for s in subscriptions if self.shard.holds_subscription(s)]
            self.store.scanned(subscriptions)
            for subscription in subscriptions:
                self._get_subscription(subscription)
        else:
            self._list_subscriptions()
        self.pool.run()
        unreached = [g for g in self.store.gaps if g.status is None and g.scope == "/subscriptions"]
        # A shard that holds none of the subscriptions read them all and has nothing to scan.
        scanned = self.store.any_scanned or (
            self.shard is not None
            and (asked or self.store.was_listed("/subscriptions", SUBSCRIPTIONS))
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
                self.store.discard(resource.id)  # another shard's
            else:
                self.store.scanned([sid])
                self.pool.stats.add(subscriptions_total=1)
                self._scan_subscription(sid)

        self._list(
            "/subscriptions",
            SUBSCRIPTIONS,
            "/subscriptions",
            api_versions.SUBSCRIPTIONS,
            (),
            subscription,
        )

    def _get_subscription(self, subscription: str) -> None:
        rid = f"/subscriptions/{subscription}"

        def ok(response: ArmResponse) -> None:
            document = _json_object(response, "subscription")
            self.store.add(
                document, SUBSCRIPTIONS, by_id=True, api_version=api_versions.SUBSCRIPTIONS
            )
            self._scan_subscription(subscription)

        def failed(failure: Failure) -> None:
            self.store.gap(rid, None, failure)
            self.pool.stats.add(subscriptions_done=1)
            for collection in SUBSCRIPTION_COLLECTIONS:
                self._listing_finished(subscription, collection.child)

        self.pool.stats.add(subscriptions_total=1)
        self.pool.submit(self.client.url(rid, api_versions.SUBSCRIPTIONS), ok, failed, ())

    def _scan_subscription(self, subscription: str) -> None:
        scope = f"/subscriptions/{subscription}"
        groups = (f"sub:{subscription.lower()}",)
        for collection in SUBSCRIPTION_COLLECTIONS:

            def done(rtype: str = collection.child) -> None:
                self._listing_finished(subscription, rtype)

            self._list_collection(scope, collection, groups, done)

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


def _with_api_version(url: str, api_version: str) -> str:
    """A nextLink with our api-version, as the generated SDK clients do."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)]
    query = [(k, v) for k, v in query if k.lower() != "api-version"]
    query.append(("api-version", api_version))
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), ""))


def _json_object(response: ArmResponse, what: str) -> dict[str, Any]:
    try:
        document = response.json()
    except ValueError:
        raise MalformedResponse(f"the {what} response is not JSON") from None
    if not isinstance(document, dict):
        raise MalformedResponse(f"the {what} response is not a JSON object")
    return document
