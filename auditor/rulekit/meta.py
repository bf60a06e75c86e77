"""The words rules speak: severities, statuses, evidence and rule metadata."""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
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
        return _SEVERITY_LABELS[self]  # an estate's reports ask 400,000 times

    @classmethod
    def parse(cls, text: str) -> Severity:
        try:
            return cls[text.strip().upper()]
        except KeyError:
            choices = ", ".join(s.label for s in sorted(cls, reverse=True))
            raise ValueError(f"unknown severity {text!r} (choose from {choices})") from None


_SEVERITY_LABELS = {severity: severity.name.lower() for severity in Severity}


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
    # Microsoft Defender for Cloud recommendations the rule corresponds to, by their titles as
    # the recommendations reference spells them (docs/coverage.md lays them side by side).
    defender: tuple[str, ...] = ()


SettingValue = int | str | bool | tuple[str, ...]
_SETTING_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True, slots=True)
class Setting:
    """One setting a rule takes from the configuration file (`[rules.AML114] max_age_days = 60`),
    with its default. The default's type is the setting's type: a whole number, a string, a
    boolean, or a list of strings (a tuple here). `minimum` bounds a number."""

    name: str  # snake_case, as written in the file
    default: SettingValue
    description: str
    minimum: int | None = None

    @property
    def kind(self) -> str:
        """How the type reads in a message and in the docs."""
        if isinstance(self.default, bool):
            return "true or false"
        if isinstance(self.default, int):
            bound = f" of at least {self.minimum}" if self.minimum is not None else ""
            return f"a whole number{bound}"
        if isinstance(self.default, tuple):
            return "a list of strings"
        return "a string"

    def parse(self, value: Any) -> SettingValue:
        """The configured value as the rule reads it; ValueError (saying what is expected)
        when it is not of the setting's type."""
        wrong = ValueError(f"{self.name} must be {self.kind} (got {value!r})")
        if isinstance(self.default, bool):
            if not isinstance(value, bool):
                raise wrong
            return value
        if isinstance(self.default, int):
            if isinstance(value, bool) or not isinstance(value, int):
                raise wrong
            if self.minimum is not None and value < self.minimum:
                raise wrong
            return value
        if isinstance(self.default, tuple):
            if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
                raise wrong
            return tuple(v.strip() for v in value if v.strip())
        if not isinstance(value, str):
            raise wrong
        return value

    def shown(self) -> str:
        """The default as the configuration file would spell it."""
        if isinstance(self.default, bool):
            return "true" if self.default else "false"
        if isinstance(self.default, tuple):
            return "[" + ", ".join(f'"{v}"' for v in self.default) + "]"
        if isinstance(self.default, str):
            return f'"{self.default}"'
        return str(self.default)


RULE_ID = re.compile(r"^AML\d{3}$")
# An attack path (auditor/evaluate/paths/) is described by a RuleMeta too: AMLP01, AMLP02 ...
PATH_ID = re.compile(r"^AMLP\d{2}$")
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
    settings: tuple[Setting, ...] = ()  # what `[rules.<id>]` in the configuration may set

    @property
    def is_path(self) -> bool:
        """Whether this describes an attack path (a chain of other results), not a rule."""
        return bool(PATH_ID.match(self.id))

    def setting(self, name: str) -> Setting | None:
        return next((s for s in self.settings if s.name == name), None)

    def setting_values(self, configured: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """The rule's settings: each configured value (already checked against its `Setting`),
        else the setting's default."""
        given = configured or {}
        return {s.name: given.get(s.name, s.default) for s in self.settings}

    def __post_init__(self) -> None:
        from auditor.core.errors import RuleDefinitionError

        def bad(why: str) -> RuleDefinitionError:
            return RuleDefinitionError(f"rule {self.id!r}: {why}")

        if not (RULE_ID.match(self.id) or PATH_ID.match(self.id)):
            raise bad("id must be 'AML' followed by three digits ('AMLP' and two for a path)")
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
        for title in self.references.defender:
            if not title.strip() or title != title.strip():
                raise bad(f"Defender recommendation {title!r} must be a title")
        for alias in self.aliases:
            if not RULE_ID.match(alias):
                raise bad(f"alias {alias!r} is not a rule id")
        names = [s.name for s in self.settings]
        for setting in self.settings:
            if not _SETTING_NAME.match(setting.name) or names.count(setting.name) > 1:
                raise bad(f"setting {setting.name!r} must be a unique snake_case name")
            try:
                setting.parse(
                    list(setting.default) if isinstance(setting.default, tuple) else setting.default
                )
            except ValueError as exc:
                raise bad(f"setting default: {exc}") from None
