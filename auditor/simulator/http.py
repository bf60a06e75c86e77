"""The simulator's HTTPS server: the standard library's http.server on a threading TCP server,
TLS per connection, HTTP/1.1 keep-alive, and every answer written in one piece.

It knows nothing of ARM: each request becomes an `exchange.Request` for the `app` callable, whose
`Answer` is written back with ARM's usual headers (Date, x-ms-request-id, JSON content type).
Requests the parser rejects get a JSON error body too, never http.server's HTML page.
"""

from __future__ import annotations

import contextlib
import email.utils
import itertools
import logging
import socket
import socketserver
import ssl
import threading
import time
import uuid
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler
from typing import Any

from auditor.simulator.exchange import Answer, Headers, Request, error

log = logging.getLogger(__name__)

App = Callable[[Request], Answer]
_MAX_BODY = 1 << 20  # a request's body is read (to keep the connection) up to this size


class _Server(socketserver.ThreadingMixIn, socketserver.TCPServer):
    """A thread per connection; connections are kept alive (HTTP/1.1)."""

    daemon_threads = True
    request_queue_size = 1024
    allow_reuse_address = True

    def __init__(self, port: int, context: ssl.SSLContext, app: App) -> None:
        self.context, self.app = context, app
        self.connections: set[Any] = set()
        self.connections_lock = threading.Lock()
        super().__init__(("127.0.0.1", port), _Handler)

    def track(self, connection: Any, opened: bool) -> None:
        with self.connections_lock:
            if opened:
                self.connections.add(connection)
            else:
                self.connections.discard(connection)

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that drops the connection or rejects our certificate is not a server error.
        log.debug("connection from %s ended with an error", client_address, exc_info=True)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive unless the client asks to close
    server: _Server

    def setup(self) -> None:
        # The TLS handshake runs here, in the connection's own thread, never in the accept loop.
        raw: socket.socket = self.request
        raw.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        raw.settimeout(60)
        self.request = self.server.context.wrap_socket(raw, server_side=True)
        self.server.track(self.request, True)
        super().setup()

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.server.track(self.request, False)

    def handle(self) -> None:
        with contextlib.suppress(TimeoutError, ConnectionError, ssl.SSLError):
            super().handle()

    def __getattr__(self, name: str) -> Any:
        # http.server dispatches to do_<METHOD>: every method is the app's to answer (a read-only
        # ARM answers writes 405 and logs them), not http.server's 501.
        if name.startswith("do_"):
            return self._serve
        raise AttributeError(name)

    def _serve(self) -> None:
        body = self._read_body() if self.command != "GET" else b""
        request = Request.parse(self.command, self.path, self.headers.get("Authorization"), body)
        self.respond(self.server.app(request))

    def _read_body(self) -> bytes:
        """The body (the app decides what to do with it), up to a size; a longer one is not
        read and the connection is closed after the answer."""
        declared = self.headers.get("Content-Length", "0")
        length = int(declared) if declared.isdigit() else 0
        if length > _MAX_BODY:
            self.close_connection = True
            return b""
        return self.rfile.read(length) if length else b""

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """What http.server's parser rejects (a malformed request line, too many headers): ARM's
        JSON error body, and the connection is closed."""
        self.close_connection = True
        status = HTTPStatus(code)
        detail = message or status.description or status.phrase
        self.respond(error(code, status.phrase.replace(" ", ""), f"{detail}."))

    def respond(self, answer: Answer) -> None:
        """The status line, headers and body in one write (no Nagle / delayed-ACK stalls)."""
        self.write(answer.status, answer.body, answer.headers)

    def write(self, status: int, body: bytes, headers: Headers) -> None:
        try:
            reason = HTTPStatus(status).phrase
        except ValueError:
            reason = "Error"
        lines = [
            f"HTTP/1.1 {status} {reason}",
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

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("%s %s", self.address_string(), format % args)


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


class HttpsServer:
    """Serves `app` over HTTPS on 127.0.0.1:`port` (0: any free port) from a background thread.
    Binding happens here, so a taken port fails at once with OSError."""

    def __init__(self, app: App, context: ssl.SSLContext, port: int = 0) -> None:
        self._server = _Server(port, context, app)
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    def start(self) -> None:
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        """Stops accepting, closes kept-alive connections (their threads would otherwise idle on)
        and frees the port."""
        if self._thread is not None:
            self._server.shutdown()
        self._server.server_close()
        with self._server.connections_lock:
            open_connections = list(self._server.connections)
        for connection in open_connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
        if self._thread is not None:
            self._thread.join(timeout=5)

    def close(self) -> None:
        """Frees the port of a server that was never started."""
        self._server.server_close()
