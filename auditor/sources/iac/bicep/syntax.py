"""A parsed Bicep file and a module call: what the reader hands the evaluator."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from auditor.sources.iac.model import FileProblem

if TYPE_CHECKING:
    from tree_sitter import Node


@dataclass
class BicepFile:
    """One parsed file: its declarations by name and the problems found while parsing."""

    path: Path
    rel: str
    lines: list[str]
    root: Node
    declarations: dict[str, Node] = field(default_factory=dict)
    functions: set[str] = field(default_factory=set)
    broken: set[str] = field(default_factory=set)
    problems: list[FileProblem] = field(default_factory=list)
    resources: list[Node] = field(default_factory=list)  # top-level resource declarations
    modules: list[Node] = field(default_factory=list)
    outputs: dict[str, Node] = field(default_factory=dict)
    using: str | None = None  # a .bicepparam's `using` target
    assigned: set[str] = field(default_factory=set)  # a .bicepparam's `param x = ...` names


@dataclass(frozen=True)
class ModuleCall:
    declaration: Node
    body: Node | None
    local: Mapping[str, Any]
