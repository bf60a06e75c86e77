"""The Inventory: every collected resource, indexed by normalized id, type and parent, plus the
gaps (what could not be read), the ids known not to exist (a 404 is data) and the child
collections that were listed (so "no diagnostic setting" can be told from "never looked")."""

from __future__ import annotations

import enum
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from auditor.inventory import arm
from auditor.inventory.resources import Gap, Resource


class LookupState(enum.Enum):
    FOUND = "found"
    NOT_FOUND = "not_found"  # the collector asked and ARM said 404
    UNREADABLE = "unreadable"  # a gap covers it
    UNKNOWN = "unknown"  # not collected: outside the snapshot or the scanned scope


@dataclass(frozen=True, slots=True)
class Lookup:
    state: LookupState
    resource: Resource | None = None
    gap: Gap | None = None
    detail: str = ""  # why it is unknown, when more is known than "not collected"

    @property
    def reason(self) -> str:
        if self.detail:
            return self.detail
        if self.state is LookupState.UNREADABLE and self.gap is not None:
            return gap_reason(self.gap)
        if self.state is LookupState.UNKNOWN:
            return "it is not in the inventory (not collected)"
        if self.state is LookupState.NOT_FOUND:
            return "it does not exist (ARM returned 404)"
        return "found"


@dataclass(frozen=True, slots=True)
class Listing:
    """The children of one type under a parent, and whether that collection was read."""

    items: tuple[Resource, ...]
    state: LookupState  # FOUND (listed), UNREADABLE (gap) or UNKNOWN (never listed)
    gap: Gap | None = None


def gap_reason(gap: Gap) -> str:
    what = gap.resource_type or "resources"
    return f"{what} under {gap.scope} could not be read: {gap.failure()}: {gap.message}".strip()


def normalize_scopes(scopes: Iterable[str]) -> tuple[str, ...]:
    """Scope ids, each once (compared as ARM compares ids), sorted."""
    return tuple(
        sorted({arm.normalize_id(s): s for s in scopes if s.strip()}.values(), key=str.lower)
    )


def subscription_scopes(ids: Iterable[str]) -> tuple[str, ...]:
    """The subscription scopes that `ids` (resource ids, gap scopes) lie in."""
    subscriptions = (arm.subscription_of(i) for i in ids)
    return normalize_scopes(f"/subscriptions/{s}" for s in subscriptions if s)


class Inventory:
    def __init__(
        self,
        resources: Iterable[Resource] = (),
        gaps: Iterable[Gap] = (),
        missing: Iterable[str] = (),
        listed: Iterable[tuple[str, str]] = (),
        sources: Iterable[str] = (),
        scopes: Iterable[str] = (),
        unknown_reason: str = "",
    ) -> None:
        self._by_id: dict[str, Resource] = {}
        self._by_type: dict[str, list[Resource]] = defaultdict(list)
        self._children: dict[str, list[Resource]] = defaultdict(list)
        self.gaps: tuple[Gap, ...] = tuple(gaps)
        # Frozen once: a rule asking whether a collection was listed gets the set, not a copy.
        self._missing = frozenset(arm.normalize_id(i) for i in missing)
        self._listed = frozenset((arm.normalize_id(p), arm.normalize_type(t)) for p, t in listed)
        self.sources: tuple[str, ...] = tuple(sources)
        # The scopes (subscription ids as `/subscriptions/<id>`) the sources were asked to read,
        # found resources or not: a subscription whose findings were all fixed was still scanned.
        self.scopes: tuple[str, ...] = normalize_scopes(scopes)
        # Why a resource that is not here is unknown, when the source can say more than "not
        # collected" (lint: it is not defined in the linted files).
        self.unknown_reason = unknown_reason
        for resource in resources:
            self.add(resource)

    def add(self, resource: Resource) -> None:
        key = arm.normalize_id(resource.id)
        previous = self._by_id.get(key)
        if previous is not None:  # the same resource seen twice: the later copy wins
            self._by_type[arm.normalize_type(previous.type)].remove(previous)
            parent = arm.parent_id(previous.id)
            if parent:
                self._children[arm.normalize_id(parent)].remove(previous)
        self._by_id[key] = resource
        self._by_type[arm.normalize_type(resource.type)].append(resource)
        parent = arm.parent_id(resource.id)
        if parent:
            self._children[arm.normalize_id(parent)].append(resource)

    def __iter__(self) -> Iterator[Resource]:
        return iter(self._by_id.values())

    def __len__(self) -> int:
        return len(self._by_id)

    @property
    def missing(self) -> frozenset[str]:
        return self._missing

    @property
    def listed(self) -> frozenset[tuple[str, str]]:
        return self._listed

    def get(self, resource_id: str) -> Resource | None:
        return self._by_id.get(arm.normalize_id(resource_id))

    def of_type(self, resource_type: str) -> list[Resource]:
        return list(self._by_type.get(arm.normalize_type(resource_type), ()))

    def gap_for(self, resource_id: str, resource_type: str | None = None) -> Gap | None:
        """The gap that makes `resource_id` (of `resource_type`) unreadable, if any."""
        return next((gap for gap in self.gaps if gap.covers(resource_id, resource_type)), None)

    def resolve(self, resource_id: str | None) -> Lookup:
        """Look up a referenced resource: found, known not to exist, unreadable, or unknown."""
        if not resource_id:
            return Lookup(LookupState.UNKNOWN)
        found = self.get(resource_id)
        if found is not None:
            return Lookup(LookupState.FOUND, found)
        if arm.normalize_id(resource_id) in self._missing:
            return Lookup(LookupState.NOT_FOUND)
        gap = self.gap_for(resource_id)
        if gap is not None:
            return Lookup(LookupState.UNREADABLE, gap=gap)
        return Lookup(LookupState.UNKNOWN, detail=self.unknown_reason)

    def children(self, parent: str, resource_type: str | None = None) -> list[Resource]:
        items = self._children.get(arm.normalize_id(parent), [])
        if resource_type is None:
            return list(items)
        wanted = arm.normalize_type(resource_type)
        return [r for r in items if arm.normalize_type(r.type) == wanted]

    def listing(self, parent: str, resource_type: str) -> Listing:
        """Children of one type, and whether they were listed, unreadable or never collected.

        A collection counts as listed when the collector recorded listing it, or when any child
        of that type is present.
        """
        items = tuple(self.children(parent, resource_type))
        key = (arm.normalize_id(parent), arm.normalize_type(resource_type))
        gap = self.gap_for(parent + "/x", resource_type) or self.gap_for(parent)
        if gap is not None and not items:
            return Listing(items, LookupState.UNREADABLE, gap)
        if items or key in self._listed:
            return Listing(items, LookupState.FOUND)
        return Listing(items, LookupState.UNKNOWN)
