"""Attack paths: compound findings that chain existing results into one critical finding.

Each path is one module here (`amlpNN_what_it_is.py`) with a `META` (a `RuleMeta` whose id is
AMLPnn: title, rationale, remediation, references, shown by `rules`, `explain` and
docs/rules.md) and a `find(ctx)` that yields candidate chains linked by real relations; `kit.py`
holds the links and the one judgement of a chain. `find_paths` runs after every rule has given
its results, before suppressions and the baseline: suppressing a step does not hide the path,
and a path is suppressed by its own id.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from auditor.evaluate.paths import (
    amlp01_internet_to_model,
    amlp02_exposed_compute,
    amlp03_key_pivot,
    amlp04_storage_to_vault,
    amlp05_cmk_lockout,
)
from auditor.evaluate.paths.kit import Chain, Findings, judge
from auditor.evaluate.results import Result
from auditor.rulekit.meta import RuleMeta
from auditor.rulekit.rule import RuleContext


@dataclass(frozen=True, slots=True)
class AttackPath:
    meta: RuleMeta
    find: Callable[[RuleContext], Iterator[Chain]]


PATHS: tuple[AttackPath, ...] = tuple(
    AttackPath(module.META, module.find)
    for module in (
        amlp01_internet_to_model,
        amlp02_exposed_compute,
        amlp03_key_pivot,
        amlp04_storage_to_vault,
        amlp05_cmk_lockout,
    )
)


def find_paths(
    paths: Sequence[AttackPath],
    ctx: RuleContext,
    results: Iterable[Result],
    ran: Iterable[str],
    outside: Callable[[str, str], tuple[Result, ...]] | None = None,
) -> list[Result]:
    """The confirmed (`fail`) and possible (`not_assessed`) paths among `results`, given the ids
    of the rules that ran; `outside` gives a shard the results another shard reports."""
    findings = Findings.of(results, ran, outside)
    found: list[Result] = []
    for path in paths:
        seen: set[str] = set()
        for chain in path.find(ctx):
            result = judge(path.meta, chain, findings)
            if result is not None and result.fingerprint not in seen:
                seen.add(result.fingerprint)
                found.append(result)
    return found
