"""Reads a JSON file of ARM resources.

Accepted shapes: the snapshot `aml-audit collect` writes (`{"resources": [...], "gaps": [...],
"missing": [...], "listed": [...], "origins": {...}}`), an ARM list response (`{"value": [...]}`),
or a plain array. Exported shapes with `ResourceId`/`ResourceType` keys and nested `resources[]`
children (as Get-AzResource and PSRule exports have) are read too. Documented in
docs/snapshot-format.md.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from auditor import arm
from auditor.inventory import Inventory
from auditor.model import MISSING, Gap, Location, Resource
from auditor.sources.interface import SourceError

SNAPSHOT_FORMAT = "aml-audit-snapshot/1"


def _first(raw: Mapping[str, Any], *keys: str) -> Any:
    for key in keys:
        value = arm.get_path(raw, key)
        if value is not MISSING and value is not None:
            return value
    return MISSING


def _line_of(text: str, needle: str, cache: dict[str, int]) -> int | None:
    """1-based line on which `needle` (a JSON-encoded id) first appears."""
    position = text.find(needle)
    if position < 0:
        return None
    return text.count("\n", 0, position) + 1


class SnapshotSource:
    def __init__(self, path: Path) -> None:
        self.path = path

    @property
    def name(self) -> str:
        return f"snapshot:{self.path}"

    def _error(self, problem: str) -> SourceError:
        return SourceError(f"{self.path}: {problem}")

    def collect(self) -> Inventory:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise self._error("file not found; pass an existing snapshot file") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise self._error(f"cannot read the file ({exc})") from exc
        try:
            document = json.loads(text)
        except json.JSONDecodeError as exc:
            raise self._error(
                f"not valid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}"
            ) from None

        if isinstance(document, list):
            items, meta = document, {}
        elif isinstance(document, dict) and isinstance(document.get("resources"), list):
            items, meta = document["resources"], document
        elif isinstance(document, dict) and isinstance(document.get("value"), list):
            items, meta = document["value"], {}
        else:
            raise self._error(
                'expected {"resources": [...]}, an ARM list response {"value": [...]} '
                "or an array of ARM resources"
            )

        origins = meta.get("origins") or {}
        if not isinstance(origins, dict):
            raise self._error('"origins" must be an object mapping resource ids to sources')
        origins = {arm.normalize_id(k): v for k, v in origins.items()}
        resources = list(self._resources(items, text, origins))
        gaps = [self._gap(i, g) for i, g in enumerate(meta.get("gaps") or [])]
        missing = meta.get("missing") or []
        if not isinstance(missing, list) or not all(isinstance(m, str) for m in missing):
            raise self._error('"missing" must be an array of resource ids')
        listed = []
        for i, entry in enumerate(meta.get("listed") or []):
            if not isinstance(entry, dict) or not {"scope", "type"} <= entry.keys():
                raise self._error(f'listed[{i}] must be an object with "scope" and "type"')
            listed.append((str(entry["scope"]), str(entry["type"])))
        sources = meta.get("sources") or []
        return Inventory(
            resources,
            gaps,
            missing,
            listed,
            sources=[self.name, *(s for s in sources if isinstance(s, str))],
        )

    def _resources(
        self, items: list[Any], text: str, origins: Mapping[str, Any]
    ) -> Iterator[Resource]:
        cache: dict[str, int] = {}
        for index, item in enumerate(items):
            yield from self._resource(item, f"resources[{index}]", text, origins, cache)

    def _resource(
        self,
        item: Any,
        where: str,
        text: str,
        origins: Mapping[str, Any],
        cache: dict[str, int],
    ) -> Iterator[Resource]:
        if not isinstance(item, dict):
            raise self._error(f"{where} is not a JSON object")
        rid = _first(item, "id", "ResourceId")
        if not isinstance(rid, str) or not rid.strip().startswith("/"):
            raise self._error(f'{where} has no ARM "id" (expected "/subscriptions/...")')
        rtype = _first(item, "type", "ResourceType") or arm.type_of(rid)
        if not isinstance(rtype, str) or "/" not in rtype:
            raise self._error(f'{where} ({rid}) has no ARM "type"')
        name = _first(item, "name", "Name", "ResourceName")
        if not isinstance(name, str):
            name = arm.name_of(rid)
        elif "/" in name:  # templates and exports name children "parent/child"
            name = name.rsplit("/", 1)[-1]
        raw = {k: v for k, v in item.items() if k.lower() != "resources"}
        origin = origins.get(arm.normalize_id(rid))
        if isinstance(origin, dict) and origin.get("url"):
            source = Location("arm", str(origin["url"]), origin.get("api_version"))
        else:
            line = _line_of(text, json.dumps(rid), cache)
            source = Location("file", str(self.path), None, line, line)
        yield Resource(id=rid, type=rtype, name=name, raw=raw, source=source)
        children = arm.get_path(item, "resources")
        if isinstance(children, list):
            for index, child in enumerate(children):
                where_child = f"{where}.resources[{index}]"
                yield from self._resource(child, where_child, text, origins, cache)

    def _gap(self, index: int, raw: Any) -> Gap:
        if not isinstance(raw, dict) or not isinstance(raw.get("scope"), str):
            raise self._error(f'gaps[{index}] must be an object with a "scope" resource id')
        status = raw.get("status")
        if status is not None and not isinstance(status, int):
            raise self._error(f"gaps[{index}].status must be an HTTP status number or null")
        return Gap(
            scope=raw["scope"],
            resource_type=raw.get("resource_type"),
            status=status,
            code=str(raw.get("code") or "Unreadable"),
            message=str(raw.get("message") or ""),
        )


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
        "resources": [dict(r.raw) for r in inventory],
        "gaps": [g.to_json() for g in inventory.gaps],
        "missing": sorted(inventory.missing),
        "listed": [{"scope": s, "type": t} for s, t in sorted(inventory.listed)],
        "origins": origins,
    }
    path.write_text(json.dumps(document, indent=2, sort_keys=False) + "\n", encoding="utf-8")
