"""Diagnostic settings: does a resource send the logs a rule asks for to somewhere they are kept?

Diagnostic settings are extension resources, `{resourceId}/providers/Microsoft.Insights/
diagnosticSettings/{name}`, that the collector lists per resource. A setting qualifies when it has
a destination (a Log Analytics workspace, a storage account, an event hub or a partner solution)
and at least one enabled log entry that the rule accepts (a category such as `AuditEvent` or a
category group such as `audit` / `allLogs`).

Whether the collection was read decides the outcome as much as its content: listed with no
qualifying setting is a finding; unreadable or never collected is `not_assessed`, never a pass or
a fail on data we do not have.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from auditor.inventory.arm import MISSING, get_path, is_arm_id, is_true
from auditor.inventory.inventory import LookupState, gap_reason
from auditor.inventory.resource_types import DIAGNOSTIC_SETTINGS
from auditor.inventory.resources import Resource
from auditor.rulekit.meta import Evidence
from auditor.rulekit.rule import Outcome, RuleContext, fail, not_assessed, passed

DESTINATIONS = (
    "workspaceId",
    "storageAccountId",
    "eventHubAuthorizationRuleId",
    "marketplacePartnerId",
)
EVIDENCE_PATH = f"providers/{DIAGNOSTIC_SETTINGS}"


@dataclass(frozen=True, slots=True)
class LogSelector:
    """Which enabled log entries count. Names compare case-insensitively."""

    label: str  # what the logs are, for messages: "its AuditEvent log"
    categories: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    any_category: bool = False  # any enabled log category (or group) counts

    def accepts(self, entry: Any) -> str | None:
        """How an enabled log entry matches ("category AuditEvent"), or None."""
        if not isinstance(entry, dict) or not is_true(get_path(entry, "enabled")):
            return None
        for key, wanted in (("category", self.categories), ("categoryGroup", self.groups)):
            value = get_path(entry, key)
            if not isinstance(value, str) or not value.strip():
                continue
            if self.any_category or value.strip().lower() in {w.lower() for w in wanted}:
                return f"{key} {value.strip()}"
        return None

    def describe(self) -> str:
        if self.any_category:
            return "any log category or category group"
        names = [f"category {c}" for c in self.categories] + [f"group {g}" for g in self.groups]
        return " or ".join(names)


# ARM template functions that return a resource id: a setting read from a template (not yet
# deployed) names its destination as `[resourceId('Microsoft.Storage/storageAccounts', ...)]`.
_ID_FUNCTIONS = ("resourceid(", "subscriptionresourceid(", "extensionresourceid(")


def _names_resource(value: Any) -> bool:
    if is_arm_id(value):
        return True
    if not isinstance(value, str):
        return False
    expression = value.strip().lower()
    return (
        expression.startswith("[")
        and expression.endswith("]")
        and expression[1:].lstrip().startswith(_ID_FUNCTIONS)
    )


def destinations(setting: Resource) -> list[str]:
    """The destination properties a setting fills in with a resource id (each is "the resource
    ID of" a workspace, storage account, event hub authorization rule or partner resource:
    Diagnostic Settings REST reference), or a template's resourceId() of one."""
    return [name for name in DESTINATIONS if _names_resource(setting.get(f"properties.{name}"))]


def unreadable_destinations(setting: Resource) -> list[str]:
    """The destination properties a setting fills in with something that is not a resource id
    (a name, a placeholder, a number): where such a destination sends logs is unknown."""
    found = []
    for name in DESTINATIONS:
        value = setting.get(f"properties.{name}")
        if value is MISSING or value is None or (isinstance(value, str) and not value.strip()):
            continue
        if not _names_resource(value):
            found.append(f"{name} {value!r}")
    return found


def captured(setting: Resource, selector: LogSelector) -> list[str]:
    logs = setting.get("properties.logs")
    entries: Iterable[Any] = logs if isinstance(logs, list) else ()
    return [m for m in (selector.accepts(e) for e in entries) if m]


def summary(setting: Resource, selector: LogSelector) -> str:
    """One line per setting for evidence: what it captures and where it sends it."""
    logs = captured(setting, selector)
    where = destinations(setting)
    return (
        f"{setting.name}: "
        + (", ".join(logs) if logs else "none of the wanted logs enabled")
        + " -> "
        + (", ".join(where) if where else "no destination")
    )


def judge(resource: Resource, ctx: RuleContext, selector: LogSelector, subject: str) -> Outcome:
    """The outcome of a logging rule on `resource`: does any diagnostic setting qualify?"""
    listing = ctx.listing(resource.id, DIAGNOSTIC_SETTINGS)
    expected = f"a diagnostic setting that sends {selector.describe()} to a destination"
    if listing.state is LookupState.UNREADABLE:
        reason = gap_reason(listing.gap) if listing.gap else "they could not be read"
        return not_assessed(f"Diagnostic settings of {subject} are unreadable: {reason}")
    if listing.state is not LookupState.FOUND:
        return not_assessed(
            f"Diagnostic settings of {subject} were not collected, so its logging is unknown"
        )
    settings = sorted(listing.items, key=lambda s: s.name.lower())
    proof = Evidence(
        path=EVIDENCE_PATH,
        observed=[summary(s, selector) for s in settings] or "no diagnostic settings",
        expected=expected,
    )
    qualifying = [s for s in settings if destinations(s) and captured(s, selector)]
    if qualifying:
        names = ", ".join(repr(s.name) for s in qualifying)
        return passed(f"{subject} keeps {selector.label} (diagnostic setting {names})", proof)
    unread = [
        (s, unreadable_destinations(s))
        for s in settings
        if captured(s, selector) and unreadable_destinations(s)
    ]
    if unread:
        named = "; ".join(f"setting {s.name!r}: {', '.join(where)}" for s, where in unread)
        return not_assessed(
            f"{subject} has diagnostic settings that capture {selector.label}, but send them to "
            f"destinations that are not resource ids, so whether they are kept is unknown "
            f"({named})",
            proof,
        )
    if not settings:
        return fail(
            f"{subject} has no diagnostic settings, so nothing keeps {selector.label}", proof
        )
    return fail(
        f"{subject} has diagnostic settings, but none sends {selector.label} to a destination",
        proof,
    )
