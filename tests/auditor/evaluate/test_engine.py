"""The engine: every rule on every resource of its types; a crash or a gap is not_assessed,
never a pass; results are stamped with stable fingerprints and sorted."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from auditor.evaluate import engine
from auditor.inventory.inventory import Inventory
from auditor.inventory.resources import Gap, Location, Resource
from auditor.rulekit.meta import Severity, Status
from auditor.rulekit.rule import Outcome, Rule, RuleContext, evidence, fail, not_assessed, passed
from tests.auditor.rulekit.test_meta import meta

SUB1 = "/subscriptions/00000000-0000-0000-0000-000000000001"
SUB2 = "/subscriptions/00000000-0000-0000-0000-000000000002"
VAULT_TYPE = "Microsoft.KeyVault/vaults"
WS_TYPE = "Microsoft.MachineLearningServices/workspaces"
KV_A = f"{SUB1}/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-a"
KV_B = f"{SUB1}/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-b"
KV_BOOM = f"{SUB1}/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-boom"
WS = f"{SUB1}/resourceGroups/rg/providers/{WS_TYPE}/ws"


def vault(resource_id: str, **properties: Any) -> Resource:
    name = resource_id.rsplit("/", 1)[-1]
    return Resource(
        resource_id,
        VAULT_TYPE,
        name,
        {"id": resource_id, "properties": properties},
        Location("file", "estate.json", None, 3, 3),
    )


def purge_check(resource: Resource, ctx: RuleContext) -> Iterator[Outcome]:
    if resource.name == "kv-boom":
        raise KeyError("properties")
    value = resource.get("properties.enablePurgeProtection")
    proof = evidence("properties.enablePurgeProtection", value, "true", default="off")
    if value is True:
        yield passed("protected", proof)
    else:
        yield fail("not protected", proof, severity=Severity.LOW if value is False else None)


PURGE = Rule(meta(id="AML900"), purge_check)


def triples(results: Any) -> set[tuple[str, str, str]]:
    return {(r.rule_id, r.resource_id, r.status.value) for r in results}


def test_each_resource_of_the_rule_types_gets_a_result_and_a_raising_rule_is_contained() -> None:
    inventory = Inventory(
        [
            vault(KV_A, enablePurgeProtection=True),
            vault(KV_B),
            vault(KV_BOOM),
            Resource(WS, WS_TYPE, "ws", {}),
        ]
    )
    scan = engine.evaluate(inventory, [PURGE])
    assert triples(scan.results) == {
        ("AML900", KV_A, "pass"),
        ("AML900", KV_B, "fail"),
        ("AML900", KV_BOOM, "not_assessed"),
    }
    boom = next(r for r in scan.results if r.resource_id == KV_BOOM)
    assert boom.message == "rule AML900 could not evaluate this resource: KeyError: 'properties'"
    assert scan.complete is False


def test_results_are_stamped_from_the_rule_and_resource() -> None:
    scan = engine.evaluate(Inventory([vault(KV_B)]), [PURGE])
    (result,) = scan.results
    assert result.title == "Something is open"
    assert result.severity is Severity.HIGH
    assert (result.resource_type, result.resource_name) == (VAULT_TYPE, "kv-b")
    assert result.location == Location("file", "estate.json", None, 3, 3)
    assert result.fingerprint == engine.fingerprint("AML900", KV_B)
    assert [(e.path, e.observed, e.expected) for e in result.evidence] == [
        ("properties.enablePurgeProtection", "absent (default: off)", "true")
    ]


def test_a_rule_may_lower_the_severity_of_one_result() -> None:
    scan = engine.evaluate(Inventory([vault(KV_B, enablePurgeProtection=False)]), [PURGE])
    assert [r.severity for r in scan.results] == [Severity.LOW]


def test_a_rule_that_yields_something_else_is_not_assessed() -> None:
    def wrong(resource: Resource, ctx: RuleContext) -> Iterator[Any]:
        yield "fail"

    def suppresses(resource: Resource, ctx: RuleContext) -> Iterator[Outcome]:
        yield Outcome(Status.SUPPRESSED, "trust me")

    def returns_none(resource: Resource, ctx: RuleContext) -> None:
        return None

    rules = [
        Rule(meta(id="AML901"), wrong),
        Rule(meta(id="AML902"), suppresses),
        Rule(meta(id="AML903"), returns_none),  # type: ignore[arg-type]
    ]
    scan = engine.evaluate(Inventory([vault(KV_A)]), rules)
    assert triples(scan.results) == {
        ("AML901", KV_A, "not_assessed"),
        ("AML902", KV_A, "not_assessed"),
        ("AML903", KV_A, "not_assessed"),
    }
    assert [r.message for r in scan.results] == [
        "rule AML901 could not evaluate this resource: TypeError: check yielded str, "
        "not an Outcome",
        "rule AML902 could not evaluate this resource: TypeError: check yielded status "
        "suppressed; rules never suppress",
        "rule AML903 could not evaluate this resource: TypeError: 'NoneType' object is not "
        "iterable",
    ]


def test_a_gap_covering_the_rule_types_is_not_assessed_never_pass() -> None:
    inventory = Inventory(
        [vault(KV_A, enablePurgeProtection=True)],
        gaps=[
            Gap(SUB2, None, 403, "AuthorizationFailed", "denied"),
            Gap(SUB1, "Microsoft.Storage/storageAccounts", 403, "Denied", "not vaults"),
            Gap(f"{SUB1}/resourceGroups/locked", VAULT_TYPE, None, "Timeout", "gave up"),
        ],
    )
    scan = engine.evaluate(inventory, [PURGE])
    assert triples(scan.results) == {
        ("AML900", KV_A, "pass"),
        ("AML900", SUB2, "not_assessed"),
        ("AML900", f"{SUB1}/resourceGroups/locked", "not_assessed"),
    }
    messages = {r.resource_id: r.message for r in scan.results}
    assert messages[SUB2] == (
        "Not assessed: resources under this scope could not be read (HTTP 403 AuthorizationFailed)"
    )
    assert messages[f"{SUB1}/resourceGroups/locked"] == (
        "Not assessed: Microsoft.KeyVault/vaults under this scope could not be read (Timeout)"
    )
    assert scan.complete is False
    # gaps are reported in scope order, whatever order the collectors found them in
    assert [g.scope for g in scan.gaps] == [SUB1, f"{SUB1}/resourceGroups/locked", SUB2]


def test_a_gap_on_a_parent_type_covers_child_type_rules_once_per_scope() -> None:
    def endpoint_check(resource: Resource, ctx: RuleContext) -> Iterator[Outcome]:
        yield passed("ok")

    endpoints = Rule(
        meta(
            id="AML904", resource_types=(f"{WS_TYPE}/onlineEndpoints", f"{WS_TYPE}/batchEndpoints")
        ),
        endpoint_check,
    )
    inventory = Inventory(
        gaps=[Gap(SUB1, WS_TYPE, 403, "Denied", "a"), Gap(SUB1.upper(), None, 403, "Denied", "b")]
    )
    scan = engine.evaluate(inventory, [endpoints])
    assert triples(scan.results) == {("AML904", SUB1, "not_assessed")}


def test_rules_get_the_inventory_and_the_clock_through_the_context() -> None:
    seen: list[Any] = []

    def cross(resource: Resource, ctx: RuleContext) -> Iterator[Outcome]:
        seen.append((ctx.now, ctx.resolve(KV_A.upper()).state.value, len(ctx.of_type(VAULT_TYPE))))
        yield not_assessed("looked")

    clock = datetime(2026, 11, 26, tzinfo=UTC)
    rule = Rule(meta(id="AML905"), cross)
    engine.evaluate(Inventory([vault(KV_A), vault(KV_B)]), [rule], now=clock)
    assert seen == [(clock, "found", 2), (clock, "found", 2)]


def test_fingerprint_is_stable_across_id_case_and_distinct_per_rule_and_resource() -> None:
    assert engine.fingerprint("AML101", KV_A) == engine.fingerprint("AML101", KV_A.upper() + "/")
    assert engine.fingerprint("AML101", KV_A) != engine.fingerprint("AML102", KV_A)
    assert engine.fingerprint("AML101", KV_A) != engine.fingerprint("AML101", KV_B)
    assert len(engine.fingerprint("AML101", KV_A)) == 32


def test_results_are_sorted_by_rule_then_resource() -> None:
    rules = [Rule(meta(id="AML907"), purge_check), Rule(meta(id="AML906"), purge_check)]
    inventory = Inventory([vault(KV_B), vault(KV_A.upper())])
    scan = engine.evaluate(inventory, rules)
    assert [(r.rule_id, r.resource_name) for r in scan.results] == [
        ("AML906", "KV-A"),
        ("AML906", "kv-b"),
        ("AML907", "KV-A"),
        ("AML907", "kv-b"),
    ]
    assert [m.id for m in scan.rules] == ["AML907", "AML906"]


def test_select_and_ignore_by_id_and_alias() -> None:
    renamed = Rule(meta(id="AML908", aliases=("AML108",)), purge_check)
    rules = [PURGE, renamed]
    assert [r.meta.id for r in engine.select_rules(rules, select=["aml108"])] == ["AML908"]
    assert [r.meta.id for r in engine.select_rules(rules, ignore=["AML108"])] == ["AML900"]
    assert [r.meta.id for r in engine.select_rules(rules, [" ", ""], [])] == ["AML900", "AML908"]
