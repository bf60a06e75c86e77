"""The HTML report: one self-contained page a security engineer can open offline or attach to a CI
run. Everything is in the file — CSS, a little vanilla JS, the severity chart as inline SVG — and a
Content-Security-Policy allows nothing else to load.

The page is jinja2 with autoescape on (`reports/templates/report.html.j2`). What needs no script —
scope, completeness, summary, gaps, suppressed results, changes since a baseline, and each rule's
remediation and references — is rendered on the server. The findings browser (by resource, by rule,
filters) is built by `report.js` from one JSON blob, so 10,000 results stay a few megabytes and a
filter re-renders only what matches. The script builds DOM nodes with `textContent`, never HTML
strings, and rule metadata is rendered once per rule (as `<template>` elements the script clones).

Data blob layout (arrays, not objects, to keep 10,000 results small; report.js decodes it; written
into the page in pieces, see DataBlob):
    statuses: [status value, ...]                         index = status code in a result
    severities: [label, ...]                              index = Severity value
    types: [[resource type, friendly label], ...]
    rules: [[id, title, severity, category], ...]         in display order
    nodes: [[id, name, type index, parent index or -1, kind, location text | null], ...]
           depth-first, in display order
    results: [[rule index, node index, severity, status code, type index, message,
               evidence [[path, observed text, expected], ...], fingerprint,
               baseline ("new" | "known" | null), suppression [reason, expires, source] | null,
               context [...],
               first seen (with --history: the date it was first recorded failing) | null], ...]
A finding's az command is its rule's (in the rule's <template>), with the finding's resource's
names filled in by report.js when the finding is opened (`fillPlaceholders`).
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import islice
from operator import attrgetter
from typing import Any, Generic, TextIO, TypeVar
from urllib.parse import urlsplit

import jinja2
from markupsafe import Markup

from auditor.core.jsontext import compact_json
from auditor.core.paths import templates_dir
from auditor.evaluate.results import Result, ScanResult
from auditor.inventory import arm
from auditor.inventory.resource_types import RESOURCE_GROUPS, SUBSCRIPTIONS
from auditor.inventory.resources import Location
from auditor.reporters.interface import ReportOptions
from auditor.reporters.trend import trend_chart
from auditor.reporters.view import (
    SEVERITIES,
    TYPE_RANK,
    ReportView,
    RuleHelp,
    path_state,
    resource_type_label,
    type_label,
    view_of,
)
from auditor.rulekit.meta import RuleMeta, Severity, Status

TEMPLATE = "report.html.j2"
STYLE = "report.css"
SCRIPT = "report.js"

STATUSES = (Status.FAIL, Status.NOT_ASSESSED, Status.SUPPRESSED, Status.PASS)
STATUS_LABELS = {
    Status.FAIL: "fail",
    Status.NOT_ASSESSED: "not assessed",
    Status.SUPPRESSED: "suppressed",
    Status.PASS: "pass",
}
TOP_RULES = 10
# Where the template puts the data blob: markup no escaped text can contain (its "<" would be
# "&lt;"), replaced by the blob as the page is written.
DATA_PLACE = Markup("<aml-audit-report-data/>")
# Rows of each table the server renders (gaps, not assessed, suppressed, resolved, not evaluated):
# an estate has tens of thousands; the rest are in the findings browser and the JSON report.
TABLE_ROWS = 200

_T = TypeVar("_T")


@dataclass(frozen=True, slots=True)
class Rows(Generic[_T]):
    """The first rows of a long list, and how many more it has."""

    shown: Sequence[_T]
    more: int


def first_rows(items: Sequence[_T]) -> Rows[_T]:
    return Rows(items[:TABLE_ROWS], max(0, len(items) - TABLE_ROWS))


def json_for_script(value: Any) -> Markup:
    """JSON safe inside `<script type="application/json">`: no `</script>`, `<!--`, entity or
    line-separator tricks survive, because `<`, `>`, `&`, U+2028 and U+2029 become escapes."""
    text = compact_json(value)
    # One replace per character (each a C scan of the text) rather than str.translate, which
    # looks every character of a 70 MB blob up in a dict.
    for character, escape in _SCRIPT_ESCAPES:
        text = text.replace(character, escape)
    return Markup(text)  # escaped just above


_SCRIPT_ESCAPES = (
    ("<", "\\u003c"),
    (">", "\\u003e"),
    ("&", "\\u0026"),
    ("\u2028", "\\u2028"),
    ("\u2029", "\\u2029"),
)


_BOX, _GAP = 180, 34  # a step's box in the paths view, and the arrow between two


def _cut(text: str, limit: int = 26) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _path_drawing(path: Result) -> dict[str, Any]:
    """What the "Attack paths" partial draws: one box a step, left to right, an unread step
    dashed. Plain values only; the template autoescapes them."""
    boxes = []
    for number, step in enumerate(path.steps):
        unread = step.status is Status.NOT_ASSESSED
        title = step.title
        boxes.append(
            {
                "x": 4 + number * (_BOX + _GAP),
                "w": _BOX,
                "stage": step.stage,
                "rule": step.rule_id or "roles",
                "line1": _cut(title),
                "line2": _cut(step.resource_name),
                "status": "not assessed" if unread else step.status.value,
                "unread": unread,
                "fill": "#f3f3f3" if unread else "#fdecea",
                "stroke": "#8a6d00" if unread else "#b3261e",
                "tooltip": f"{title}: {step.message}",
            }
        )
    return {
        "rule_id": path.rule_id,
        "title": path.title,
        "status": path.status.value,
        "state": path_state(path),
        "resource_id": path.resource_id,
        "resource_name": path.resource_name,
        "message": path.message,
        "chain": " -> ".join(dict.fromkeys(s.title for s in path.steps)),
        "steps": list(path.steps),
        "boxes": boxes,
        "width": 8 + len(boxes) * (_BOX + _GAP) - _GAP,
    }


def csp_hash(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()


def observed_text(value: Any) -> str:
    """How an observed value reads in the report (the view redacted it)."""
    if isinstance(value, str):
        return value
    # The scalars most evidence observes, as json.dumps writes them, without its cost per call.
    if value is True or value is False or value is None:
        return _JSON_SCALARS[value]
    if type(value) is int:
        return str(value)
    return json.dumps(value, ensure_ascii=False)


_JSON_SCALARS = {True: "true", False: "false", None: "null"}


def location_text(location: Location | None, resource_id: str) -> str | None:
    """Where a resource was read: a file and lines, or the ARM api-version (the URL is the id)."""
    if location is None:
        return None
    if location.kind == "file":
        if location.start_line is None:
            return location.uri
        end = location.end_line
        lines = f"{location.start_line}-{end}" if end and end != location.start_line else ""
        return f"{location.uri}:{lines or location.start_line}"
    path = urlsplit(location.uri).path
    if location.api_version and arm.normalize_id(path) == arm.normalize_id(resource_id):
        return f"Azure Resource Manager, api-version {location.api_version}"
    return location.uri


@functools.cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir()),
        autoescape=True,  # every template: resource names, tags and messages are attacker text
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["type_label"] = type_label
    env.filters["resource_type_label"] = resource_type_label
    return env


# ---------------------------------------------------------------------------------------------
# The resource tree: subscription > resource group > resource > child resources.


@dataclass(slots=True)  # one per resource: 50,000 in an estate
class _Node:
    id: str
    name: str
    type: str
    kind: str  # "subscription" | "group" | "resource" | "other"
    parent: str | None  # normalized key of the parent node
    children: list[str] = field(default_factory=list)
    location: str | None = None


class _Tree:
    def __init__(self) -> None:
        self.nodes: dict[str, _Node] = {}

    def add(self, resource_id: str, name: str | None = None) -> str:
        key = arm.normalize_id(resource_id)
        node = self.nodes.get(key)
        if node is not None:
            if name and node.name == arm.name_of(node.id):
                node.name = name
            return key
        found_type, parent_id = arm.type_and_parent(resource_id)
        rtype = found_type or ""
        parent_key = self.add(parent_id) if parent_id else None
        if rtype == SUBSCRIPTIONS:
            kind = "subscription"
        elif rtype == RESOURCE_GROUPS:
            kind = "group"
        else:
            kind = "resource" if rtype else "other"
        self.nodes[key] = _Node(
            resource_id, name or arm.name_of(resource_id), rtype, kind, parent_key
        )
        if parent_key is not None:
            self.nodes[parent_key].children.append(key)
        return key

    def _order(self, key: str) -> tuple[int, str, str]:
        node = self.nodes[key]
        return (TYPE_RANK.get(node.type.lower(), len(TYPE_RANK)), node.type.lower(), node.name)

    def depth_first(self) -> list[str]:
        ordered: list[str] = []
        roots = [k for k, n in self.nodes.items() if n.parent is None]
        stack = sorted(roots, key=self._order, reverse=True)
        while stack:
            key = stack.pop()
            ordered.append(key)
            stack += sorted(self.nodes[key].children, key=self._order, reverse=True)
        return ordered


# ---------------------------------------------------------------------------------------------
# The template's view of a scan.


@dataclass(frozen=True, slots=True)
class _TopRule:
    id: str
    title: str
    severity: str
    count: int
    share: int  # percent of the most failing rule's count, for the bar


# Fields read in C, for the passes over an estate's 150,000 results.
_RULE_ID = attrgetter("rule_id")
_RULE_ID_AND_SEVERITY = attrgetter("rule_id", "severity")
_RESOURCE_TYPE = attrgetter("resource_type")


def _rule_order(scan: ScanResult) -> list[RuleMeta | Result]:
    """Every rule of the scan, plus stand-ins (the first result) for result rule ids it lacks."""
    known = {m.id: m for m in scan.rules}
    extra: dict[str, Result] = {}
    for r in (*scan.results, *scan.resolved):
        if r.rule_id not in known and r.rule_id not in extra:
            extra[r.rule_id] = r
    entries: list[RuleMeta | Result] = [*known.values(), *extra.values()]
    return sorted(entries, key=lambda e: (-e.severity, _entry_id(e)))


def _entry_id(entry: RuleMeta | Result) -> str:
    return entry.id if isinstance(entry, RuleMeta) else entry.rule_id


@dataclass(frozen=True, slots=True)
class DataBlob:
    """The findings browser's data (layout: this module's docstring), written into the page in
    pieces: an estate's results are 70 MB of JSON, never held whole as text."""

    head: dict[str, Any]  # statuses, severities, types, nodes
    results: Callable[[], Iterator[list[Any]]]  # each result's row, made as it is written
    rules: list[list[Any]]
    resources: int  # how many resources the results are about
    failing_resources: int  # how many of them fail a rule

    def write(self, stream: TextIO, batch: int = 2_000) -> None:
        """Writes the JSON of {**head, "results": [...], "rules": [...]}, escaped for a script
        element (json_for_script on each piece: the escapes are character by character)."""
        # str(): adding text to Markup would escape the text.
        stream.write(str(json_for_script(self.head))[:-1] + ',"results":[')
        rows = self.results()
        separator = ""
        while chunk := list(islice(rows, batch)):
            stream.write(separator + str(json_for_script(chunk))[1:-1])
            separator = ","
        stream.write('],"rules":' + str(json_for_script(self.rules)) + "}")


def _data_blob(scan: ScanResult, rule_ids: list[str], rules: list[list[Any]]) -> DataBlob:
    tree = _Tree()
    node_of: list[str] = []  # each result's node
    added: dict[tuple[str, str], str] = {}  # a resource's results add it once
    failing: set[str] = set()  # the nodes with a failing result
    for r in scan.results:
        key = added.get((r.resource_id, r.resource_name))
        if key is None:
            key = added[r.resource_id, r.resource_name] = tree.add(r.resource_id, r.resource_name)
        node = tree.nodes[key]
        if node.location is None:  # one location per resource, not per result: 10,000 URLs weigh
            node.location = location_text(r.location, r.resource_id)
        node_of.append(key)
        if r.status is Status.FAIL:
            failing.add(key)
    order = tree.depth_first()
    node_index = {key: i for i, key in enumerate(order)}

    type_names = sorted(
        set(map(_RESOURCE_TYPE, scan.results)) | {tree.nodes[k].type for k in order},
        key=lambda t: (type_label(t), t),
    )
    type_index = {t: i for i, t in enumerate(type_names)}
    rule_index = {rule_id: i for i, rule_id in enumerate(rule_ids)}
    status_index = {s: i for i, s in enumerate(STATUSES)}

    nodes = []
    for key in order:
        node = tree.nodes[key]
        parent = node_index[node.parent] if node.parent is not None else -1
        nodes.append([node.id, node.name, type_index[node.type], parent, node.kind, node.location])

    def results() -> Iterator[list[Any]]:
        for r, key in zip(scan.results, node_of, strict=True):
            yield [
                rule_index[r.rule_id],
                node_index[key],
                int(r.severity),
                status_index[r.status],
                type_index[r.resource_type],
                r.message,
                [[e.path, observed_text(e.observed), e.expected] for e in r.evidence],
                r.fingerprint,
                r.baseline,
                (
                    [
                        r.suppression.reason,
                        r.suppression.expires.isoformat() if r.suppression.expires else None,
                        r.suppression.source,
                    ]
                    if r.suppression
                    else None
                ),
                list(r.context),
                r.first_seen.date().isoformat() if r.first_seen else None,
            ]

    head = {
        "statuses": [s.value for s in STATUSES],
        "severities": [s.label for s in sorted(Severity)],
        "types": [[t, type_label(t) if t else "scope"] for t in type_names],
        "nodes": nodes,
    }
    return DataBlob(head, results, rules, len(set(node_of)), len(failing))


def _chart(counts: dict[str, int]) -> dict[str, Any]:
    """Geometry of the horizontal bar chart of failing results by severity (SVG user units)."""
    bar_height, gap, label_width, bar_width = 22, 10, 78, 250
    biggest = max(counts.values(), default=0) or 1
    bars = []
    for i, sev in enumerate(SEVERITIES):
        count = counts.get(sev.label, 0)
        bars.append(
            {
                "label": sev.label,
                "count": count,
                "y": i * (bar_height + gap),
                "width": round(bar_width * count / biggest, 1) if count else 0,
            }
        )
    return {
        "bars": bars,
        "bar_height": bar_height,
        "label_width": label_width,
        "width": label_width + bar_width + 60,
        "height": len(bars) * (bar_height + gap) - gap,
    }


def _duration(scan: ScanResult) -> str:
    seconds = max(0.0, (scan.finished_at - scan.started_at).total_seconds())
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest} s"


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def report_context(scan: ScanResult | ReportView) -> dict[str, Any]:
    """What the template shows, laid out from the report view (the template only lays it out)."""
    view = scan if isinstance(scan, ReportView) else view_of(scan)
    scan = view.scan  # redacted
    entries = _rule_order(scan)
    rule_ids = [_entry_id(e) for e in entries]
    rules: list[RuleHelp] = [view.rule_help[e.id] for e in entries if isinstance(e, RuleMeta)]
    titles = {_entry_id(e): e.title for e in entries}
    rule_rows = [
        [_entry_id(e), e.title, int(e.severity), e.category if isinstance(e, RuleMeta) else ""]
        for e in entries
    ]

    by_status = view.by_status
    failing = view.failing
    fail_counts = Counter(map(_RULE_ID, failing))
    worst: dict[str, Severity] = {}
    for rule_id, severity in set(map(_RULE_ID_AND_SEVERITY, failing)):  # a few hundred pairs
        worst[rule_id] = max(worst.get(rule_id, severity), severity)
    ranked = sorted(fail_counts.items(), key=lambda kv: (-kv[1], -worst[kv[0]], kv[0]))[:TOP_RULES]
    top_max = max((count for _, count in ranked), default=1)
    top_rules = [
        _TopRule(
            rule_id,
            titles.get(rule_id, rule_id),
            worst[rule_id].label,
            count,
            round(100 * count / top_max),
        )
        for rule_id, count in ranked
    ]

    severity_rows = [
        {"label": sev.label, "counts": [view.count(sev, st) for st in STATUSES]}
        for sev in SEVERITIES
    ]
    not_assessed = sorted(
        view.not_assessed, key=lambda r: (arm.normalize_id(r.resource_id), r.rule_id)
    )

    suppressed = view.sorted_by_severity(view.suppressed)
    resolved = view.sorted_by_severity(scan.resolved)
    not_evaluated_rows = (
        (group.label, rid) for group in view.not_evaluated for rid in group.resource_ids
    )
    data = _data_blob(scan, rule_ids, rule_rows)
    script = environment().get_template(SCRIPT).render()
    style = environment().get_template(STYLE).render()
    return {
        "scan": scan,
        "title": "aml-audit report",
        "subscriptions": list(view.subscriptions),
        "duration": _duration(scan),
        "started": _utc(scan.started_at),
        "finished": _utc(scan.finished_at),
        "complete": view.complete,
        "by_status": by_status,
        "total": len(scan.results),
        "statuses": [(s.value, STATUS_LABELS[s], by_status[s.value]) for s in STATUSES],
        "severities": [s.label for s in SEVERITIES],
        "severity_rows": severity_rows,
        "failing_by_severity": dict(view.failing_by_severity),
        "chart": _chart(dict(view.failing_by_severity)),
        "failing_resources": data.failing_resources,
        "resources": data.resources,
        "failing_rules": len(fail_counts),
        "top_rules": top_rules,
        "gaps": list(view.gaps),
        "gap_rows": first_rows(view.gaps),
        "table_rows": TABLE_ROWS,
        "gap_scopes": view.gap_scopes,
        "not_evaluated": list(view.not_evaluated),
        "not_evaluated_line": view.not_evaluated_line,
        "key_readers": list(view.key_readers),
        "not_evaluated_rows": Rows(
            list(islice(not_evaluated_rows, TABLE_ROWS)),
            max(0, sum(n.count for n in view.not_evaluated) - TABLE_ROWS),
        ),
        "paths": [_path_drawing(p) for p in view.paths],
        "not_assessed": not_assessed,
        "not_assessed_rows": first_rows(not_assessed),
        "suppressed": suppressed,
        "suppressed_rows": first_rows(suppressed),
        "has_baseline": view.with_baseline,
        "new_count": view.new_count,
        "known_count": view.known_count,
        "resolved": resolved,
        "resolved_rows": first_rows(resolved),
        "rules": rules,
        "types": data.head["types"],
        "data": DATA_PLACE,
        "blob": data,
        "trend": trend_chart(scan.trend),
        "script_hash": csp_hash(script),
        "style_hash": csp_hash(style),
    }


class HtmlReporter:
    def render(self, scan: ScanResult, stream: TextIO, options: ReportOptions) -> None:
        template = environment().get_template(TEMPLATE)
        context = report_context(scan)
        # Written as it is rendered, the data blob in pieces where the template places it.
        blob: DataBlob = context["blob"]
        written = False
        for chunk in template.generate(context):
            if not written and DATA_PLACE in chunk:
                before, after = chunk.split(DATA_PLACE, 1)
                stream.write(before)
                blob.write(stream)
                stream.write(after)
                written = True
            else:
                stream.write(chunk)


REPORTER = HtmlReporter()
