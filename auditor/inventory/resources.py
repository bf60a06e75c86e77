"""What sources collect: ARM resources with their origin, and the gaps where nothing could be read.

Everything here is immutable."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from auditor.core.redact import redact_text
from auditor.inventory import arm


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
