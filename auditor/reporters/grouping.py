"""Not-assessed results grouped for people to read.

A gap on a subscription that could not be read gives one `not_assessed` result per rule on that
scope, all with the same message: forty near-identical lines. The console and Markdown reports show
them as one line per scope and message, naming the rules; JSON, SARIF and HTML keep every result.
"""

from __future__ import annotations

from dataclasses import dataclass

from auditor.evaluate.results import Result
from auditor.inventory import arm


@dataclass(frozen=True, slots=True)
class NotAssessedGroup:
    resource_id: str
    message: str
    results: tuple[Result, ...]

    @property
    def rule_ids(self) -> list[str]:
        return sorted({r.rule_id for r in self.results})


def group_not_assessed(results: list[Result]) -> list[NotAssessedGroup]:
    """Results with the same resource and message, in order of first appearance. Results with
    evidence stay alone: their evidence is shown under each."""
    groups: dict[tuple[str, str], list[Result]] = {}
    singles = 0
    for r in results:
        if r.evidence:
            key = (f"\0{singles}", "")
            singles += 1
        else:
            key = (arm.normalize_id(r.resource_id), r.message)
        groups.setdefault(key, []).append(r)
    return [NotAssessedGroup(g[0].resource_id, g[0].message, tuple(g)) for g in groups.values()]
