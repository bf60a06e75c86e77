"""The rule contract: metadata as data plus a pure `check(resource, ctx)` that yields Outcomes.

A rule module defines `RULE = Rule(META, check)`. It never calls Azure and never reads files:
everything it may know is the resource and the inventory behind `ctx`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from auditor.inventory import unresolved
from auditor.inventory.arm import MISSING
from auditor.inventory.inventory import Inventory, Listing, Lookup, LookupState
from auditor.inventory.resources import Resource
from auditor.rulekit.meta import Evidence, References, Remediation, RuleMeta, Severity, Status

__all__ = [
    "MISSING",
    "Evidence",
    "Outcome",
    "References",
    "Remediation",
    "Resource",
    "Rule",
    "RuleContext",
    "RuleMeta",
    "Severity",
    "Status",
    "evidence",
    "fail",
    "not_an_object_on",
    "not_assessed",
    "observed",
    "passed",
]


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a rule says about the resource it was given; the engine stamps the rest."""

    status: Status
    message: str
    evidence: tuple[Evidence, ...] = ()
    severity: Severity | None = None  # only to lower (or raise) the rule's default, per its table
    context: tuple[str, ...] = ()


def fail(
    message: str,
    *evidence: Evidence,
    severity: Severity | None = None,
    context: tuple[str, ...] = (),
) -> Outcome:
    return Outcome(Status.FAIL, message, evidence, severity, context)


def passed(message: str, *evidence: Evidence, context: tuple[str, ...] = ()) -> Outcome:
    return Outcome(Status.PASS, message, evidence, None, context)


def not_assessed(message: str, *evidence: Evidence) -> Outcome:
    return Outcome(Status.NOT_ASSESSED, message, evidence)


def observed(value: Any, default: str | None = None) -> Any:
    """How evidence shows a value: absent properties say so, with the service default if any."""
    if value is MISSING:
        return f"absent (default: {default})" if default is not None else "absent"
    return value


def evidence(path: str, value: Any, expected: str, default: str | None = None) -> Evidence:
    return Evidence(path=path, observed=observed(value, default), expected=expected)


@dataclass(frozen=True, slots=True)
class RuleContext:
    """Read-only view of the inventory for cross-resource rules, and the scan's clock."""

    inventory: Inventory
    now: datetime = field(default_factory=lambda: datetime.now(UTC))
    # The running rule's settings (`RuleMeta.settings`), each the configured value or its
    # default: the engine fills them in for each rule.
    settings: Mapping[str, Any] = field(default_factory=dict)

    def setting(self, name: str) -> Any:
        """The value of one of the running rule's settings (configured, else its default)."""
        try:
            return self.settings[name]
        except KeyError:
            raise KeyError(f"the rule declares no setting {name!r}") from None

    def resolve(self, resource_id: str | None) -> Lookup:
        """What the inventory knows about a resource another one names. A resource whose
        properties were never collected (a /resources list entry) is there but cannot be
        judged: UNKNOWN, with the reason, so no rule judges it by absent values."""
        lookup = self.inventory.resolve(resource_id)
        if lookup.state is LookupState.FOUND and lookup.resource is not None:
            why = uncollected_properties(lookup.resource)
            if why is not None:
                return Lookup(LookupState.UNKNOWN, detail=why)
        return lookup

    def listing(self, parent: str, resource_type: str) -> Listing:
        return self.inventory.listing(parent, resource_type)

    def children(self, parent: str, resource_type: str | None = None) -> list[Resource]:
        return self.inventory.children(parent, resource_type)

    def of_type(self, resource_type: str) -> list[Resource]:
        return self.inventory.of_type(resource_type)


CheckFunction = Callable[[Resource, RuleContext], Iterable[Outcome]]


def uncollected_properties(resource: Resource) -> str | None:
    """Why the resource's `properties` cannot be read, or None when they were collected.

    ARM's generic `/resources` list (what `az resource list` prints) gives id, name, type, kind,
    location, sku, identity and tags but no `properties`; a GET of the resource gives them all.
    A property that was never collected is unread, not the service's default."""
    raw = resource.raw
    if type(raw) is dict and type(raw.get("properties")) is dict:
        return None  # collected, nearly always: said without a path read (once per rule)
    with unresolved.unnoted():  # whether there are properties, not the unknowns they hold
        value = resource.get("properties")
    if isinstance(value, (Mapping, unresolved.Unresolved)):  # a template's: read as it is read
        return None
    if value is MISSING:
        shape = (
            "this looks like a /resources list entry (as `az resource list` prints), which "
            "carries no properties"
        )
    else:
        shape = "properties is null" if value is None else "properties is not a JSON object"
    return (
        f"The properties of '{resource.name}' were not collected: {shape}; collect them with "
        "`aml-audit collect` or `az resource show --ids <resource-id>`"
    )


def not_an_object_on(resource: Resource, path: str) -> str | None:
    """Why `path` cannot be read because an object on the way to it is something else (a
    string, a number, a list), or None. Such a value is junk, not an absent object: nothing
    under it is read as absent or as its default. (An absent or null object is absent, judged
    as the rule judges absent values; a `properties` that is not an object is
    `uncollected_properties`.)"""
    keys = path.split(".")
    for end in range(2, len(keys)):
        parent = ".".join(keys[:end])
        with unresolved.unnoted():  # what the parent is, not what it holds
            value = resource.get(parent)
        if value is MISSING or value is None or isinstance(value, unresolved.Unresolved):
            return None  # an unresolved parent is noted when the path itself is read
        if not isinstance(value, Mapping):
            return (
                f"{parent} is not a JSON object ({value!r}), so {keys[-1]} of "
                f"'{resource.name}' cannot be read"
            )
    return None


class _PropertyReads(Mapping[str, Any]):
    """A resource's raw body that notes whether a check asked for its `properties`."""

    def __init__(self, raw: Mapping[str, Any]) -> None:
        self._raw = raw
        self.read = False

    def _note(self, key: object) -> None:
        if isinstance(key, str) and key.lower() == "properties":
            self.read = True

    def __contains__(self, key: object) -> bool:
        self._note(key)
        return key in self._raw

    def __getitem__(self, key: str) -> Any:
        self._note(key)
        return self._raw[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._raw)

    def __len__(self) -> int:
        return len(self._raw)


@dataclass(frozen=True, slots=True)
class Rule:
    meta: RuleMeta
    check: CheckFunction
    origin: str = ""  # the module it came from, filled in by the registry

    def __post_init__(self) -> None:
        from auditor.core.errors import RuleDefinitionError

        if not isinstance(self.meta, RuleMeta):
            raise RuleDefinitionError(f"{self.origin or 'a rule'}: meta must be a RuleMeta")
        if not callable(self.check):
            raise RuleDefinitionError(f"rule {self.meta.id}: check must be callable")

    def evaluate(self, resource: Resource, ctx: RuleContext) -> Iterable[Outcome]:
        """What the engine runs: `check`, except where its verdict would rest on what cannot be
        read, which is decided here once for every rule:

        - properties never collected: when the resource has no `properties` and the check asked
          for them, the result is one not_assessed that says how to collect them, whatever the
          check made of the absent values (a default, an "unknown" or nothing at all). A check
          that reads only top-level members (kind, identity, sku) is judged as usual.
        - a value a template leaves to deployment (`Unresolved`: a parameter without a default,
          `reference()`): when the check read one, on this resource or any other, the result is
          one not_assessed quoting the expression, never a pass and never a fail built on it."""
        if self.meta.settings and any(x.name not in ctx.settings for x in self.meta.settings):
            # Called without the engine (a test, a plugin's harness): the defaults apply.
            ctx = replace(ctx, settings=self.meta.setting_values(ctx.settings))
        reason = uncollected_properties(resource)
        reads = _PropertyReads(resource.raw) if reason is not None else None
        judged = replace(resource, raw=reads) if reads is not None else resource
        if not unresolved.made():  # no template was read: nothing can be unresolved
            if reads is None:
                return self.check(judged, ctx)
            outcomes = list(self.check(judged, ctx))
            unknown: list[unresolved.UnresolvedRead] = []
        else:
            with unresolved.watching() as unknown:
                outcomes = list(self.check(judged, ctx))
        if reason is not None and reads is not None and reads.read:
            return [
                not_assessed(
                    reason,
                    evidence("properties", resource.get("properties"), "the resource's properties"),
                )
            ]
        if unknown:
            return [unresolved_outcome(resource, unknown)]
        return outcomes


def unresolved_outcome(resource: Resource, reads: Iterable[unresolved.UnresolvedRead]) -> Outcome:
    """The one not_assessed of a check that read values known only at deployment."""
    distinct = list(dict.fromkeys((read.path, read.value) for read in reads))
    path, first = distinct[0]
    more = f" (and {len(distinct) - 1} more such value(s))" if len(distinct) > 1 else ""
    return not_assessed(
        f"'{resource.name}' cannot be judged before deployment: {path} is "
        f"{first.expression} ({first.reason}){more}",
        *(
            Evidence(
                path=path, observed=value.expression, expected="a value known before deployment"
            )
            for path, value in distinct
        ),
    )
