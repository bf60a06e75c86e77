"""What the Activity Log says about a resource's keys: when they were last regenerated, and who
read them. One definition for every rule.

The Activity Log (`Microsoft.Insights/eventtypes/management/values`, 2015-04-01) keeps 90 days
of management operations (learn.microsoft.com/azure/azure-monitor/essentials/activity-log). The
collector keeps, per subscription, successful key regenerations (one event per correlationId)
and key reads (`listKeys`, `token`, `listsecrets`), each reduced to `operationName`, `status`,
`eventTimestamp`, `caller`, `callerObjectId`, `callerType`, `correlationId` and `resourceId`,
and one record (`ACTIVITY_LOG`) per subscription whose log it read in full, with the window
(`from`, `to`) and the resource providers asked for.

So "no regeneration in the window" is only said where that record exists and names the
resource's provider; without it the log was unreadable (a gap) or not collected, and the rule
cannot judge. The log records that keys were regenerated, not which key (`key1`/`key2`,
primary/secondary): rules say only that.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from auditor.inventory import arm
from auditor.inventory.arm import MISSING
from auditor.inventory.inventory import LookupState, gap_reason
from auditor.inventory.resource_types import ACTIVITY_LOG, ACTIVITY_LOG_EVENTS
from auditor.inventory.resources import Resource
from auditor.rulekit import relations, times
from auditor.rulekit.relations import text
from auditor.rulekit.rule import Outcome, RuleContext, evidence, fail, not_assessed, passed

__all__ = [
    "Event",
    "Window",
    "events_for",
    "judge_key_age",
    "key_reads",
    "last_regeneration",
    "reads_by_caller",
    "reads_evidence",
    "window_for",
]

# Operation names end with these (compared case-insensitively): `.../regenerateKeys/action` on
# endpoints, `.../regenerateKey/action` on Cognitive Services and Storage accounts.
REGENERATE_SUFFIXES = ("/regeneratekeys/action", "/regeneratekey/action")
READ_SUFFIXES = ("/listkeys/action", "/token/action", "/listsecrets/action")


def _value(node: Any) -> str | None:
    """A string, or the `value` of a localizable `{value, localizedValue}` object."""
    if isinstance(node, Mapping):
        return text(arm.get_path(node, "value"))
    return text(node)


@dataclass(frozen=True, slots=True)
class Event:
    """One kept Activity Log event."""

    event_id: str
    operation: str
    status: str
    time: datetime | None
    caller: str
    caller_object_id: str
    caller_type: str
    correlation_id: str
    resource_id: str

    @classmethod
    def of(cls, resource: Resource) -> Event:
        properties = resource.get("properties")  # read once: events are many

        def field(name: str) -> str:
            return _value(arm.get_path(properties, name)) or ""

        return cls(
            event_id=resource.name,
            operation=field("operationName"),
            status=field("status"),
            time=times.parse_datetime(arm.get_path(properties, "eventTimestamp")),
            caller=field("caller"),
            caller_object_id=field("callerObjectId"),
            caller_type=field("callerType"),
            correlation_id=field("correlationId"),
            resource_id=field("resourceId"),
        )

    @property
    def readable(self) -> bool:
        """Whether the fields rules read were all there: an operation of a kind the collector
        keeps (a regeneration or a key read), a status, a time and the ARM id of the resource
        it was about."""
        kept = self.operation.lower().endswith(REGENERATE_SUFFIXES + READ_SUFFIXES)
        return (
            kept and bool(self.status) and self.time is not None and arm.is_arm_id(self.resource_id)
        )

    @property
    def who(self) -> str:
        """The caller as the log names it (an email, an object id, an app id)."""
        return self.caller or self.caller_object_id or "an unnamed caller"

    def is_regeneration(self) -> bool:
        return self.operation.lower().endswith(REGENERATE_SUFFIXES) and self._succeeded()

    def is_key_read(self) -> bool:
        return self.operation.lower().endswith(READ_SUFFIXES)

    def _succeeded(self) -> bool:
        # The collector keeps successful regenerations; a status that says otherwise is not one.
        return self.status.lower() == "succeeded"


@dataclass(frozen=True, slots=True)
class _Events:
    by_resource: dict[str, list[Event]]
    unreadable: dict[str, int]  # subscription id (lower case) -> events that cannot be read


def _events(ctx: RuleContext) -> _Events:
    def build() -> _Events:
        index: dict[str, list[Event]] = {}
        unreadable: dict[str, int] = {}
        for resource in ctx.of_type(ACTIVITY_LOG_EVENTS):
            event = Event.of(resource)
            if event.readable:
                index.setdefault(arm.normalize_id(event.resource_id), []).append(event)
            else:  # it may be about any resource of its subscription
                subscription = (arm.subscription_of(resource.id) or "").lower()
                unreadable[subscription] = unreadable.get(subscription, 0) + 1
        return _Events(index, unreadable)

    found: _Events = relations.indexed(ctx, "activity-events", build)
    return found


def _by_resource(ctx: RuleContext) -> dict[str, list[Event]]:
    return _events(ctx).by_resource


def events_for(ctx: RuleContext, resource_id: str) -> list[Event]:
    """The kept events about `resource_id` (ids compared case-insensitively)."""
    return list(_by_resource(ctx).get(arm.normalize_id(resource_id), ()))


@dataclass(frozen=True, slots=True)
class Window:
    """Whether a resource's subscription's Activity Log was read, and over which window."""

    state: LookupState  # FOUND, UNREADABLE (a gap) or UNKNOWN (not collected)
    start: datetime | None = None
    end: datetime | None = None
    reason: str = ""

    def describe(self) -> str:
        if self.start is None or self.end is None:
            return "no window"
        return f"{self.start:%Y-%m-%d} to {self.end:%Y-%m-%d}"

    @property
    def days(self) -> int:
        return (self.end - self.start).days if self.start and self.end else 0


def window_for(ctx: RuleContext, resource_id: str) -> Window:
    """The Activity Log window that covers `resource_id`'s subscription and provider."""
    subscription = arm.subscription_of(resource_id)
    if subscription is None:
        return Window(LookupState.UNKNOWN, reason="the resource is in no subscription")
    record = ctx.inventory.get(
        f"/subscriptions/{subscription}/providers/Microsoft.Insights/eventtypes/management"
    )
    if record is None or arm.normalize_type(record.type) != ACTIVITY_LOG.lower():
        gap = ctx.inventory.gap_for(f"/subscriptions/{subscription}", ACTIVITY_LOG_EVENTS)
        if gap is not None:
            return Window(LookupState.UNREADABLE, reason=f"the Activity Log: {gap_reason(gap)}")
        return Window(
            LookupState.UNKNOWN,
            reason=(
                f"the Activity Log of subscription {subscription} was not collected "
                "(a live scan reads it; an older snapshot does not hold it)"
            ),
        )
    broken = _events(ctx).unreadable.get(subscription.lower(), 0)
    if broken:
        return Window(
            LookupState.UNKNOWN,
            reason=(
                f"{broken} Activity Log event(s) of subscription {subscription} cannot be read "
                "(no operation, status, time or resource id), and any of them may be about it"
            ),
        )
    start = times.parse_datetime(record.get("properties.from"))
    end = times.parse_datetime(record.get("properties.to"))
    if start is None or end is None or start > end:
        return Window(
            LookupState.UNKNOWN,
            reason="the Activity Log record's window (from, to) cannot be read",
        )
    providers = record.get("properties.resourceProviders")
    namespace = (arm.type_of(resource_id) or "").split("/", 1)[0]
    if not isinstance(providers, list) or not any(arm.equals_ci(p, namespace) for p in providers):
        return Window(
            LookupState.UNKNOWN,
            start,
            end,
            reason=f"the Activity Log was not read for {namespace or 'this resource'}'s provider",
        )
    return Window(LookupState.FOUND, start, end)


def last_regeneration(ctx: RuleContext, resource_id: str) -> Event | None:
    """The latest successful key regeneration of `resource_id` the log holds."""
    regenerations = [
        e for e in events_for(ctx, resource_id) if e.is_regeneration() and e.time is not None
    ]
    return max(regenerations, key=lambda e: e.time or ctx.now, default=None)


def key_reads(ctx: RuleContext, resource_id: str) -> list[Event]:
    """The key reads (`listKeys`, `token`, `listsecrets`) of `resource_id`, oldest first."""
    reads = [e for e in events_for(ctx, resource_id) if e.is_key_read()]
    return sorted(reads, key=lambda e: (e.time is None, e.time or ctx.now, e.event_id))


def reads_by_caller(events: list[Event]) -> list[dict[str, Any]]:
    """Key reads summed up per caller, as evidence shows them: caller, type, calls, last."""
    by_caller: dict[str, list[Event]] = {}
    for event in events:
        by_caller.setdefault(event.who, []).append(event)
    rows = []
    for caller, mine in sorted(by_caller.items()):
        last = max((e.time for e in mine if e.time is not None), default=None)
        rows.append(
            {
                "caller": caller,
                "type": mine[0].caller_type,
                "calls": len(mine),
                "last": f"{last:%Y-%m-%d %H:%M} UTC" if last else "unknown",
            }
        )
    return rows


def reads_evidence(ctx: RuleContext, resource_id: str) -> Any:
    """What the log says about the resource's key reads: rows per caller, "none in <window>", or
    "not read: <why>"."""
    window = window_for(ctx, resource_id)
    if window.state is not LookupState.FOUND:
        return f"not read: {window.reason}"
    rows = reads_by_caller(key_reads(ctx, resource_id))
    return rows or f"none in {window.describe()}"


CREATED_AT = "systemData.createdAt"
LOG = "Activity Log"


def judge_key_age(
    resource: Resource,
    ctx: RuleContext,
    subject: str,
    max_days: int,
    context: tuple[str, ...] = (),
) -> Outcome:
    """Were `resource`'s keys regenerated within `max_days`? Judged from the last successful
    regeneration in the Activity Log; without one, from the resource's creation when it was
    created inside the log's window (its keys are as old as it is); otherwise the keys are at
    least as old as the window, which fails only when the window is longer than `max_days`."""
    window = window_for(ctx, resource.id)
    created_value = resource.get(CREATED_AT)
    created = times.parse_datetime(created_value)
    born = evidence(CREATED_AT, created_value, "the creation time (keys are made with it)")
    expected = f"keys regenerated within {max_days} days"
    if window.state is not LookupState.FOUND or window.start is None:
        return not_assessed(
            f"The key age of {subject} cannot be judged: {window.reason}",
            evidence(LOG, "not read", expected),
        )
    last = last_regeneration(ctx, resource.id)
    limit = timedelta(days=max_days)
    note = " (the Activity Log does not say which of the two keys was regenerated)"
    if last is not None and last.time is not None:
        age = ctx.now - last.time
        days = times.whole_days(age)
        proof = evidence(
            f"{LOG}: last key regeneration",
            f"{last.time:%Y-%m-%d %H:%M} UTC by {last.who} ({last.operation})",
            expected,
        )
        if age > limit:
            return fail(
                f"The keys of {subject} were last regenerated {days} days ago, more than "
                f"{max_days}{note}",
                proof,
                born,
                context=context,
            )
        return passed(
            f"The keys of {subject} were regenerated {days} days ago, within {max_days}{note}",
            proof,
            born,
            context=context,
        )
    none_seen = evidence(
        f"{LOG}: last key regeneration",
        f"none in the {window.days} days the Activity Log keeps ({window.describe()})",
        expected,
    )
    if created is not None and created >= window.start:
        age = ctx.now - created
        days = times.whole_days(age)
        if age > limit:
            return fail(
                f"The keys of {subject} have not been regenerated since it was created "
                f"{days} days ago, more than {max_days}",
                none_seen,
                born,
                context=context,
            )
        return passed(
            f"{subject[0].upper()}{subject[1:]} was created {days} days ago, within "
            f"{max_days}, and its keys with it",
            none_seen,
            born,
            context=context,
        )
    at_least = ctx.now - window.start
    covered = times.whole_days(at_least)
    if created is None and created_value not in (MISSING, None):
        return not_assessed(
            f"The creation time of {subject} cannot be read, and the Activity Log shows no key "
            "regeneration",
            none_seen,
            born,
        )
    if created is None:
        return not_assessed(
            f"The Activity Log shows no key regeneration of {subject}, and its creation time "
            "is not recorded, so the age of its keys is unknown",
            none_seen,
            born,
        )
    if at_least >= limit:  # no regeneration in a window at least as long as the limit
        return fail(
            f"The keys of {subject} have not been regenerated in the {covered} days the "
            f"Activity Log covers (created {created:%Y-%m-%d}), more than {max_days}",
            none_seen,
            born,
            context=context,
        )
    return not_assessed(
        f"The Activity Log covers {covered} days and shows no key regeneration of "
        f"{subject}, created {created:%Y-%m-%d}: whether its keys are older than {max_days} "
        "days cannot be told",
        none_seen,
        born,
    )
