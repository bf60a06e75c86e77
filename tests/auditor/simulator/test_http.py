"""The HTTPS layer: TLS verified with the simulator's CA, keep-alive, kept-alive connections
closed on stop, and JSON answers for whatever the parser rejects."""

from __future__ import annotations

import json
import socket
import ssl
from pathlib import Path

import pytest
import requests

from auditor.simulator import Simulator, SimulatorOptions
from tests.auditor.simulator.conftest import API, SUB, Client, small_tenant


def test_tls_is_verified_with_the_ca_file_and_fails_without_it(sim: Simulator) -> None:
    url = f"{sim.url}/subscriptions?api-version=2022-12-01"
    headers = {"Authorization": f"Bearer {sim.token}"}
    ok = requests.get(url, headers=headers, verify=str(sim.ca_file), timeout=10)
    assert ok.status_code == 200
    localhost = url.replace("127.0.0.1", "localhost")
    assert requests.get(localhost, headers=headers, verify=str(sim.ca_file), timeout=10).ok
    with pytest.raises(requests.exceptions.SSLError):
        requests.get(url, headers=headers, verify=True, timeout=10)  # the system CAs only


def test_stop_closes_kept_alive_connections_and_frees_the_port(tmp_path: Path) -> None:
    sim = Simulator(small_tenant()).start()
    ca = tmp_path / "ca.pem"  # stop() removes the simulator's own copy
    ca.write_bytes(sim.ca_file.read_bytes())
    session = requests.Session()
    url = f"{sim.url}/subscriptions/{SUB}?api-version={API}"
    headers = {"Authorization": f"Bearer {sim.token}"}
    assert session.get(url, headers=headers, verify=str(ca), timeout=10).status_code == 200
    port = sim.port
    sim.stop()
    assert not sim.ca_file.exists()
    with pytest.raises(requests.exceptions.ConnectionError):
        session.get(url, headers=headers, verify=str(ca), timeout=10)
    again = Simulator(small_tenant(), SimulatorOptions(port=port)).start()
    try:
        assert Client(again).get(f"/subscriptions/{SUB}").status_code == 200
    finally:
        again.stop()


def _raw_exchange(sim: Simulator, request: bytes) -> bytes:
    """Sends `request` as it stands over TLS and returns everything until the server closes."""
    context = ssl.create_default_context(cafile=str(sim.ca_file))
    with (
        socket.create_connection(("127.0.0.1", sim.port), timeout=10) as raw,
        context.wrap_socket(raw, server_hostname="127.0.0.1") as tls,
    ):
        tls.sendall(request)
        received = b""
        while chunk := tls.recv(65536):
            received += chunk
    return received


def test_a_request_the_parser_rejects_gets_a_json_error_and_the_connection_closes(
    sim: Simulator,
) -> None:
    answer = _raw_exchange(sim, b"NONSENSE\r\n\r\n")
    head, _, body = answer.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    assert lines[0] == "HTTP/1.1 400 Bad Request"
    assert "Content-Type: application/json; charset=utf-8" in lines
    assert "Connection: close" in lines
    assert json.loads(body)["error"]["code"] == "BadRequest"


def test_any_method_reaches_the_simulator_and_head_gets_no_body(sim: Simulator) -> None:
    path = f"/subscriptions/{SUB}?api-version={API}"
    answer = _raw_exchange(
        sim, f"BREW {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode()
    )
    assert answer.startswith(b"HTTP/1.1 405 Method Not Allowed\r\n")
    assert json.loads(answer.partition(b"\r\n\r\n")[2])["error"]["code"] == "MethodNotAllowed"
    assert (sim.request_log[-1].method, sim.request_log[-1].status) == ("BREW", 405)
    answer = _raw_exchange(
        sim, f"HEAD {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode()
    )
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 405 ")
    assert b"\r\nAllow: GET" in head
    assert body == b""


def test_one_connection_carries_many_requests(sim: Simulator) -> None:
    path = f"/subscriptions/{SUB}?api-version={API}"
    auth = f"Authorization: Bearer {sim.token}\r\nHost: x\r\n"
    kept = f"GET {path} HTTP/1.1\r\n{auth}\r\n"
    last = f"GET {path} HTTP/1.1\r\n{auth}Connection: close\r\n\r\n"
    answer = _raw_exchange(sim, (kept + kept + last).encode())
    assert answer.count(b"HTTP/1.1 200 OK\r\n") == 3
    assert answer.count(b"Connection: close") == 1
