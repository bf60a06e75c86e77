"""Suppressions, applied to a ScanResult after the rules ran.

- Suppressions (`[[suppress]]` in aml-audit.toml, `[[tool.aml-audit.suppress]]` in
  pyproject.toml) accept a failing result for a reason, optionally until a date. Each names exactly
  one rule id; the resource is an ARM id or a glob. There is no blanket "ignore everything": a rule
  that should not run at all goes in `ignore`, which every report states.
- A baseline (a previous JSON report of this tool) tells new failing results from known ones by
  fingerprint, and lists what failed then and passes now.

Neither control touches `not_assessed` results: what could not be read stays visible.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from auditor.core.errors import ConfigError
from auditor.evaluate.results import ScanResult, Suppression
from auditor.inventory import arm
from auditor.rulekit.meta import PATH_ID, RULE_ID, Status


@dataclass(frozen=True, slots=True)
class SuppressionEntry:
    """One `[[suppress]]` entry of the config file, validated."""

    rule: str  # one rule id, upper case (an alias is resolved by `resolve_rule_ids`)
    resource: str  # an ARM id or a glob (`*` any run of characters, `?` one), as written
    reason: str
    expires: date | None  # the last day it applies; None = no expiry
    label: str  # where it is written, for messages: "aml-audit.toml suppress[2]"

    @property
    def is_glob(self) -> bool:
        return "*" in self.resource or "?" in self.resource

    def matches(self, resource_id: str) -> bool:
        if self.is_glob:
            return _glob(self.resource).fullmatch(arm.normalize_id(resource_id)) is not None
        return arm.normalize_id(self.resource) == arm.normalize_id(resource_id)

    def expired(self, today: date) -> bool:
        return self.expires is not None and today > self.expires

    def describe(self) -> str:
        return f"{self.label} ({self.rule} on '{self.resource}')"


@functools.lru_cache(maxsize=1024)
def _glob(pattern: str) -> re.Pattern[str]:
    """Only `*` and `?` are special (`[` may occur in a resource name); ids compare lower-case."""
    parts = []
    for char in arm.normalize_id(pattern):
        parts.append(".*" if char == "*" else "." if char == "?" else re.escape(char))
    return re.compile("".join(parts), re.DOTALL)


def parse_suppressions(
    entries: list[dict[str, str]], where: str, file_label: str
) -> tuple[SuppressionEntry, ...]:
    """The `suppress` array of tables, already checked against the config schema (strings, ISO
    dates); `where` prefixes errors, `file_label` (e.g. "aml-audit.toml ") the entries' labels.

    Entries are numbered from 1 in file order: `suppress[2]` is the second `[[suppress]]`.
    """
    parsed = []
    for number, item in enumerate(entries, start=1):
        rule = item["rule"].strip().upper()
        # The schema refuses globs and lists; this, anything else. An attack path (AMLP01) is
        # suppressed by its own id.
        if not (RULE_ID.match(rule) or PATH_ID.match(rule)):
            raise ConfigError(
                f"{where}: suppress[{number}]: 'rule' must be a rule id such as 'AML101' "
                f"or an attack path id such as 'AMLP01' (got {rule!r})"
            )
        expires = item.get("expires")
        parsed.append(
            SuppressionEntry(
                rule=rule,
                resource=item["resource"].strip(),
                reason=item["reason"].strip(),
                expires=None if expires is None else date.fromisoformat(expires),
                label=f"{file_label}suppress[{number}]",
            )
        )
    return tuple(parsed)


def resolve_rule_ids(
    entries: Iterable[SuppressionEntry], canonical: Callable[[str], str | None]
) -> tuple[SuppressionEntry, ...]:
    """Entries with each rule id made canonical (an old alias names its rule's current id).

    `canonical(id)` returns the current id or None for an id no loaded rule has: an error, as a
    typo in a suppression would otherwise be silently inert.
    """
    resolved = []
    for entry in entries:
        current = canonical(entry.rule)
        if current is None:
            raise ConfigError(
                f"{entry.label}: unknown rule id '{entry.rule}' "
                "(`aml-audit rules` lists the known ids)"
            )
        resolved.append(dataclasses.replace(entry, rule=current))
    return tuple(resolved)


class _SuppressionIndex:
    """Finds the entries matching a (rule, resource id) without trying every entry.

    Exact ids are a dict lookup. A glob whose last segment is literal (`*/workspaces/ws-1`) is
    filed under that segment, so only globs naming the resource's own name are tried; the rest
    (`.../resourceGroups/rg-dev/*`) are screened by their literal prefix and suffix before the
    regular expression runs. Matching ids are normalized once per result.
    """

    def __init__(self, entries: list[SuppressionEntry]) -> None:
        self.exact: dict[tuple[str, str], list[int]] = {}
        self.by_name: dict[tuple[str, str], list[tuple[int, re.Pattern[str]]]] = {}
        self.loose: dict[str, list[tuple[int, str, str, re.Pattern[str]]]] = {}
        for index, entry in enumerate(entries):
            if not entry.is_glob:
                key = (entry.rule, arm.normalize_id(entry.resource))
                self.exact.setdefault(key, []).append(index)
                continue
            pattern = arm.normalize_id(entry.resource)
            literal_head = re.split(r"[*?]", pattern, maxsplit=1)[0]
            literal_tail = re.split(r"[*?]", pattern)[-1]
            if "/" in literal_tail and not literal_tail.endswith("/"):
                name = (entry.rule, literal_tail.rsplit("/", 1)[1])
                self.by_name.setdefault(name, []).append((index, _glob(entry.resource)))
            else:
                item = (index, literal_head, literal_tail, _glob(entry.resource))
                self.loose.setdefault(entry.rule, []).append(item)

    def matching(self, rule_id: str, resource_id: str) -> list[int]:
        """Indices of the matching entries, in file order."""
        normalized = arm.normalize_id(resource_id)
        found = list(self.exact.get((rule_id, normalized), ()))
        name = normalized.rsplit("/", 1)[-1]
        for index, pattern in self.by_name.get((rule_id, name), ()):
            if pattern.fullmatch(normalized):
                found.append(index)
        for index, head, tail, pattern in self.loose.get(rule_id, ()):
            if (
                normalized.startswith(head)
                and normalized.endswith(tail)
                and pattern.fullmatch(normalized)
            ):
                found.append(index)
        return sorted(found)


# The wording of the warnings apply_suppressions adds: a merge re-applies the suppressions to the
# whole estate, so it drops the shards' own (an entry for another shard's resource is unmatched).
WARNING_MARKERS = (": it no longer suppresses (", " matched no failing result: ")


def apply_suppressions(
    scan: ScanResult, suppressions: Iterable[SuppressionEntry], today: date
) -> ScanResult:
    """Failing results that an unexpired entry matches become `suppressed`.

    The first matching entry (in file order) is recorded. Warnings: each expired entry (what it
    matches fails again), and each unexpired entry for a rule that ran but matched no failing
    result (the finding was fixed or the id changed: remove or correct it).
    """
    entries = list(suppressions)
    if not entries:
        return scan
    finder = _SuppressionIndex(entries)
    matched_count = [0] * len(entries)
    results = []
    for result in scan.results:
        if result.status is not Status.FAIL:
            results.append(result)
            continue
        chosen = None
        for number in finder.matching(result.rule_id, result.resource_id):
            matched_count[number] += 1
            if chosen is None and not entries[number].expired(today):
                chosen = entries[number]
        if chosen is None:
            results.append(result)
            continue
        suppression = Suppression(chosen.reason, chosen.expires, source=chosen.label)
        results.append(
            dataclasses.replace(result, status=Status.SUPPRESSED, suppression=suppression)
        )

    evaluated = {meta.id for meta in scan.rules}
    warnings = []
    for index, entry in enumerate(entries):
        if entry.expires is not None and entry.expired(today):
            warnings.append(
                f"{entry.describe()} expired on {entry.expires.isoformat()}{WARNING_MARKERS[0]}"
                f"{matched_count[index]} failing result(s) match it); "
                "renew it with a new reason or remove it"
            )
        elif matched_count[index] == 0 and entry.rule in evaluated:
            warnings.append(
                f"{entry.describe()}{WARNING_MARKERS[1]}the finding is fixed or the "
                "resource id is wrong; remove or correct it"
            )
    return dataclasses.replace(scan, results=tuple(results), warnings=(*scan.warnings, *warnings))


def apply_inline_suppressions(
    scan: ScanResult, canonical: Callable[[str], str | None]
) -> ScanResult:
    """Failing results whose resource's file says `aml-audit:ignore <rule> <reason>` (a comment
    on or above it; in ARM JSON its `metadata`) become `suppressed`, the file and line recorded.

    Warnings, as for the config's entries: an inline suppression naming no known rule, and one
    for a rule that ran but gave its resource no failing result (fixed: remove it)."""
    if not any(r.location is not None and r.location.suppressions for r in scan.results):
        return scan
    used: set[tuple[str, int, str]] = set()
    written: dict[tuple[str, int, str], str] = {}
    results = []
    for result in scan.results:
        location = result.location
        if location is None or not location.suppressions:
            results.append(result)
            continue
        chosen = None
        for inline in location.suppressions:
            key = (location.uri, inline.line, inline.rule_id.upper())
            written[key] = canonical(inline.rule_id.upper()) or ""
            if written[key] == result.rule_id and result.status is Status.FAIL:
                used.add(key)
                chosen = chosen or inline
        if chosen is None:
            results.append(result)
            continue
        suppression = Suppression(
            chosen.reason, None, source=f"inline {location.uri}:{chosen.line}"
        )
        results.append(
            dataclasses.replace(result, status=Status.SUPPRESSED, suppression=suppression)
        )
    evaluated = {meta.id for meta in scan.rules}
    warnings = []
    for key, rule in sorted(written.items()):
        uri, line, written_id = key
        if not rule:
            warnings.append(
                f"{uri}:{line}: aml-audit:ignore names unknown rule id '{written_id}' "
                "(`aml-audit rules` lists the known ids)"
            )
        elif key not in used and rule in evaluated:
            warnings.append(
                f"{uri}:{line}: aml-audit:ignore {written_id} matched no failing result: the "
                "finding is fixed or the suppression is on another resource; remove or move it"
            )
    return dataclasses.replace(scan, results=tuple(results), warnings=(*scan.warnings, *warnings))


# --- baseline -----------------------------------------------------------------------------------
