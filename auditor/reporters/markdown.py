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
from typing import TextIO, TypeVar

from auditor.core.redact import redact_text
from auditor.evaluate.results import Result, ScanResult
from auditor.inventory import arm
from auditor.inventory.resources import Gap
from auditor.reporters.grouping import NotAssessedGroup, group_not_assessed
from auditor.reporters.interface import ReportOptions
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


def _resource_cell(result: Result) -> str:
    return f"{code(result.resource_name)}<br><sub>{code(result.resource_id)}</sub>"


def _order(result: Result) -> tuple[int, int, str, str]:
    return (-result.severity, result.baseline != "new", result.rule_id, result.resource_id.lower())


def _capped(items: Sequence[T], render: Callable[[T], str], limit: int, noun: str) -> list[str]:
    """The first `limit` items rendered (only those: a scan may have 100,000), then a count."""
    shown = [render(item) for item in items[:limit]]
    rest = len(items) - len(shown)
    if rest:
        shown.append(f"\n_... and {rest} more {noun} (see the full report)_")
    return shown


def _fenced(lines: list[str]) -> list[str]:
    """A code block that no line can close: its fence is longer than any backtick run."""
    longest = max((len(run) for line in lines for run in re.findall(r"`+", line)), default=0)
    fence = "`" * max(3, longest + 1)
    return [fence + "text", *lines, fence]


def _plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"


class MarkdownReporter:
    def render(self, scan: ScanResult, stream: TextIO, options: ReportOptions) -> None:
        stream.write("\n".join(self.lines(scan, options)).rstrip() + "\n")

    def lines(self, scan: ScanResult, options: ReportOptions) -> list[str]:
        limit = max(0, options.markdown_limit)
        failing = sorted((r for r in scan.results if r.status is Status.FAIL), key=_order)
        suppressed = sorted((r for r in scan.results if r.status is Status.SUPPRESSED), key=_order)
        not_assessed = [r for r in scan.results if r.status is Status.NOT_ASSESSED]
        with_baseline = bool(scan.resolved) or any(r.baseline for r in scan.results)
        out: list[str] = []
        out += self._heading(scan, failing, with_baseline)
        out += self._totals(scan)
        if with_baseline:
            new = sum(1 for r in failing if r.baseline == "new")
            known = sum(1 for r in failing if r.baseline == "known")
            out += [
                "",
                f"**Against the baseline:** {new} new, {known} known, "
                f"{len(scan.resolved)} resolved",
            ]
        out += self._failing(failing, limit, with_baseline)
        if scan.resolved:
            out += ["", f"### Resolved since the baseline ({len(scan.resolved)})", ""]
            out += _capped(
                scan.resolved,
                lambda r: f"- {self._rule(r)} on {code(r.resource_id)}",
                limit,
                "resolved results",
            )
        if suppressed:
            out += ["", f"### Suppressed ({len(suppressed)})", ""]
            out += _capped(suppressed, self._suppressed, limit, "suppressed results")
        if scan.gaps or not_assessed:
            out += self._unchecked(scan, not_assessed, limit)
        if scan.warnings:
            out += ["", f"### Warnings ({len(scan.warnings)})", ""]
            out += _fenced([f"- {_one_line(w)}" for w in scan.warnings])
        return out

    def _heading(self, scan: ScanResult, failing: list[Result], with_baseline: bool) -> list[str]:
        state = "complete" if scan.complete else "INCOMPLETE"
        new = sum(1 for r in failing if r.baseline == "new")
        count = _plural(len(failing), "failing result")
        if with_baseline:
            count += f" ({new} new)"
        sources = ", ".join(code(s) for s in scan.sources) or "no source"
        subscriptions = sorted(
            {s for r in scan.results if (s := arm.subscription_of(r.resource_id))}
            | {s for g in scan.gaps if (s := arm.subscription_of(g.scope))}
        )
        lines = [
            f"## aml-audit: {count}, scan {state}",
            "",
            f"Scope: {_plural(len(subscriptions), 'subscription')} from {sources}. "
            f"{_plural(len(scan.results), 'evaluation')} of {_plural(len(scan.rules), 'rule')} "
            f"by aml-audit {text(scan.tool_version)}, "
            f"{scan.started_at.strftime('%Y-%m-%d %H:%M UTC')}.",
            "",
        ]
        if scan.complete:
            lines.append("**Complete:** every resource in scope was read and judged.")
        else:
            unassessed = sum(1 for r in scan.results if r.status is Status.NOT_ASSESSED)
            # A subscription denied for four resource types is four gaps but one scope.
            scopes = len({arm.normalize_id(g.scope) for g in scan.gaps})
            unread = _plural(scopes, "scope") + " could not be read"
            if scopes != len(scan.gaps):
                unread += f" ({_plural(len(scan.gaps), 'gap')})"
            lines.append(
                f"**Incomplete:** {unread} and "
                f"{_plural(unassessed, 'result')} could not be assessed; unreadable is not "
                "a pass (see *What could not be checked*)."
            )
        return lines

    def _totals(self, scan: ScanResult) -> list[str]:
        statuses = (Status.FAIL, Status.SUPPRESSED, Status.NOT_ASSESSED, Status.PASS)
        counts = {(sev, st): 0 for sev in Severity for st in statuses}
        for r in scan.results:
            counts[(r.severity, r.status)] += 1
        lines = [
            "",
            "| severity | failing | suppressed | not assessed | passing |",
            "|---|--:|--:|--:|--:|",
        ]
        for sev in sorted(Severity, reverse=True):
            cells = " | ".join(str(counts[(sev, st)]) for st in statuses)
            lines.append(f"| {sev.label} | {cells} |")
        totals = " | ".join(str(sum(counts[(sev, st)] for sev in Severity)) for st in statuses)
        lines.append(f"| **total** | {totals} |")
        return lines

    @staticmethod
    def _rule(result: Result) -> str:
        title = f" {text(result.title)}" if result.title else ""
        return f"**{text(result.rule_id)}**{title} ({result.severity.label})"

    def _failing(self, failing: list[Result], limit: int, with_baseline: bool) -> list[str]:
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
            cells += f"{_resource_cell(r)} |"
            if with_baseline:
                cells += f" {'**new**' if r.baseline == 'new' else text(r.baseline or '')} |"
            return cells

        shown = _capped(failing, row, limit, "failing results")
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

    def _unchecked(self, scan: ScanResult, not_assessed: list[Result], limit: int) -> list[str]:
        def gap_line(gap: Gap) -> str:
            status = f"HTTP {gap.status} " if gap.status is not None else ""
            what = code(gap.resource_type) if gap.resource_type else "everything"
            return (
                f"- {what} under {code(gap.scope)}: {status}{code(gap.code)} "
                f"{code(redact_text(gap.message))}"
            )

        def group_line(group: NotAssessedGroup) -> str:
            # One gap makes every rule of its types not_assessed on its scope: one line for all.
            ids = group.rule_ids
            rules = ", ".join(f"**{text(rule_id)}**" for rule_id in ids)
            count = f" ({len(ids)} rules)" if len(ids) > 1 else ""
            return (
                f"- not assessed: {rules}{count} on {code(group.resource_id)}: "
                f"{code(redact_text(group.message))}"
            )

        lines = ["", "### What could not be checked", ""]
        lines += _capped(scan.gaps, gap_line, limit, "gaps")
        groups = group_not_assessed(not_assessed)
        shown = [group_line(group) for group in groups[:limit]]
        rest = sum(len(group.results) for group in groups[limit:])
        if rest:
            more = _plural(rest, "more not-assessed result")
            shown.append(f"\n_... and {more} (see the full report)_")
        return lines + shown


REPORTER = MarkdownReporter()
