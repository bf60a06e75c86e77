"""The console report: a summary by severity and status, failing results grouped by resource
(named by name, type and resource group), one line per failing rule on how to fix it, what could
not be checked (each gap once per scope), the reports written, the verdict. `--details` adds full
resource ids, evidence and passing results.

Bounded for a person: beyond a screenful of failing results (`LIST_UP_TO`) the console lists the
`MOST_SEVERE` most severe, then each failing rule with its count beside how to fix it, and says
how many more there are; the other long lists (suppressed, resolved, what could not be checked)
stop after `LIST_UP_TO` entries the same way. `--details` lists everything; the report files
always hold everything."""

from __future__ import annotations

import errno
import json
import os
import re
import textwrap
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from typing import Any, TextIO, TypeVar

from rich.console import Console
from rich.markup import escape as escape_markup
from rich.table import Table

from auditor.evaluate.results import Result, ScanResult
from auditor.reporters.interface import ReportOptions
from auditor.reporters.view import (
    SEVERITIES,
    GapGroup,
    ReportView,
    file_position,
    linted,
    path_state,
    plural,
    resource_place,
    view_of,
)
from auditor.rulekit.meta import Severity, Status

SEVERITY_STYLE = {
    Severity.CRITICAL: "bold white on red",
    Severity.HIGH: "bold red",
    Severity.MEDIUM: "yellow",
    Severity.LOW: "cyan",
    Severity.INFO: "dim",
}
STATUS_STYLE = {
    Status.FAIL: "red",
    Status.PASS: "green",
    Status.NOT_ASSESSED: "magenta",
    Status.SUPPRESSED: "dim",
}


_T = TypeVar("_T")

LIST_UP_TO = 40  # failing results (and entries of the other lists) shown in full
MOST_SEVERE = 20  # failing results listed when there are more than LIST_UP_TO

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def printable(value: Any) -> str:
    """Control characters (a raw ESC could drive the terminal, a line break forge a row) shown as
    `\\xNN`: attacker-controlled text made inert for plain terminal output."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", str(value))


def escape(value: Any) -> str:
    """Attacker-controlled text (resource names, tags, messages quoting them) made inert: rich
    markup escaped, and control characters shown as `\\xNN` (`printable`)."""
    return escape_markup(printable(value))


def _by_resource(results: Sequence[Result]) -> dict[str, list[Result]]:
    grouped: dict[str, list[Result]] = defaultdict(list)
    for r in sorted(results, key=lambda r: (-r.severity, r.resource_id.lower(), r.rule_id)):
        grouped[r.resource_id].append(r)
    return grouped


def _json(value: Any) -> str:
    """Observed values as ARM has them (`true`, `"Key"`), not as Python reprs."""
    return json.dumps(value, ensure_ascii=False, default=str)


def _evidence_lines(result: Result) -> str:
    lines = []
    for e in result.evidence:
        lines.append(
            f"  {escape(e.path)}: observed {escape(_json(e.observed))}, "
            f"expected {escape(e.expected)}"
        )
    return "\n".join(lines)


_FINDING_INDENT = 2 + 8 + 1 + 6 + 1  # "  high     AML302 "


def _wrapped(text: str, width: int) -> str:
    """Plain text wrapped under the finding column, then made inert. Long tokens (ids) are not
    broken: they overflow, so that they can be copied whole."""
    lines = textwrap.wrap(
        text, max(width - _FINDING_INDENT, 30), break_long_words=False, break_on_hyphens=False
    )
    return ("\n" + " " * _FINDING_INDENT).join(escape(line) for line in lines or [""])


def _results_table(group: list[Result], verbose: bool, width: int, lines: bool = False) -> str:
    """One resource's results as aligned columns: severity, rule, finding (wrapped with a hanging
    indent). --verbose adds evidence and notes under each finding."""
    rows: list[str] = []
    pad = " " * _FINDING_INDENT
    for r in group:
        finding = _wrapped(r.message, width)
        if r.baseline:
            finding += f" [dim]({r.baseline})[/dim]"
        rows.append(
            f"  [{SEVERITY_STYLE[r.severity]}]{r.severity.label:<8}[/] "
            f"[{STATUS_STYLE[r.status]}]{r.rule_id:<6}[/] {finding}"
        )
        where = file_position(r) if lines else None
        if where is not None:  # lint: the file and line to change
            rows.append(f"{pad}[dim]{escape(where)}[/dim]")
        if verbose:
            for e in r.evidence:
                line = f"{e.path}: observed {_json(e.observed)}, expected {e.expected}"
                rows.append(pad + _wrapped(line, width))
            for note in r.context:
                rows.append(pad + _wrapped(f"note: {note}", width))
    return "\n".join(rows)


def _state(view: ReportView) -> str:
    return "complete" if view.complete else "[magenta]INCOMPLETE[/magenta]"


def outcome_line(scan: ScanResult | ReportView) -> str:
    """The last line: the verdict, so a long report need not be scrolled back to its top."""
    view = scan if isinstance(scan, ReportView) else view_of(scan)
    counts = view.by_status
    by_severity = ", ".join(f"{n} {label}" for label, n in view.failing_by_severity.items() if n)
    failing = f"{counts['fail']} failing" + (f" ({by_severity})" if by_severity else "")
    state = _state(view)
    parts = [failing, f"{counts['not_assessed']} not assessed", f"{counts['pass']} passing"]
    if counts["suppressed"]:
        parts.append(f"{counts['suppressed']} suppressed")
    return f"\n[bold]Result:[/bold] {', '.join(parts)} — scan {state}"


class OutputConsole(Console):
    """A rich Console that leaves a closed pipe to the CLI: rich would end the process itself
    with exit code 1, which is this tool's "failing results"."""

    def on_broken_pipe(self) -> None:
        raise BrokenPipeError(errno.EPIPE, os.strerror(errno.EPIPE))


class ConsoleReporter:
    def render(self, scan: ScanResult, stream: TextIO, options: ReportOptions) -> None:
        console = OutputConsole(
            file=stream,
            force_terminal=options.color,
            no_color=not options.color,
            width=max(100, Console(file=stream).width),
            highlight=False,
            soft_wrap=True,  # ids stay whole, for copy and paste
            emoji=False,  # a name like ":fire:" is shown as written
        )
        view = view_of(scan)
        scan = view.scan  # redacted
        verbose = options.verbose
        lines = linted(scan)  # lint's results: the file and line to change
        elsewhere = _elsewhere(options)
        self._summary(console, view)
        self._not_evaluated(console, view, verbose)
        self._paths(console, view, verbose)
        if view.failing and (verbose or len(view.failing) <= LIST_UP_TO):
            self._results(console, "Failing", view.failing, verbose, lines=lines)
            self._fixes(console, view)
        elif view.failing:  # more than a screenful: the most severe, then counts by rule
            self._results(console, "Failing", view.failing, verbose, MOST_SEVERE, lines)
            rest = len(view.failing) - MOST_SEVERE
            console.print(f"\n  ... and {rest:,} more failing results: {elsewhere}")
            self._fixes(console, view, counted=True)
        elif view.complete:
            console.print("\n[green]No failing results.[/green]")
        else:  # not an all-clear: what could not be read may fail
            console.print(
                "\nNothing failed in what could be read, but the scan is "
                "[magenta]INCOMPLETE[/magenta]: see what could not be checked below."
            )
        suppressed = view.suppressed
        if suppressed:
            console.print(f"\n[bold]Suppressed ({len(suppressed)})[/bold]")
            for r in _bounded(suppressed, verbose, console, elsewhere):
                reason = r.suppression.reason if r.suppression else ""
                until = (
                    f" until {r.suppression.expires.isoformat()}"
                    if r.suppression and r.suppression.expires
                    else ""
                )
                console.print(
                    f"  {r.rule_id} {_named(r, options.verbose)}: {escape(reason)}{escape(until)}"
                )
        if scan.resolved:  # failing in the --baseline report, shown gone by this scan
            console.print(f"\n[bold]Resolved since the baseline ({len(scan.resolved)})[/bold]")
            for r in _bounded(scan.resolved, verbose, console, elsewhere):
                console.print(f"  {r.rule_id} {_named(r, options.verbose)}: {escape(r.title)}")
        self._incomplete(console, view, verbose, elsewhere)
        if verbose and view.passing:
            self._results(console, "Passing", view.passing, True, lines=lines)
        if scan.warnings:
            console.print()
        for warning in scan.warnings:
            console.print(f"[yellow]warning:[/yellow] {escape(warning)}")
        if options.reports:
            console.print(f"\nReports written: {escape(', '.join(options.reports))}")
        console.print(outcome_line(view))

    def _paths(self, console: Console, view: ReportView, verbose: bool) -> None:
        """Attack paths first: each chains findings into one critical risk, to fix first."""
        if not view.paths:
            return
        console.print(f"\n[bold]Attack paths ({len(view.paths)}): fix these first[/bold]")
        for path in view.paths:
            state = path_state(path).upper()
            style = STATUS_STYLE[path.status]
            console.print(
                f"\n  [{style}]{state:<9}[/] [bold]{path.rule_id}[/bold] "
                f"{escape(path.title)}\n  {'':<9} on {_named(path, verbose)}"
            )
            for step in path.steps:
                rule = step.rule_id or "roles"
                where = step.resource_id if verbose else step.resource_name
                console.print(
                    f"    {step.stage}. {escape(step.title)}: [{STATUS_STYLE[step.status]}]"
                    f"{rule}[/] on {escape(where)} ({step.status.value})"
                )
                if verbose:
                    console.print("       " + _wrapped(step.message, 200))

    def _summary(self, console: Console, view: ReportView) -> None:
        scan, state = view.scan, _state(view)
        console.print(
            f"[bold]aml-audit {escape(scan.tool_version)}[/bold] — "
            f"{len(scan.results)} evaluations of {view.rule_count} rules — scan {state}"
        )
        console.print(f"sources: {escape(', '.join(scan.sources) or '-')}")
        table = Table(title="Summary", show_lines=False)
        table.add_column("severity")
        for status in Status:
            table.add_column(status.value, justify="right")
        for sev in SEVERITIES:
            table.add_row(
                f"[{SEVERITY_STYLE[sev]}]{sev.label}[/]",
                *(str(view.count(sev, st)) for st in Status),
            )
        console.print(table)

    def _not_evaluated(self, console: Console, view: ReportView, verbose: bool) -> None:
        if not view.not_evaluated:
            return
        console.print(escape(view.not_evaluated_line))
        if verbose:
            for group in view.not_evaluated:
                for resource_id in group.resource_ids:
                    console.print(f"  [dim]{escape(resource_id)}[/dim]")

    def _results(
        self,
        console: Console,
        title: str,
        results: Sequence[Result],
        verbose: bool,
        most_severe: int | None = None,
        lines: bool = False,
    ) -> None:
        """Results by resource; with `most_severe`, only that many of them, the most severe."""
        if most_severe is None:
            console.print(f"\n[bold]{title} results ({len(results)}), by resource[/bold]")
            shown = _by_resource(results)
        else:
            console.print(
                f"\n[bold]{title} results ({len(results):,}): the {most_severe} most severe, "
                "by resource[/bold]"
            )
            shown = _by_resource(sorted(results, key=_severity_order)[:most_severe])
        # One print per section: rich renders each call in full, so line by line costs seconds.
        parts = []
        for resource_id, group in shown.items():
            first = group[0]
            parts.append(f"\n{_resource_heading(first.resource_name, resource_id, first)}")
            if verbose:  # the whole id on a line of its own, never wrapped: what users copy
                parts.append(f"[dim]{escape(resource_id)}[/dim]")
            parts.append(_results_table(group, verbose, console.width, lines))
        console.print("\n".join(parts))

    def _fixes(self, console: Console, view: ReportView, counted: bool = False) -> None:
        """One line per failing rule, most severe first: what to do, and where the steps are;
        `counted` adds how many results each rule failed."""
        worst: dict[str, Result] = {}
        counts: Counter[str] = Counter()
        for r in view.failing:
            counts[r.rule_id] += 1
            if r.rule_id not in worst or r.severity > worst[r.rule_id].severity:
                worst[r.rule_id] = r
        if counted:
            console.print(
                "\n[bold]Failing results by rule, and how to fix[/bold] (the steps and az "
                "commands: aml-audit explain AMLnnn)"
            )
        else:
            console.print(
                "\n[bold]How to fix[/bold] (the steps and az commands: aml-audit explain AMLnnn)"
            )
        width = max(len(f"{n:,}") for n in counts.values()) if counted else 0
        room = max(console.width - _FINDING_INDENT - (width + 1 if counted else 0), 40)
        lines = []
        for r in sorted(worst.values(), key=lambda r: (-r.severity, r.rule_id)):
            help_ = view.rule_help.get(r.rule_id)
            fix = _one_line(help_.fix_summary if help_ else r.title, room)
            count = f"{counts[r.rule_id]:>{width},} " if counted else ""
            lines.append(
                f"  [{SEVERITY_STYLE[r.severity]}]{r.severity.label:<8}[/] {r.rule_id:<6} "
                f"{count}{escape(fix)}"
            )
        console.print("\n".join(lines))

    def _incomplete(
        self, console: Console, view: ReportView, verbose: bool, elsewhere: str
    ) -> None:
        if not view.gaps and not view.not_assessed:
            return
        count = plural(len(view.not_assessed), "result")
        console.print(f"\n[bold magenta]What could not be checked[/bold magenta] ({count})")
        console.print(
            "  These results are neither passes nor failures: the scan could not judge them."
        )
        if view.any_denied:
            console.print(
                "  HTTP 403: the scanning identity needs the Reader role on that scope; grant it "
                "and scan again."
            )
        for group in _bounded(view.gap_groups, verbose, console, elsewhere):
            self._gap_group(console, group, view.rule_count, verbose)
        for na in _bounded(view.judged_not_assessed_groups, verbose, console, elsewhere):
            message = escape(na.message)
            first = na.results[0]
            if len(na.results) == 1:
                console.print(f"  {first.rule_id} {_named(first, verbose)}: {message}")
                if verbose and first.evidence:
                    console.print(_evidence_lines(first))
                continue
            ids = " ".join(na.rule_ids)
            console.print(f"  {ids} {_named(first, verbose)}: {message}")

    def _gap_group(self, console: Console, group: GapGroup, rule_count: int, verbose: bool) -> None:
        """One scope's gaps that failed the same way: where, how, ARM's message once (every
        message with --details), and the rules that could not be judged there."""
        gap = group.first
        wrap = max(console.width - 4, 30)
        console.print(
            f"  {_scope_words(gap.scope, verbose)}: {gap.failure(escape)} reading "
            f"{escape(group.what)}"
        )
        # ARM's message once; for a refusal the Reader-role line above says what to do, so its
        # message (every one of the group's) is shown with --details only.
        shown = group.gaps if verbose else () if gap.denied else group.gaps[:1]
        messages = [g.message for g in shown if g.message]
        for message in dict.fromkeys(messages):
            lines = textwrap.wrap(message, wrap, break_long_words=False, break_on_hyphens=False)
            console.print("\n".join("    " + escape(line) for line in lines))
        if len(group.rule_ids) == rule_count and not verbose:
            console.print(f"    not assessed there: every rule ({rule_count})")
        elif group.rule_ids:
            ids = " ".join(group.rule_ids)
            noun = plural(len(group.rule_ids), "rule")
            wrapped = textwrap.wrap(f"not assessed there ({noun}): {ids}", wrap)
            console.print("\n".join("    " + line for line in wrapped))


# Where a sentence may be cut and still say what to do first (not at "and": it joins nouns as
# often as clauses).
_CLAUSE_BREAK = re.compile(r",\s| \(| - | — |;\s| then | so | to (?=[a-z]+ )")


def _one_line(text: str, width: int) -> str:
    """`text` if it fits in `width`, else its longest leading clause that does (brackets
    balanced), else its leading words and an ellipsis: `explain` has the whole remediation."""
    if len(text) <= width:
        return text
    cuts = [
        m.start()
        for m in _CLAUSE_BREAK.finditer(text)
        if 25 <= m.start() <= width and text[: m.start()].count("(") == text[: m.start()].count(")")
    ]
    if cuts:
        return text[: cuts[-1]].rstrip(",;")
    cut = text.rfind(" ", 0, width - 1)
    return text[: cut if cut > 0 else width - 1] + "…"


def _severity_order(result: Result) -> tuple[int, str, str]:
    return (-result.severity, result.resource_id.lower(), result.rule_id)


def _elsewhere(options: ReportOptions) -> str:
    """Where the entries the console leaves out are."""
    if options.reports:
        return f"every one with --details, or in {escape(', '.join(options.reports))}"
    return "every one with --details, or in a report file (-o report.html)"


def _bounded(
    entries: Sequence[_T], verbose: bool, console: Console, elsewhere: str
) -> Iterator[_T]:
    """The entries of a list, the first LIST_UP_TO of a longer one (every one with --details);
    then a line saying how many more there are and where they are."""
    limit = len(entries) if verbose else LIST_UP_TO
    yield from entries[:limit]
    if len(entries) > limit:
        console.print(f"  ... and {len(entries) - limit:,} more: {elsewhere}")


def _resource_heading(name: str, resource_id: str, result: Result) -> str:
    place = resource_place(resource_id, result.resource_type)
    return f"[bold]{escape(name)}[/bold]  [dim]{escape(place)}[/dim]"


def _named(result: Result, verbose: bool) -> str:
    """A resource in a one-line entry: its name and place, or its whole id with --details."""
    if verbose:
        return escape(result.resource_id)
    place = resource_place(result.resource_id, result.resource_type)
    return f"{escape(result.resource_name)} ({escape(place)})"


def _scope_words(scope: str, verbose: bool) -> str:
    if not scope.startswith("/"):  # a file lint could not read
        return escape(scope)
    if scope.strip("/").lower() == "subscriptions":
        return "every subscription"
    if verbose:
        return escape(scope)
    name = escape(scope.rstrip("/").rsplit("/", 1)[-1])
    place = resource_place(scope, "")
    if place == "subscription":
        return f"subscription {name}"
    return f"{name} ({escape(place)})"


REPORTER = ConsoleReporter()
