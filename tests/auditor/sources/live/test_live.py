"""LiveSource: the real Azure SDK pipeline against the ARM simulator over HTTPS."""

from __future__ import annotations

from collections import Counter

import pytest

from auditor.evaluate import engine
from auditor.evaluate.registry import load_rules
from auditor.inventory import arm
from auditor.inventory.resource_types import (
    BATCH_ENDPOINTS,
    COMPUTES,
    DIAGNOSTIC_SETTINGS,
    KEYS,
    ONLINE_ENDPOINTS,
)
from auditor.inventory.resources import Gap, Location
from auditor.simulator import Fault, Simulator, SimulatorOptions, generate_tenant, shapes
from auditor.simulator.tenant import Tenant, new_guid
from auditor.sources.interface import AuthenticationError
from auditor.sources.live import api_versions
from tests.auditor.sources.live.live_support import (
    MintingCredential,
    expected_ids,
    ids,
    live_source,
)

pytestmark = pytest.mark.slow


def _workspace_ids(tenant: Tenant) -> list[str]:
    return [r["id"] for r in tenant.resources(["Microsoft.MachineLearningServices/workspaces"])]


def test_multi_page_listings_collect_the_whole_tenant_with_reads_only() -> None:
    # Hub, two projects and two default workspaces per subscription; pages of two items.
    tenant = generate_tenant(2, 5, batch_endpoints=1, serverless_endpoints=1, registries=3)
    with Simulator(tenant, SimulatorOptions(page_size=2)) as sim:
        inventory = live_source(sim).collect()
        log = sim.request_log
    assert ids(inventory) == expected_ids(tenant)
    assert inventory.gaps == ()
    assert inventory.missing == frozenset()
    assert all(r.is_read for r in log)  # GETs, and the Resource Graph query (a POST)
    assert [r.method for r in log].count("POST") == 1  # one graph page for this small tenant
    assert all(r.status == 200 for r in log)
    paged = [r for r in log if "$skiptoken" in r.query]
    assert {r.path.rsplit("/", 1)[-1] for r in paged} >= {"workspaces", "registries", "keys"}
    # Every collection that was read is recorded as listed, so "none there" is known.
    workspace = _workspace_ids(tenant)[3]
    for child in (ONLINE_ENDPOINTS, BATCH_ENDPOINTS, COMPUTES, DIAGNOSTIC_SETTINGS):
        assert (arm.normalize_id(workspace), arm.normalize_type(child)) in inventory.listed
    # Raw ARM JSON as served, with where it came from and at which api-version.
    resource = inventory.get(workspace)
    assert resource is not None
    assert dict(resource.raw) == tenant.get(workspace)
    version = api_versions.MACHINE_LEARNING
    assert resource.source == Location("arm", f"{sim.url}{workspace}", version)


def test_the_inventory_records_every_subscription_read_even_an_empty_one() -> None:
    # The baseline resolves the findings of a subscription whose resources are gone only if the
    # scan says it read that subscription.
    tenant = generate_tenant(1, 1)
    empty = "00000000-0000-0000-0000-00000000e0e0"
    tenant.add_subscription(empty, "emptied")
    with Simulator(tenant, SimulatorOptions()) as sim:
        inventory = live_source(sim).collect()
        chosen = live_source(sim, subscriptions=[empty]).collect()
    assert {s.lower() for s in inventory.scopes} == {
        f"/subscriptions/{s}".lower() for s in tenant.subscription_ids
    }
    assert f"/subscriptions/{empty}" in inventory.scopes
    assert chosen.scopes == (f"/subscriptions/{empty}",)
    # Nothing but the subscription itself lies in it, with ARM's built-in roles and the record
    # that its Activity Log was read (and held no key events).
    assert {r.type for r in inventory if r.subscription_id == empty} == {
        "Microsoft.Resources/subscriptions",
        "Microsoft.Authorization/roleDefinitions",
        "Microsoft.Insights/eventtypes",
    }


def test_listed_resources_are_never_fetched_again_and_shared_references_once() -> None:
    tenant = generate_tenant(1, 4)
    with Simulator(tenant) as sim:
        live_source(sim).collect()
        log = sim.request_log
    by_id = Counter((r.path.lower(), r.query.get("$filter")) for r in log)
    assert max(by_id.values()) == 1  # no URL asked twice
    listed_types = {"workspaces", "vaults"}
    fetched_by_id = [
        r.path for r in log if (arm.type_of(r.path) or "").lower().split("/")[-1] in listed_types
    ]
    assert fetched_by_id == []  # the subscription listings answered every workspace and vault


def test_a_429_with_retry_after_is_waited_out_then_succeeds() -> None:
    tenant = generate_tenant(1, 2)
    vault = tenant.resources(["Microsoft.KeyVault/vaults"])[0]["id"]
    fault = Fault(path_contains=f"{vault}/secrets?", status=429, times=1, retry_after=1)
    with Simulator(tenant, SimulatorOptions(faults=[fault])) as sim:
        source = live_source(sim)
        inventory = source.collect()
        attempts = [r for r in sim.request_log if r.path.endswith(f"{vault}/secrets")]
    assert [r.status for r in attempts] == [429, 200]
    assert attempts[1].at - attempts[0].at >= 0.9  # Retry-After: 1 was honoured
    assert source.stats.throttled == 1
    assert inventory.gaps == ()
    assert ids(inventory) == expected_ids(tenant)


def test_a_throttled_subscription_is_paced_and_nothing_is_lost() -> None:
    # A bucket of two reads refilled at 40/s, for some sixty reads per subscription: whether the
    # first parallel requests meet a 429 depends on timing; after that the pacer follows ARM's
    # remaining-reads header, so 429s stay rare and nothing is given up.
    tenant = generate_tenant(2, 3)
    options = SimulatorOptions(burst=2, refill_per_second=40.0)
    with Simulator(tenant, options) as sim:
        source = live_source(sim)
        inventory = source.collect()
        log = sim.request_log
    statuses = Counter(r.status for r in log)
    accepted = Counter(r.subscription for r in log if r.status == 200 and r.subscription)
    assert min(accepted.values()) > 40  # far beyond the bucket: the refill rate was binding
    assert statuses[429] <= 8
    assert source.stats.throttled == statuses[429]
    assert inventory.gaps == ()
    assert ids(inventory) == expected_ids(tenant)


def test_a_5xx_that_recovers_leaves_no_gap() -> None:
    tenant = generate_tenant(1, 2)
    fault = Fault(path_contains="/computes?", status=503, times=2)
    with Simulator(tenant, SimulatorOptions(faults=[fault])) as sim:
        inventory = live_source(sim).collect()
        statuses = [r.status for r in sim.request_log if r.path.endswith("/computes")]
    assert statuses.count(503) == 2
    assert statuses.count(200) == 2  # each workspace's computes, in the end
    assert inventory.gaps == ()
    assert ids(inventory) == expected_ids(tenant)


def test_a_5xx_that_never_recovers_is_a_gap_and_the_rest_is_collected() -> None:
    tenant = generate_tenant(1, 3)
    workspace = _workspace_ids(tenant)[0]
    fault = Fault(path_contains=f"{workspace}/onlineEndpoints?", status=500, times=None)
    with Simulator(tenant, SimulatorOptions(faults=[fault])) as sim:
        inventory = live_source(sim).collect()
        attempts = [r for r in sim.request_log if r.path.endswith(f"{workspace}/onlineEndpoints")]
    assert len(attempts) == 6  # the first try and the five bounded retries
    assert len(inventory.gaps) == 1
    gap = inventory.gaps[0]
    assert (gap.scope, gap.resource_type, gap.status, gap.code) == (
        workspace,
        ONLINE_ENDPOINTS,
        500,
        "InternalServerError",
    )
    assert gap.message.startswith("gave up after bounded retries")
    lost = {i for i in expected_ids(tenant) if i.startswith(arm.normalize_id(workspace) + "/onl")}
    assert ids(inventory) == expected_ids(tenant) - lost


def test_a_malformed_body_is_a_gap_not_a_crash() -> None:
    tenant = generate_tenant(1, 2)
    vault = tenant.resources(["Microsoft.KeyVault/vaults"])[0]["id"]
    fault = Fault(path_contains=f"{vault}/keys?", malformed=True, times=1)
    with Simulator(tenant, SimulatorOptions(faults=[fault])) as sim:
        inventory = live_source(sim).collect()
    assert [(g.scope, g.resource_type, g.status, g.code) for g in inventory.gaps] == [
        (vault, KEYS, None, "MalformedResponse")
    ]
    keys = {i for i in expected_ids(tenant) if i.startswith(arm.normalize_id(vault) + "/keys/")}
    assert ids(inventory) == expected_ids(tenant) - keys


def test_a_rejected_token_stops_the_scan_with_an_authentication_error() -> None:
    from auditor.sources.live.auth import StaticTokenCredential

    with Simulator(generate_tenant(1, 1)) as sim:
        source = live_source(sim, StaticTokenCredential("not-a-token-it-issued", 2**31))
        with pytest.raises(AuthenticationError, match="HTTP 401 InvalidAuthenticationToken"):
            source.collect()


def test_short_lived_tokens_are_refreshed_through_the_credential() -> None:
    tenant = generate_tenant(1, 3)
    with Simulator(tenant, SimulatorOptions(latency=0.02)) as sim:
        # Each token lives 10 s: the SDK refreshes tokens that close to expiry before every use.
        credential = MintingCredential(sim, lifetime=10.0)
        inventory = live_source(sim, credential).collect()
        statuses = Counter(r.status for r in sim.request_log)
    assert statuses[401] == 0  # the SDK asked for a new token before the old one expired
    assert credential.calls > 1
    assert ids(inventory) == expected_ids(tenant)


def test_a_token_that_expires_mid_scan_is_replaced_and_the_scan_completes() -> None:
    tenant = generate_tenant(1, 6)
    with Simulator(tenant, SimulatorOptions(latency=0.05)) as sim:
        # The credential claims an hour; the simulator expires each token after 0.5-1.5 s (whole
        # seconds of expiry), well within the scan's ~2.5 s.
        credential = MintingCredential(sim, lifetime=1.5, claimed_lifetime=3600)
        inventory = live_source(sim, credential, concurrency=2).collect()
        statuses = Counter(r.status for r in sim.request_log)
    assert statuses[401] >= 1
    assert credential.calls >= 2
    assert inventory.gaps == ()
    assert ids(inventory) == expected_ids(tenant)


def _referencing_tenant() -> tuple[Tenant, dict[str, str]]:
    """Sub `a` has a workspace whose vault, CMK vault and key, storage and registry live in sub
    `b`; a second workspace in `a` shares the vault; a third points at a vault that is gone."""
    tenant = Tenant()
    a, b = new_guid("refs/a"), new_guid("refs/b")
    for sub, group in ((a, "rg-a"), (b, "rg-b")):
        tenant.add_subscription(sub)
        tenant.add_resource_group(sub, group)
    vault = tenant.add(shapes.vault(b, "rg-b", "kv-shared"))["id"]
    cmk_vault = tenant.add(shapes.vault(b, "rg-b", "kv-cmk"))["id"]
    key = tenant.add(shapes.key(cmk_vault, "cmk"))
    storage = tenant.add(shapes.storage_account(b, "rg-b", "stshared"))["id"]
    registry = tenant.add(shapes.container_registry(b, "rg-b", "crshared"))["id"]
    encryption = shapes.cmk_encryption(cmk_vault, key["properties"]["keyUriWithVersion"])
    common = {"storage_account": storage, "container_registry": registry}
    first = tenant.add(
        shapes.workspace(
            a, "rg-a", "mlw-one", key_vault=vault, properties={"encryption": encryption}, **common
        )
    )["id"]
    tenant.add(shapes.workspace(a, "rg-a", "mlw-two", key_vault=vault, **common))
    gone = shapes.resource_id(b, "rg-b", "Microsoft.KeyVault/vaults", "kv-deleted")
    tenant.add(shapes.workspace(a, "rg-a", "mlw-three", key_vault=gone, **common))
    return tenant, {
        "a": a,
        "vault": vault,
        "cmk_vault": cmk_vault,
        "key": key["id"],
        "storage": storage,
        "registry": registry,
        "gone": gone,
        "first": first,
    }


def test_references_outside_the_scanned_subscription_are_fetched_by_id_once() -> None:
    tenant, ref = _referencing_tenant()
    with Simulator(tenant) as sim:
        inventory = live_source(sim, subscriptions=[ref["a"]]).collect()
        gets = Counter(r.path.lower() for r in sim.request_log)
    for name in ("vault", "cmk_vault", "key", "storage", "registry"):
        resource = inventory.get(ref[name])
        assert resource is not None, name
        assert dict(resource.raw) == tenant.get(ref[name])
        assert gets[ref[name].lower()] == 1, name  # shared by three workspaces: asked once
    assert inventory.missing == {arm.normalize_id(ref["gone"])}
    assert inventory.gaps == ()
    # Only subscription `a` was listed; `b` was read by id alone.
    assert not [p for p in gets if p.endswith("/workspaces") and ref["a"].lower() not in p]


def test_an_unreadable_subscription_is_recorded_per_collection() -> None:
    from tests.auditor.sources.live.live_support import small_tenant

    tenant, ref = small_tenant()
    with Simulator(tenant) as sim:
        inventory = live_source(sim).collect()
    scope = f"/subscriptions/{ref['b']}"
    assert [(g.scope, g.resource_type, g.status, g.code) for g in inventory.gaps] == sorted(
        [
            (scope, "Microsoft.Authorization/denyAssignments", 403, "AuthorizationFailed"),
            (scope, "Microsoft.Authorization/roleAssignments", 403, "AuthorizationFailed"),
            (scope, "Microsoft.Authorization/roleDefinitions", 403, "AuthorizationFailed"),
            (
                scope,
                "Microsoft.Authorization/roleEligibilityScheduleInstances",
                403,
                "AuthorizationFailed",
            ),
            (scope, "Microsoft.CognitiveServices/accounts", 403, "AuthorizationFailed"),
            (scope, "Microsoft.Insights/eventtypes/values", 403, "AuthorizationFailed"),
            (scope, "Microsoft.KeyVault/vaults", 403, "AuthorizationFailed"),
            (scope, "Microsoft.MachineLearningServices/registries", 403, "AuthorizationFailed"),
            (scope, "Microsoft.MachineLearningServices/workspaces", 403, "AuthorizationFailed"),
            (scope, "Microsoft.Search/searchServices", 403, "AuthorizationFailed"),
            (scope, "Microsoft.Security/pricings", 403, "AuthorizationFailed"),
        ],
        key=lambda g: (g[0].lower(), g[1].lower()),
    )
    assert all("does not have authorization" in g.message for g in inventory.gaps)
    assert inventory.get(ref["vault"]) is not None


def test_an_explicit_subscription_that_cannot_be_read_is_one_gap() -> None:
    tenant, ref = small_tenant_with_missing()
    with Simulator(tenant) as sim:
        inventory = live_source(sim, subscriptions=[ref["a"], ref["missing"]]).collect()
    assert inventory.gaps == (
        Gap(
            f"/subscriptions/{ref['missing']}",
            None,
            404,
            "SubscriptionNotFound",
            f"The subscription '{ref['missing']}' could not be found.",
        ),
    )
    assert inventory.get(ref["vault"]) is not None


def small_tenant_with_missing() -> tuple[Tenant, dict[str, str]]:
    from tests.auditor.sources.live.live_support import small_tenant

    tenant, ref = small_tenant()
    return tenant, {**ref, "missing": new_guid("collector-test/missing")}


def test_each_key_is_read_by_id_once_so_its_rotation_policy_is_known() -> None:
    """ARM's key listing leaves out rotationPolicy (and kty, keySize, keyOps): AML306 needs the
    key's own GET. Every key is fetched by id exactly once, the CMK key included."""
    from tests.auditor.sources.live.live_support import small_tenant

    tenant, ctx = small_tenant()
    rotating = tenant.add(
        shapes.key(ctx["vault"], "rotating", rotation_policy=shapes.rotation_policy())
    )
    manual = tenant.add(shapes.key(ctx["vault"], "manual"))
    tenant.add(
        shapes.workspace(
            ctx["a"],
            "rg-a",
            "ws-cmk",
            key_vault=ctx["vault"],
            properties={
                "encryption": shapes.cmk_encryption(
                    ctx["vault"], rotating["properties"]["keyUriWithVersion"]
                )
            },
        )
    )
    with Simulator(tenant) as sim:
        inventory = live_source(sim, subscriptions=[ctx["a"]]).collect()
        log = sim.request_log
    key_gets = Counter(r.path.lower() for r in log if "/keys/" in r.path.lower())
    assert key_gets == {arm.normalize_id(rotating["id"]): 1, arm.normalize_id(manual["id"]): 1}
    collected = inventory.get(rotating["id"])
    assert collected is not None
    assert collected.get("properties.rotationPolicy") == rotating["properties"]["rotationPolicy"]
    rule = load_rules(entry_points=False).get("AML306")
    assert rule is not None
    outcomes = {
        (r.resource_name, r.status.value) for r in engine.evaluate(inventory, [rule]).results
    }
    assert outcomes == {("rotating", "pass"), ("manual", "fail")}


def test_a_timeout_that_never_recovers_is_a_gap_without_a_status() -> None:
    from auditor.sources.live.arm_pipeline import RetrySettings

    impatient = RetrySettings(read=1, backoff_factor=0.01, backoff_max=0.05, read_timeout=0.2)
    with Simulator(generate_tenant(1, 1), SimulatorOptions(latency=0.6)) as sim:
        inventory = live_source(sim, retry=impatient).collect()
    assert [(g.scope, g.resource_type, g.status, g.code) for g in inventory.gaps] == [
        ("/subscriptions", "Microsoft.Resources/subscriptions", None, "Timeout")
    ]
    assert len(inventory) == 0


def test_datastores_and_legacy_web_services_are_listed_in_their_versions_without_secrets() -> None:
    """Datastores in the pinned ML version; v1 web services in 2021-07-01, the last version whose
    spec lists them. A datastore secret in a response (ARM leaves it out) never reaches the
    inventory."""
    from tests.auditor.sources.live.live_support import small_tenant

    tenant, ctx = small_tenant()
    workspace = tenant.add(shapes.workspace(ctx["a"], "rg-a", "ws-legacy", key_vault=ctx["vault"]))
    service = tenant.add(shapes.web_service(workspace["id"], "churn-aci", compute_type="ACI"))
    leaky = shapes.datastore(workspace["id"], "landing", credentials_type="AccountKey")
    leaky["properties"]["credentials"]["secrets"]["key"] = "not-a-real-account-key"
    tenant.add(leaky)
    with Simulator(tenant) as sim:
        inventory = live_source(sim, subscriptions=[ctx["a"]]).collect()
        log = sim.request_log
    versions = {
        r.path.lower().rsplit("/", 1)[-1]: r.query.get("api-version")
        for r in log
        if r.path.lower().endswith(("/services", "/datastores"))
    }
    assert versions == {"services": "2021-07-01", "datastores": api_versions.MACHINE_LEARNING}
    collected_service = inventory.get(service["id"])
    assert collected_service is not None and collected_service.source is not None
    assert collected_service.source.api_version == "2021-07-01"
    datastore = inventory.get(leaky["id"])
    assert datastore is not None
    assert datastore.get("properties.credentials.secrets") == {
        "secretsType": "AccountKey",
        "key": "[redacted: withheld by the collector]",
    }


def test_a_shard_reads_only_its_subscriptions_and_an_empty_shard_is_complete() -> None:
    from auditor.inventory.shard import Shard, shard_of

    tenant = generate_tenant(4, 1)
    count = 3
    owners = {s: shard_of(s, count) for s in tenant.subscription_ids}
    with Simulator(tenant, SimulatorOptions()) as sim:
        for index in range(1, count + 1):
            sim.clear_log()
            inventory = live_source(sim, shard=Shard(index, count)).collect()
            read = {r.subscription.lower() for r in sim.request_log if r.subscription}
            mine = {s.lower() for s, k in owners.items() if k == index}
            assert read == mine
            assert {s.lower() for s in inventory.scopes} == {f"/subscriptions/{s}" for s in mine}
            assert {r.subscription_id.lower() for r in inventory if r.subscription_id} == mine
            assert inventory.gaps == ()  # a shard holding nothing read nothing: not a gap
        # --subscription with a shard: only the given ones that are the shard's; none is no gap.
        one = tenant.subscription_ids[0]
        other = owners[one] % count + 1
        chosen = live_source(sim, subscriptions=[one], shard=Shard(other, count)).collect()
    assert (chosen.scopes, chosen.gaps, len(chosen)) == ((), (), 0)
