"""What ARM checks before it routes a request, each a small policy the server applies in order:
read-only, bearer tokens, api-version, throttling, injected faults, seeded random 5xx.

A policy answers (and the request goes no further) or passes with headers for whatever answers in
the end, as a throttling bucket adds the reads left to every answer.
"""

from __future__ import annotations

import base64
import json
import math
import random
import secrets
import threading
import time
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import unquote

from auditor.simulator.exchange import Answer, Headers, Request, error
from auditor.simulator.graph import is_graph_query
from auditor.simulator.tenant import Throttle

PASS: Headers = ()
MALFORMED_BODY = b'{"value": [{"id": "/subscriptions/'  # cut off mid-document
_ERROR_CODES = {
    500: "InternalServerError",
    502: "BadGateway",
    503: "ServiceUnavailable",
    504: "GatewayTimeout",
    429: "TooManyRequests",
}


class Policy(Protocol):
    def apply(self, request: Request) -> Answer | Headers:
        """An Answer ends the request; Headers (maybe none) let it through."""


class ReadOnly:
    """The simulator serves reads only: GETs, and the one POST that reads (a Resource Graph
    query). Anything else is 405 (and logged, so tests can check)."""

    def apply(self, request: Request) -> Answer | Headers:
        if request.method == "GET" or is_graph_query(request):
            return PASS
        return error(
            405,
            "MethodNotAllowed",
            f"The ARM simulator is read-only: {request.method} is not allowed.",
            (("Allow", "GET"),),
        )


def _jwt_like(claims: Mapping[str, Any]) -> str:
    """An unsigned token shaped like Entra ID's (header.payload.signature), so clients that read
    `exp` can, and redaction that looks for JWTs is exercised for real."""

    def part(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")

    header = part(json.dumps({"typ": "JWT", "alg": "none"}).encode())
    payload = part(json.dumps(dict(claims), separators=(",", ":")).encode())
    return f"{header}.{payload}.{part(secrets.token_bytes(32))}"


def _utc(epoch: float) -> str:
    return time.strftime("%m/%d/%Y %H:%M:%S", time.gmtime(epoch))


class BearerTokens:
    """Accepts the static token and the tokens it minted until they expire; anything else is 401
    with ARM's codes and a WWW-Authenticate challenge (no `claims`, so no CAE loop)."""

    def __init__(self, tenant_id: str, static_token: str | None) -> None:
        self.tenant_id = tenant_id
        self._expiry: dict[str, float] = {}  # minted token -> expiry (epoch seconds)
        self.static_token = static_token or self.mint(10 * 365 * 86400)[0]

    def mint(self, lifetime_seconds: float) -> tuple[str, int]:
        """A new accepted token and its expiry (epoch seconds)."""
        expires_on = int(time.time() + lifetime_seconds)
        token = _jwt_like(
            {
                "aud": "https://management.azure.com/",
                "iss": f"https://sts.windows.net/{self.tenant_id}/",
                "tid": self.tenant_id,
                "oid": str(uuid.uuid4()),
                "exp": expires_on,
            }
        )
        self._expiry[token] = float(expires_on)
        return token, expires_on

    def apply(self, request: Request) -> Answer | Headers:
        header = request.authorization
        if not header:
            code, message = (
                "AuthenticationFailed",
                "Authentication failed. The 'Authorization' header is missing.",
            )
        else:
            scheme, _, token = header.partition(" ")
            token = token.strip()
            if scheme.lower() != "bearer" or not token:
                code, message = (
                    "AuthenticationFailedInvalidHeader",
                    "Authentication failed. The 'Authorization' header is provided in an "
                    "invalid format.",
                )
            elif token == self.static_token:
                return PASS
            elif token in self._expiry:
                expiry = self._expiry[token]
                now = time.time()
                if now < expiry:
                    return PASS
                code, message = (
                    "ExpiredAuthenticationToken",
                    f"The access token expiry UTC time '{_utc(expiry)}' is earlier than current "
                    f"UTC time '{_utc(now)}'.",
                )
            else:
                code, message = "InvalidAuthenticationToken", "The access token is invalid."
        challenge = (
            f'Bearer authorization_uri="https://login.microsoftonline.com/{self.tenant_id}", '
            f'error="invalid_token", error_description="{message}"'
        )
        return error(401, code, message, (("WWW-Authenticate", challenge),))


class ApiVersionRequired:
    def apply(self, request: Request) -> Answer | Headers:
        if request.query.get("api-version"):
            return PASS
        return error(
            400,
            "MissingApiVersionParameter",
            "The api-version query parameter (?api-version=) is required for all requests.",
        )


class _Bucket:
    __slots__ = ("burst", "lock", "refill", "stamp", "tokens")

    def __init__(self, throttle: Throttle) -> None:
        self.burst, self.refill = throttle.burst, throttle.refill_per_second
        self.tokens = float(self.burst)
        self.stamp = time.monotonic()
        self.lock = threading.Lock()

    def take(self) -> tuple[bool, int, int]:
        """(allowed, remaining reads, seconds to wait before retrying)."""
        with self.lock:
            now = time.monotonic()
            self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.refill)
            self.stamp = now
            if self.tokens >= 1.0:
                self.tokens -= 1.0
                return True, int(self.tokens), 0
            return False, 0, max(1, math.ceil((1.0 - self.tokens) / self.refill))


class Throttling:
    """ARM's read limits: a token bucket per subscription (`default`, or the subscription's own
    from `overrides`, keyed by lower-case id). Requests outside a subscription are not counted."""

    def __init__(self, default: Throttle, overrides: Mapping[str, Throttle]) -> None:
        self.default = default
        self.overrides = dict(overrides)
        self._buckets: dict[str, _Bucket] = {}
        self._lock = threading.Lock()

    def apply(self, request: Request) -> Answer | Headers:
        subscription = request.subscription
        if subscription is None:
            return PASS
        allowed, remaining, wait = self._bucket(subscription.lower()).take()
        headers: Headers = (("x-ms-ratelimit-remaining-subscription-reads", str(remaining)),)
        if allowed:
            return headers
        return error(
            429,
            "SubscriptionRequestsThrottled",
            f"Number of 'read' requests for subscription '{subscription}' actor 'simulator' "
            f"exceeded. Please try again after '{wait}' seconds after additional tokens are "
            "available. Refer to https://aka.ms/arm-throttling",
            (*headers, ("Retry-After", str(wait))),
        )

    def _bucket(self, key: str) -> _Bucket:
        bucket = self._buckets.get(key)
        if bucket is None:
            with self._lock:
                bucket = self._buckets.get(key)
                if bucket is None:
                    bucket = _Bucket(self.overrides.get(key, self.default))
                    self._buckets[key] = bucket
        return bucket


@dataclass(frozen=True, slots=True)
class Fault:
    """A deterministic failure for requests whose target (path?query, case-insensitive,
    percent-decoded) contains `path_contains`.

    `times` is how many matching requests fail (None: all of them, forever), so a test can have a
    5xx that recovers and one that never does. `malformed` answers 200 with a truncated JSON body
    instead of an error status.
    """

    path_contains: str
    status: int = 503
    times: int | None = 1
    malformed: bool = False
    retry_after: int | None = None


class InjectedFaults:
    """The first matching Fault with failures left answers; each use counts down its `times`."""

    def __init__(self, faults: Sequence[Fault]) -> None:
        self.faults = tuple(faults)
        self._left: list[int | None] = [f.times for f in self.faults]
        self._lock = threading.Lock()

    def apply(self, request: Request) -> Answer | Headers:
        fault = self._match(request)
        if fault is None:
            return PASS
        if fault.malformed:
            return Answer(200, MALFORMED_BODY)
        headers: Headers = ()
        if fault.retry_after is not None:
            headers = (("Retry-After", str(fault.retry_after)),)
        code = _ERROR_CODES.get(fault.status, "InjectedFault")
        return error(fault.status, code, f"Injected fault ({fault.status}).", headers)

    def _match(self, request: Request) -> Fault | None:
        target = unquote(request.path).lower()
        if request.query:
            target += "?" + "&".join(f"{k}={v}" for k, v in request.query.items()).lower()
        with self._lock:
            for i, fault in enumerate(self.faults):
                left = self._left[i]
                if fault.path_contains.lower() not in target or left == 0:
                    continue
                if left is not None:
                    self._left[i] = left - 1
                return fault
        return None


class RandomServerErrors:
    """A share `rate` of requests answered 500 or 503, the same ones for the same `seed`."""

    def __init__(self, rate: float, seed: int) -> None:
        self.rate = rate
        self._rng = random.Random(seed)
        self._lock = threading.Lock()

    def apply(self, request: Request) -> Answer | Headers:
        with self._lock:
            hit = self._rng.random() < self.rate
            status = self._rng.choice((500, 503)) if hit else 0
        if not hit:
            return PASS
        message = "The server encountered an internal error (simulated)."
        return error(status, _ERROR_CODES[status], message)
