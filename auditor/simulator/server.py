"""The ARM simulator: serves a Tenant over HTTPS on 127.0.0.1 with ARM's semantics.

This module is the lifecycle (start/stop, certificates, url, ca_file, the request log) and the
composition. Per request, in this order (policies.py): writes are refused (405, logged; a Resource
Graph query is a POST that reads, and is served); the bearer token is checked (401);
`api-version` is required (400); the subscription's token
bucket is charged (429 with Retry-After), and a graph query the user's graph quota (graph.py);
deterministic faults, then seeded random 5xx, are applied; then routing.py (graph.py for graph
queries) answers: 403 for denied scopes, 404 for unknown ids and routes, 200 with absolute
`nextLink` paging. Injected latency delays every answer. http.py speaks HTTP.

Per-request work is kept small (the tenant is pre-serialized in a TenantIndex; each answer is one
write) so that one process sustains hundreds of requests per second on two cores.
"""

from __future__ import annotations

import logging
import shutil
import ssl
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

from auditor.simulator import certs
from auditor.simulator.errors import SimulatorError
from auditor.simulator.exchange import Answer, Request, error
from auditor.simulator.graph import (
    GRAPH_PATH,
    GraphFault,
    GraphQuota,
    GraphRouter,
    is_graph_query,
)
from auditor.simulator.http import HttpsServer
from auditor.simulator.index import TenantIndex
from auditor.simulator.policies import (
    ApiVersionRequired,
    BearerTokens,
    Fault,
    InjectedFaults,
    Policy,
    RandomServerErrors,
    ReadOnly,
    Throttling,
)
from auditor.simulator.routing import Router
from auditor.simulator.tenant import Tenant, Throttle

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class SimulatorOptions:
    latency: float = 0.0  # seconds added to every answer
    page_size: int = 100  # items per page of every list (a `$top` may lower it)
    # Events per page of the Activity Log: ARM's pages hold 200 (Azure/azure-sdk-for-java#1908,
    # Azure/azure-powershell#3957: a call returns at most 200 events and a nextLink).
    activity_log_page_size: int = 200
    throttle: bool = True
    burst: int = 250  # ARM's read bucket per subscription and principal
    refill_per_second: float = 25.0
    faults: Sequence[Fault] = ()
    graph_faults: Sequence[GraphFault] = ()  # Resource Graph failures per subscription
    graph_quota: int = 15  # Resource Graph queries per window per user (the service's default)
    graph_window: float = 5.0
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

    @property
    def is_read(self) -> bool:
        """A GET, or the one POST that reads: a Resource Graph query."""
        return self.method == "GET" or (
            self.method == "POST" and self.path.lower().rstrip("/") == GRAPH_PATH
        )


def _policies(
    options: SimulatorOptions, index: TenantIndex, tokens: BearerTokens
) -> tuple[Policy, ...]:
    """The checks ARM makes before routing, in ARM's order; the optional ones only when asked."""
    policies: list[Policy] = [ReadOnly(), tokens, ApiVersionRequired()]
    if options.throttle:
        own = {key: s.throttle for key, s in index.subscriptions.items() if s.throttle}
        policies.append(Throttling(Throttle(options.burst, options.refill_per_second), own))
        policies.append(GraphQuota(options.graph_quota, options.graph_window))
    if options.faults:
        policies.append(InjectedFaults(options.faults))
    if options.random_5xx_rate:
        policies.append(RandomServerErrors(options.random_5xx_rate, options.seed))
    return tuple(policies)


class Simulator:
    """Serves `tenant` over HTTPS on 127.0.0.1. Use as a context manager or start()/stop()."""

    def __init__(self, tenant: Tenant, options: SimulatorOptions | None = None) -> None:
        self.tenant = tenant
        self.options = options or SimulatorOptions()
        if self.options.page_size < 1 or self.options.activity_log_page_size < 1:
            raise SimulatorError("page_size and activity_log_page_size must be at least 1")
        if not 0.0 <= self.options.random_5xx_rate <= 1.0:
            raise SimulatorError("random_5xx_rate must be between 0 and 1")
        self._index = TenantIndex(tenant)
        self._tokens = BearerTokens(self._index.tenant_id, self.options.token)
        self.token = self._tokens.static_token
        self._policies = _policies(self.options, self._index, self._tokens)
        self._router: Router | None = None
        self._graph: GraphRouter | None = None
        self._log: list[RequestRecord] = []
        self._http: HttpsServer | None = None
        self._tempdir: Path | None = None
        self.ca_file: Path = Path()
        self.url = ""

    # ---------------------------------------------------------------------------- lifecycle

    def start(self) -> Simulator:
        if self._http is not None:
            return self
        workdir = self.options.workdir
        if workdir is None:
            self._tempdir = workdir = Path(tempfile.mkdtemp(prefix="aml-audit-sim-"))
        files = certs.generate(workdir, self.options.ca_file)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        context.load_cert_chain(files.cert_file, files.key_file)
        self.ca_file = files.ca_file
        try:
            server = HttpsServer(self._answer, context, self.options.port)
        except OSError as exc:
            self._cleanup()
            raise SimulatorError(
                f"cannot listen on 127.0.0.1:{self.options.port} ({exc.strerror or exc}); "
                "choose another --port or 0 for any free port"
            ) from exc
        self.url = f"https://127.0.0.1:{server.port}"
        self._router = Router(
            self._index, self.options.page_size, self.url, self.options.activity_log_page_size
        )
        self._graph = GraphRouter(self._index, self.options.graph_faults)
        self._http = server
        server.start()
        log.info("ARM simulator listening on %s", self.url)
        return self

    def stop(self) -> None:
        server, self._http = self._http, None
        if server is None:
            return
        server.stop()
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
        return self._tokens.mint(lifetime_seconds)

    def credential(self) -> SimulatorCredential:
        """An azure-core TokenCredential that asks this simulator for tokens."""
        return SimulatorCredential(self)

    # ---------------------------------------------------------------------------- requests

    def _answer(self, request: Request) -> Answer:
        started = time.monotonic()
        try:
            answer = self._decide(request)
        except Exception:  # a simulator bug must not hang the client: answer 500, log it
            log.exception("simulator failed on %s %s", request.method, request.path)
            message = "The simulator failed on this request."
            answer = error(500, "InternalServerError", message)
        delay = self.options.latency - (time.monotonic() - started)
        if delay > 0:
            time.sleep(delay)
        self._log.append(
            RequestRecord(
                request.method,
                request.path,
                request.query,
                answer.status,
                request.subscription,
                time.monotonic(),
            )
        )
        return answer

    def _decide(self, request: Request) -> Answer:
        """The first policy that answers, else the route; with the headers policies added."""
        headers: tuple[tuple[str, str], ...] = ()
        for policy in self._policies:
            verdict = policy.apply(request)
            if isinstance(verdict, Answer):
                return verdict.after(headers)
            headers += verdict
        assert self._router is not None and self._graph is not None, "requests come after start()"
        if is_graph_query(request):
            return self._graph.route(request).after(headers)
        return self._router.route(request).after(headers)


class SimulatorCredential:
    """Asks the simulator for a token, as azure-identity asks Entra ID: a scan of the simulator
    exercises the same BearerTokenCredentialPolicy path as a real scan."""

    def __init__(self, simulator: Simulator) -> None:
        self._simulator = simulator

    def get_token(self, *scopes: str, **kwargs: Any) -> Any:
        from azure.core.credentials import AccessToken

        token, expires_on = self._simulator.issue_token(3600)
        return AccessToken(token, expires_on)

    def __repr__(self) -> str:
        return "SimulatorCredential()"
