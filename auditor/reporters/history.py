"""`aml-audit history` as console text, JSON or Markdown: the scans over time, what changed
between two scans, and findings with when they were first and last seen.

The history holds rule ids, resource ids, statuses and severities only (no message or value read
from Azure); strings are still redacted on the way out, as every report's are. A resource id can
hold anything (a snapshot's, a linted template's): the console shows its control characters as
`\\xNN`, Markdown puts it in a code span (no HTML, no link, no forged row)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TextIO

from auditor.controls.history import SEVERITIES, Change, Diff, Finding, RecordedScan
from auditor.core.redact import redact_text
from auditor.reporters import markdown as md
from auditor.reporters.console import printable
from auditor.reporters.interface import Format, ReporterError

FORMATS = (Format.CONSOLE, Format.JSON, Format.MARKDOWN)


@dataclass(frozen=True, slots=True)
class HistoryView:
    """What one `history` invocation shows: the scans, a diff, and/or findings."""

    path: str
    scans: tuple[RecordedScan, ...] = ()
    diff: Diff | None = None
    findings: tuple[Finding, ...] | None = None


def render(view: HistoryView, fmt: Format, stream: TextIO) -> None:
    if fmt is Format.JSON:
        json.dump(to_json(view), stream, indent=2, ensure_ascii=False)
        stream.write("\n")
    elif fmt is Format.MARKDOWN:
        stream.write(_markdown(view))
    elif fmt is Format.CONSOLE:
        stream.write(_console(view))
    else:
        raise ReporterError(
            f"history has no {fmt.label} output (use {', '.join(f.label for f in FORMATS)})"
        )


def _when(scan: RecordedScan) -> str:
    return scan.started_at.strftime("%Y-%m-%d %H:%M")


def _scan_json(scan: RecordedScan) -> dict[str, Any]:
    return {
        "id": scan.id,
        "started_at": scan.started_at.isoformat(),
        "tool_version": scan.tool_version,
        "complete": scan.complete,
        "scopes": list(scan.scopes),
        "shard": scan.shard,
        "failing": dict(scan.failing),
        "failing_total": scan.total,
    }


def _change_json(change: Change) -> dict[str, Any]:
    return {
        "fingerprint": change.fingerprint,
        "rule_id": change.rule_id,
        "resource_id": redact_text(change.resource_id, guess=False),
        "severity": change.severity,
        "status": change.status,
    }


def _finding_json(finding: Finding) -> dict[str, Any]:
    return {
        "fingerprint": finding.fingerprint,
        "rule_id": finding.rule_id,
        "resource_id": redact_text(finding.resource_id, guess=False),
        "severity": finding.severity,
        "first_seen": finding.first_seen.isoformat(),
        "last_seen": finding.last_seen.isoformat(),
        "latest_status": finding.latest_status,
        "open": finding.open,
        "open_days": round(finding.open_days, 2) if finding.open_days is not None else None,
    }


def to_json(view: HistoryView) -> dict[str, Any]:
    document: dict[str, Any] = {"history": view.path, "scans": [_scan_json(s) for s in view.scans]}
    if view.diff is not None:
        document["diff"] = {
            "before": view.diff.before.id,
            "after": view.diff.after.id,
            "new": [_change_json(c) for c in view.diff.new],
            "resolved": [_change_json(c) for c in view.diff.resolved],
            "still_failing": view.diff.still_failing,
        }
    if view.findings is not None:
        document["findings"] = [_finding_json(f) for f in view.findings]
    return document


def _open_for(finding: Finding) -> str:
    days = finding.open_days
    if days is None:
        return f"no longer failing ({finding.latest_status} on {finding.latest_scan:%Y-%m-%d})"
    return f"open {days:.0f} day(s)" if days >= 1 else "open less than a day"


def _table(header: Sequence[str], rows: Sequence[Sequence[str]], markdown: bool) -> list[str]:
    if markdown:  # cells come made safe: resource ids as code spans, the rest our own words
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        lines += ["| " + " | ".join(row) + " |" for row in rows]
        return lines
    widths = [max(len(str(c)) for c in col) for col in zip(header, *rows, strict=False)]
    return [
        "  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
        for row in (header, *rows)
    ]


def _lines(view: HistoryView, markdown: bool) -> list[str]:
    heading = "## " if markdown else ""

    def resource(resource_id: str) -> str:
        shown = redact_text(resource_id, guess=False)
        return md.code(shown) if markdown else printable(shown)

    out: list[str] = []
    if view.scans:
        out.append(f"{heading}Scans recorded in {view.path} ({len(view.scans)})")
        out.append("")
        rows = [
            [
                str(s.id),
                _when(s),
                "yes" if s.complete else "NO",
                *(str(dict(s.failing)[label]) for label in SEVERITIES),
                str(s.total),
                s.shard or "",
            ]
            for s in view.scans
        ]
        out += _table(
            ["scan", "started (UTC)", "complete", *SEVERITIES, "failing", "shard"], rows, markdown
        )
        out.append("")
    if view.diff is not None:
        d = view.diff
        out.append(
            f"{heading}Changes from scan {d.before.id} ({_when(d.before)}) to scan {d.after.id} "
            f"({_when(d.after)}): {len(d.new)} new, {len(d.resolved)} resolved, "
            f"{d.still_failing} still failing"
        )
        out.append("")
        for title, changes in (("new", d.new), ("resolved", d.resolved)):
            if changes:
                rows = [
                    [
                        c.severity,
                        c.rule_id,
                        resource(c.resource_id),
                        c.status,
                        c.fingerprint,
                    ]
                    for c in changes
                ]
                out.append(f"{title}:" if not markdown else f"**{title}**")
                out.append("")
                out += _table(
                    ["severity", "rule", "resource", "now", "fingerprint"], rows, markdown
                )
                out.append("")
    if view.findings is not None:
        out.append(f"{heading}Findings ({len(view.findings)})")
        out.append("")
        rows = [
            [
                f.severity,
                f.rule_id,
                resource(f.resource_id),
                f"{f.first_seen:%Y-%m-%d}",
                f"{f.last_seen:%Y-%m-%d}",
                _open_for(f),
                f.fingerprint,
            ]
            for f in view.findings
        ]
        header = ["severity", "rule", "resource", "first seen", "last seen", "state", "fingerprint"]
        out += _table(header, rows, markdown) if rows else ["no finding matches"]
        out.append("")
    if not out:
        out = [f"no scan recorded in {view.path} yet", ""]
    return out


def _console(view: HistoryView) -> str:
    return "\n".join(_lines(view, markdown=False))


def _markdown(view: HistoryView) -> str:
    return "\n".join(_lines(view, markdown=True))
