"""How the cross-resource rules scale: evaluate every built-in rule on a synthetic estate with many
workspaces, connections, AI accounts, registries and storage accounts, and print the time per rule.

    python bench/cross_resource_rules.py [--workspaces 500] [--accounts 500]

Each workspace has four connections (two to AI accounts by metadata.ResourceId, one by endpoint
host, one to blob storage), two computes, a registry and a storage account shared with its
neighbour. Figures are printed, not asserted.
"""

from __future__ import annotations

import argparse
import time
from typing import Any

from auditor.evaluate import engine
from auditor.evaluate.registry import load_rules
from auditor.inventory.inventory import Inventory
from auditor.inventory.resources import Resource

SUB = "/subscriptions/00000000-0000-0000-0000-00000000b001/resourceGroups/rg/providers"


def _resource(raw: dict[str, Any]) -> Resource:
    return Resource(raw["id"], raw["type"], raw["name"], raw)


def estate(workspaces: int, accounts: int) -> Inventory:
    raws: list[dict[str, Any]] = []
    for a in range(accounts):
        raws.append({
            "id": f"{SUB}/Microsoft.CognitiveServices/accounts/ais{a}", "name": f"ais{a}",
            "type": "Microsoft.CognitiveServices/accounts",
            "kind": "AIServices" if a % 2 else "TextAnalytics",
            "properties": {"endpoint": f"https://ais{a}.cognitiveservices.azure.com/"},
        })  # fmt: skip
    for w in range(workspaces):
        ws = f"{SUB}/Microsoft.MachineLearningServices/workspaces/ws{w}"
        raws.append({
            "id": ws, "name": f"ws{w}", "type": "Microsoft.MachineLearningServices/workspaces",
            "kind": "Default",
            "properties": {
                "containerRegistry": f"{SUB}/Microsoft.ContainerRegistry/registries/acr{w // 2}",
                "storageAccount": f"{SUB}/Microsoft.Storage/storageAccounts/st{w // 2}",
            },
        })  # fmt: skip
        if w % 2 == 0:
            raws.append({"id": f"{SUB}/Microsoft.ContainerRegistry/registries/acr{w // 2}",
                         "name": f"acr{w // 2}", "type": "Microsoft.ContainerRegistry/registries",
                         "properties": {}})  # fmt: skip
            raws.append({"id": f"{SUB}/Microsoft.Storage/storageAccounts/st{w // 2}",
                         "name": f"st{w // 2}", "type": "Microsoft.Storage/storageAccounts",
                         "properties": {}})  # fmt: skip
        for c in range(4):
            target = (w * 4 + c) % accounts
            props: dict[str, Any] = {
                "authType": "AAD",
                "category": "AIServices",
                "target": f"https://ais{target}.cognitiveservices.azure.com/",
            }
            if c < 2:
                props["metadata"] = {
                    "ResourceId": f"{SUB}/Microsoft.CognitiveServices/accounts/ais{target}"
                }
            if c == 3:
                props = {
                    "authType": "AccountKey",
                    "category": "AzureBlob",
                    "target": "https://st.blob.core.windows.net/",
                }
            raws.append({"id": f"{ws}/connections/c{c}", "name": f"c{c}",
                         "type": "Microsoft.MachineLearningServices/workspaces/connections",
                         "properties": props})  # fmt: skip
        for c, ctype in enumerate(("ComputeInstance", "AmlCompute")):
            raws.append({"id": f"{ws}/computes/cmp{c}", "name": f"cmp{c}",
                         "type": "Microsoft.MachineLearningServices/workspaces/computes",
                         "properties": {"computeType": ctype, "properties": {}}})  # fmt: skip
    return Inventory(_resource(r) for r in raws)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workspaces", type=int, default=500)
    parser.add_argument("--accounts", type=int, default=500)
    args = parser.parse_args()
    inventory = estate(args.workspaces, args.accounts)
    rules = load_rules(entry_points=False).rules
    print(f"estate: {len(inventory)} resources ({args.workspaces} workspaces, "
          f"{args.accounts} AI accounts, {args.workspaces * 4} connections)")  # fmt: skip
    timings = []
    total_results = 0
    for rule in rules:
        started = time.perf_counter()
        results = engine.evaluate(inventory, [rule]).results
        timings.append((time.perf_counter() - started, rule.meta.id, len(results)))
        total_results += len(results)
    for seconds, rule_id, count in sorted(timings, reverse=True)[:8]:
        print(f"  {rule_id}: {seconds * 1000:9.1f} ms  {count} results")
    print(f"all {len(rules)} rules: {sum(t for t, _, _ in timings):.2f} s, {total_results} results")


if __name__ == "__main__":
    main()
