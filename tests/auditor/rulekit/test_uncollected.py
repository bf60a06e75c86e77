"""Properties that were never collected are unread: a check that asks for them gives one
not_assessed that says how to collect them, whatever it would have made of the absent values."""

from __future__ import annotations

from collections.abc import Iterator

from auditor.inventory.inventory import Inventory
from auditor.inventory.resources import Resource
from auditor.rulekit import (
    Outcome,
    References,
    Remediation,
    RuleContext,
    RuleMeta,
    Severity,
    Status,
    passed,
)
from auditor.rulekit.rule import Rule, uncollected_properties

VAULT_ID = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv"
META = RuleMeta(
    id="AML999",
    title="t",
    severity=Severity.LOW,
    resource_types=("Microsoft.KeyVault/vaults",),
    category="data",
    rationale="r",
    remediation=Remediation(description="d", az="az", bicep="b"),
    references=References(docs=("https://learn.microsoft.com/",)),
)


def _vault(raw: dict[str, object]) -> Resource:
    body = {"id": VAULT_ID, "name": "kv", "type": "Microsoft.KeyVault/vaults", **raw}
    return Resource(VAULT_ID, "Microsoft.KeyVault/vaults", "kv", body)


def _reads_property(resource: Resource, ctx: RuleContext) -> Iterator[Outcome]:
    resource.get("properties.enableSoftDelete")
    yield passed("default on")


def _reads_kind(resource: Resource, ctx: RuleContext) -> Iterator[Outcome]:
    yield passed(f"kind {resource.kind}")


def test_a_list_entry_read_for_its_properties_is_not_assessed_with_how_to_collect() -> None:
    ctx = RuleContext(Inventory([]))
    [outcome] = Rule(META, _reads_property).evaluate(_vault({"kind": "x"}), ctx)
    assert outcome.status is Status.NOT_ASSESSED
    assert outcome.message == (
        "The properties of 'kv' were not collected: this looks like a /resources list entry "
        "(as `az resource list` prints), which carries no properties; collect them with "
        "`aml-audit collect` or `az resource show --ids <resource-id>`"
    )


def test_null_or_malformed_properties_say_so() -> None:
    null = uncollected_properties(_vault({"properties": None}))
    assert null is not None and "properties is null;" in null
    text = uncollected_properties(_vault({"properties": "x"}))
    assert text is not None and "properties is not a JSON object;" in text


def test_a_check_of_top_level_members_is_judged_as_usual() -> None:
    ctx = RuleContext(Inventory([]))
    [outcome] = Rule(META, _reads_kind).evaluate(_vault({"kind": "x"}), ctx)
    assert (outcome.status, outcome.message) == (Status.PASS, "kind x")


def test_collected_properties_are_judged_as_usual() -> None:
    ctx = RuleContext(Inventory([]))
    [outcome] = Rule(META, _reads_property).evaluate(_vault({"properties": {}}), ctx)
    assert outcome.status is Status.PASS
