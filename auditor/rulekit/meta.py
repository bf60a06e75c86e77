"""The words rules speak: severities, statuses, evidence and rule metadata."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from typing import Any

from auditor.core.ids import is_guid


class Severity(enum.IntEnum):
    """Ordered: `Severity.CRITICAL > Severity.HIGH > ... > Severity.INFO`."""

    INFO = 0
    LOW = 1
    MEDIUM = 2
    HIGH = 3
    CRITICAL = 4

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Severity:
        try:
            return cls[text.strip().upper()]
        except KeyError:
            choices = ", ".join(s.label for s in sorted(cls, reverse=True))
            raise ValueError(f"unknown severity {text!r} (choose from {choices})") from None


class Status(enum.StrEnum):
    FAIL = "fail"
    PASS = "pass"
    NOT_ASSESSED = "not_assessed"
    SUPPRESSED = "suppressed"


@dataclass(frozen=True, slots=True)
class Evidence:
    path: str
    observed: Any
    expected: str

    def to_json(self) -> dict[str, Any]:
        return {"path": self.path, "observed": self.observed, "expected": self.expected}


@dataclass(frozen=True, slots=True)
class Remediation:
    description: str
    az: str
    bicep: str


@dataclass(frozen=True, slots=True)
class References:
    docs: tuple[str, ...] = ()
    policy: tuple[str, ...] = ()  # Azure Policy built-in definition GUIDs
    mcsb: tuple[str, ...] = ()  # Microsoft cloud security benchmark controls, e.g. "NS-2"


RULE_ID = re.compile(r"^AML\d{3}$")
_MCSB = re.compile(r"^[A-Z]{2}-\d{1,2}$")


@dataclass(frozen=True, slots=True)
class RuleMeta:
    """A rule's metadata, validated when the rule is defined (a bad rule fails at import)."""

    id: str
    title: str
    severity: Severity
    resource_types: tuple[str, ...]
    category: str
    rationale: str
    remediation: Remediation
    references: References
    aliases: tuple[str, ...] = ()
    # Whether the facts the rule judges are written in infrastructure code, so `aml-audit lint`
    # can judge them before deployment. A rule whose facts exist only at runtime (a private
    # endpoint's approval, an OS image's version, role assignments, the Activity Log) says False
    # and gives no result in lint; False is the default, so a rule must claim it.
    judged_in_templates: bool = False

    def __post_init__(self) -> None:
        from auditor.core.errors import RuleDefinitionError

        def bad(why: str) -> RuleDefinitionError:
            return RuleDefinitionError(f"rule {self.id!r}: {why}")

        if not RULE_ID.match(self.id):
            raise bad("id must be 'AML' followed by three digits")
        if not isinstance(self.severity, Severity):
            raise bad("severity must be a Severity")
        if not self.title.strip() or not self.rationale.strip():
            raise bad("title and rationale are required")
        if not self.resource_types or not all("/" in t for t in self.resource_types):
            raise bad("resource_types must name ARM types such as 'Microsoft.KeyVault/vaults'")
        if not re.match(r"^[a-z][a-z0-9-]*$", self.category):
            raise bad("category must be a lower-case slug")
        if not self.remediation.description.strip():
            raise bad("remediation needs a description")
        for guid in self.references.policy:
            if not (is_guid(guid) and guid == guid.lower()):  # as Azure Policy spells them
                raise bad(f"policy reference {guid!r} is not a definition GUID")
        for control in self.references.mcsb:
            if not _MCSB.match(control):
                raise bad(f"MCSB control {control!r} is not like 'NS-2'")
        for alias in self.aliases:
            if not RULE_ID.match(alias):
                raise bad(f"alias {alias!r} is not a rule id")
