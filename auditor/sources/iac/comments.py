"""Inline suppressions written as comments: `// aml-audit:ignore AML201 reason...` (Bicep) or
`# aml-audit:ignore AML201 reason...` (YAML), on a resource's first line or in the comment lines
right above it. The reason is required: a comment without one is reported, not obeyed."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from auditor.sources.iac.model import FileProblem, InlineSuppression

_MARKER = re.compile(r"aml-audit:ignore\b(?P<rest>.*)$")
_RULE_IDS = re.compile(r"\s*(?P<ids>[A-Za-z]+\d+(?:\s*,\s*[A-Za-z]+\d+)*)(?P<reason>.*)$")


@dataclass(frozen=True, slots=True)
class CommentSuppressions:
    suppressions: tuple[InlineSuppression, ...]
    problems: tuple[FileProblem, ...]


def _comment_text(line: str, prefix: str) -> str | None:
    """The text after `prefix` when the line holds a comment, else None. A marker inside a string
    is not a comment; good enough here: the marker's text never appears in a resource value."""
    at = line.find(prefix)
    while at > 0 and not line[at - 1].isspace():  # `#` inside a word (a URL fragment)
        at = line.find(prefix, at + 1)
    return None if at < 0 else line[at + len(prefix) :]


def _above(lines: Sequence[str], first_line: int, prefix: str, also: tuple[str, ...]) -> list[int]:
    """1-based line numbers of the resource's first line and the comment (or decorator) lines
    directly above it, nearest first; a blank line or code ends the run."""
    found = [first_line]
    index = first_line - 2
    while index >= 0:
        stripped = lines[index].strip()
        if not stripped or not (stripped.startswith(prefix) or stripped.startswith(also)):
            break
        found.append(index + 1)
        index -= 1
    return found


def parse_comment(
    comment: str, path: str, line_number: int, prefix: str
) -> tuple[list[InlineSuppression], FileProblem | None]:
    """The suppressions one comment's text states, or the problem when it has no reason."""
    marker = _MARKER.search(comment)
    if marker is None:
        return [], None
    parsed = _RULE_IDS.match(marker.group("rest"))
    reason = parsed.group("reason").strip(" \t-:") if parsed else ""
    if parsed is None or not reason:
        return [], FileProblem(
            path,
            line_number,
            "SuppressionWithoutReason",
            f"an aml-audit:ignore comment needs a rule id and a reason, "
            f"e.g. '{prefix} aml-audit:ignore AML201 reached only through the corporate VPN'; "
            "it is not applied",
        )
    rule_ids = re.split(r"\s*,\s*", parsed.group("ids"))
    return [InlineSuppression(rule_id.upper(), reason, line_number) for rule_id in rule_ids], None


def suppressions_for(
    lines: Sequence[str], first_line: int, path: str, prefix: str, also: tuple[str, ...] = ()
) -> CommentSuppressions:
    """The suppressions written on `first_line` (1-based) or in the comment block above it.
    `also` lists other line starts that belong to the declaration (Bicep's `@decorators`)."""
    return _collect(lines, sorted(_above(lines, first_line, prefix, also)), path, prefix)


def suppressions_anywhere(lines: Sequence[str], path: str, prefix: str) -> CommentSuppressions:
    """Every suppression comment in a file that holds one resource (a CLI YAML file)."""
    return _collect(lines, range(1, len(lines) + 1), path, prefix)


def _collect(
    lines: Sequence[str], numbers: Iterable[int], path: str, prefix: str
) -> CommentSuppressions:
    suppressions: list[InlineSuppression] = []
    problems: list[FileProblem] = []
    for line_number in numbers:
        if line_number > len(lines):
            continue
        comment = _comment_text(lines[line_number - 1], prefix)
        if comment is None:
            continue
        found, problem = parse_comment(comment, path, line_number, prefix)
        suppressions.extend(found)
        if problem is not None:
            problems.append(problem)
    return CommentSuppressions(tuple(suppressions), tuple(problems))
