"""The HTTP side of live collection: the Azure SDK's ARM pipeline, read-only, paced.

Requests go through azure-mgmt-core's `ARMPipelineClient` with the policies the generated
management clients use (request id, user agent, proxy, redirect, retry honouring `Retry-After`,
`ARMChallengeAuthenticationPolicy` with the azure-identity credential, sensitive-header cleanup,
`ARMHttpLoggingPolicy`), sending raw `azure.core.rest.HttpRequest` GETs so no property is lost to an
SDK model. Left out on purpose:

- `ARMAutoResourceProviderRegistrationPolicy`: on a 409 it POSTs `/providers/{ns}/register`, a
  write. This tool never writes.
- `NetworkTraceLoggingPolicy`: it logs raw headers, the Authorization header included.
- `ContentDecodePolicy`: it would parse every body a second time.

ARM throttles reads per subscription and principal with a token bucket (250 burst, 25/s refill).
`SubscriptionPacer` mirrors it on the client: free until ARM says otherwise, then paced at the
refill rate, so a throttled subscription costs few 429s and holds no worker that another could use.
"""

from __future__ import annotations

import json
import logging
import os
import ssl
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import requests
from azure.core.credentials import TokenCredential
from azure.core.exceptions import (
    ClientAuthenticationError,
    ServiceRequestError,
    ServiceResponseError,
)
from azure.core.pipeline import PipelineRequest, PipelineResponse
from azure.core.pipeline.policies import (
    HeadersPolicy,
    HTTPPolicy,
    ProxyPolicy,
    RedirectPolicy,
    RequestIdPolicy,
    RetryPolicy,
    SensitiveHeaderCleanupPolicy,
    UserAgentPolicy,
)
from azure.core.pipeline.transport import RequestsTransport
from azure.core.rest import HttpRequest
from azure.mgmt.core import ARMPipelineClient
from azure.mgmt.core.policies import ARMChallengeAuthenticationPolicy, ARMHttpLoggingPolicy
from requests.adapters import HTTPAdapter
from requests.utils import DEFAULT_CA_BUNDLE_PATH
from urllib3.util.retry import Retry

from auditor import __version__
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

    def acquire(self) -> None:
        """Block until a request may go."""
        while True:
            wait = self.delay()
            if wait <= 0:
                return
            time.sleep(wait)

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


_ATTEMPT = "aml_audit_attempt"
PACER_OPTION = "aml_audit_pacer"  # the request's pacer, passed down from ArmClient.get


class _PacingPolicy(HTTPPolicy):  # type: ignore[type-arg]
    """Per attempt (after the retry policy): waits for the subscription's turn, counts requests
    and 429s, and tells the pacer what ARM said. The first attempt's turn was taken by the
    scheduler that handed the request to a worker."""

    def __init__(self, pacers: Pacers, stats: ScanStats) -> None:
        super().__init__()
        self._pacers = pacers
        self._stats = stats

    def send(self, request: PipelineRequest[Any]) -> PipelineResponse[Any, Any]:
        attempt = request.context.get(_ATTEMPT, 0)
        if attempt == 0:  # the option must not reach the transport; keep it for the retries
            request.context[PACER_OPTION] = request.context.options.pop(PACER_OPTION, None)
        pacer: SubscriptionPacer | None = request.context.get(PACER_OPTION)
        request.context[_ATTEMPT] = attempt + 1
        if attempt > 0:
            self._stats.add(retried=1)
            if pacer is not None:
                pacer.acquire()
        try:
            response = self.next.send(request)
        except Exception:
            if pacer is not None:
                pacer.cancel()
            raise
        status = response.http_response.status_code
        self._stats.add(requests=1, throttled=1 if status == 429 else 0)
        if pacer is not None:
            headers = response.http_response.headers
            pacer.observe(status, _lower_headers(headers), _retry_after(headers))
        return response


def _lower_headers(headers: Mapping[str, str]) -> dict[str, str]:
    return {k.lower(): v for k, v in headers.items()}


def _retry_after(headers: Mapping[str, str]) -> float | None:
    lowered = _lower_headers(headers)
    for name, scale in (
        ("retry-after-ms", 0.001),
        ("x-ms-retry-after-ms", 0.001),
        ("retry-after", 1),
    ):
        value = lowered.get(name)
        if value is None:
            continue
        try:
            return max(0.0, float(value) * scale)
        except ValueError:
            return None  # an HTTP date: azure-core's RetryPolicy handles it; pause by default
    return None


class SingleFlightCredential:
    """Lets one thread at a time ask the credential for a token; threads that were waiting
    meanwhile take the token it got. Without this, the first requests of a parallel scan (or the
    requests in flight when a token expires) each ask at once: AzureCliCredential would start as
    many `az` processes."""

    def __init__(self, credential: TokenCredential) -> None:
        self._credential = credential
        self._lock = threading.Lock()
        self._token: Any = None
        self._generation = 0

    def get_token(self, *scopes: str, **kwargs: Any) -> Any:
        seen = self._generation
        with self._lock:
            if self._generation != seen and self._token is not None and not kwargs:
                return self._token  # another thread fetched it while this one waited
            self._token = self._credential.get_token(*scopes, **kwargs)
            self._generation += 1
            return self._token

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


class _StatelessSession(requests.Session):
    """A session with no state of its own to merge into each request: no cookies (ARM sets none),
    no auth, params or hooks, and no default headers (the pipeline's policies set every header,
    ArmClient.get the Accept ones). Building the request directly skips requests' merge of
    session state, about a fifth of the transport's CPU per call."""

    def prepare_request(self, request: requests.Request) -> requests.PreparedRequest:
        prepared = requests.PreparedRequest()
        prepared.prepare(
            method=request.method.upper() if request.method else request.method,
            url=request.url,
            files=request.files,
            data=request.data,
            json=request.json,
            headers=request.headers,
            params=request.params,
            auth=request.auth,
            cookies=request.cookies,
            hooks=request.hooks,
        )
        return prepared


class _VerifyingAdapter(HTTPAdapter):
    """An adapter whose pools verify TLS against one preloaded context (requests would otherwise
    stat the CA path on every request)."""

    def __init__(self, context: ssl.SSLContext, **kwargs: Any) -> None:
        self._context = context
        super().__init__(**kwargs)

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        kwargs["ssl_context"] = self._context
        super().init_poolmanager(*args, **kwargs)


class TransportFailure(Exception):
    """No HTTP response after the bounded retries (connection refused, timeout, TLS failure)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class CredentialFailure(Exception):
    """The credential could not produce a token."""


class ArmClient:
    """GETs against one ARM endpoint through the SDK pipeline; thread-safe."""

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
        session = _StatelessSession()
        # The environment (REQUESTS_CA_BUNDLE, HTTPS_PROXY, NO_PROXY) is read once, here: requests
        # would otherwise re-read every variable on every request, a third of its CPU per call.
        session.trust_env = False
        proxies = requests.utils.get_environ_proxies(self.endpoint)
        session.proxies.update(proxies)
        ca_bundle = ca_file or _ca_bundle_from_environment() or DEFAULT_CA_BUNDLE_PATH
        # One pooled keep-alive connection per worker: no worker waits for a socket, none is
        # opened and thrown away (a TLS handshake costs more than the request). The CA bundle is
        # loaded once into the pool's TLS context; verification stays on (cert_reqs REQUIRED).
        adapter = _VerifyingAdapter(
            ssl.create_default_context(cafile=ca_bundle),
            pool_connections=2,
            pool_maxsize=max(1, pool_size),
            max_retries=Retry(total=False, redirect=False, raise_on_status=False),
        )
        # Through a proxy requests builds its own pools: give it the bundle by path there.
        verify: str | bool = ca_bundle if proxies else True
        session.mount("https://", adapter)
        session.mount("http://", adapter)
        transport = RequestsTransport(
            session=session,
            session_owner=True,
            connection_verify=verify,
            connection_timeout=retry.connect_timeout,
            read_timeout=retry.read_timeout,
        )
        policies = [
            RequestIdPolicy(),
            HeadersPolicy(),
            UserAgentPolicy(sdk_moniker=f"aml-audit/{__version__}"),
            ProxyPolicy(),
            RedirectPolicy(),
            RetryPolicy(
                retry_total=retry.total,
                retry_status=retry.status,
                retry_connect=retry.connect,
                retry_read=retry.read,
                retry_backoff_factor=retry.backoff_factor,
                retry_backoff_max=retry.backoff_max,
            ),
            _PacingPolicy(self.pacers, stats),
            ARMChallengeAuthenticationPolicy(SingleFlightCredential(credential), *scopes),
            SensitiveHeaderCleanupPolicy(),
            ARMHttpLoggingPolicy(),
        ]
        self._client: ARMPipelineClient[Any, Any] = ARMPipelineClient(
            base_url=self.endpoint, policies=policies, transport=transport
        )

    def url(self, path: str, api_version: str) -> str:
        return f"{self.endpoint}{path}?api-version={api_version}"

    def same_host(self, url: str) -> bool:
        """Only ever send the bearer token back to the ARM endpoint itself."""
        parts = urlsplit(url)
        return parts.scheme == "https" and parts.netloc.lower() == self.host

    def get(self, url: str, pacer: SubscriptionPacer | None = None) -> ArmResponse:
        """One GET (with the pipeline's retries), paced by `pacer` (the URL's subscription's).
        Raises TransportFailure or CredentialFailure."""
        request = HttpRequest("GET", url, headers=_ACCEPT)
        options: dict[str, Any] = {PACER_OPTION: pacer}
        try:
            response = self._client.send_request(request, **options)
            body = response.read()
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

    def close(self) -> None:
        self._client.close()


def _ca_bundle_from_environment() -> str | None:
    """requests' own rule: REQUESTS_CA_BUNDLE, else CURL_CA_BUNDLE."""
    return os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE") or None


def _failure_code(exc: Exception, default: str) -> str:
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
