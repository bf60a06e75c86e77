"""The ARM simulator: an HTTPS server on 127.0.0.1 that serves a Tenant with ARM's semantics.

Per request, in this order: write methods are refused (405, logged); the bearer token is checked
(401 with ARM's error body and WWW-Authenticate); `api-version` is required (400); the
subscription's token bucket is charged (429 with Retry-After); deterministic faults, then seeded
random 5xx, are applied; then the route answers: 403 for denied scopes, 404 for unknown ids and
routes, 200 with absolute `nextLink` paging. Injected latency delays every answer.

Per-request work is kept small (the tenant is pre-serialized in a TenantIndex; each answer is one
`sendall`) so that one process sustains hundreds of requests per second on two cores.
"""

from __future__ import annotations

import base64
import contextlib
import email.utils
import itertools
import json
import logging
import math
import random
import secrets
import shutil
import socket
import socketserver
import ssl
import tempfile
import threading
import time
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import parse_qsl, quote, unquote, urlsplit

from auditor.inventory import arm
from auditor.simulator import certs
from auditor.simulator.errors import SimulatorError
from auditor.simulator.tenant import DIAGNOSTIC_SETTINGS, Tenant, TenantIndex

log = logging.getLogger(__name__)

_DIAGNOSTIC_SETTINGS = DIAGNOSTIC_SETTINGS.lower()
_REASONS = {
    200: "OK",
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}
_ERROR_CODES = {
    500: "InternalServerError",
    502: "BadGateway",
    503: "ServiceUnavailable",
    504: "GatewayTimeout",
    429: "TooManyRequests",
}
_MALFORMED_BODY = b'{"value": [{"id": "/subscriptions/'  # cut off mid-document
_MAX_BODY = 1 << 20
_MAX_LINE = 65536
_MAX_HEADERS = 100


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


@dataclass(frozen=True, slots=True)
class SimulatorOptions:
    latency: float = 0.0  # seconds added to every answer
    page_size: int = 100  # items per page of every list (a `$top` may lower it)
    throttle: bool = True
    burst: int = 250  # ARM's read bucket per subscription and principal
    refill_per_second: float = 25.0
    faults: Sequence[Fault] = ()
    random_5xx_rate: float = 0.0  # share of requests answered 500/503, seeded by `seed`
    seed: int = 0
    token: str | None = None  # the static bearer token accepted; None: a fresh random one
    port: int = 0  # 0: any free port
    workdir: Path | None = None  # where certificates go; None: a temporary directory
    ca_file: Path | None = None  # where to write the CA PEM; None: inside workdir


@dataclass(frozen=True, slots=True)
class RequestRecord:
    method: str
    path: str
    query: Mapping[str, str]
    status: int
    subscription: str | None
    at: float = field(default=0.0, compare=False)  # time.monotonic() of the answer


class _Bucket:
    __slots__ = ("burst", "lock", "refill", "stamp", "tokens")

    def __init__(self, burst: int, refill: float) -> None:
        self.burst, self.refill = burst, refill
        self.tokens = float(burst)
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


def _jwt_like(claims: Mapping[str, Any]) -> str:
    """An unsigned token shaped like Entra ID's (header.payload.signature), so clients that read
    `exp` can, and redaction that looks for JWTs is exercised for real."""

    def part(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")

    header = part(json.dumps({"typ": "JWT", "alg": "none"}).encode())
    payload = part(json.dumps(dict(claims), separators=(",", ":")).encode())
    return f"{header}.{payload}.{part(secrets.token_bytes(32))}"


def error_body(code: str, message: str) -> bytes:
    return json.dumps({"error": {"code": code, "message": message}}).encode("utf-8")


class _Server(socketserver.ThreadingMixIn, socketserver.TCPServer):
    """A thread per connection; connections are kept alive (HTTP/1.1)."""

    daemon_threads = True
    request_queue_size = 1024
    allow_reuse_address = True

    simulator: Simulator

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that drops the connection or rejects our certificate is not a server error.
        log.debug("connection from %s ended with an error", client_address, exc_info=True)


class _Handler(socketserver.StreamRequestHandler):
    """A lean HTTP/1.1 reader: request line, headers into a dict, optional body.

    http.server's parser builds an email.message per request, which is half the simulator's CPU
    per request; ARM clients send plain requests, so a dict does.
    """

    server: _Server
    sim: Simulator
    command = ""
    path = ""
    headers: dict[str, str]
    close_connection = False

    def setup(self) -> None:
        # The TLS handshake runs here, in the connection's own thread, never in the accept loop.
        self.sim = self.server.simulator
        raw: socket.socket = self.request
        raw.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        raw.settimeout(60)
        self.request = self.sim._context.wrap_socket(raw, server_side=True)
        self.connection = self.request
        self.sim._track(self.request, True)
        super().setup()

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.sim._track(self.request, False)

    def handle(self) -> None:
        try:
            while not self.close_connection and self._read_request():
                if self.command == "GET":
                    self.sim._serve(self, "GET")
                else:
                    self._refuse()
        except (TimeoutError, ConnectionError, ssl.SSLError):
            return

    def _read_request(self) -> bool:
        line = self.rfile.readline(_MAX_LINE + 1)
        if not line:
            return False
        parts = line.decode("latin-1").split()
        if len(line) > _MAX_LINE or len(parts) != 3 or not parts[2].startswith("HTTP/1."):
            self.close_connection = True
            self.command = ""
            self.respond(400, error_body("BadRequest", "Malformed HTTP request line."))
            return False
        self.command, self.path, version = parts
        headers: dict[str, str] = {}
        for _ in range(_MAX_HEADERS):
            raw = self.rfile.readline(_MAX_LINE + 1)
            if raw in (b"\r\n", b"\n", b""):
                break
            name, _, value = raw.decode("latin-1").partition(":")
            headers[name.strip().lower()] = value.strip()
        else:
            self.close_connection = True
            self.respond(400, error_body("BadRequest", "Too many headers."))
            return False
        self.headers = headers
        connection = headers.get("connection", "").lower()
        self.close_connection = connection == "close" or (
            version == "HTTP/1.0" and connection != "keep-alive"
        )
        return True

    def _refuse(self) -> None:
        declared = self.headers.get("content-length", "0")
        length = int(declared) if declared.isdigit() else 0
        if length > _MAX_BODY:
            self.close_connection = True
        elif length:
            self.rfile.read(length)
        self.sim._serve(self, self.command)

    def respond(self, status: int, body: bytes, headers: Iterable[tuple[str, str]] = ()) -> None:
        """The status line, headers and body in one write (no Nagle / delayed-ACK stalls)."""
        lines = [
            f"HTTP/1.1 {status} {_REASONS.get(status, 'Error')}",
            "Content-Type: application/json; charset=utf-8",
            f"Content-Length: {len(body)}",
            f"Date: {_http_date()}",
            f"x-ms-request-id: {_request_id()}",
        ]
        lines += [f"{name}: {value}" for name, value in headers]
        if self.close_connection:
            lines.append("Connection: close")
        head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
        self.wfile.write(head if self.command == "HEAD" else head + body)


_ids = itertools.count(1)
_ID_PREFIX = str(uuid.uuid4())[:24]
_date_cache: tuple[int, str] = (0, "")


def _request_id() -> str:
    """Unique per simulator process without a syscall per request (uuid4 reads urandom)."""
    return f"{_ID_PREFIX}{next(_ids) % 16**12:012x}"


def _http_date() -> str:
    global _date_cache
    now = int(time.time())
    if _date_cache[0] != now:
        _date_cache = (now, email.utils.formatdate(now, usegmt=True))
    return _date_cache[1]


class Simulator:
    """Serves `tenant` over HTTPS on 127.0.0.1. Use as a context manager or start()/stop()."""

    def __init__(self, tenant: Tenant, options: SimulatorOptions | None = None) -> None:
        self.tenant = tenant
        self.options = options or SimulatorOptions()
        if self.options.page_size < 1:
            raise SimulatorError("page_size must be at least 1")
        if not 0.0 <= self.options.random_5xx_rate <= 1.0:
            raise SimulatorError("random_5xx_rate must be between 0 and 1")
        self._index: TenantIndex = tenant.index()
        self._tokens: dict[str, float] = {}  # minted token -> expiry (epoch seconds)
        self.token = self.options.token or self._mint(10 * 365 * 86400)[0]
        self._faults_left: list[int | None] = [f.times for f in self.options.faults]
        self._fault_lock = threading.Lock()
        self._rng = random.Random(self.options.seed)
        self._rng_lock = threading.Lock()
        self._buckets: dict[str, _Bucket] = {}
        self._bucket_lock = threading.Lock()
        self._log: list[RequestRecord] = []
        self._connections: set[Any] = set()
        self._conn_lock = threading.Lock()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._tempdir: Path | None = None
        self._context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.ca_file: Path = Path()
        self.url = ""

    # ---------------------------------------------------------------------------- lifecycle

    def start(self) -> Simulator:
        if self._server is not None:
            return self
        workdir = self.options.workdir
        if workdir is None:
            self._tempdir = workdir = Path(tempfile.mkdtemp(prefix="aml-audit-sim-"))
        files = certs.generate(workdir, self.options.ca_file)
        self._context.minimum_version = ssl.TLSVersion.TLSv1_2
        self._context.load_cert_chain(files.cert_file, files.key_file)
        self.ca_file = files.ca_file
        try:
            server = _Server(("127.0.0.1", self.options.port), _Handler)
        except OSError as exc:
            self._cleanup()
            raise SimulatorError(
                f"cannot listen on 127.0.0.1:{self.options.port} ({exc.strerror or exc}); "
                "choose another --port or 0 for any free port"
            ) from exc
        server.simulator = self
        self._server = server
        self.url = f"https://127.0.0.1:{server.server_address[1]}"
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True
        )
        self._thread.start()
        log.info("ARM simulator listening on %s", self.url)
        return self

    def stop(self) -> None:
        server, self._server = self._server, None
        if server is None:
            return
        server.shutdown()
        server.server_close()
        with self._conn_lock:  # keep-alive connections would otherwise idle on in their threads
            open_connections = list(self._connections)
        for connection in open_connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._cleanup()

    def _cleanup(self) -> None:
        if self._tempdir is not None and self.options.ca_file is None:
            shutil.rmtree(self._tempdir, ignore_errors=True)
            self._tempdir = None

    def __enter__(self) -> Simulator:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def _track(self, connection: Any, opened: bool) -> None:
        with self._conn_lock:
            if opened:
                self._connections.add(connection)
            else:
                self._connections.discard(connection)

    # ---------------------------------------------------------------------------- public API

    @property
    def port(self) -> int:
        return int(self.url.rsplit(":", 1)[1]) if self.url else 0

    @property
    def subscription_ids(self) -> list[str]:
        return self.tenant.subscription_ids

    @property
    def request_log(self) -> list[RequestRecord]:
        """A copy of every request answered so far, in order."""
        return list(self._log)

    def clear_log(self) -> None:
        self._log.clear()

    def issue_token(self, lifetime_seconds: float) -> tuple[str, int]:
        """A new accepted token that expires (401 ExpiredAuthenticationToken) after the lifetime."""
        return self._mint(lifetime_seconds)

    def _mint(self, lifetime_seconds: float) -> tuple[str, int]:
        expires_on = int(time.time() + lifetime_seconds)
        token = _jwt_like(
            {
                "aud": "https://management.azure.com/",
                "iss": f"https://sts.windows.net/{self._index.tenant_id}/",
                "tid": self._index.tenant_id,
                "oid": str(uuid.uuid4()),
                "exp": expires_on,
            }
        )
        self._tokens[token] = float(expires_on)
        return token, expires_on

    # ---------------------------------------------------------------------------- requests

    def _serve(self, handler: _Handler, method: str) -> None:
        started = time.monotonic()
        split = urlsplit(handler.path)
        path = split.path
        query = dict(parse_qsl(split.query, keep_blank_values=True))
        segments = [s for s in path.split("/") if s]
        subscription = (
            segments[1] if len(segments) >= 2 and segments[0].lower() == "subscriptions" else None
        )
        try:
            status, body, headers = self._answer(
                handler, method, path, query, segments, subscription
            )
        except Exception:  # a simulator bug must not hang the client: answer 500, log it
            log.exception("simulator failed on %s %s", method, path)
            message = "The simulator failed on this request."
            status, body, headers = 500, error_body("InternalServerError", message), []
        delay = self.options.latency - (time.monotonic() - started)
        if delay > 0:
            time.sleep(delay)
        self._log.append(RequestRecord(method, path, query, status, subscription, time.monotonic()))
        handler.respond(status, body, headers)

    def _answer(
        self,
        handler: _Handler,
        method: str,
        path: str,
        query: dict[str, str],
        segments: list[str],
        subscription: str | None,
    ) -> tuple[int, bytes, list[tuple[str, str]]]:
        if method != "GET":
            return (
                405,
                error_body(
                    "MethodNotAllowed",
                    f"The ARM simulator is read-only: {method} is not allowed.",
                ),
                [("Allow", "GET")],
            )
        denied = self._authenticate(handler.headers.get("authorization"))
        if denied is not None:
            return denied
        version = query.get("api-version")
        if not version:
            return (
                400,
                error_body(
                    "MissingApiVersionParameter",
                    "The api-version query parameter (?api-version=) is required for all requests.",
                ),
                [],
            )
        headers: list[tuple[str, str]] = []
        if subscription is not None and self.options.throttle:
            allowed, remaining, wait = self._bucket(subscription).take()
            headers.append(("x-ms-ratelimit-remaining-subscription-reads", str(remaining)))
            if not allowed:
                headers.append(("Retry-After", str(wait)))
                return (
                    429,
                    error_body(
                        "SubscriptionRequestsThrottled",
                        f"Number of 'read' requests for subscription '{subscription}' actor "
                        f"'simulator' exceeded. Please try again after '{wait}' seconds after "
                        "additional tokens are available. Refer to https://aka.ms/arm-throttling",
                    ),
                    headers,
                )
        fault = self._fault(path, query)
        if fault is not None:
            if fault.malformed:
                return 200, _MALFORMED_BODY, headers
            if fault.retry_after is not None:
                headers.append(("Retry-After", str(fault.retry_after)))
            code = _ERROR_CODES.get(fault.status, "InjectedFault")
            return fault.status, error_body(code, f"Injected fault ({fault.status})."), headers
        if self.options.random_5xx_rate:
            with self._rng_lock:
                hit = self._rng.random() < self.options.random_5xx_rate
                status = self._rng.choice((500, 503)) if hit else 0
            if hit:
                message = "The server encountered an internal error (simulated)."
                return status, error_body(_ERROR_CODES[status], message), headers
        status, body = self._route(path, query, segments, version)
        return status, body, headers

    def _authenticate(self, header: str | None) -> tuple[int, bytes, list[tuple[str, str]]] | None:
        authority = f"https://login.microsoftonline.com/{self._index.tenant_id}"
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
            elif token == self.token:
                return None
            elif token in self._tokens:
                expiry = self._tokens[token]
                now = time.time()
                if now < expiry:
                    return None
                code, message = (
                    "ExpiredAuthenticationToken",
                    f"The access token expiry UTC time '{_utc(expiry)}' is earlier than current "
                    f"UTC time '{_utc(now)}'.",
                )
            else:
                code, message = "InvalidAuthenticationToken", "The access token is invalid."
        challenge = (
            f'Bearer authorization_uri="{authority}", error="invalid_token", '
            f'error_description="{message}"'
        )
        return 401, error_body(code, message), [("WWW-Authenticate", challenge)]

    def _bucket(self, subscription: str) -> _Bucket:
        key = subscription.lower()
        bucket = self._buckets.get(key)
        if bucket is None:
            with self._bucket_lock:
                bucket = self._buckets.get(key)
                if bucket is None:
                    sub = self._index.subscriptions.get(key)
                    throttle = sub.throttle if sub is not None else None
                    if throttle is not None:
                        bucket = _Bucket(throttle.burst, throttle.refill_per_second)
                    else:
                        bucket = _Bucket(self.options.burst, self.options.refill_per_second)
                    self._buckets[key] = bucket
        return bucket

    def _fault(self, path: str, query: Mapping[str, str]) -> Fault | None:
        if not self.options.faults:
            return None
        target = unquote(path).lower()
        if query:
            target += "?" + "&".join(f"{k}={v}" for k, v in query.items()).lower()
        with self._fault_lock:
            for i, fault in enumerate(self.options.faults):
                left = self._faults_left[i]
                if fault.path_contains.lower() not in target or left == 0:
                    continue
                if left is not None:
                    self._faults_left[i] = left - 1
                return fault
        return None

    # ---------------------------------------------------------------------------- routes

    def _route(
        self, path: str, query: Mapping[str, str], segments: list[str], version: str
    ) -> tuple[int, bytes]:
        index = self._index
        lowered = [s.lower() for s in segments]
        if not segments or lowered[0] != "subscriptions":
            return _invalid_type(path, version)
        if len(segments) == 1:
            items = [index.subscription_json[k] for k in index.subscriptions]
            return 200, self._page(path, query, items, version, count=True)
        sub_key = lowered[1]
        if sub_key not in index.subscriptions:
            return 404, error_body(
                "SubscriptionNotFound", f"The subscription '{segments[1]}' could not be found."
            )
        if len(segments) == 2:
            return 200, index.subscription_json[sub_key]
        normalized = "/" + "/".join(lowered)
        if lowered[2] == "resourcegroups":
            if len(segments) == 3:
                scope = f"/subscriptions/{sub_key}"
                if index.denied_listing(scope, "microsoft.resources/resourcegroups"):
                    return _forbidden("Microsoft.Resources/subscriptions/resourceGroups/read", path)
                groups = [index.group_json[g] for g in index.groups_of.get(sub_key, [])]
                return 200, self._page(path, query, groups, version)
            group_id = "/".join(normalized.split("/")[:5])
            if index.denied_resource(group_id, "Microsoft.Resources/resourceGroups"):
                return _forbidden("Microsoft.Resources/subscriptions/resourceGroups/read", path)
            if group_id not in index.group_json:
                return 404, error_body(
                    "ResourceGroupNotFound", f"Resource group '{segments[3]}' could not be found."
                )
            if len(segments) == 4:
                return 200, index.group_json[group_id]
        if "providers" not in lowered:
            return _invalid_type(path, version)
        last = len(lowered) - 1 - lowered[::-1].index("providers")
        after = len(lowered) - last - 1  # namespace, type, name, type, name, ...
        if after < 2:
            return _invalid_type(path, version)
        if after % 2 == 1:  # namespace + (type, name) pairs: one resource
            rtype = arm.type_of(normalized) or ""
            if rtype.lower() not in index.known_types:
                return _invalid_type(path, version)
            if index.denied_resource(normalized, rtype):
                return _forbidden(f"{rtype}/read", path)
            body = index.by_id.get(normalized)
            if body is None:
                return _not_found(rtype, segments)
            return 200, body
        # A collection: the parent is the scope before `providers` or the resource it ends in.
        if after == 2:
            parent = "/".join(normalized.split("/")[: last + 1])
        else:
            parent = normalized.rsplit("/", 1)[0]
        child_type = (arm.type_of(normalized + "/x") or "").lower()
        if child_type not in index.known_types:
            return _invalid_type(path, version)
        if index.denied_listing(parent, child_type):
            return _forbidden(f"{arm.type_of(path + '/x')}/read", path)
        parent_type = arm.type_of(parent)
        if parent_type == "Microsoft.Resources/subscriptions":
            parent_exists = True
        elif parent_type == "Microsoft.Resources/resourceGroups":
            parent_exists = parent in index.group_json
        else:
            parent_exists = parent in index.by_id
        if not parent_exists:
            return _not_found(parent_type or "", parent.split("/")[1:])
        items = index.listing(parent, child_type)
        if child_type == _DIAGNOSTIC_SETTINGS:  # DiagnosticSettings_List is not pageable
            return 200, b'{"value":[' + b",".join(items) + b"]}"
        return 200, self._page(path, query, items, version)

    def _page(
        self,
        path: str,
        query: Mapping[str, str],
        items: list[bytes],
        version: str,
        count: bool = False,
    ) -> bytes:
        size = self.options.page_size
        top = query.get("$top")
        if top and top.isdigit() and int(top) > 0:
            size = min(size, int(top))
        token = query.get("$skiptoken", "0")
        start = int(token) if token.isdigit() else 0
        chunk = items[start : start + size]
        head = b'{"count":{"type":"Total","value":%d},' % len(items) if count else b"{"
        body = head + b'"value":[' + b",".join(chunk) + b"]"
        if start + size < len(items):
            parts = [("api-version", version)]
            if top:
                parts.append(("$top", top))
            parts.append(("$skiptoken", str(start + size)))
            link = f"{self.url}{path}?" + "&".join(f"{k}={quote(v, safe='')}" for k, v in parts)
            body += b',"nextLink":' + json.dumps(link).encode("utf-8")
        return body + b"}"


def _utc(epoch: float) -> str:
    return time.strftime("%m/%d/%Y %H:%M:%S", time.gmtime(epoch))


def _forbidden(action: str, scope: str) -> tuple[int, bytes]:
    return 403, error_body(
        "AuthorizationFailed",
        "The client 'aml-audit-simulator' with object id '00000000-0000-0000-0000-000000000000' "
        f"does not have authorization to perform action '{action}' over scope '{scope}' or the "
        "scope is invalid. If access was recently granted, please refresh your credentials.",
    )


def _not_found(resource_type: str, segments: Sequence[str]) -> tuple[int, bytes]:
    group = segments[3] if len(segments) > 3 else ""
    name = "/".join(segments[-1:])
    return 404, error_body(
        "ResourceNotFound",
        f"The Resource '{resource_type}/{name}' under resource group '{group}' was not found. "
        "For more details please go to https://aka.ms/ARMResourceNotFoundFix",
    )


def _invalid_type(path: str, version: str) -> tuple[int, bytes]:
    parts = [s for s in path.split("/") if s]
    lowered = [s.lower() for s in parts]
    namespace, rtype = "", path
    if "providers" in lowered:
        p = len(lowered) - 1 - lowered[::-1].index("providers")
        rest = parts[p + 1 :]
        namespace = rest[0] if rest else ""
        rtype = "/".join(rest[1::2]) if len(rest) > 1 else ""
    return 404, error_body(
        "InvalidResourceType",
        f"The resource type '{rtype}' could not be found in the namespace '{namespace}' for api "
        f"version '{version}'.",
    )
