"""auditor.rulekit.relations: the lookups cross-resource rules share, and their indexes."""

from __future__ import annotations

from typing import Any

from auditor.inventory.inventory import Inventory, LookupState
from auditor.inventory.resource_types import COGNITIVE_ACCOUNTS, CONNECTIONS, WORKSPACES
from auditor.inventory.resources import Resource
from auditor.rulekit import relations
from auditor.rulekit.rule import RuleContext

RG = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers"
WS = f"{RG}/Microsoft.MachineLearningServices/workspaces/ws"
ACCOUNT = f"{RG}/Microsoft.CognitiveServices/accounts/oai"


def _r(rid: str, rtype: str, properties: dict[str, Any], **extra: Any) -> Resource:
    raw = {"id": rid, "type": rtype, "name": rid.rsplit("/", 1)[-1], "properties": properties}
    return Resource(rid, rtype, raw["name"], {**raw, **extra})


def _account() -> Resource:
    return _r(
        ACCOUNT,
        COGNITIVE_ACCOUNTS,
        {"endpoint": "https://oai.openai.azure.com/", "endpoints": {"x": "https://oai.x.com"}},
        kind="OpenAI",
    )


def _connection(name: str, properties: dict[str, Any]) -> Resource:
    return _r(f"{WS}/connections/{name}", CONNECTIONS, properties)


def test_a_connection_targets_an_account_by_metadata_id_or_by_any_endpoint_host() -> None:
    inventory = Inventory([_account()])
    ctx = RuleContext(inventory)
    by_id = _connection("a", {"category": "Git", "metadata": {"resourceid": ACCOUNT.upper()}})
    by_host = _connection("b", {"category": "azureopenai", "target": "HTTPS://OAI.X.COM/v1"})
    bare_host = _connection("c", {"category": "AIServices", "target": "oai.openai.azure.com"})
    other = _connection("d", {"category": "AzureBlob", "target": "https://oai.openai.azure.com"})
    for connection in (by_id, by_host, bare_host):
        target = relations.cognitive_target(connection, ctx)
        assert target is not None and target.lookup.state is LookupState.FOUND
        assert target.lookup.resource is not None and target.lookup.resource.id == ACCOUNT
    assert relations.cognitive_target(other, ctx) is None


def test_an_unmatched_target_is_unknown_not_absent() -> None:
    ctx = RuleContext(Inventory([_account()]))
    stranger = _connection(
        "s", {"category": "AzureOpenAI", "target": "https://else.openai.azure.com"}
    )
    blank = _connection("t", {"category": "AzureOpenAI", "target": ""})
    for connection in (stranger, blank):
        target = relations.cognitive_target(connection, ctx)
        assert target is not None and target.lookup.state is LookupState.UNKNOWN


def test_indexes_follow_an_inventory_that_grows() -> None:
    """The per-inventory indexes are rebuilt when resources are added after a first lookup."""
    inventory = Inventory([_account()])
    ctx = RuleContext(inventory)
    account = _account()
    assert relations.connections_targeting(account, ctx) == []
    assert relations.ai_account_in_scope(account, ctx) == (True, ())
    inventory.add(
        _connection("late", {"category": "AIServices", "metadata": {"ResourceId": ACCOUNT}})
    )
    assert [c.name for c in relations.connections_targeting(account, ctx)] == ["late"]
    assert relations.ai_account_in_scope(account, ctx) == (
        True,
        ("targeted by connection late of workspace ws",),
    )


def test_workspaces_naming_compares_ids_case_insensitively() -> None:
    registry = f"{RG}/Microsoft.ContainerRegistry/registries/acr"
    workspaces = [
        _r(f"{WS}{i}", WORKSPACES, {"containerRegistry": rid})
        for i, rid in enumerate((registry, registry.upper() + "/", f"{registry}2", ""))
    ]
    ctx = RuleContext(Inventory(workspaces))
    named = relations.workspaces_naming(ctx, "properties.containerRegistry", registry.lower())
    assert [w.name for w in named] == ["ws0", "ws1"]


def test_private_endpoints_read_inline_first_then_the_listed_children() -> None:
    child_type = "Microsoft.MachineLearningServices/workspaces/privateEndpointConnections"
    inline = _r(WS, WORKSPACES, {"privateEndpointConnections": [
        {"name": "a", "properties": {"privateLinkServiceConnectionState": {"status": "Approved"}}},
        {"name": "b", "privateLinkServiceConnectionState": {"status": "Pending"}},
        "not an object",
    ]})  # fmt: skip
    ctx = RuleContext(Inventory([inline]))
    found = relations.private_endpoints(inline, ctx, child_type)
    assert found.statuses == (("a", "Approved"), ("b", "Pending"))
    assert found.approved == ("a",)
    bare = _r(WS + "2", WORKSPACES, {})
    assert relations.private_endpoints(bare, ctx, child_type).statuses == ()
    assert relations.private_endpoints(bare, ctx, child_type).state is LookupState.FOUND
