"""What the access-review rules cost to evaluate on a busy estate: role assignments at every scope,
custom roles, deny assignments, PIM eligibility and tens of thousands of kept Activity Log events.

    PYTHONPATH=. python bench/access_rules.py [--subscriptions 10] [--workspaces 20] [--events 20000]

Each subscription has `--workspaces` workspaces with two key-auth online endpoints and one
serverless endpoint each, a storage account and an AI Services account per workspace, 30 role
assignments per workspace (at the subscription, resource group, workspace and endpoint scopes;
users, groups and service principals), 5 custom roles, 2 deny assignments, 20 PIM eligibilities,
and `--events` kept Activity Log events (key reads and regenerations spread over the endpoints
and accounts, 90 days). Prints the CPU and wall time of evaluating the seven access-review rules
and of the other built-in rules (which find little to judge here), and the access rules' CPU per
judged resource. The issue's target is on the whole scan (under 25% more wall time, collection
included); this is the rules' part of it. Run from the checkout with PYTHONPATH=. so the checkout's
rules are the ones loaded. Figures are printed, not asserted.
"""

# The synthetic estate is written one resource a line, however long.
# ruff: noqa: E501

from __future__ import annotations

import argparse
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from auditor.evaluate import engine
from auditor.evaluate.registry import load_rules
from auditor.inventory.inventory import Inventory
from auditor.inventory.resources import Resource
from auditor.rulekit.rule import RuleContext

ACCESS = {"AML114", "AML115", "AML116", "AML117", "AML118", "AML315", "AML505"}
AUTH = "Microsoft.Authorization"
ML = "Microsoft.MachineLearningServices/workspaces"
NOW = datetime(2026, 12, 1, tzinfo=UTC)
BUILT_IN = {
    "8e3af657-a8ff-443c-a75c-2fe8c4bcb635": ("Owner", ["*"], []),
    "b24988ac-6180-42a0-ab88-20f7382dd24c": ("Contributor", ["*"], ["Microsoft.Authorization/*/Write"]),
    "acdd72a7-3385-48ef-bd42-f606fba81ae7": ("Reader", ["*/read"], []),
    "f6c7c914-8db3-469d-8ca1-694a8f32e121": (
        "AzureML Data Scientist",
        [f"{ML}/*/read", f"{ML}/*/action", f"{ML}/*/delete", f"{ML}/*/write"],
        [f"{ML}/delete", f"{ML}/write", f"{ML}/listKeys/action"],
    ),
}  # fmt: skip


def _guid(*numbers: int) -> str:
    value = 0
    for n in numbers:
        value = value * 100003 + n
    text = f"{value:032x}"[-32:]
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"


def _definition(
    sub: str, guid: str, name: str, actions: list[str], nots: list[str], custom: bool
) -> dict[str, Any]:
    return {
        "id": f"{sub}/providers/{AUTH}/roleDefinitions/{guid}", "name": guid,
        "type": f"{AUTH}/roleDefinitions",
        "properties": {
            "roleName": name, "type": "CustomRole" if custom else "BuiltInRole",
            "assignableScopes": [sub],
            "permissions": [{"actions": actions, "notActions": nots, "dataActions": [], "notDataActions": []}],
        },
    }  # fmt: skip


def _assignment(
    scope: str, name: str, role_sub: str, role: str, principal: str, kind: str
) -> dict[str, Any]:
    return {
        "id": f"{scope}/providers/{AUTH}/roleAssignments/{name}", "name": name,
        "type": f"{AUTH}/roleAssignments",
        "properties": {
            "scope": scope, "principalId": principal, "principalType": kind,
            "roleDefinitionId": f"{role_sub}/providers/{AUTH}/roleDefinitions/{role}",
        },
    }  # fmt: skip


def estate(subscriptions: int, workspaces: int, events: int) -> Inventory:
    raws: list[dict[str, Any]] = []
    listed: list[tuple[str, str]] = []
    kinds = ("User", "Group", "ServicePrincipal")
    for s in range(subscriptions):
        sub = f"/subscriptions/{_guid(1, s)}"
        rg = f"{sub}/resourceGroups/rg-ml"
        for t in (
            "roleAssignments",
            "roleDefinitions",
            "denyAssignments",
            "roleEligibilityScheduleInstances",
        ):
            listed.append((sub, f"{AUTH}/{t}"))
        roles = list(BUILT_IN)
        for guid, (name, actions, nots) in BUILT_IN.items():
            raws.append(_definition(sub, guid, name, actions, nots, custom=False))
        for c in range(5):
            guid = _guid(2, s, c)
            roles.append(guid)
            actions = (
                ["Microsoft.MachineLearningServices/*"]
                if c == 0
                else [f"{ML}/read", f"{ML}/onlineEndpoints/score/action"]
            )
            raws.append(_definition(sub, guid, f"custom {c}", actions, [], custom=True))
        for d in range(2):
            raws.append({
                "id": f"{rg}/providers/{AUTH}/denyAssignments/{_guid(3, s, d)}", "name": _guid(3, s, d),
                "type": f"{AUTH}/denyAssignments",
                "properties": {
                    "scope": rg, "doNotApplyToChildScopes": False,
                    "permissions": [{"actions": ["Microsoft.Storage/*/delete"], "notActions": [], "dataActions": [], "notDataActions": []}],
                    "principals": [{"id": "00000000-0000-0000-0000-000000000000", "type": "SystemDefined"}],
                    "excludePrincipals": [{"id": _guid(9, s), "type": "ServicePrincipal"}],
                },
            })  # fmt: skip
        for e in range(20):
            raws.append({
                "id": f"{rg}/providers/{AUTH}/roleEligibilityScheduleInstances/{_guid(4, s, e)}",
                "name": _guid(4, s, e), "type": f"{AUTH}/roleEligibilityScheduleInstances",
                "properties": {
                    "scope": rg, "principalId": _guid(5, s, e), "principalType": "User",
                    "roleDefinitionId": f"{sub}/providers/{AUTH}/roleDefinitions/{roles[e % len(roles)]}",
                },
            })  # fmt: skip
        targets: list[str] = []
        for w in range(workspaces):
            ws = f"{rg}/providers/{ML}/{'ws'}{w}"
            raws.append(
                {"id": ws, "name": f"ws{w}", "type": ML, "kind": "Default", "properties": {}}
            )
            for e in range(3):
                kind = "serverlessEndpoints" if e == 2 else "onlineEndpoints"
                ep = f"{ws}/{kind}/ep{e}"
                targets.append(ep)
                raws.append({
                    "id": ep, "name": f"ep{e}", "type": f"{ML}/{kind}",
                    "systemData": {"createdAt": "2025-01-01T00:00:00Z"},
                    "properties": {"authMode": "Key"},
                })  # fmt: skip
            for kind, name, props in (
                (
                    "Microsoft.Storage/storageAccounts",
                    f"st{s}x{w}",
                    {"keyCreationTime": {"key1": "2026-10-01T00:00:00Z", "key2": None}},
                ),
                ("Microsoft.CognitiveServices/accounts", f"ais{s}x{w}", {}),
            ):
                rid = f"{rg}/providers/{kind}/{name}"
                targets.append(rid)
                raws.append({"id": rid, "name": name, "type": kind, "kind": "AIServices", "systemData": {"createdAt": "2025-01-01T00:00:00Z"}, "properties": props})  # fmt: skip
            scopes = [sub, rg, ws, f"{ws}/onlineEndpoints/ep0"]
            for a in range(30):
                raws.append(_assignment(
                    scopes[a % 4], _guid(6, s, w, a), sub, roles[a % len(roles)],
                    _guid(7, s, w, a), kinds[a % 3],
                ))  # fmt: skip
        log = f"{sub}/providers/Microsoft.Insights/eventtypes/management"
        start = NOW - timedelta(days=90)
        raws.append({
            "id": log, "name": "management", "type": "Microsoft.Insights/eventtypes",
            "properties": {"from": start.isoformat(), "to": NOW.isoformat(),
                           "resourceProviders": ["Microsoft.MachineLearningServices", "Microsoft.CognitiveServices", "Microsoft.Storage"]},
        })  # fmt: skip
        for n in range(events):
            target = targets[n % len(targets)]
            operation = "regenerateKeys/action" if n % 50 == 0 else "listKeys/action"
            raws.append({
                "id": f"{target}/events/{_guid(8, s, n)}/ticks/{n}", "name": _guid(8, s, n),
                "type": "Microsoft.Insights/eventtypes/values",
                "properties": {
                    "operationName": f"{ML}/onlineEndpoints/{operation}", "status": "Succeeded",
                    "eventTimestamp": (start + timedelta(minutes=n % 129600)).isoformat(),
                    "caller": f"caller{n % 40}@contoso.com", "callerObjectId": _guid(10, n % 40),
                    "callerType": "User", "correlationId": _guid(11, s, n), "resourceId": target,
                },
            })  # fmt: skip
    resources = [Resource(r["id"], r["type"], r["name"], r) for r in raws]
    return Inventory(resources, listed=listed)


def _time(rules: list[Any], inventory: Inventory) -> tuple[float, float, int]:
    cpu, wall = time.process_time(), time.perf_counter()
    ctx = RuleContext(inventory, NOW)
    count = sum(len(engine.evaluate_rule(rule, inventory, ctx)) for rule in rules)
    return time.process_time() - cpu, time.perf_counter() - wall, count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscriptions", type=int, default=10)
    parser.add_argument("--workspaces", type=int, default=20)
    parser.add_argument("--events", type=int, default=20000, help="kept events per subscription")
    args = parser.parse_args()
    built = time.perf_counter()
    inventory = estate(args.subscriptions, args.workspaces, args.events)
    print(f"estate: {len(inventory)} resources, built in {time.perf_counter() - built:.1f} s")
    rules = load_rules(entry_points=False).rules
    access = [r for r in rules if r.meta.id in ACCESS]
    others = [r for r in rules if r.meta.id not in ACCESS]
    o_cpu, o_wall, o_count = _time(others, inventory)
    a_cpu, a_wall, a_count = _time(access, inventory)
    print(f"other rules ({len(others)}): {o_count} results, CPU {o_cpu:.2f} s, wall {o_wall:.2f} s")
    print(
        f"access rules ({len(access)}): {a_count} results, CPU {a_cpu:.2f} s, wall {a_wall:.2f} s"
    )
    events = args.subscriptions * args.events
    judged = args.subscriptions * args.workspaces * 5
    print(
        f"access rules per judged resource: {a_cpu / judged * 1000:.2f} ms CPU "
        f"({judged} endpoints and accounts, {events} kept events, "
        f"{args.subscriptions * args.workspaces * 30} role assignments)"
    )


if __name__ == "__main__":
    main()
