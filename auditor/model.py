"""The data model shared by sources, engine and reporters.

Everything here is immutable: results are stamped and changed with `dataclasses.replace`.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any


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


class _Missing:
    """The value of a JSON path that is not there (distinct from an explicit null)."""

    _instance: _Missing | None = None

    def __new__(cls) -> _Missing:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "MISSING"

    def __bool__(self) -> bool:
        return False


MISSING: Any = _Missing()


@dataclass(frozen=True, slots=True)
class Location:
    """Where a resource came from: a live ARM URL (with api-version) or a file and line range."""

    kind: str  # "arm" | "file"
    uri: str
    api_version: str | None = None
    start_line: int | None = None
    end_line: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "uri": self.uri,
            "api_version": self.api_version,
            "start_line": self.start_line,
            "end_line": self.end_line,
        }


@dataclass(frozen=True, slots=True)
class Resource:
    """One ARM resource exactly as the REST API (or a template) has it, plus its origin.

    Rules read `raw` through JSON paths (`resource.get("properties.authMode")`), never SDK model
    attributes, so one rule judges live resources, snapshots and templates alike.
    """

    id: str
    type: str
    name: str
    raw: Mapping[str, Any] = field(hash=False, repr=False)
    source: Location | None = None

    @property
    def kind(self) -> str | None:
        value = self.get("kind")
        return value if isinstance(value, str) else None

    @property
    def subscription_id(self) -> str | None:
        from auditor import arm

        return arm.subscription_of(self.id)

    def get(self, path: str) -> Any:
        """Value at a dotted JSON path, keys compared case-insensitively; MISSING if absent."""
        from auditor.arm import get_path

        return get_path(self.raw, path)


@dataclass(frozen=True, slots=True)
class Gap:
    """A scope or resource type that could not be read, and why: results under it are
    not_assessed."""

    scope: str  # an ARM id: a subscription, a resource, or the parent of a collection
    resource_type: str | None  # what could not be read there; None means everything under scope
    status: int | None  # HTTP status, None for non-HTTP failures (timeout, malformed body)
    code: str
    message: str

    def __post_init__(self) -> None:
        # The message is ARM's error text (or a snapshot's): it may quote a URL with a SAS `sig=`
        # or a value. Redacted here, every log line, snapshot and report that shows it is safe.
        from auditor.redact import redact_text

        object.__setattr__(self, "message", redact_text(self.message))

    def to_json(self) -> dict[str, Any]:
        return {
            "scope": self.scope,
            "resource_type": self.resource_type,
            "status": self.status,
            "code": self.code,
            "message": self.message,
        }


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
_GUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
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

    def __post_init__(self) -> None:
        from auditor.errors import RuleDefinitionError

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
            if not _GUID.match(guid):
                raise bad(f"policy reference {guid!r} is not a definition GUID")
        for control in self.references.mcsb:
            if not _MCSB.match(control):
                raise bad(f"MCSB control {control!r} is not like 'NS-2'")
        for alias in self.aliases:
            if not RULE_ID.match(alias):
                raise bad(f"alias {alias!r} is not a rule id")


@dataclass(frozen=True, slots=True)
class Suppression:
    """Why a result is accepted, and until when (from the config's [[suppress]] entries)."""

    reason: str
    expires: date | None = None
    source: str = "config"

    def to_json(self) -> dict[str, Any]:
        return {
            "reason": self.reason,
            "expires": self.expires.isoformat() if self.expires else None,
            "source": self.source,
        }


@dataclass(frozen=True, slots=True)
class Result:
    """One evaluation of one rule on one resource."""

    rule_id: str
    title: str
    severity: Severity
    status: Status
    resource_id: str
    resource_type: str
    resource_name: str
    message: str
    evidence: tuple[Evidence, ...] = ()
    fingerprint: str = ""
    location: Location | None = None
    suppression: Suppression | None = None
    baseline: str | None = None  # "new" | "known" when compared with a baseline, else None
    context: tuple[str, ...] = ()  # related facts, e.g. which workspaces use a shared vault


@dataclass(frozen=True, slots=True)
class ScanResult:
    results: tuple[Result, ...]
    gaps: tuple[Gap, ...]
    rules: tuple[RuleMeta, ...]
    sources: tuple[str, ...]
    started_at: datetime
    finished_at: datetime
    tool_version: str
    warnings: tuple[str, ...] = ()
    resolved: tuple[Result, ...] = ()  # failing in the baseline, gone now

    def __post_init__(self) -> None:
        # Warnings quote exceptions (a rule plugin that failed to load) and config values: every
        # report shows them, so credentials in them are redacted here.
        from auditor.redact import redact_words

        object.__setattr__(self, "warnings", tuple(redact_words(w) for w in self.warnings))

    @property
    def complete(self) -> bool:
        """False when something could not be read or judged: every report must say so."""
        return not self.gaps and not any(r.status is Status.NOT_ASSESSED for r in self.results)

    def by_status(self) -> dict[str, int]:
        counts = {s.value: 0 for s in Status}
        for r in self.results:
            counts[r.status.value] += 1
        return counts

    def by_severity(self, status: Status = Status.FAIL) -> dict[str, int]:
        counts = {s.label: 0 for s in sorted(Severity, reverse=True)}
        for r in self.results:
            if r.status is status:
                counts[r.severity.label] += 1
        return counts
