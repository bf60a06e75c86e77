"""N live shard scans of the simulated tenant, as N CI jobs run them, merged: one report equal to
a single full scan, result for result, each shard having read only its own subscriptions."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from auditor.inventory.shard import shard_of
from auditor.simulator import Simulator, demo_tenant, generate_tenant, shapes
from auditor.simulator.tenant import Tenant, new_guid
from tests.conftest import run_cli

pytestmark = pytest.mark.slow


def scan_live(sim: Simulator, *args: str) -> Any:
    env = {"AML_AUDIT_ACCESS_TOKEN": sim.token, "REQUESTS_CA_BUNDLE": str(sim.ca_file)}
    return run_cli(*args, "--arm-endpoint", sim.url, "--auth", "token", "-q", env=env)


def outcomes(path: Path) -> list[dict[str, Any]]:
    """The report's results whole, in its order: merged shards equal the full scan in every
    field (message, evidence, location...), not only in rule, resource and status."""
    results: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))["results"]
    return results


def test_live_shard_scans_merged_equal_one_full_scan(tmp_path: Path) -> None:
    tenant = generate_tenant(
        6, 2, online_endpoints=1, deployments=1, computes=1, connections=1, keys=1, secrets=1
    )
    tenant.add_subscription(new_guid("merge-live/locked"), "locked", unreadable=True)
    count = 3
    with Simulator(tenant) as sim:
        full = scan_live(sim, "scan", "-o", str(tmp_path / "full.json"))
        parts = []
        for index in range(1, count + 1):
            sim.clear_log()
            out = tmp_path / f"shard-{index}.json"
            shard = scan_live(sim, "scan", "--shard", f"{index}/{count}", "-o", str(out))
            assert shard.returncode in (1, 3), shard.stderr
            read = {r.subscription.lower() for r in sim.request_log if r.subscription}
            # Reads only: GETs of its own subscriptions (and the subscription list itself), and
            # the Resource Graph query over them.
            assert all(r.is_read for r in sim.request_log)
            assert read and all(shard_of(s, count) == index for s in read)
            parts.append(str(out))
    merged = run_cli(
        "merge", *parts, "-o", str(tmp_path / "all.json"), "-o", str(tmp_path / "all.sarif")
    )
    assert merged.returncode == full.returncode == 1, merged.stderr
    assert outcomes(tmp_path / "all.json") == outcomes(tmp_path / "full.json")
    whole = json.loads((tmp_path / "full.json").read_text(encoding="utf-8"))
    joined = json.loads((tmp_path / "all.json").read_text(encoding="utf-8"))
    assert joined["gaps"] == whole["gaps"]
    assert joined["scan"]["scopes"] == whole["scan"]["scopes"]


def test_the_demo_tenant_in_shards_merges_to_its_full_scan(tmp_path: Path) -> None:
    """The demo's subscriptions in shards of their own (in 2 shards all three fall in the first,
    which tested nothing): its workspaces reach vaults, keys and a hub in the unreadable
    subscription, whose results and gaps only the workspaces' shard reads."""
    tenant = demo_tenant()
    subscriptions = tenant.subscription_ids
    count = next(
        n for n in range(2, 9) if len({shard_of(s, n) for s in subscriptions}) == len(subscriptions)
    )
    with Simulator(tenant) as sim:
        full = scan_live(sim, "scan", "-o", str(tmp_path / "full.json"))
        for index in range(1, count + 1):
            out = tmp_path / f"{index}.json"
            scan_live(sim, "scan", "--shard", f"{index}/{count}", "-o", str(out))
    parts = [str(tmp_path / f"{index}.json") for index in range(1, count + 1)]
    merged = run_cli("merge", *parts, "-o", str(tmp_path / "all.json"))
    assert merged.returncode == full.returncode, merged.stderr

    def judged(name: str) -> list[tuple[str, str, str, str]]:
        # A not-assessed result may cite another of the gaps that cover it than the full scan.
        return [
            (r["rule_id"], r["resource_id"], r["status"], r["fingerprint"])
            for r in outcomes(tmp_path / name)
        ]

    assert judged("all.json") == judged("full.json")
    whole = json.loads((tmp_path / "full.json").read_text(encoding="utf-8"))
    joined = json.loads((tmp_path / "all.json").read_text(encoding="utf-8"))
    assert joined["gaps"] == whole["gaps"]


def test_shards_of_a_credential_that_reads_no_subscription_merge_incomplete(
    tmp_path: Path,
) -> None:
    """The subscription listing answered, but with none: not "this shard holds none of them"
    (complete, empty) but nothing read at all, in every shard, as in the full scan. Each shard
    and the merge used to say "scan complete" and exit 0."""
    with Simulator(Tenant()) as sim:
        full = scan_live(sim, "scan", "-o", str(tmp_path / "full.json"))
        parts = []
        for index in (1, 2):
            out = tmp_path / f"{index}.json"
            shard = scan_live(sim, "scan", "--shard", f"{index}/2", "-o", str(out))
            assert shard.returncode == 3, shard.stderr
            parts.append(str(out))
    merged = run_cli("merge", *parts, "-o", str(tmp_path / "all.json"))
    assert merged.returncode == full.returncode == 3, merged.stderr
    whole = json.loads((tmp_path / "full.json").read_text(encoding="utf-8"))
    joined = json.loads((tmp_path / "all.json").read_text(encoding="utf-8"))
    assert [(g["scope"], g["code"]) for g in joined["gaps"]] == [("/subscriptions", "NothingRead")]
    assert joined["gaps"] == whole["gaps"]
    said = (
        "nothing was audited: the credential can read no subscription: grant it the Reader "
        "role on the subscriptions to audit"
    )
    assert joined["scan"]["warnings"] == whole["scan"]["warnings"] == [said]
    assert joined["scan"]["complete"] is False


def test_a_workspace_dependency_in_another_shards_subscription_is_judged_once(
    tmp_path: Path,
) -> None:
    """Azure ML lets a workspace use a storage account and a registry of another subscription.
    No subscription listing reads those (the scan reaches them through the workspace), so the
    shard of their subscription never has them, and the workspace's shard did not judge them:
    their failing results, and the gap of one that cannot be read, were in no shard's report."""
    count = 2
    subscriptions = [new_guid(f"merge-live/dependency/{n}") for n in range(12)]
    home = subscriptions[0]
    other = next(s for s in subscriptions if shard_of(s, count) != shard_of(home, count))
    tenant = Tenant()
    tenant.add_subscription(home, "ml")
    tenant.add_subscription(other, "shared")
    storage = tenant.add(
        shapes.storage_account(
            other, "rg-shared", "stshared", properties={"allowSharedKeyAccess": True}
        )
    )
    registry = tenant.add(
        shapes.container_registry(
            other, "rg-shared", "crshared", properties={"adminUserEnabled": True}
        )
    )
    tenant.add(
        shapes.workspace(
            home,
            "rg-ml",
            "mlw-cross",
            storage_account=storage["id"],
            container_registry=registry["id"],
        )
    )
    locked = tenant.add(shapes.storage_account(other, "rg-locked", "stlocked"))
    tenant.deny(locked["id"])
    tenant.add(shapes.workspace(home, "rg-ml", "mlw-locked", storage_account=locked["id"]))
    with Simulator(tenant) as sim:
        full = scan_live(sim, "scan", "-o", str(tmp_path / "full.json"))
        parts = []
        for index in range(1, count + 1):
            out = tmp_path / f"{index}.json"
            scan_live(sim, "scan", "--shard", f"{index}/{count}", "-o", str(out))
            parts.append(str(out))
    merged = run_cli("merge", *parts, "-o", str(tmp_path / "all.json"))
    assert merged.returncode == full.returncode, merged.stderr
    judged = {(r["rule_id"], r["resource_name"]) for r in outcomes(tmp_path / "full.json")}
    assert {("AML109", "stshared"), ("AML217", "stshared")} <= judged
    assert outcomes(tmp_path / "all.json") == outcomes(tmp_path / "full.json")
    whole = json.loads((tmp_path / "full.json").read_text(encoding="utf-8"))
    joined = json.loads((tmp_path / "all.json").read_text(encoding="utf-8"))
    assert [g["scope"] for g in whole["gaps"]] == [locked["id"]]
    assert joined["gaps"] == whole["gaps"]
    assert joined["scan"]["complete"] is whole["scan"]["complete"] is False
