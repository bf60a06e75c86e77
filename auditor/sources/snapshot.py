"""Reads a JSON file of ARM resources.

Accepted shapes: the snapshot `aml-audit collect` writes (`{"resources": [...], "gaps": [...],
"missing": [...], "listed": [...], "origins": {...}}`), an ARM list response (`{"value": [...]}`),
or a plain array. Exported shapes with `ResourceId`/`ResourceType` keys and nested `resources[]`
children (as Get-AzResource and PSRule exports have) are read too. Documented in
docs/snapshot-format.md; checked against auditor/schemas/snapshot.schema.json, except the members
of each resource, which exports spell differently.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from auditor.core.collector import collector_paused
from auditor.core.files import parse_json, read_text
from auditor.core.redact import redact_text
from auditor.core.schemas import validate
from auditor.inventory import arm
from auditor.inventory.arm import MISSING
from auditor.inventory.inventory import Inventory, subscription_scopes
from auditor.inventory.resources import Gap, Location, Resource
from auditor.sources.interface import EVERYTHING, NOTHING_READ, SourceError
from auditor.sources.sanitize import sanitize_resource

SNAPSHOT_FORMAT = "aml-audit-snapshot/1"


def _first(raw: Mapping[str, Any], *keys: str) -> Any:
    for key in keys:
        value = arm.get_path(raw, key)
        if value is not MISSING and value is not None:
            return value
    return MISSING


# `"id": "..."` (or an export's `"ResourceId": "..."`) anywhere in the text.
# The string is matched "unrolled" (runs of plain characters, then one escape at a time): the same
# strings as `"(?:[^"\\]|\\.)*"`, in half the time over an estate's 70 MB.
_ID_MEMBER = re.compile(r'"(?:id|resourceid)"\s*:\s*("[^"\\]*(?:\\.[^"\\]*)*")', re.IGNORECASE)


def _id_lines(text: str) -> dict[str, int]:
    """The 1-based line on which each id first appears as an `id` member, in one pass over the
    text (searching the text once per resource is quadratic in the size of the snapshot)."""
    lines: dict[str, int] = {}
    line, counted_to = 1, 0
    for match in _ID_MEMBER.finditer(text):
        line += text.count("\n", counted_to, match.start())
        counted_to = match.start()
        quoted = match.group(1)
        try:  # an id holds no escapes, nearly always: then the quotes are all there is to strip
            value = quoted[1:-1] if "\\" not in quoted else json.loads(quoted)
        except json.JSONDecodeError:
            continue
        if isinstance(value, str):
            lines.setdefault(arm.normalize_id(value), line)
    return lines


def _for_schema(document: Any) -> Any:
    """What the schema checks: `document`, or, when every `listed` entry is already an object
    with string `scope` and `type` (what the schema asks of them), the document with an empty
    `listed`. An estate lists 100,000 collections, which the schema checks one at a time in
    seconds; this loop says the same in milliseconds. A malformed entry leaves the document
    whole, so the schema finds it and words the error as ever."""
    if not isinstance(document, dict):
        return document
    listed = document.get("listed")
    if isinstance(listed, list) and all(
        type(entry) is dict and type(entry.get("scope")) is str and type(entry.get("type")) is str
        for entry in listed
    ):
        return {**document, "listed": []}
    return document


def _member(document: Mapping[str, Any], key: str, default: Any) -> Any:
    """An optional member: absent or null means the default (an empty "gaps": {} is an error,
    not no gaps)."""
    value = document.get(key)
    return default if value is None else value


class _Places:
    """Where in the snapshot file each resource is: its id's line. Resources on one line share
    one Location (a compact snapshot is one line: 50,000 resources, one place)."""

    def __init__(self, path: str, lines: Mapping[str, int]) -> None:
        self.path = path
        self.lines = lines
        self._at: dict[int | None, Location] = {}

    def of(self, key: str) -> Location:
        line = self.lines.get(key)
        place = self._at.get(line)
        if place is None:
            place = self._at[line] = Location("file", self.path, None, line, line)
        return place


class SnapshotSource:
    def __init__(self, path: Path) -> None:
        self.path = path

    @property
    def name(self) -> str:
        return f"snapshot:{self.path}"

    def _error(self, problem: str) -> SourceError:
        return SourceError(f"{self.path}: {problem}")

    def collect(self) -> Inventory:
        with collector_paused():  # an estate's snapshot: millions of objects that all live on
            return self._collect()

    def _collect(self) -> Inventory:
        text = read_text(
            self.path,
            SourceError,
            not_found="file not found; pass an existing snapshot file",
            unreadable="cannot read the file",
        )
        document = parse_json(text, self.path, SourceError)
        lines = _id_lines(text)  # the line of each resource, for reports
        del text  # an estate's snapshot is 70 MB of text: not kept while its resources are made
        validate(_for_schema(document), "snapshot", str(self.path), SourceError)
        next_link: Any = None
        if isinstance(document, list):
            items, meta = document, {}
        elif isinstance(document.get("resources"), list):
            items, meta = document["resources"], document
        else:
            items, meta = document["value"], {}
            next_link = arm.get_path(document, "nextLink")

        origins = {arm.normalize_id(k): v for k, v in _member(meta, "origins", {}).items()}
        resources = list(self._resources(items, _Places(str(self.path), lines), origins))
        gaps = [self._gap(g) for g in _member(meta, "gaps", [])]
        if isinstance(next_link, str) and next_link.strip():
            gaps += unread_pages(next_link, resources)
        if not resources and not gaps:
            gaps.append(
                Gap(
                    EVERYTHING,
                    None,
                    None,
                    NOTHING_READ,
                    f"the snapshot {self.path} holds no resources: an empty export is not a clean "
                    "estate; check the command that wrote it",
                )
            )
        missing = _member(meta, "missing", [])
        listed = [(entry["scope"], entry["type"]) for entry in _member(meta, "listed", [])]
        sources = _member(meta, "sources", [])
        raw_scopes = _member(meta, "scopes", None)
        if raw_scopes is None:  # a hand-written file: the subscriptions its contents lie in
            scopes = subscription_scopes(
                [r.id for r in resources]
                + [g.scope for g in gaps]
                + missing
                + [scope for scope, _ in listed]
            )
        else:
            scopes = tuple(raw_scopes)
        return Inventory(
            resources,
            gaps,
            missing,
            listed,
            sources=[self.name, *sources],
            scopes=scopes,
        )

    def _resources(
        self, items: list[Any], places: _Places, origins: Mapping[str, Any]
    ) -> Iterator[Resource]:
        for index, item in enumerate(items):
            yield from self._resource(item, f"resources[{index}]", origins, places)

    def _resource(
        self,
        item: Any,
        where: str,
        origins: Mapping[str, Any],
        places: _Places,
    ) -> Iterator[Resource]:
        if not isinstance(item, dict):
            raise self._error(f"{where} is not a JSON object")
        rid = _first(item, "id", "ResourceId")
        if not isinstance(rid, str) or not rid.strip().startswith("/"):
            named = _first(item, "name")
            what = f"{where} ({named})" if isinstance(named, str) else where
            raise self._error(
                f'{what} has no ARM "id" (expected "/subscriptions/..."; '
                "ARM templates are not snapshots)"
            )
        # Exports give an extension resource (a diagnostic setting) the type of the resource it
        # extends, and its own type as ExtensionResourceType.
        rtype = _first(item, "ExtensionResourceType", "type", "ResourceType")
        if rtype is MISSING or rtype == "":
            rtype = arm.type_of(rid)
        if not isinstance(rtype, str) or "/" not in rtype:
            raise self._error(f'{where} ({rid}) has no ARM "type"')
        name = _first(item, "name", "Name", "ResourceName")
        if not isinstance(name, str):
            name = arm.name_of(rid)
        elif "/" in name:  # templates and exports name children "parent/child"
            name = name.rsplit("/", 1)[-1]
        # Children nested in their parent (`resources`, any case) are resources of their own.
        children = arm.get_path(item, "resources")
        # The resource as read when it nests none (nearly every one: no copy of 50,000 objects).
        body = (
            item
            if children is MISSING
            else {k: v for k, v in item.items() if k.lower() != "resources"}
        )
        # The same input boundary as a live scan: a credential in a hand-written file is withheld.
        try:
            raw = sanitize_resource(body, rtype)
        except RecursionError:
            raise self._error(f"{where} ({rid}) is nested too deeply to read") from None
        key = arm.normalize_id(rid)
        origin = origins.get(key)
        if isinstance(origin, dict) and origin.get("url"):
            # Where it was read shows in reports: a URL with a SAS `sig=` must not.
            url = redact_text(str(origin["url"]))
            source = Location("arm", url, origin.get("api_version"))
        else:
            source = places.of(key)
        yield Resource(id=rid, type=rtype, name=name, raw=raw, source=source)
        if isinstance(children, list):
            for index, child in enumerate(children):
                where_child = f"{where}.resources[{index}]"
                yield from self._resource(child, where_child, origins, places)

    def _gap(self, raw: Mapping[str, Any]) -> Gap:
        status = raw.get("status")
        return Gap(
            scope=raw["scope"],
            resource_type=raw.get("resource_type"),
            status=None if status is None else int(status),  # JSON Schema's integer admits 403.0
            code=str(raw.get("code") or "Unreadable"),
            message=str(raw.get("message") or ""),
        )


def unread_pages(next_link: str, resources: list[Resource]) -> list[Gap]:
    """Gaps for the pages after a saved list page: its `nextLink` says the listing goes on, so
    what those pages hold was not read. The link's path names the collection (its scope and
    type); a link that names none makes the subscriptions of the page's resources (or, with
    none, everything) unreadable. The link itself is not quoted: its query is a paging token."""
    path = urlsplit(next_link.strip()).path.rstrip("/")
    scopes: list[tuple[str, str | None]] = []
    if path.lower().endswith("/resources") and arm.is_within(path, "/subscriptions"):
        scopes.append((path[: -len("/resources")], None))  # the generic list: every type
    else:
        item = f"{path}/item"  # the id of a member of the collection the link lists
        scope, rtype = arm.parent_id(item), arm.type_of(item)
        if scope and rtype and arm.is_within(scope, "/subscriptions"):
            scopes.append((scope, rtype))
    if not scopes:
        found = subscription_scopes(r.id for r in resources)
        scopes = [(scope, None) for scope in found] or [("/", None)]
    message = (
        "the saved list page has a nextLink: the pages after it were not read (save every "
        "page, or collect with `aml-audit collect`)"
    )
    return [Gap(scope, rtype, None, "NextPageNotRead", message) for scope, rtype in scopes]


def write_snapshot(inventory: Inventory, path: Path, collected_at: str) -> None:
    """The file `aml-audit collect` writes; `SnapshotSource` reads it back to the same inventory."""
    origins = {
        r.id: {"url": r.source.uri, "api_version": r.source.api_version}
        for r in inventory
        if r.source is not None and r.source.kind == "arm"
    }
    document = {
        "format": SNAPSHOT_FORMAT,
        "collected_at": collected_at,
        "sources": [s for s in inventory.sources],
        "scopes": list(inventory.scopes),
        "resources": [dict(r.raw) for r in inventory],
        "gaps": [g.to_json() for g in inventory.gaps],
        "missing": sorted(inventory.missing),
        "listed": [{"scope": s, "type": t} for s, t in sorted(inventory.listed)],
        "origins": origins,
    }
    path.write_text(json.dumps(document, indent=2, sort_keys=False) + "\n", encoding="utf-8")
