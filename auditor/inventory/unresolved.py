"""Values a template leaves to deployment time, and who read them.

A linted template may hold a value that cannot be known before it is deployed: a parameter
without a default, `reference()`, a module output. Its reader puts an `Unresolved` where the value
would be. Rules read resources through `arm.get_path` (`Resource.get` and the kit's helpers), so
`watching()` notes every such value a rule's check reads, and `Rule.evaluate` turns a verdict
that rests on one into not_assessed, never a pass (auditor/rulekit/rule.py).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Unresolved:
    """A value that cannot be known before deployment: a parameter without a default, a runtime
    function (`reference()`, `listKeys()`), a module output that leaves the files. It stands in
    the resource's body where the value would be; rules reading it give not_assessed quoting
    `expression`, never pass."""

    expression: str  # as written in the file, e.g. "[parameters('authMode')]" or "var.auth_mode"
    reason: str  # why it is unknown, e.g. "parameter 'authMode' has no default value"

    def __post_init__(self) -> None:
        _made[0] = True  # one flag for the process: see made()

    def __str__(self) -> str:
        return self.expression


def made() -> bool:
    """Whether any Unresolved value was ever made in this process: a live scan or a snapshot
    never makes one, so its rules run without watching their reads."""
    return _made[0]


@dataclass(frozen=True, slots=True)
class UnresolvedRead:
    path: str  # the path read, from the object it was read on, e.g. properties.authMode
    value: Unresolved


# Whether this process ever made an Unresolved (read a template): until then no value can hold
# one, and `noted` need not look (a snapshot of an estate is read 600,000 times by the rules).
_made = [False]
# The same flag, for the reads that cannot afford a call to ask (`arm.get_path`): read, not set.
EVER_MADE = _made

_reads: ContextVar[list[UnresolvedRead] | None] = ContextVar("unresolved_reads", default=None)


@contextmanager
def watching() -> Iterator[list[UnresolvedRead]]:
    """Collects every Unresolved read through `noted` while the block runs."""
    reads: list[UnresolvedRead] = []
    token = _reads.set(reads)
    try:
        yield reads
    finally:
        _reads.reset(token)


def noted(path: str, value: Any) -> Any:
    """`value`, read at `path`; while `watching`, the Unresolved values it holds are recorded:
    itself; in a list, any entry at any depth (a rule that reads ipRules reads every rule); in an
    object, its own members (a map of environment variables), not deeper: an object read whole
    is usually read on the way to one member, which is then read and noted by its own path."""
    if not _made[0]:
        return value
    reads = _reads.get()
    if reads is not None and not isinstance(value, (str, bool, int, float)) and value is not None:
        for inner, found in _within(value, path, deep=isinstance(value, list)):
            reads.append(UnresolvedRead(inner, found))
    return value


@contextmanager
def unnoted() -> Iterator[None]:
    """Reads in the block are not noted (a check of what an object is, not of its values)."""
    token = _reads.set(None)
    try:
        yield
    finally:
        _reads.reset(token)


def _within(value: Any, path: str, deep: bool) -> Iterator[tuple[str, Unresolved]]:
    if isinstance(value, Unresolved):
        yield path, value
    elif isinstance(value, Mapping):
        for key, item in value.items():
            if deep or isinstance(item, Unresolved):
                yield from _within(item, f"{path}.{key}", deep)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _within(item, f"{path}[{index}]", True)
