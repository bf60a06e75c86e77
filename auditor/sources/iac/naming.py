"""Ids of template resources whose names are only partly known (Bicep and CLI YAML readers)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from auditor.inventory.resource_types import RESOURCE_GROUPS
from auditor.sources.iac.model import TEMPLATE_SUBSCRIPTION, Unresolved, template_id


def written(name: Any) -> str:
    """A name as it stands in an id: itself, or the expression of an unknown one."""
    return name.expression if isinstance(name, Unresolved) else str(name)


def iac_id(resource_type: str, names: Sequence[Any], resource_group: str) -> str:
    """`template_id` when the top level's name is known, a later level's unknown name standing
    as its expression (a child keeps its parent's id, so the rules still find a workspace's
    computes). When the top level's name is unknown, the model's `<type>/<expression>`, and a
    child below it `<that id>/<collection>/<name>`, as the Terraform reader builds them. The id is
    the same wherever the files refer to the resource, so references still find it."""
    provider, *levels = resource_type.split("/")
    if resource_type.lower() == RESOURCE_GROUPS.lower() and len(names) == 1:
        return f"/subscriptions/{TEMPLATE_SUBSCRIPTION}/resourceGroups/{written(names[0])}"
    if len(names) != len(levels) or not names:
        return f"{resource_type}/" + "/".join(written(name) for name in names)
    if isinstance(names[0], str):
        return template_id(resource_type, [written(name) for name in names], resource_group)
    path = "/".join(f"{level}/{written(name)}" for level, name in zip(levels, names, strict=True))
    return f"{provider}/{path}"
