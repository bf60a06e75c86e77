"""The HTTP side of live collection: the Azure SDK's ARM pipeline, read-only, paced.

Requests go through azure-mgmt-core's `AsyncARMPipelineClient` on azure-core's aiohttp transport,
with the generated async management clients' policies that a read needs (reads-only, request id,
user agent, proxy when one is set, retry honouring `Retry-After`,
`AsyncARMChallengeAuthenticationPolicy` with the azure-identity credential, `ARMHttpLoggingPolicy`),
sending raw `azure.core.rest.HttpRequest` GETs (and the Resource Graph query's POST) so no
property is lost to an SDK model. The async pipeline runs every request in flight on one thread:
the threaded pipeline over requests spent most of its CPU contending for the interpreter lock and
in requests' per-call URL and header handling. Left out on purpose:

- `ARMAutoResourceProviderRegistrationPolicy`: on a 409 it POSTs `/providers/{ns}/register`, a
  write. This tool never writes.
- `NetworkTraceLoggingPolicy`: it logs raw headers, the Authorization header included.
- `ContentDecodePolicy`: it would parse every body a second time.
- `RedirectPolicy` and `SensitiveHeaderCleanupPolicy`: ARM does not redirect reads; a 3xx is a
  gap, and the bearer token never follows a redirect.

ARM throttles reads per subscription and principal with a token bucket (250 burst, 25/s refill).
`SubscriptionPacer` mirrors it on the client: free until ARM says otherwise, then paced at the
refill rate, so a throttled subscription costs few 429s and holds no worker that another could use.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import ssl
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import urlsplit

import aiohttp
import requests
from azure.core.credentials import TokenCredential
from azure.core.exceptions import (
    ClientAuthenticationError,
    ServiceRequestError,
    ServiceResponseError,
)
from azure.core.pipeline import PipelineRequest, PipelineResponse
from azure.core.pipeline.policies import (
    AsyncHTTPPolicy,
    AsyncRetryPolicy,
    ProxyPolicy,
    RequestIdPolicy,
    UserAgentPolicy,
)
from azure.core.pipeline.transport import AioHttpTransport
from azure.core.rest import HttpRequest
from azure.mgmt.core import AsyncARMPipelineClient
from azure.mgmt.core.policies import ARMHttpLoggingPolicy, AsyncARMChallengeAuthenticationPolicy
from requests.utils import DEFAULT_CA_BUNDLE_PATH

from auditor import __version__
from auditor.sources.live import api_versions
from auditor.sources.live.graph import GRAPH_PATH
from auditor.sources.live.stats import ScanStats
from auditor.sources.live.tuning import ARM_READ_BURST, ARM_READ_REFILL_PER_SECOND

log = logging.getLogger(__name__)

_REMAINING_READS = "x-ms-ratelimit-remaining-subscription-reads"


@dataclass(frozen=True, slots=True)
class RetrySettings:
    """Bounded retries: 429/408/5xx and dropped connections, with exponential backoff and
    `Retry-After` honoured (azure-core's RetryPolicy)."""

    total: int = 8
    status: int = 5
    connect: int = 3
    read: int = 3
    backoff_factor: float = 0.8
    backoff_max: float = 60.0
    connect_timeout: float = 20.0
    read_timeout: float = 60.0


class SubscriptionPacer:
    """A client-side mirror of ARM's per-subscription read bucket.

    Unknown budget means no waiting. The `x-ms-ratelimit-remaining-subscription-reads` header, when
    ARM sends it, sets the budget; a 429 empties it and pauses the subscription for `Retry-After`.
    From then on requests are let through at the refill rate, so a throttled subscription is
    drained steadily instead of in bursts of 429s.
    """

    def __init__(
        self, burst: int = ARM_READ_BURST, refill_per_second: float = ARM_READ_REFILL_PER_SECOND
    ) -> None:
        self.burst = float(burst)
        self.rate = refill_per_second
        self._tokens: float | None = None
        self._updated = time.monotonic()
        self._paused_until = 0.0
        self._in_flight = 0
        self._lock = threading.Lock()

    def _refill(self, now: float) -> None:
        if self._tokens is not None:
            start = max(self._updated, min(self._paused_until, now))
            if now > start:
                self._tokens = min(self.burst, self._tokens + (now - start) * self.rate)
        self._updated = now

    def delay(self) -> float:
        """Seconds until a request may go; 0 means it may go now (and has been counted)."""
        with self._lock:
            now = time.monotonic()
            if now < self._paused_until:
                return self._paused_until - now
            self._refill(now)
            if self._tokens is None:
                self._in_flight += 1
                return 0.0
            if self._tokens >= 1.0:
                self._tokens -= 1.0
                self._in_flight += 1
                return 0.0
            return (1.0 - self._tokens) / self.rate

    async def turn(self) -> None:
        """Wait until a request may go (and count it)."""
        while True:
            wait = self.delay()
            if wait <= 0:
                return
            await asyncio.sleep(wait)

    def observe(self, status: int, headers: Mapping[str, str], retry_after: float | None) -> None:
        with self._lock:
            now = time.monotonic()
            self._in_flight = max(0, self._in_flight - 1)
            if status == 429:
                self._refill(now)
                self._tokens = 0.0
                self._updated = now
                self._paused_until = max(self._paused_until, now + (retry_after or 1.0))
                return
            remaining = headers.get(_REMAINING_READS)
            if remaining is not None:
                try:
                    reported = float(remaining)
                except ValueError:
                    return
                # Requests still in flight will spend from what ARM reported.
                self._refill(now)
                estimate = max(0.0, reported - self._in_flight)
                self._tokens = estimate if self._tokens is None else min(self._tokens, estimate)

    def cancel(self) -> None:
        """A counted request that was never sent."""
        with self._lock:
            self._in_flight = max(0, self._in_flight - 1)


class Pacers:
    def __init__(self, burst: int, refill_per_second: float) -> None:
        self._burst, self._rate = burst, refill_per_second
        self._by_subscription: dict[str, SubscriptionPacer] = {}
        self._lock = threading.Lock()

    def for_url(self, url: str) -> SubscriptionPacer | None:
        key = subscription_key(url)
        if not key:
            return None  # tenant-level calls (GET /subscriptions) have their own, larger bucket
        with self._lock:
            pacer = self._by_subscription.get(key)
            if pacer is None:
                pacer = self._by_subscription[key] = SubscriptionPacer(self._burst, self._rate)
            return pacer


def subscription_key(url: str) -> str:
    """The lower-cased subscription id in an ARM URL's path, or "" (cheaper than urlsplit, and
    called for every request)."""
    lowered = url.lower()
    start = lowered.find("/subscriptions/")
    query = lowered.find("?")
    if start < 0 or (0 <= query < start):
        return ""
    start += len("/subscriptions/")
    end = len(lowered)
    for stop in ("/", "?"):
        found = lowered.find(stop, start)
        if 0 <= found < end:
            end = found
    return lowered[start:end]


class Pacer(Protocol):
    """Holds requests back for a quota: a subscription's ARM reads, or Resource Graph's."""

    def delay(self) -> float: ...
    async def turn(self) -> None: ...
    def observe(
        self, status: int, headers: Mapping[str, str], retry_after: float | None
    ) -> None: ...
    def cancel(self) -> None: ...


class ReadOnlyViolation(Exception):
    """A request that is not a read: a bug, stopped before it leaves the process."""


class _ReadsOnlyPolicy(AsyncHTTPPolicy):  # type: ignore[type-arg]
    """The promise in code: GETs, and the one POST that is a read (a Resource Graph query).
    Anything else raises before it is sent. (A plain policy, not a SansIO one: azure-core wraps
    each SansIO hook in an awaitable check, per request.)"""

    async def send(self, request: PipelineRequest[Any]) -> PipelineResponse[Any, Any]:
        check_read(request.http_request.method, request.http_request.url)
        return await self.next.send(request)


def check_read(method: str, url: str) -> None:
    """Raises ReadOnlyViolation unless `method url` is a read."""
    method = method.upper()
    if method == "GET":
        return
    if method == "POST" and urlsplit(url).path.lower() == _GRAPH_PATH:
        return
    raise ReadOnlyViolation(f"refusing to send {method} {url}: not a read")


_GRAPH_PATH = GRAPH_PATH.lower()
_ATTEMPT = "aml_audit_attempt"
PACER_OPTION = "aml_audit_pacer"  # the request's pacer, passed down from ArmClient.get


class _PacingPolicy(AsyncHTTPPolicy):  # type: ignore[type-arg]
    """Per attempt (after the retry policy): waits for the subscription's turn, counts requests
    and 429s, and tells the pacer what ARM said. The first attempt's turn was taken by the
    scheduler that handed the request to a worker."""

    def __init__(self, stats: ScanStats) -> None:
        super().__init__()
        self._stats = stats

    async def send(self, request: PipelineRequest[Any]) -> PipelineResponse[Any, Any]:
        context = request.context
        attempt = context.get(_ATTEMPT, 0)
        if attempt == 0:  # the option must not reach the transport; keep it for the retries
            context[PACER_OPTION] = context.options.pop(PACER_OPTION, None)
        pacer: Pacer | None = context.get(PACER_OPTION)
        context[_ATTEMPT] = attempt + 1
        if attempt > 0:
            self._stats.add(retried=1)
            if pacer is not None:
                await pacer.turn()
        try:
            response = await self.next.send(request)
        except BaseException:
            if pacer is not None:
                pacer.cancel()
            raise
        status = response.http_response.status_code
        self._stats.add(requests=1, throttled=1 if status == 429 else 0)
        if pacer is not None:
            headers = response.http_response.headers  # case-insensitive
            pacer.observe(status, headers, _retry_after(headers))
        return response


def _retry_after(headers: Mapping[str, str]) -> float | None:
    """Seconds ARM asked to wait; `headers` looks names up case-insensitively (aiohttp's)."""
    for name, scale in (
        ("retry-after-ms", 0.001),
        ("x-ms-retry-after-ms", 0.001),
        ("retry-after", 1),
    ):
        value = headers.get(name)
        if value is None:
            continue
        try:
            return max(0.0, float(value) * scale)
        except ValueError:
            return None  # an HTTP date: azure-core's RetryPolicy handles it; pause by default
    return None


class SingleFlightCredential:
    """The async credential the pipeline asks, over a synchronous azure-identity one: lets one
    request at a time ask for a token (in a worker thread, so a slow `az` does not stall the event
    loop), and requests that were waiting meanwhile take the token it got. Without this, the
    first requests of a parallel scan (or the requests in flight when a token expires) each ask
    at once: AzureCliCredential would start as many `az` processes."""

    def __init__(self, credential: TokenCredential) -> None:
        self._credential = credential
        self._lock = asyncio.Lock()
        self._token: Any = None
        self._generation = 0

    async def get_token(self, *scopes: str, **kwargs: Any) -> Any:
        seen = self._generation
        async with self._lock:
            if self._generation != seen and self._token is not None and not kwargs:
                return self._token  # another request fetched it while this one waited
            self._token = await asyncio.to_thread(self._credential.get_token, *scopes, **kwargs)
            self._generation += 1
            return self._token

    async def close(self) -> None:
        return None  # the synchronous credential is the caller's to close

    async def __aenter__(self) -> SingleFlightCredential:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    def __repr__(self) -> str:
        return f"SingleFlightCredential({self._credential!r})"


@dataclass(frozen=True, slots=True)
class ArmResponse:
    url: str
    status: int
    headers: Mapping[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)

    def error(self) -> tuple[str, str]:
        """ARM's error code and message from `{"error": {"code", "message"}}`, best effort."""
        try:
            document = self.json()
        except ValueError:
            document = None
        error = document.get("error") if isinstance(document, dict) else None
        if isinstance(error, dict):
            code = str(error.get("code") or f"HTTP{self.status}")
            message = " ".join(str(error.get("message") or "").split())
            return code, message
        return f"HTTP{self.status}", ""


DEFAULT_RETRY = RetrySettings()
# Compressed answers: a page of workspaces is tens of kilobytes of JSON.
_ACCEPT = {"Accept": "application/json", "Accept-Encoding": "gzip, deflate"}
_GRAPH_HEADERS = {**_ACCEPT, "Content-Type": "application/json"}
_POST = frozenset({"POST"})


class TransportFailure(Exception):
    """No HTTP response after the bounded retries (connection refused, timeout, TLS failure)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class CredentialFailure(Exception):
    """The credential could not produce a token."""


class ArmClient:
    """GETs against one ARM endpoint through the SDK's async pipeline. Made and used inside one
    running event loop."""

    def __init__(
        self,
        credential: TokenCredential,
        endpoint: str,
        scopes: tuple[str, ...],
        *,
        pool_size: int,
        stats: ScanStats,
        ca_file: str | None = None,
        retry: RetrySettings = DEFAULT_RETRY,
        pacers: Pacers | None = None,
    ) -> None:
        self.endpoint = endpoint.rstrip("/")
        self.host = urlsplit(self.endpoint).netloc.lower()
        self.stats = stats
        self.pacers = pacers or Pacers(ARM_READ_BURST, ARM_READ_REFILL_PER_SECOND)
        # The environment (REQUESTS_CA_BUNDLE, HTTPS_PROXY, NO_PROXY) is read once, here.
        proxies = requests.utils.get_environ_proxies(self.endpoint)
        ca_bundle = ca_file or _ca_bundle_from_environment() or DEFAULT_CA_BUNDLE_PATH
        # One pooled keep-alive connection per request in flight: none waits for a socket, none is
        # opened and thrown away (a TLS handshake costs more than the request). The CA bundle is
        # loaded once into the pool's TLS context; verification stays on (CERT_REQUIRED), through
        # a proxy too (the tunnel's TLS is the connector's).
        connector = aiohttp.TCPConnector(
            ssl=ssl.create_default_context(cafile=ca_bundle),
            limit=max(1, pool_size),
            limit_per_host=max(1, pool_size),
        )
        # auto_decompress: aiohttp inflates gzip bodies (azure-core then leaves them alone);
        # no cookies (ARM sets none); the environment already read above.
        self._session = aiohttp.ClientSession(
            connector=connector,
            auto_decompress=True,
            cookie_jar=aiohttp.DummyCookieJar(),
            trust_env=False,
        )
        transport = AioHttpTransport(
            session=self._session,
            session_owner=False,
            connection_timeout=retry.connect_timeout,
            read_timeout=retry.read_timeout,
        )
        # Per request, only what a read needs: the generated clients' HeadersPolicy (no headers
        # set here), RedirectPolicy and SensitiveHeaderCleanupPolicy (ARM does not redirect
        # reads; without them a 3xx is a gap and the token never follows one) and a ProxyPolicy
        # without proxies are left out, about a fifth of the pipeline's CPU per request.
        policies: list[Any] = [
            _ReadsOnlyPolicy(),
            RequestIdPolicy(),
            UserAgentPolicy(sdk_moniker=f"aml-audit/{__version__}"),
        ]
        if proxies:
            policies.append(ProxyPolicy(proxies=proxies))
        policies += [
            AsyncRetryPolicy(
                retry_total=retry.total,
                retry_status=retry.status,
                retry_connect=retry.connect,
                retry_read=retry.read,
                retry_backoff_factor=retry.backoff_factor,
                retry_backoff_max=retry.backoff_max,
            ),
            _PacingPolicy(stats),
            AsyncARMChallengeAuthenticationPolicy(SingleFlightCredential(credential), *scopes),
            ARMHttpLoggingPolicy(),  # -vv: method, URL, status, headers (Authorization redacted)
        ]
        self._client: AsyncARMPipelineClient[Any, Any] = AsyncARMPipelineClient(
            base_url=self.endpoint, policies=policies, transport=transport
        )

    def url(self, path: str, api_version: str) -> str:
        return f"{self.endpoint}{path}?api-version={api_version}"

    def same_host(self, url: str) -> bool:
        """Only ever send the bearer token back to the ARM endpoint itself."""
        parts = urlsplit(url)
        return parts.scheme == "https" and parts.netloc.lower() == self.host

    async def get(self, url: str, pacer: Pacer | None = None) -> ArmResponse:
        """One GET (with the pipeline's retries), paced by `pacer` (the URL's subscription's).
        Raises TransportFailure or CredentialFailure."""
        return await self._send(
            url, HttpRequest("GET", url, headers=_ACCEPT), {PACER_OPTION: pacer}
        )

    async def _send(self, url: str, request: HttpRequest, options: dict[str, Any]) -> ArmResponse:
        try:
            response = await self._client.send_request(request, **options)
            body = await response.read()
        except ClientAuthenticationError as exc:
            raise CredentialFailure(_first_line(exc.message or str(exc))) from exc
        except ServiceResponseError as exc:
            raise TransportFailure(
                _failure_code(exc, "ResponseError"), _first_line(str(exc))
            ) from exc
        except ServiceRequestError as exc:
            raise TransportFailure(
                _failure_code(exc, "RequestError"), _first_line(str(exc))
            ) from exc
        return ArmResponse(url, response.status_code, response.headers, body)

    async def query_graph(self, body: bytes, pacer: Pacer | None = None) -> ArmResponse:
        """One Resource Graph query page (a POST that only reads), paced by the graph quota.
        Retried like a GET: the query changes nothing, so repeating it is safe."""
        url = self.url(GRAPH_PATH, api_versions.RESOURCE_GRAPH)
        request = HttpRequest("POST", url, headers=_GRAPH_HEADERS, content=body)
        return await self._send(url, request, {PACER_OPTION: pacer, "retry_on_methods": _POST})

    async def close(self) -> None:
        await self._client.close()
        await self._session.close()


def _ca_bundle_from_environment() -> str | None:
    """requests' own rule: REQUESTS_CA_BUNDLE, else CURL_CA_BUNDLE."""
    return os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE") or None


def _failure_code(exc: Exception, default: str) -> str:
    # aiohttp's own exception types first: its "cannot connect" message names "ssl:default".
    causes = [exc.__cause__, getattr(exc, "inner_exception", None)]
    for cause in causes:
        if isinstance(cause, (asyncio.TimeoutError, aiohttp.ServerTimeoutError)):
            return "Timeout"
        if isinstance(cause, (aiohttp.ClientSSLError, ssl.SSLError)):
            return "TlsError"
        if isinstance(cause, (aiohttp.ClientConnectionError, ConnectionError)):
            return "ConnectionError"
    text = f"{type(exc).__name__} {exc} {exc.__cause__!r}".lower()
    if "timed out" in text or "timeout" in text:
        return "Timeout"
    if "certificate" in text or "ssl" in text:
        return "TlsError"
    if "connection" in text:
        return "ConnectionError"
    return default


def _first_line(text: str) -> str:
    lines = [line.strip() for line in str(text).splitlines() if line.strip()]
    return lines[0] if lines else ""
