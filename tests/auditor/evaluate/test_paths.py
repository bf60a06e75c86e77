"""Attack paths (auditor/evaluate/paths/): each path confirmed, possible and broken, with the
exact anchor, status and steps; suppressing a step vs suppressing the path; stable fingerprints.

Each case is a small estate built with tests/rules/shapes.py, read through a snapshot file and
evaluated with every built-in rule and path, as a scan does."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from auditor.controls.suppressions import SuppressionEntry, apply_suppressions
from auditor.evaluate import engine
from auditor.evaluate.paths import PATHS
from auditor.evaluate.registry import load_rules
from auditor.evaluate.results import Result, ScanResult
from auditor.inventory import arm
from auditor.rulekit.meta import Status
from auditor.sources.snapshot import SnapshotSource
from tests.rules.shapes import (
    CONTRIBUTOR,
    ROLE_ASSIGNMENTS,
    access_listed,
    ai_account,
    compute,
    connection,
    contributor,
    gap,
    key,
    online_deployment,
    online_endpoint,
    owner,
    reader,
    role_assignment,
    role_definition,
    storage_account,
    subscription_scope,
    vault,
    workspace,
)

RULES = load_rules(entry_points=False)
NOW = datetime(2026, 12, 1, tzinfo=UTC)
USER = "44444444-4444-4444-4444-444444444444"
ENDPOINT_MI = "66666666-6666-6666-6666-666666666666"
COMPUTE_MI = "77777777-7777-7777-7777-777777777777"
SECRETS_USER = "4633458b-17de-408a-b874-0445c86b69e6"  # Key Vault Secrets User (built-in)
SUB = subscription_scope()
ROLES = [owner(), contributor(), reader()]


def secrets_user() -> dict[str, Any]:
    return role_definition(
        SECRETS_USER,
        "Key Vault Secrets User",
        ["Microsoft.KeyVault/vaults/secrets/read"],
        data_actions=["Microsoft.KeyVault/vaults/secrets/getSecret/action"],
    )


def identity(principal: str) -> dict[str, Any]:
    return {"type": "SystemAssigned", "principalId": principal, "tenantId": USER}


def scan(
    resources: list[dict[str, Any]],
    tmp_path: Path,
    *,
    gaps: list[dict[str, Any]] | None = None,
    listed: list[dict[str, str]] | None = None,
) -> ScanResult:
    tmp_path.mkdir(parents=True, exist_ok=True)
    snapshot = tmp_path / "estate.json"
    snapshot.write_text(
        json.dumps({"resources": resources, "gaps": gaps or [], "listed": listed or []}),
        encoding="utf-8",
    )
    inventory = SnapshotSource(snapshot).collect()
    return engine.evaluate(inventory, RULES.rules, now=NOW, paths=PATHS)


def paths_of(result: ScanResult) -> list[Result]:
    return [r for r in result.results if r.is_path]


def shape(path: Result) -> tuple[str, str, str, list[tuple[int, str | None, str, str]]]:
    """(path id, anchor, status, [(stage, rule or None, step resource, step status)])."""
    return (
        path.rule_id,
        arm.normalize_id(path.resource_id),
        path.status.value,
        [(s.stage, s.rule_id, arm.normalize_id(s.resource_id), s.status.value) for s in path.steps],
    )


def n(resource: dict[str, Any] | str) -> str:
    return arm.normalize_id(resource if isinstance(resource, str) else resource["id"])


# --- AMLP01: internet to model via a key ------------------------------------------------------

KV = vault("kv", {"enableRbacAuthorization": True, "enablePurgeProtection": True})
ST = storage_account("st", {"allowSharedKeyAccess": False})
WS = workspace("ws", {"keyVault": KV["id"], "storageAccount": ST["id"]})


def _endpoint(auth: str = "Key", network: str = "Enabled") -> dict[str, Any]:
    return online_endpoint(
        "ep",
        {"authMode": auth, "publicNetworkAccess": network},
        identity=identity(ENDPOINT_MI),
    )


def _amlp01_estate(endpoint: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        KV,
        ST,
        WS,
        endpoint,
        *ROLES,
        role_assignment("ra-user", WS, CONTRIBUTOR, USER, "User"),  # AML117 fails: a user
        role_assignment("ra-mi", SUB, CONTRIBUTOR, ENDPOINT_MI, "ServicePrincipal"),
    ]


def test_amlp01_confirmed(tmp_path: Path) -> None:
    ep = _endpoint()
    [path] = [p for p in paths_of(scan(_amlp01_estate(ep), tmp_path, listed=access_listed()))]
    assert shape(path) == (
        "AMLP01",
        n(ep),
        "fail",
        [
            (1, "AML204", n(ep), "fail"),
            (2, "AML101", n(ep), "fail"),
            (3, "AML117", n(ep), "fail"),
            (4, None, n(ep), "fail"),
        ],
    )
    assert path.severity.label == "critical"
    assert path.message.startswith("Confirmed attack path: reachable from the internet -> ")
    assert "Contributor at subscription scope" in path.steps[3].message
    # AML114 (key age) is not_assessed without the Activity Log: the link holds through AML117.


def test_amlp01_possible_when_role_assignments_are_unreadable(tmp_path: Path) -> None:
    ep = _endpoint()
    estate = [KV, ST, WS, ep]
    result = scan(estate, tmp_path, gaps=[gap(SUB, ROLE_ASSIGNMENTS)])
    [path] = paths_of(result)
    assert shape(path) == (
        "AMLP01",
        n(ep),
        "not_assessed",
        [
            (1, "AML204", n(ep), "fail"),
            (2, "AML101", n(ep), "fail"),
            (3, "AML117", n(ep), "not_assessed"),
            (3, "AML114", n(ep), "not_assessed"),
            (4, None, n(ep), "not_assessed"),
        ],
    )
    assert path.message.startswith("Possible attack path (")
    assert "could not be read: keys widely readable or not rotated" in path.message


@pytest.mark.parametrize(
    ("auth", "network"), [("AADToken", "Enabled"), ("Key", "Disabled")], ids=["aad", "private"]
)
def test_amlp01_broken_by_a_passing_link(auth: str, network: str, tmp_path: Path) -> None:
    result = scan(_amlp01_estate(_endpoint(auth, network)), tmp_path, listed=access_listed())
    assert paths_of(result) == []


def test_amlp01_broken_when_the_identity_holds_no_broad_role(tmp_path: Path) -> None:
    estate = [r for r in _amlp01_estate(_endpoint()) if r.get("name") != "ra-mi"]
    assert paths_of(scan(estate, tmp_path, listed=access_listed())) == []


# --- AMLP02: exposed compute to privileged identity ---------------------------------------------


def _compute(public_ip: bool, principal: str | None = COMPUTE_MI) -> dict[str, Any]:
    shape_ = compute(
        "cluster",
        {
            "computeType": "AmlCompute",
            "properties": {
                "vmSize": "STANDARD_DS3_V2",
                "enableNodePublicIp": public_ip,
                "subnet": {"id": f"{SUB}/resourceGroups/rg/providers/x/subnets/s"},
            },
        },
    )
    if principal is not None:
        shape_["identity"] = identity(principal)
    return shape_


def test_amlp02_confirmed_through_a_role_on_the_workspace_vault(tmp_path: Path) -> None:
    cluster = _compute(True)
    estate = [
        KV,
        ST,
        WS,
        cluster,
        *ROLES,
        secrets_user(),
        role_assignment("ra-c", KV, SECRETS_USER, COMPUTE_MI, "ServicePrincipal"),
    ]
    [path] = [
        p for p in paths_of(scan(estate, tmp_path, listed=access_listed())) if p.rule_id == "AMLP02"
    ]
    assert shape(path) == (
        "AMLP02",
        n(cluster),
        "fail",
        [(1, "AML206", n(cluster), "fail"), (2, None, n(cluster), "fail")],
    )
    assert "Key Vault Secrets User at resource scope" in path.steps[1].message


def test_amlp02_possible_when_definitions_are_unreadable(tmp_path: Path) -> None:
    cluster = _compute(True)
    result = scan([KV, ST, WS, cluster], tmp_path, gaps=[gap(SUB, ROLE_ASSIGNMENTS)])
    [path] = [p for p in paths_of(result) if p.rule_id == "AMLP02"]
    assert shape(path) == (
        "AMLP02",
        n(cluster),
        "not_assessed",
        [(1, "AML206", n(cluster), "fail"), (2, None, n(cluster), "not_assessed")],
    )


def test_amlp02_broken_without_exposure_or_without_identity(tmp_path: Path) -> None:
    role = role_assignment("ra-c", SUB, CONTRIBUTOR, COMPUTE_MI, "ServicePrincipal")
    private = _compute(False)
    assert (
        paths_of(scan([KV, ST, WS, private, *ROLES, role], tmp_path / "a", listed=access_listed()))
        == []
    )
    no_identity = _compute(True, principal=None)
    assert (
        paths_of(
            scan([KV, ST, WS, no_identity, *ROLES, role], tmp_path / "b", listed=access_listed())
        )
        == []
    )


# --- AMLP03: key pivot ------------------------------------------------------------------------


def _account(local_auth_disabled: bool) -> dict[str, Any]:
    return ai_account(
        "ais",
        {
            "disableLocalAuth": local_auth_disabled,
            "publicNetworkAccess": "Enabled",
            "endpoint": "https://ais.cognitiveservices.azure.com/",
        },
    )


def _shared_connection(account: dict[str, Any], shared: bool = True) -> dict[str, Any]:
    return connection(
        "to-ais",
        {
            "authType": "ApiKey",
            "category": "AIServices",
            "isSharedToAll": shared,
            "target": "https://ais.cognitiveservices.azure.com/",
            "metadata": {"ResourceId": account["id"]},
        },
    )


def test_amlp03_confirmed_through_a_shared_connection(tmp_path: Path) -> None:
    account = _account(False)
    conn = _shared_connection(account)
    [path] = paths_of(scan([WS, account, conn], tmp_path))
    assert shape(path) == (
        "AMLP03",
        n(account),
        "fail",
        [
            (1, "AML107", n(account), "fail"),
            (2, "AML212", n(account), "fail"),
            (3, "AML312", n(conn), "fail"),
            (3, "AML105", n(conn), "fail"),
        ],
    )


def test_amlp03_confirmed_through_a_deployment_environment(tmp_path: Path) -> None:
    account = _account(False)
    deployment = online_deployment(
        "blue",
        {
            "environmentVariables": {
                "AZURE_AI_ENDPOINT": "https://ais.cognitiveservices.azure.com/",
                "AZURE_AI_KEY": "0123456789abcdef0123456789abcdef",
            }
        },
        endpoint=online_endpoint("ep", {"authMode": "AADToken"}),
    )
    [path] = paths_of(scan([WS, account, deployment], tmp_path))
    assert shape(path)[3][-1] == (3, "AML311", n(deployment), "fail")
    assert shape(path)[2] == "fail"


def test_amlp03_possible_when_the_connection_auth_type_is_unknown(tmp_path: Path) -> None:
    account = _account(False)
    conn = _shared_connection(account)
    conn["properties"]["authType"] = "QuantumKey"  # no rule can tell whether it stores the key
    [path] = paths_of(scan([WS, account, conn], tmp_path))
    assert shape(path) == (
        "AMLP03",
        n(account),
        "not_assessed",
        [
            (1, "AML107", n(account), "fail"),
            (2, "AML212", n(account), "fail"),
            (3, "AML312", n(conn), "not_assessed"),
            (3, "AML105", n(conn), "not_assessed"),
        ],
    )


def test_amlp03_broken_when_local_auth_is_off_or_nothing_holds_the_key(tmp_path: Path) -> None:
    account = _account(True)
    assert paths_of(scan([WS, account, _shared_connection(account)], tmp_path / "a")) == []
    assert paths_of(scan([WS, _account(False)], tmp_path / "b")) == []


# --- AMLP04: writable storage -> compute identity -> Key Vault ----------------------------------

OPEN_ST = storage_account("stopen", {"allowSharedKeyAccess": True})
WS4 = workspace("ws4", {"keyVault": KV["id"], "storageAccount": OPEN_ST["id"]})


def _ws4_compute() -> dict[str, Any]:
    cluster = compute(
        "train",
        {"computeType": "AmlCompute", "properties": {"enableNodePublicIp": False}},
        workspace=WS4,
    )
    cluster["identity"] = identity(COMPUTE_MI)
    return cluster


def test_amlp04_confirmed(tmp_path: Path) -> None:
    cluster = _ws4_compute()
    estate = [
        KV,
        OPEN_ST,
        WS4,
        cluster,
        *ROLES,
        secrets_user(),
        role_assignment("ra-c", KV, SECRETS_USER, COMPUTE_MI, "ServicePrincipal"),
    ]
    found = [
        p for p in paths_of(scan(estate, tmp_path, listed=access_listed())) if p.rule_id == "AMLP04"
    ]
    assert [shape(p) for p in found] == [
        (
            "AMLP04",
            n(WS4),
            "fail",
            [
                (1, "AML106", n(WS4), "fail"),
                (1, "AML109", n(OPEN_ST), "fail"),
                (1, "AML217", n(OPEN_ST), "fail"),  # no network rules: open to every network
                (1, "AML316", n(OPEN_ST), "fail"),  # allowBlobPublicAccess absent
                (2, None, n(cluster), "fail"),
            ],
        )
    ]


def test_amlp04_through_a_legacy_access_policy(tmp_path: Path) -> None:
    policy_vault = vault(
        "kv",
        {
            "enableRbacAuthorization": False,
            "accessPolicies": [{"objectId": COMPUTE_MI, "permissions": {"secrets": ["get"]}}],
        },
    )
    cluster = _ws4_compute()
    estate = [policy_vault, OPEN_ST, WS4, cluster, *ROLES]
    found = [
        p for p in paths_of(scan(estate, tmp_path, listed=access_listed())) if p.rule_id == "AMLP04"
    ]
    assert [shape(p)[2] for p in found] == ["fail"]
    assert "access policy secrets ['get']" in found[0].steps[-1].message


def test_amlp04_possible_and_broken(tmp_path: Path) -> None:
    cluster = _ws4_compute()
    unread = scan([KV, OPEN_ST, WS4, cluster], tmp_path / "a", gaps=[gap(SUB, ROLE_ASSIGNMENTS)])
    assert [shape(p)[:3] for p in paths_of(unread) if p.rule_id == "AMLP04"] == [
        ("AMLP04", n(WS4), "not_assessed")
    ]
    no_grant = scan([KV, OPEN_ST, WS4, cluster, *ROLES], tmp_path / "b", listed=access_listed())
    assert [p for p in paths_of(no_grant) if p.rule_id == "AMLP04"] == []


# --- AMLP05: CMK lock-out -------------------------------------------------------------------------


VERSION = "0123456789abcdef0123456789abcdef"


def _cmk_estate(purge_protection: bool) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    cmk_vault = vault(
        "kvcmk",
        {
            "enableRbacAuthorization": True,
            "enableSoftDelete": True,
            "enablePurgeProtection": purge_protection,
        },
    )
    cmk_key = key(
        "cmk",
        {
            "attributes": {"enabled": True, "created": 1761091200},
            "kty": "RSA",
            "keyUri": "https://kvcmk.vault.azure.net/keys/cmk",
            "keyUriWithVersion": f"https://kvcmk.vault.azure.net/keys/cmk/{VERSION}",
        },
        vault=cmk_vault,
    )
    ws = workspace(
        "wscmk",
        {
            "encryption": {
                "status": "Enabled",
                "keyVaultProperties": {
                    "keyVaultArmId": cmk_vault["id"],
                    "keyIdentifier": f"https://kvcmk.vault.azure.net/keys/cmk/{VERSION}",
                },
            }
        },
    )
    return ws, [cmk_vault, cmk_key, ws, *ROLES, role_assignment("ra-u", SUB, CONTRIBUTOR, USER)]


def test_amlp05_confirmed(tmp_path: Path) -> None:
    ws, estate = _cmk_estate(False)
    found = [
        p for p in paths_of(scan(estate, tmp_path, listed=access_listed())) if p.rule_id == "AMLP05"
    ]
    assert len(found) == 1
    got = shape(found[0])
    assert got[:3] == ("AMLP05", n(ws), "fail")
    assert got[3][0] == (1, "AML301", n(ws), "pass")
    assert (2, "AML308", n(ws), "fail") in got[3]
    assert (2, "AML302", n(estate[0]), "fail") in got[3]
    assert got[3][-1] == (3, None, n(estate[0]), "fail")
    assert f"User {USER}: Contributor at subscription scope" in found[0].steps[-1].message


def test_amlp05_possible_and_broken(tmp_path: Path) -> None:
    ws, estate = _cmk_estate(False)
    unread = scan(estate, tmp_path / "a", gaps=[gap(SUB, ROLE_ASSIGNMENTS)])
    assert [shape(p)[:3] for p in paths_of(unread) if p.rule_id == "AMLP05"] == [
        ("AMLP05", n(ws), "not_assessed")
    ]
    _, protected = _cmk_estate(True)
    result = scan(protected, tmp_path / "b", listed=access_listed())
    assert [p for p in paths_of(result) if p.rule_id == "AMLP05"] == []


# --- suppressions and fingerprints ---------------------------------------------------------------


def _entry(rule: str, resource: str) -> SuppressionEntry:
    return SuppressionEntry(rule, resource, "accepted", None, "test suppress[1]")


def test_suppressing_a_step_keeps_the_path_and_the_path_is_suppressed_by_its_id(
    tmp_path: Path,
) -> None:
    ep = _endpoint()
    result = scan(_amlp01_estate(ep), tmp_path, listed=access_listed())
    step_suppressed = apply_suppressions(
        result, [_entry("AML204", ep["id"])], today=date(2026, 12, 1)
    )
    [path] = paths_of(step_suppressed)
    assert path.status is Status.FAIL
    assert [r.status for r in step_suppressed.results if r.rule_id == "AML204"] == [
        Status.SUPPRESSED
    ]
    path_suppressed = apply_suppressions(
        result, [_entry("AMLP01", ep["id"])], today=date(2026, 12, 1)
    )
    [path] = paths_of(path_suppressed)
    assert path.status is Status.SUPPRESSED
    assert path.suppression is not None and path.suppression.reason == "accepted"
    assert [r.status for r in path_suppressed.results if r.rule_id == "AML204"] == [Status.FAIL]


def test_a_path_fingerprint_is_stable_and_comes_from_its_steps(tmp_path: Path) -> None:
    ep = _endpoint()
    first = paths_of(scan(_amlp01_estate(ep), tmp_path / "a", listed=access_listed()))
    upper = replace_ids_upper(_amlp01_estate(ep))
    second = paths_of(scan(upper, tmp_path / "b", listed=access_listed()))
    assert [p.fingerprint for p in first] == [p.fingerprint for p in second]
    assert len(first[0].fingerprint) == 32
    step_fingerprints = {s.fingerprint for s in first[0].steps if s.rule_id}
    rule_fingerprints = {
        r.fingerprint
        for r in scan(_amlp01_estate(ep), tmp_path / "c", listed=access_listed()).results
        if r.rule_id in {"AML204", "AML101", "AML117"}
    }
    assert step_fingerprints == rule_fingerprints


def replace_ids_upper(resources: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The same estate with ARM ids in another case, as ARM sometimes returns them."""
    return [{**r, "id": r["id"].upper()} for r in resources]


def test_paths_are_listed_with_the_rules_and_the_lint_runs_none() -> None:
    assert [p.meta.id for p in PATHS] == ["AMLP01", "AMLP02", "AMLP03", "AMLP04", "AMLP05"]
    assert all(p.meta.severity.label == "critical" and p.meta.is_path for p in PATHS)
    assert RULES.get("amlp03") is not None and RULES.get("AMLP03").meta.id == "AMLP03"  # type: ignore[union-attr]


def test_a_path_scan_result_is_a_result(tmp_path: Path) -> None:
    ep = _endpoint()
    result = scan(_amlp01_estate(ep), tmp_path, listed=access_listed())
    assert "AMLP01" in {m.id for m in result.rules}
    [path] = paths_of(result)
    assert replace(path, steps=()).is_path is False


def test_the_cli_suppresses_a_path_by_its_id_and_selects_it_with_its_rules(
    tmp_path: Path,
) -> None:
    from tests.conftest import run_cli

    ep = _endpoint()
    snapshot = tmp_path / "estate.json"
    snapshot.write_text(
        json.dumps({"resources": _amlp01_estate(ep), "listed": access_listed()}),
        encoding="utf-8",
    )
    (tmp_path / "aml-audit.toml").write_text(
        f'[[suppress]]\nrule = "amlp01"\nresource = "{ep["id"]}"\nreason = "behind a gateway"\n',
        encoding="utf-8",
    )
    run = run_cli("scan", "--snapshot", str(snapshot), "--format", "json", cwd=tmp_path)
    assert run.returncode in (1, 3), run.stderr
    [path] = [r for r in json.loads(run.stdout)["results"] if r["rule_id"] == "AMLP01"]
    assert (path["status"], path["suppression"]["reason"]) == ("suppressed", "behind a gateway")
    elsewhere = tmp_path / "no-config"
    elsewhere.mkdir()
    selected = run_cli(
        "scan",
        "--snapshot",
        str(snapshot),
        "--format",
        "json",
        "--select",
        "AML204,AML101,AML117,AMLP01",
        cwd=elsewhere,
    )
    assert selected.returncode == 1, selected.stderr
    found = {(r["rule_id"], r["status"]) for r in json.loads(selected.stdout)["results"]}
    assert ("AMLP01", "fail") in found
    assert {r for r, _ in found} == {"AML204", "AML101", "AML117", "AMLP01"}


def test_a_link_whose_rules_did_not_run_is_left_out_and_the_next_is_the_anchor(
    tmp_path: Path,
) -> None:
    rules = [r for r in RULES.rules if r.meta.id != "AML204"]

    def paths_with(endpoint: dict[str, Any], where: Path) -> list[Result]:
        where.mkdir()
        snapshot = where / "estate.json"
        estate = {"resources": _amlp01_estate(endpoint), "listed": access_listed()}
        snapshot.write_text(json.dumps(estate), encoding="utf-8")
        inventory = SnapshotSource(snapshot).collect()
        return paths_of(engine.evaluate(inventory, rules, now=NOW, paths=PATHS))

    ep = _endpoint(network="Disabled")  # AML204 would break it, but did not run
    [path] = [p for p in paths_with(ep, tmp_path / "key") if p.rule_id == "AMLP01"]
    assert [(s.stage, s.rule_id) for s in path.steps] == [
        (1, "AML101"),
        (2, "AML117"),
        (3, None),
    ]
    # The anchor is now "accepts keys": an Entra-only endpoint is no path at all.
    entra = _endpoint(auth="AADToken", network="Disabled")
    assert [p for p in paths_with(entra, tmp_path / "entra") if p.rule_id == "AMLP01"] == []
    # ... and an anchor that cannot be read makes no "possible" path about nothing.
    unknown = _endpoint(auth="QuantumAuth", network="Disabled")
    assert [p for p in paths_with(unknown, tmp_path / "unknown") if p.rule_id == "AMLP01"] == []
