"""What sources collect: ARM resources with their origin, and the gaps where nothing could be read.

Everything here is immutable."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from auditor.core.redact import redact_text
from auditor.inventory import arm

_INDEX = re.compile(r"\[(\d+)\]")  # `ipRules[0]` in an evidence path is `iprules.0` in positions


@dataclass(frozen=True, slots=True)
class InlineSuppression:
    """`# aml-audit:ignore AML201 reason...` written on or above a resource in a template (`//`
    in Bicep, the resource's `metadata` in ARM JSON): accepts that rule's failing result on it."""

    rule_id: str
    reason: str  # required: a suppression without one is a FileProblem, not a suppression
    line: int


@dataclass(frozen=True, slots=True)
class Location:
    """Where a resource came from: a live ARM URL (with api-version) or a file and line range.

    A resource read from infrastructure code also carries where each of its properties was set
    (`positions`: lower-case dotted ARM path to its first and last line), the inline
    suppressions written on it, and the condition it is deployed under when that could not be
    decided. A result's location is narrowed to the property its evidence names (`narrowed`)."""

    kind: str  # "arm" | "file"
    uri: str
    api_version: str | None = None
    start_line: int | None = None
    end_line: int | None = None
    positions: Mapping[str, tuple[int, int]] = field(
        default_factory=dict, hash=False, compare=False, repr=False
    )
    suppressions: tuple[InlineSuppression, ...] = ()
    condition: str | None = None

    def narrowed(self, paths: Iterable[str]) -> Location:
        """This location at the lines of the first of `paths` (evidence paths such as
        `properties.authMode` or `properties.ipRules[0].value`) that was set in the file, or of
        its nearest parent that was; the whole block when none was. Without positions, itself."""
        if not self.positions:
            return self
        for path in paths:
            span = self.span_of(path)
            if span is not None:
                return replace(self, start_line=span[0], end_line=span[1], positions={})
        return replace(self, positions={})

    def span_of(self, path: str) -> tuple[int, int] | None:
        """The lines where `path`, or the nearest parent object of it that is not a top-level
        member, was set: an absent `properties.publicNetworkAccess` points at the resource's
        block (None), not at the whole `properties` object."""
        key = _INDEX.sub(r".\1", path.strip().lower())
        exact = True
        while key and (exact or "." in key):
            span = self.positions.get(key)
            if span is not None:
                return span
            key, exact = key.rpartition(".")[0], False
        return None

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
        return arm.subscription_of(self.id)

    def get(self, path: str) -> Any:
        """Value at a dotted JSON path, keys compared case-insensitively; MISSING if absent."""
        return arm.get_path(self.raw, path)


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
        object.__setattr__(self, "message", redact_text(self.message))

    def failure(self, show_code: Callable[[str], str] = str) -> str:
        """How the read failed, the one wording every message and report uses:
        `HTTP 403 AuthorizationFailed`, or the code alone when it was not HTTP (a timeout).
        `show_code` formats the code (escaped for a terminal, a code span in Markdown)."""
        status = f"HTTP {self.status} " if self.status is not None else ""
        return f"{status}{show_code(self.code)}"

    def not_assessed_message(self) -> str:
        """The message of the not_assessed result the gap gives each rule it covers."""
        what = self.resource_type or "resources"
        return f"Not assessed: {what} under this scope could not be read ({self.failure()})"

    def covers_type(self, resource_type: str | None) -> bool:
        """Whether resources of `resource_type` (a type or a child type of the gap's) were
        unreadable under the gap's scope. A gap without a type covers everything there."""
        if self.resource_type is None:
            return True
        return bool(resource_type) and arm.type_within(resource_type or "", self.resource_type)

    def covers(self, resource_id: str, resource_type: str | None = None) -> bool:
        """Whether this gap makes `resource_id` unreadable: the one definition of gap coverage
        (the Inventory's lookups, the engine's not_assessed results and the baseline use it)."""
        if not arm.is_within(resource_id, self.scope):
            return False
        return self.covers_type(resource_type or arm.type_of(resource_id))

    def to_json(self) -> dict[str, Any]:
        return {
            "scope": self.scope,
            "resource_type": self.resource_type,
            "status": self.status,
            "code": self.code,
            "message": self.message,
        }
