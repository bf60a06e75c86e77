"""The checks before routing: read-only, bearer tokens, api-version, token-bucket throttling,
deterministic faults and seeded random 5xx."""

from __future__ import annotations

import json
import time

import pytest

from auditor.simulator import (
    Fault,
    Simulator,
    SimulatorOptions,
    Throttle,
)
from auditor.simulator.exchange import Answer, Request
from auditor.simulator.policies import (
    ApiVersionRequired,
    BearerTokens,
    InjectedFaults,
    ReadOnly,
    Throttling,
)
from tests.auditor.simulator.conftest import SUB, Client, small_tenant

WS = f"/subscriptions/{SUB}/resourceGroups/rg-ml/providers/Microsoft.MachineLearningServices"
OTHER = "44444444-4444-4444-8444-444444444444"


@pytest.mark.parametrize(
    ("token", "code"),
    [
        (None, "AuthenticationFailed"),
        ("not-a-token", "InvalidAuthenticationToken"),
    ],
)
def test_requests_without_a_valid_token_get_401_with_a_challenge(
    client: Client, token: str | None, code: str
) -> None:
    response = client.get(f"/subscriptions/{SUB}", token=token)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == code
    assert response.headers["WWW-Authenticate"].startswith(
        'Bearer authorization_uri="https://login.microsoftonline.com/'
    )


@pytest.mark.slow
def test_issued_tokens_work_until_they_expire(client: Client, sim: Simulator) -> None:
    token, expires_on = sim.issue_token(1)
    assert expires_on <= time.time() + 1
    assert client.get(f"/subscriptions/{SUB}", token=token).status_code == 200
    time.sleep(1.2)
    expired = client.get(f"/subscriptions/{SUB}", token=token)
    assert expired.status_code == 401
    assert expired.json()["error"]["code"] == "ExpiredAuthenticationToken"


def test_api_version_is_required(client: Client) -> None:
    response = client.get(f"/subscriptions/{SUB}", api_version=None)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "MissingApiVersionParameter"


@pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE", "POST"])
def test_write_methods_are_refused_and_logged(client: Client, sim: Simulator, method: str) -> None:
    path = f"{WS}/workspaces/ws-0"
    response = client.request(method, path, json={"properties": {}})
    assert response.status_code == 405
    assert response.json()["error"]["code"] == "MethodNotAllowed"
    record = sim.request_log[-1]
    assert (record.method, record.path, record.status, record.subscription) == (
        method,
        path,
        405,
        SUB,
    )
    # the connection stays usable after a refused request with a body
    assert client.get(path).status_code == 200


def test_bucket_empties_answers_429_with_retry_after_then_refills() -> None:
    options = SimulatorOptions(burst=3, refill_per_second=4.0)
    with Simulator(small_tenant(), options) as sim:
        client = Client(sim)
        answers = [client.get(f"/subscriptions/{SUB}") for _ in range(4)]
        assert [a.status_code for a in answers] == [200, 200, 200, 429]
        assert [a.headers["x-ms-ratelimit-remaining-subscription-reads"] for a in answers] == [
            "2",
            "1",
            "0",
            "0",
        ]
        throttled = answers[3]
        assert throttled.headers["Retry-After"] == "1"
        assert throttled.json()["error"]["code"] == "SubscriptionRequestsThrottled"
        time.sleep(0.3)  # 4 tokens/s: one token is back
        assert client.get(f"/subscriptions/{SUB}").status_code == 200
        assert [r.status for r in sim.request_log] == [200, 200, 200, 429, 200]


def test_buckets_are_per_subscription_and_a_tenant_may_shrink_one() -> None:
    tenant = small_tenant()
    tenant.add_subscription(
        OTHER, "tiny bucket", throttle=Throttle(burst=1, refill_per_second=0.25)
    )
    with Simulator(tenant, SimulatorOptions(burst=5)) as sim:
        client = Client(sim)
        assert [client.get(f"/subscriptions/{OTHER}").status_code for _ in range(2)] == [200, 429]
        assert client.get(f"/subscriptions/{OTHER}").headers["Retry-After"] == "4"
        assert client.get(f"/subscriptions/{SUB}").status_code == 200  # its own, full bucket
        assert client.get("/subscriptions", api_version="2022-12-01").status_code == 200


def test_throttling_can_be_switched_off() -> None:
    with Simulator(small_tenant(), SimulatorOptions(throttle=False, burst=1)) as sim:
        client = Client(sim)
        answers = [client.get(f"/subscriptions/{SUB}") for _ in range(3)]
        assert [a.status_code for a in answers] == [200, 200, 200]
        assert "x-ms-ratelimit-remaining-subscription-reads" not in answers[0].headers


def test_faults_fail_a_counted_number_of_matching_requests() -> None:
    faults = [
        Fault(path_contains="ws-0/onlineEndpoints", status=503, times=2, retry_after=2),
        Fault(path_contains="/workspaces/ws-1/computes", status=500, times=None),
        Fault(path_contains="ws-2/connections", malformed=True),
        Fault(path_contains="$skiptoken=2", status=502),
    ]
    with Simulator(small_tenant(), SimulatorOptions(faults=faults, page_size=2)) as sim:
        client = Client(sim)
        recovering = [client.get(f"{WS}/workspaces/ws-0/onlineEndpoints") for _ in range(3)]
        assert [r.status_code for r in recovering] == [503, 503, 200]
        assert recovering[0].headers["Retry-After"] == "2"
        assert recovering[0].json()["error"]["code"] == "ServiceUnavailable"
        never = [client.get(f"{WS}/workspaces/ws-1/computes") for _ in range(4)]
        assert [r.status_code for r in never] == [500, 500, 500, 500]
        malformed = client.get(f"{WS}/workspaces/ws-2/connections")
        assert malformed.status_code == 200
        with pytest.raises(json.JSONDecodeError):
            json.loads(malformed.text)
        assert client.get(f"{WS}/workspaces/ws-2/connections").json() == {"value": []}
        # a fault can target one page of a listing
        first = client.get(
            f"/subscriptions/{SUB}/providers/Microsoft.MachineLearningServices/workspaces"
        )
        assert client.get(first.json()["nextLink"]).status_code == 502
        assert client.get(first.json()["nextLink"]).status_code == 200


def _statuses(seed: int) -> list[int]:
    options = SimulatorOptions(random_5xx_rate=0.5, seed=seed, throttle=False)
    with Simulator(small_tenant(), options) as sim:
        client = Client(sim)
        return [client.get(f"/subscriptions/{SUB}").status_code for _ in range(12)]


def test_random_5xx_are_reproducible_by_seed() -> None:
    first, again, other = _statuses(7), _statuses(7), _statuses(8)
    assert first == again
    assert first != other
    assert set(first) <= {200, 500, 503}
    assert 200 in first and len(set(first)) > 1


def test_each_policy_answers_or_passes_with_headers_without_a_server() -> None:
    def request(
        method: str = "GET", target: str = f"/subscriptions/{SUB}?api-version=1"
    ) -> Request:
        return Request.parse(method, target, "Bearer static")

    assert ReadOnly().apply(request()) == ()
    refused = ReadOnly().apply(request("DELETE"))
    assert isinstance(refused, Answer)
    assert (refused.status, refused.headers) == (405, (("Allow", "GET"),))

    tokens = BearerTokens("72f988bf-0000-4000-8000-00000000a11d", "static")
    assert tokens.apply(request()) == ()
    minted, _ = tokens.mint(60)
    assert tokens.apply(Request.parse("GET", "/", f"Bearer {minted}")) == ()
    assert isinstance(tokens.apply(Request.parse("GET", "/", "Basic static")), Answer)

    assert ApiVersionRequired().apply(request()) == ()
    missing = ApiVersionRequired().apply(request(target="/subscriptions"))
    assert isinstance(missing, Answer) and missing.status == 400

    throttling = Throttling(Throttle(burst=1, refill_per_second=0.01), {})
    assert throttling.apply(request(target="/providers")) == ()  # outside a subscription
    assert throttling.apply(request()) == (("x-ms-ratelimit-remaining-subscription-reads", "0"),)
    throttled = throttling.apply(request())
    assert isinstance(throttled, Answer)
    assert throttled.status == 429
    assert throttled.headers == (
        ("x-ms-ratelimit-remaining-subscription-reads", "0"),
        ("Retry-After", "100"),
    )

    faults = InjectedFaults([Fault(path_contains="API-VERSION=1", status=504, times=1)])
    failed = faults.apply(request())
    assert isinstance(failed, Answer)
    assert (failed.status, json.loads(failed.body)["error"]["code"]) == (504, "GatewayTimeout")
    assert faults.apply(request()) == ()  # its one failure is used up
