"""What judging the attack paths costs after the rules ran, on the access-review benchmark estate
(bench/access_rules.py: role assignments at every scope, key-auth endpoints, AI accounts), its
online endpoints given identities that hold roles at their subscription.

    PYTHONPATH=. python bench/attack_paths.py [--subscriptions 10] [--workspaces 20] [--events 20000]

Prints the CPU and wall time of every built-in rule, then of the five paths over their results,
the paths' share of the rules' time, and how many paths were found (confirmed and possible).
The issue sets no target for paths; the figure says whether they stay small beside the rules.
Figures are printed, not asserted.
"""

# The command line above is one line, however long.
# ruff: noqa: E501

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from access_rules import NOW, estate

from auditor.evaluate import engine
from auditor.evaluate.paths import PATHS, find_paths
from auditor.evaluate.registry import load_rules
from auditor.inventory.inventory import Inventory
from auditor.inventory.resource_types import ROLE_ASSIGNMENTS
from auditor.inventory.resources import Resource
from auditor.rulekit.rule import RuleContext


def with_identities(inventory: Inventory) -> Inventory:
    """The estate with a system-assigned identity on every online endpoint, whose principal is one
    that holds a role at its subscription (so AMLP01 has chains to confirm, not only to break)."""
    holders: dict[str, str] = {}
    for assignment in inventory.of_type(ROLE_ASSIGNMENTS):
        scope = str(assignment.get("properties.scope"))
        if scope.count("/") == 2:
            holders.setdefault(scope.lower(), str(assignment.get("properties.principalId")))
    resources = []
    for resource in inventory:
        raw = resource.raw
        if resource.type.lower().endswith("/onlineendpoints"):
            subscription = "/".join(resource.id.split("/")[:3]).lower()
            raw = {
                **raw,
                "identity": {"type": "SystemAssigned", "principalId": holders[subscription]},
            }
            resource = Resource(resource.id, resource.type, resource.name, raw)
        resources.append(resource)
    return Inventory(resources, listed=inventory.listed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscriptions", type=int, default=10)
    parser.add_argument("--workspaces", type=int, default=20)
    parser.add_argument("--events", type=int, default=20000)
    args = parser.parse_args()
    inventory = with_identities(estate(args.subscriptions, args.workspaces, args.events))
    rules = load_rules(entry_points=False).rules
    ctx = RuleContext(inventory, NOW)
    cpu, wall = time.process_time(), time.perf_counter()
    results = [r for rule in rules for r in engine.evaluate_rule(rule, inventory, ctx)]
    rules_cpu, rules_wall = time.process_time() - cpu, time.perf_counter() - wall
    cpu, wall = time.process_time(), time.perf_counter()
    paths = find_paths(PATHS, ctx, results, (r.meta.id for r in rules))
    paths_cpu, paths_wall = time.process_time() - cpu, time.perf_counter() - wall
    confirmed = sum(1 for p in paths if p.status.value == "fail")
    print(f"estate: {len(inventory)} resources, {len(results)} rule results")
    print(f"rules:  {rules_cpu:.2f} s CPU, {rules_wall:.2f} s wall")
    print(f"paths:  {paths_cpu:.2f} s CPU, {paths_wall:.2f} s wall")
    print(f"paths / rules CPU: {paths_cpu / rules_cpu:.1%}")
    print(f"paths found: {confirmed} confirmed, {len(paths) - confirmed} possible")


if __name__ == "__main__":
    main()
