"""Which Cognitive Services (Azure AI Services, Azure OpenAI) accounts the AI-account rules judge.

In scope: accounts of kind AIServices or OpenAI, and any account a workspace connection targets
(whatever its kind: a connection makes it part of the ML estate). Other accounts give no result.
A connection targets an account through `properties.metadata.ResourceId` (the account's ARM id)
or through its `target` URL, whose host is one of the account's endpoints.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from auditor import arm
from auditor.inventory import Inventory
from auditor.model import Resource

ACCOUNT_TYPE = "Microsoft.CognitiveServices/accounts"
CONNECTION_TYPE = "Microsoft.MachineLearningServices/workspaces/connections"
IN_SCOPE_KINDS = ("AIServices", "OpenAI")


def _host(url: Any) -> str | None:
    if not isinstance(url, str) or "://" not in url:
        return None
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:
        return None
    return host.lower() if host else None


def account_hosts(account: Resource) -> set[str]:
    """Host names the account answers on: `properties.endpoint` and `properties.endpoints.*`."""
    hosts = {_host(account.get("properties.endpoint"))}
    endpoints = account.get("properties.endpoints")
    if isinstance(endpoints, dict):
        hosts |= {_host(v) for v in endpoints.values()}
    return {h for h in hosts if h}


def connections_targeting(account: Resource, inventory: Inventory) -> list[Resource]:
    hosts = account_hosts(account)
    found = []
    for connection in inventory.of_type(CONNECTION_TYPE):
        resource_id = connection.get("properties.metadata.ResourceId")
        by_id = isinstance(resource_id, str) and arm.same_id(resource_id, account.id)
        by_url = _host(connection.get("properties.target")) in hosts if hosts else False
        if by_id or by_url:
            found.append(connection)
    return sorted(found, key=lambda c: arm.normalize_id(c.id))


def in_scope(account: Resource, inventory: Inventory) -> bool:
    """True for AIServices and OpenAI accounts, and for any account a connection targets."""
    return arm.equals_ci(account.kind, *IN_SCOPE_KINDS) or bool(
        connections_targeting(account, inventory)
    )


def account_context(account: Resource, inventory: Inventory) -> tuple[str, ...]:
    return tuple(f"target of connection {c.id}" for c in connections_targeting(account, inventory))
