"""Ids of template resources whose names are only partly known (Bicep and CLI YAML readers)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from auditor.sources.iac.model import Unresolved, template_id


def written(name: Any) -> str:
    """A name as it stands in an id: itself, or the expression of an unknown one."""
    return name.expression if isinstance(name, Unresolved) else str(name)


def iac_id(resource_type: str, names: Sequence[Any], resource_group: str) -> str:
    """`template_id` when every name is known. A level whose name is known only at deployment
    stands as its expression: under the template's scope when the top level's name is known (a
    child keeps its parent's id, so the rules still find a workspace's computes), else
    `<type>/<names>`, the model's id for a resource whose name is not known statically. The id is
    the same wherever the files refer to the resource, so references still find it."""
    levels = resource_type.count("/")
    if len(names) == levels and names and isinstance(names[0], str):
        return template_id(resource_type, [written(name) for name in names], resource_group)
    return f"{resource_type}/" + "/".join(written(name) for name in names)
