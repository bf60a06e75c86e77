"""HTTPS_PROXY is honoured on the async transport: the scan tunnels through the proxy (HTTP
CONNECT) and still verifies the simulator's certificate against the CA it was given."""

from __future__ import annotations

import select
import socket
import socketserver
import threading
from collections.abc import Iterator

import pytest

from auditor.simulator import Simulator, generate_tenant
from tests.auditor.sources.live.live_support import expected_ids, ids, live_source


class _Tunnel(socketserver.BaseRequestHandler):
    """Answers `CONNECT host:port` with 200 and relays bytes both ways (TLS stays end to end)."""

    targets: list[str]

    def handle(self) -> None:
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = self.request.recv(4096)
            if not chunk:
                return
            head += chunk
        method, target, _ = head.split(b"\r\n", 1)[0].decode().split(" ", 2)
        if method != "CONNECT":
            self.request.sendall(b"HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n")
            return
        type(self).targets.append(target)
        host, port = target.rsplit(":", 1)
        with socket.create_connection((host, int(port))) as upstream:
            self.request.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
            sockets = [self.request, upstream]
            while True:
                readable, _, _ = select.select(sockets, [], [], 5)
                if not readable:
                    return
                for source in readable:
                    data = source.recv(65536)
                    if not data:
                        return
                    (upstream if source is self.request else self.request).sendall(data)


class _Server(socketserver.ThreadingMixIn, socketserver.TCPServer):
    daemon_threads = True


@pytest.fixture
def proxy() -> Iterator[tuple[str, list[str]]]:
    targets: list[str] = []
    handler = type("Tunnel", (_Tunnel,), {"targets": targets})
    with _Server(("127.0.0.1", 0), handler) as server:
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        yield f"http://127.0.0.1:{server.server_address[1]}", targets
        server.shutdown()


def test_a_scan_goes_through_https_proxy_with_tls_verified(
    proxy: tuple[str, list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    url, targets = proxy
    for name in ("NO_PROXY", "no_proxy", "HTTP_PROXY", "http_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTPS_PROXY", url)
    tenant = generate_tenant(1, 2)
    with Simulator(tenant) as sim:
        inventory = live_source(sim).collect()
        host = sim.url.removeprefix("https://")
    assert ids(inventory) == expected_ids(tenant)
    assert inventory.gaps == ()
    assert targets and set(targets) == {host}  # every connection was a tunnel to the simulator


def test_no_proxy_sends_the_scan_directly(
    proxy: tuple[str, list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    url, targets = proxy
    monkeypatch.setenv("HTTPS_PROXY", url)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    tenant = generate_tenant(1, 1)
    with Simulator(tenant) as sim:
        inventory = live_source(sim).collect()
    assert ids(inventory) == expected_ids(tenant)
    assert targets == []
