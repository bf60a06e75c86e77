"""A value a template leaves to deployment (`Unresolved`) is never judged: a check that reads
one, directly, inside a list, under an object it hides, or on another resource, gives one
not_assessed quoting the expression, whatever it would have said."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from auditor.inventory.inventory import Inventory
from auditor.inventory.resources import Resource
from auditor.inventory.unresolved import Unresolved
from auditor.rulekit import (
    Outcome,
    References,
    Remediation,
    RuleContext,
    RuleMeta,
    Severity,
    Status,
    fail,
    passed,
)
from auditor.rulekit.rule import Rule

VAULT_ID = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv"
OTHER_ID = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/other"
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
AUTH = Unresolved("[parameters('purge')]", "parameter 'purge' has no default value")


def _vault(rid: str, properties: dict[str, object]) -> Resource:
    name = rid.rsplit("/", 1)[-1]
    body = {"id": rid, "name": name, "type": "Microsoft.KeyVault/vaults", "properties": properties}
    return Resource(rid, "Microsoft.KeyVault/vaults", name, body)


def _passes_on_purge(resource: Resource, ctx: RuleContext) -> Iterator[Outcome]:
    value = resource.get("properties.enablePurgeProtection")
    yield passed("on") if value is True else fail("off")


def _reads_acl_action(resource: Resource, ctx: RuleContext) -> Iterator[Outcome]:
    resource.get("properties.networkAcls.defaultAction")
    yield passed("absent action: judged by a default")


def _reads_rules(resource: Resource, ctx: RuleContext) -> Iterator[Outcome]:
    rules = resource.get("properties.networkAcls.ipRules")
    yield passed(f"{len(rules)} rules")


def _reads_other(resource: Resource, ctx: RuleContext) -> Iterator[Outcome]:
    other = ctx.resolve(OTHER_ID).resource
    assert other is not None
    other.get("properties.enablePurgeProtection")
    yield passed("the other vault is fine")


@pytest.mark.parametrize(
    ("check", "properties", "path"),
    [
        (_passes_on_purge, {"enablePurgeProtection": AUTH}, "properties.enablePurgeProtection"),
        # An unresolved object on the way is named at its own path.
        (_reads_acl_action, {"networkAcls": AUTH}, "properties.networkAcls"),
        (
            _reads_rules,
            {"networkAcls": {"ipRules": [{"value": "1.2.3.4"}, {"value": AUTH}]}},
            "properties.networkAcls.ipRules[1].value",
        ),
    ],
)
def test_a_check_that_reads_an_unresolved_value_is_not_assessed(
    check: object, properties: dict[str, object], path: str
) -> None:
    vault = _vault(VAULT_ID, properties)
    [outcome] = Rule(META, check).evaluate(vault, RuleContext(Inventory([vault])))  # type: ignore[arg-type]
    assert outcome.status is Status.NOT_ASSESSED
    assert outcome.message == (
        f"'kv' cannot be judged before deployment: {path} is [parameters('purge')] "
        "(parameter 'purge' has no default value)"
    )
    assert [(e.path, e.observed) for e in outcome.evidence] == [(path, "[parameters('purge')]")]


def test_an_unresolved_value_on_a_referenced_resource_is_not_assessed_too() -> None:
    vault = _vault(VAULT_ID, {"enablePurgeProtection": True})
    other = _vault(OTHER_ID, {"enablePurgeProtection": AUTH})
    [outcome] = Rule(META, _reads_other).evaluate(vault, RuleContext(Inventory([vault, other])))
    assert outcome.status is Status.NOT_ASSESSED
    assert "[parameters('purge')]" in outcome.message


def test_resolved_values_are_judged_as_usual() -> None:
    vault = _vault(VAULT_ID, {"enablePurgeProtection": True, "other": AUTH})
    [outcome] = Rule(META, _passes_on_purge).evaluate(vault, RuleContext(Inventory([vault])))
    assert outcome.status is Status.PASS
