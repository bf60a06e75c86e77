"""A value a template leaves to deployment (`Unresolved`) in any property any rule judges never
gives a pass: the rule's result on that resource is not_assessed, quoting the expression.

For every rule and every case of it in tests/rules/cases/ (passing ones included), the paths the
rule reads are found by watching it work, as tests/rules/test_mutations.py does; each path, and
each object on the way to it, is then replaced by an Unresolved expression and the rule runs
again through the engine. It is decided once, in Rule.evaluate, for every rule, so this test is
what keeps a new rule (or a new way of reading) from slipping past it.
"""

from __future__ import annotations

import copy
from dataclasses import replace
from typing import Any

import pytest

from auditor.inventory import arm
from auditor.inventory.inventory import Inventory
from auditor.inventory.resources import Resource
from auditor.inventory.unresolved import Unresolved
from auditor.rulekit.meta import Status
from auditor.rulekit.rule import Rule, RuleContext
from tests.rules.test_mutations import (
    RULES,
    Path_,
    _case_modules,
    _inventory,
    _now,
    _watching_reads,
)

EXPRESSION = Unresolved("[parameters('fromDeployment')]", "parameter 'fromDeployment' has no value")


def _with_unresolved(raw: Any, path: Path_) -> dict[str, Any] | None:
    """A copy of `raw` with the value at `path` replaced; None if the path is not all there."""
    document: dict[str, Any] = copy.deepcopy(dict(raw))
    node: Any = document
    for key in path[:-1]:
        if isinstance(key, int):
            if not isinstance(node, list) or key >= len(node):
                return None
        elif not isinstance(node, dict) or key not in node:
            return None
        node = node[key]
    last = path[-1]
    if isinstance(last, int):
        if not isinstance(node, list) or last >= len(node):
            return None
    elif not isinstance(node, dict) or last not in node:
        return None
    node[last] = EXPRESSION
    return document


def _rules() -> list[str]:
    return sorted({rule_id for rule_id, _ in _case_modules()})


def _verdicts(rule: Rule, resource: Resource, inventory: Inventory, now: Any) -> list[Status]:
    ctx = RuleContext(inventory) if now is None else RuleContext(inventory, now)
    try:
        return [outcome.status for outcome in rule.evaluate(resource, ctx)]
    except Exception as exc:  # the engine would say not_assessed; a crash is still a defect
        raise AssertionError(f"{rule.meta.id} raised on {resource.id}: {exc!r}") from exc


@pytest.mark.parametrize("rule_id", _rules())
def test_an_unresolved_value_in_any_judged_property_never_passes(rule_id: str) -> None:
    """For each resource the rule judges, each path read while judging it (on it or on another
    resource) is made unresolved in turn: that resource's result is never a pass."""
    rule = RULES.get(rule_id)
    assert rule is not None
    problems: list[str] = []
    tried = 0
    for case_rule, cases in _case_modules():
        if case_rule != rule_id:
            continue
        for case in cases:
            inventory = _inventory(case)
            now = _now(case)
            judged = [
                resource
                for rtype in rule.meta.resource_types
                for resource in inventory.of_type(rtype)
            ]
            for target in judged:
                with _watching_reads(inventory) as reads:
                    _verdicts(rule, target, inventory, now)
                for resource_id, _, path in sorted(reads, key=repr):
                    if not path or path == ("properties",):
                        continue  # the whole body or properties: the uncollected check's
                    resource = inventory.get(resource_id)
                    mutated = _with_unresolved(resource.raw, path) if resource else None
                    if resource is None or mutated is None:
                        continue
                    tried += 1
                    mutant = replace(resource, raw=mutated)
                    mutant_inventory = Inventory(
                        inventory,
                        inventory.gaps,
                        inventory.missing,
                        inventory.listed,
                        sources=inventory.sources,
                        scopes=inventory.scopes,
                    )
                    mutant_inventory.add(mutant)
                    judged_now = mutant if arm.same_id(resource.id, target.id) else target
                    statuses = _verdicts(rule, judged_now, mutant_inventory, now)
                    if Status.PASS in statuses:
                        problems.append(
                            f"{case['name']!r}: {'.'.join(map(str, path))} of {resource_id} "
                            f"unresolved, yet {target.id} passes"
                        )
                    elif statuses != [Status.NOT_ASSESSED]:
                        problems.append(
                            f"{case['name']!r}: {'.'.join(map(str, path))} of {resource_id} "
                            f"unresolved, yet {target.id} is {[s.value for s in statuses]}"
                        )
    assert tried > 0
    assert not problems, "\n".join(problems)
