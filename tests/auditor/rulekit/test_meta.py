"""The rule vocabulary: ordered severities, statuses, and rule metadata checked when defined."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from auditor.core.errors import RuleDefinitionError
from auditor.rulekit.meta import References, Remediation, RuleMeta, Severity, Status

REMEDIATION = Remediation("Turn it off.", "az x update --off", "resource x 'X@1' = {}")


def meta(**changes: Any) -> RuleMeta:
    fields: dict[str, Any] = {
        "id": "AML999",
        "title": "Something is open",
        "severity": Severity.HIGH,
        "resource_types": ("Microsoft.KeyVault/vaults",),
        "category": "data",
        "rationale": "Open things get used.",
        "remediation": REMEDIATION,
        "references": References(policy=("0b60c0b2-2dc2-4e1c-b5c9-abbed971de53",), mcsb=("DP-8",)),
    }
    fields.update(changes)
    return RuleMeta(**fields)


def test_severity_is_ordered_critical_to_info() -> None:
    assert Severity.CRITICAL > Severity.HIGH > Severity.MEDIUM > Severity.LOW > Severity.INFO
    assert [s.label for s in sorted(Severity, reverse=True)] == [
        "critical",
        "high",
        "medium",
        "low",
        "info",
    ]


def test_severity_parse_accepts_any_case_and_names_the_choices() -> None:
    assert Severity.parse(" High ") is Severity.HIGH
    with pytest.raises(ValueError, match="choose from critical, high, medium, low, info"):
        Severity.parse("severe")


def test_status_values_are_the_report_vocabulary() -> None:
    assert [s.value for s in Status] == ["fail", "pass", "not_assessed", "suppressed"]
    assert Status("not_assessed") is Status.NOT_ASSESSED


def test_a_valid_rule_meta_is_accepted() -> None:
    assert meta().id == "AML999"


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"id": "AML12"}, "id must be 'AML' followed by three digits"),
        ({"id": "aml123"}, "id must be 'AML' followed by three digits"),
        ({"id": "XYZ123"}, "id must be 'AML' followed by three digits"),
        ({"severity": "high"}, "severity must be a Severity"),
        ({"title": "  "}, "title and rationale are required"),
        ({"rationale": ""}, "title and rationale are required"),
        ({"resource_types": ()}, "resource_types must name ARM types"),
        ({"resource_types": ("vaults",)}, "resource_types must name ARM types"),
        ({"category": "Data Plane"}, "category must be a lower-case slug"),
        ({"remediation": Remediation(" ", "az", "bicep")}, "remediation needs a description"),
        ({"references": References(policy=("not-a-guid",))}, "is not a definition GUID"),
        ({"references": References(mcsb=("network 2",))}, "is not like 'NS-2'"),
        ({"aliases": ("OLD1",)}, "alias 'OLD1' is not a rule id"),
    ],
)
def test_invalid_rule_meta_fails_at_definition(changes: dict[str, Any], problem: str) -> None:
    with pytest.raises(RuleDefinitionError, match=problem):
        meta(**changes)


def test_model_objects_are_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        meta().id = "AML998"  # type: ignore[misc]
