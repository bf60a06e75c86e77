"""The Markdown report: a compact summary for `$GITHUB_STEP_SUMMARY` and pull-request comments.

Scope, completeness, totals, failing results by severity (one line each, capped at
`ReportOptions.markdown_limit` with "... and N more"), new and known against a baseline, what was
resolved since it, suppressions, what could not be checked, warnings.

GitHub renders HTML, mentions and autolinks in Markdown, and resource names, ids, tags and ARM
messages are attacker-controlled. So every such value goes into a code span (no HTML, no mention,
no link is made inside one; `|` escaped for tables, the fence longer than any backtick run), and
warnings, which quote config patterns and plugin errors, into a fenced code block. The remaining
prose (rule titles, suppression reasons from the config) has every ASCII punctuation character
backslash-escaped and `<`, `>`, `&` written as entities: no HTML, no structure, no web link (an
e-mail address may still be linked: cmark-gfm finds those after escapes are resolved).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO, TypeVar

from auditor.evaluate.results import Result, ScanResult
from auditor.reporters.catalogue import fenced
from auditor.reporters.interface import Format, ReportOptions
from auditor.reporters.view import (
    NOT_EVALUATED,
    SEVERITIES,
    GapView,
    NotAssessedGroup,
    ReportView,
    file_position,
    linted,
    path_state,
    plural,
    view_of,
)
from auditor.rulekit.meta import Severity, Status

T = TypeVar("T")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")
_ENTITIES = {"<": "&lt;", ">": "&gt;", "&": "&amp;"}
_PUNCTUATION = frozenset("!\"#$%'()*+,-./:;=?@[\\]^_`{|}~")


def _one_line(value: object) -> str:
    """Line breaks and control characters would end a table row or a list item."""
    return _CONTROL.sub(" ", str(value)).strip()


def text(value: object) -> str:
    """Prose that may carry untrusted fragments, made literal in any inline position."""
    out = []
    for char in _one_line(value):
        if char in _ENTITIES:
            out.append(_ENTITIES[char])
        elif char in _PUNCTUATION:
            out.append("\\" + char)
        else:
            out.append(char)
    return "".join(out)


def code(value: object) -> str:
    """A code span holding `value` verbatim (pipes escaped: GFM splits table cells first)."""
    content = _one_line(value)
    if not content:
        return "(empty)"
    longest = max((len(run) for run in re.findall(r"`+", content)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if content[0] in "` " or content[-1] in "` " else ""
    return f"{fence}{pad}{content.replace('|', chr(92) + '|')}{pad}{fence}"


def _resource_cell(result: Result, files: bool = False) -> str:
    position = file_position(result) if files else None
    where = code(result.resource_id if position is None else position)
    return f"{code(result.resource_name)}<br><sub>{where}</sub>"


def _order(result: Result) -> tuple[int, int, str, str]:
    return (-result.severity, result.baseline != "new", result.rule_id, result.resource_id.lower())


# The formats that hold every result, in the order a reader would rather open them.
_FULL_REPORTS = (Format.HTML, Format.JSON, Format.SARIF)


def see_full_report(options: ReportOptions) -> str:
    """Where the results a capped list leaves out are: the full report this scan writes, by the
    path the user gave, or how to write one."""
    for fmt in _FULL_REPORTS:
        for path in options.reports:
            if Format.for_path(Path(path)) is fmt:
                return f"see the full report: {code(path)}"
    return "write the full report with `-o report.html`"


def _capped(
    items: Sequence[T], render: Callable[[T], str], limit: int, noun: str, where: str
) -> list[str]:
    """The first `limit` items rendered (only those: a scan may have 100,000), then a count and
    where the rest are."""
    shown = [render(item) for item in items[:limit]]
    rest = len(items) - len(shown)
    if rest:
        shown.append(f"\n_... and {rest} more {noun} ({where})_")
    return shown


class MarkdownReporter:
    def render(self, scan: ScanResult, stream: TextIO, options: ReportOptions) -> None:
        stream.write("\n".join(self.lines(scan, options)).rstrip() + "\n")

    def lines(self, scan: ScanResult, options: ReportOptions) -> list[str]:
        view = view_of(scan)
        scan = view.scan  # redacted
        limit = max(0, options.markdown_limit)
        where = see_full_report(options)
        failing = sorted(view.failing, key=_order)
        suppressed = sorted(view.suppressed, key=_order)
        with_baseline = view.with_baseline
        out: list[str] = []
        out += self._heading(view)
        out += self._totals(view)
        if with_baseline:
            out += [
                "",
                f"**Against the baseline:** {view.new_count} new, {view.known_count} known, "
                f"{len(scan.resolved)} resolved",
            ]
        out += self._paths(view.paths, limit, where)
        out += self._failing(failing, limit, with_baseline, where, linted(scan))
        if scan.resolved:
            out += ["", f"### Resolved since the baseline ({len(scan.resolved)})", ""]
            out += _capped(
                scan.resolved,
                lambda r: f"- {self._rule(r)} on {code(r.resource_id)}",
                limit,
                "resolved results",
                where,
            )
        if suppressed:
            out += ["", f"### Suppressed ({len(suppressed)})", ""]
            out += _capped(suppressed, self._suppressed, limit, "suppressed results", where)
        if view.gaps or view.not_assessed:
            out += self._unchecked(view, limit, where)
        if scan.warnings:
            out += ["", f"### Warnings ({len(scan.warnings)})", ""]
            out += fenced("\n".join(f"- {_one_line(w)}" for w in scan.warnings), "text")
        return out

    def _heading(self, view: ReportView) -> list[str]:
        scan = view.scan
        state = "complete" if view.complete else "INCOMPLETE"
        count = plural(len(view.failing), "failing result")
        if view.with_baseline:
            count += f" ({view.new_count} new)"
        sources = ", ".join(code(s) for s in scan.sources) or "no source"
        subscriptions = view.subscriptions
        lines = [
            f"## aml-audit: {count}, scan {state}",
            "",
            f"Scope: {plural(len(subscriptions), 'subscription')} from {sources}. "
            f"{plural(len(scan.results), 'evaluation')} of {plural(view.rule_count, 'rule')} "
            f"by aml-audit {text(scan.tool_version)}, "
            f"{scan.started_at.strftime('%Y-%m-%d %H:%M UTC')}.",
            "",
        ]
        if view.complete and view.not_evaluated:
            lines.append(
                "**Complete:** every resource in scope was read, and every one a rule covers was "
                "judged."
            )
        elif view.complete:
            lines.append("**Complete:** every resource in scope was read and judged.")
        else:
            unassessed = len(view.not_assessed)
            # A subscription denied for four resource types is four gaps but one scope.
            scopes = view.gap_scopes
            unread = plural(scopes, "scope") + " could not be read"
            if scopes != len(view.gaps):
                unread += f" ({plural(len(view.gaps), 'gap')})"
            lines.append(
                f"**Incomplete:** {unread} and "
                f"{plural(unassessed, 'result')} could not be assessed; unreadable is not "
                "a pass (see *What could not be checked*)."
            )
        if view.not_evaluated:
            # Our own wording as written; only the labels (a computeType from ARM) are escaped.
            groups = ", ".join(text(group.phrase) for group in view.not_evaluated)
            lines += ["", f"{NOT_EVALUATED}: {groups}."]
        return lines

    def _totals(self, view: ReportView) -> list[str]:
        statuses = (Status.FAIL, Status.SUPPRESSED, Status.NOT_ASSESSED, Status.PASS)
        lines = [
            "",
            "| severity | failing | suppressed | not assessed | passing |",
            "|---|--:|--:|--:|--:|",
        ]
        for sev in SEVERITIES:
            cells = " | ".join(str(view.count(sev, st)) for st in statuses)
            lines.append(f"| {sev.label} | {cells} |")
        totals = " | ".join(str(sum(view.count(sev, st) for sev in Severity)) for st in statuses)
        lines.append(f"| **total** | {totals} |")
        return lines

    @staticmethod
    def _paths(paths: tuple[Result, ...], limit: int, where: str) -> list[str]:
        """Attack paths come first: each is what to fix first. A path and its steps, in order."""
        if not paths:
            return []

        def entry(path: Result) -> str:
            lines = [
                f"- **{path_state(path)}** **{text(path.rule_id)}** {text(path.title)} "
                f"on {code(path.resource_id)}"
            ]
            for step in path.steps:
                rule = f"**{text(step.rule_id)}**" if step.rule_id else "role assignments"
                lines.append(
                    f"  {step.stage}. {text(step.title)}: {rule} on {code(step.resource_name)} "
                    f"({step.status.value})"
                )
            return "\n".join(lines)

        lines = ["", f"### Attack paths ({len(paths)}): fix these first", ""]
        return [*lines, *_capped(paths, entry, limit, "attack paths", where)]

    @staticmethod
    def _rule(result: Result) -> str:
        title = f" {text(result.title)}" if result.title else ""
        return f"**{text(result.rule_id)}**{title} ({result.severity.label})"

    def _failing(
        self,
        failing: list[Result],
        limit: int,
        with_baseline: bool,
        where: str,
        files: bool = False,
    ) -> list[str]:
        if not failing:
            return ["", "No failing results."]
        lines = ["", f"### Failing results ({len(failing)})", ""]
        header = "| severity | rule | resource |"
        rule_line = "|---|---|---|"
        if with_baseline:
            header += " baseline |"
            rule_line += "---|"

        def row(r: Result) -> str:
            cells = f"| {r.severity.label} | **{text(r.rule_id)}** {text(r.title)} | "
            cells += f"{_resource_cell(r, files)} |"
            if with_baseline:
                cells += f" {'**new**' if r.baseline == 'new' else text(r.baseline or '')} |"
            return cells

        shown = _capped(failing, row, limit, "failing results", where)
        if limit == 0:
            return [*lines, *(s.lstrip("\n") for s in shown)]
        return [*lines, header, rule_line, *shown]

    @staticmethod
    def _suppressed(result: Result) -> str:
        line = f"- **{text(result.rule_id)}** on {code(result.resource_id)}"
        if result.suppression is not None:
            line += f": {text(result.suppression.reason)}"
            if result.suppression.expires is not None:
                line += f" (until {result.suppression.expires.isoformat()})"
            line += f" \\[{text(result.suppression.source)}\\]"
        return line

    def _unchecked(self, view: ReportView, limit: int, where: str) -> list[str]:
        def gap_line(gap: GapView) -> str:
            what = code(gap.resource_type) if gap.resource_type else "everything"
            return f"- {what} under {code(gap.scope)}: {gap.failure(code)} {code(gap.message)}"

        def group_line(group: NotAssessedGroup) -> str:
            # One gap makes every rule of its types not_assessed on its scope: one line for all.
            ids = group.rule_ids
            rules = ", ".join(f"**{text(rule_id)}**" for rule_id in ids)
            count = f" ({len(ids)} rules)" if len(ids) > 1 else ""
            return (
                f"- not assessed: {rules}{count} on {code(group.resource_id)}: "
                f"{code(group.message)}"
            )

        lines = ["", "### What could not be checked", ""]
        lines += _capped(view.gaps, gap_line, limit, "gaps", where)
        groups = view.not_assessed_groups
        shown = [group_line(group) for group in groups[:limit]]
        rest = sum(len(group.results) for group in groups[limit:])
        if rest:
            more = plural(rest, "more not-assessed result")
            shown.append(f"\n_... and {more} ({where})_")
        return lines + shown


REPORTER = MarkdownReporter()
