"""Small estates for the controls and report tests: ARM JSON judged by the real rules."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from auditor.controls.json_report import scan_to_json
from auditor.controls.suppressions import SuppressionEntry, apply_suppressions
from auditor.evaluate import engine
from auditor.evaluate.registry import load_rules
from auditor.evaluate.results import ScanResult
from auditor.sources.snapshot import SnapshotSource

SUB = "00000000-0000-0000-0000-0000000000a1"
SUB_LOCKED = "00000000-0000-0000-0000-0000000000b2"
SUB_ELSEWHERE = "00000000-0000-0000-0000-0000000000c3"
RG = f"/subscriptions/{SUB}/resourceGroups/rg-ml"
WS = f"{RG}/providers/Microsoft.MachineLearningServices/workspaces"
KV = f"{RG}/providers/Microsoft.KeyVault/vaults"
CLOCK = datetime(2026, 6, 30, 12, 0, tzinfo=UTC)

RULES = load_rules(entry_points=False)


def workspace(name: str, public: str | None, rg: str = RG) -> dict[str, Any]:
    properties: dict[str, Any] = {}
    if public is not None:
        properties["publicNetworkAccess"] = public
    return {
        "id": f"{rg}/providers/Microsoft.MachineLearningServices/workspaces/{name}",
        "name": name,
        "type": "Microsoft.MachineLearningServices/workspaces",
        "kind": "Default",
        "location": "westeurope",
        "properties": properties,
    }


def vault(name: str, purge_protection: bool | None, rg: str = RG) -> dict[str, Any]:
    properties: dict[str, Any] = {"enableSoftDelete": True}
    if purge_protection is not None:
        properties["enablePurgeProtection"] = purge_protection
    return {
        "id": f"{rg}/providers/Microsoft.KeyVault/vaults/{name}",
        "name": name,
        "type": "Microsoft.KeyVault/vaults",
        "location": "westeurope",
        "properties": properties,
    }


def locked_subscription_gap(sub: str = SUB_LOCKED) -> dict[str, Any]:
    return {
        "scope": f"/subscriptions/{sub}",
        "resource_type": None,
        "status": 403,
        "code": "AuthorizationFailed",
        "message": "The client does not have authorization to perform action.",
    }


def scan_of(
    tmp_path: Path,
    resources: list[dict[str, Any]],
    gaps: list[dict[str, Any]] | None = None,
    rule_ids: tuple[str, ...] = ("AML201", "AML302"),
    name: str = "estate.json",
    scopes: list[str] | None = None,
) -> ScanResult:
    """The real engine's verdict on these resources, with the given rules, at CLOCK. `scopes`
    are the subscriptions the snapshot says were read (default: those its contents lie in)."""
    path = tmp_path / name
    document: dict[str, Any] = {"resources": resources, "gaps": gaps or []}
    if scopes is not None:
        document["scopes"] = scopes
    path.write_text(json.dumps(document), encoding="utf-8")
    inventory = SnapshotSource(path).collect()
    rules = [rule for rule in RULES.rules if rule.meta.id in rule_ids]
    scan = engine.evaluate(inventory, rules, now=CLOCK)
    return ScanResult(
        results=scan.results,
        gaps=scan.gaps,
        rules=scan.rules,
        sources=scan.sources,
        started_at=CLOCK,
        finished_at=CLOCK,
        tool_version=scan.tool_version,
        warnings=scan.warnings,
        scopes=scan.scopes,
    )


def triples(results: Any) -> set[tuple[str, str, str]]:
    return {(r.rule_id, r.resource_id, r.status.value) for r in results}


def previous_report(tmp_path: Path) -> dict[str, Any]:
    """Last week's JSON report: two failing workspaces, two failing vaults (kv-gone suppressed),
    one failing vault in a subscription this week's scan does not cover, one behind this week's
    gap."""
    rg_elsewhere = f"/subscriptions/{SUB_ELSEWHERE}/resourceGroups/rg"
    rg_locked = f"/subscriptions/{SUB_LOCKED}/resourceGroups/rg"
    scan = scan_of(
        tmp_path,
        [
            workspace("ws-open", "Enabled"),
            workspace("ws-legacy", None),
            workspace("ws-closed", "Disabled"),
            vault("kv-a", False),
            vault("kv-gone", None),
            vault("kv-elsewhere", None, rg=rg_elsewhere),
            vault("kv-locked", None, rg=rg_locked),
        ],
        name="previous.json",
    )
    kv_gone = SuppressionEntry(
        "AML302", f"{KV}/kv-gone", "accepted", None, "aml-audit.toml suppress[1]"
    )
    scan = apply_suppressions(scan, [kv_gone], CLOCK.date())
    return scan_to_json(scan)


def this_weeks_scan(tmp_path: Path) -> ScanResult:
    """ws-open still public, ws-legacy closed, ws-new public; kv-a fixed, kv-gone deleted; the
    locked subscription now answers 403; kv-elsewhere's subscription is not scanned."""
    return scan_of(
        tmp_path,
        [
            workspace("ws-open", "Enabled"),
            workspace("ws-legacy", "Disabled"),
            workspace("ws-closed", "Disabled"),
            workspace("ws-new", "Enabled"),
            vault("kv-a", True),
        ],
        gaps=[locked_subscription_gap()],
    )
