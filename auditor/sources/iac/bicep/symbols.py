"""What a Bicep symbolic name stands for: a resource (its type, names and id) or a module."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from auditor.sources.iac.naming import iac_id, written


@dataclass(frozen=True, slots=True)
class ResourceSymbol:
    """A resource's symbolic name: its type, its name at each level and its resource group."""

    type: str
    api_version: str
    names: tuple[Any, ...]  # str, or Unresolved where a level's name is not known statically
    resource_group: str
    existing: bool
    expression: str  # the symbol as written, for Unresolved values derived from it
    # An extension resource (`scope: vault` on a diagnostic setting, a lock, a role assignment):
    # the id of the resource it extends.
    extends: str | None = None

    @property
    def id(self) -> str:
        if self.extends is not None:
            names = "/".join(written(name) for name in self.names)
            return f"{self.extends}/providers/{self.type}/{names}"
        return resource_id(self.type, self.names, self.resource_group)


@dataclass(frozen=True, slots=True)
class ModuleSymbol:
    """A module's symbolic name; `outputs` evaluates the module file's outputs on demand."""

    expression: str
    outputs: Callable[[str], Any] | None  # None: a registry module or a module not read


def resource_id(resource_type: str, names: Sequence[Any], resource_group: str) -> str:
    """`template_id` when every name is known. A name known only at deployment stands as its
    expression: under the template's scope when the top level's name is known (a child keeps its
    parent's id, so the rules still find a workspace's computes), else `<type>/<expressions>`,
    the model's id for a resource whose name is not known statically. Either way the id is the
    same wherever the files refer to the resource, so references still find it."""
    return iac_id(resource_type, names, resource_group)


def split_type(declared: str) -> tuple[str, str]:
    """'Microsoft.X/y@2024-01-01' -> ('Microsoft.X/y', '2024-01-01')."""
    resource_type, _, api_version = declared.partition("@")
    return resource_type, api_version
