"""What every infrastructure-code reader produces: ARM-shaped resources with their file, lines and
the expressions that could not be resolved statically.

One reader per format (`arm_json.py`, `bicep.py`, `terraform.py`, `ml_yaml.py`) turns the files
it claims into `TemplateResource`s and `FileProblem`s; `source.py` (the lint source) turns those
into the Inventory's `Resource`s and `Gap`s. The rules never see which format a resource came from.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

# `Unresolved` (a value known only at deployment) and `InlineSuppression` are defined with the
# inventory, where the rules' reads and the lint source's resources need them; named here too, as
# the readers' vocabulary.
from auditor.inventory.resources import InlineSuppression
from auditor.inventory.unresolved import Unresolved

__all__ = [
    "TEMPLATE_RESOURCE_GROUP",
    "TEMPLATE_SUBSCRIPTION",
    "FileProblem",
    "InlineSuppression",
    "ReadOptions",
    "ReadResult",
    "Reader",
    "Span",
    "TemplateResource",
    "Unresolved",
    "template_id",
]

# Templates deploy into a subscription and resource group chosen at deploy time. Their resources
# get ids under this placeholder scope so that references between them (a workspace's keyVault
# id, a diagnostic setting's target) resolve to the same id on both sides. A resource group name
# the file states (Terraform's `resource_group_name`, a nested deployment's `resourceGroup`) is
# used when it resolves; otherwise TEMPLATE_RESOURCE_GROUP.
TEMPLATE_SUBSCRIPTION = "00000000-0000-0000-0000-000000000000"
TEMPLATE_RESOURCE_GROUP = "template"


def template_id(
    resource_type: str, names: Sequence[str], resource_group: str = TEMPLATE_RESOURCE_GROUP
) -> str:
    """The ARM id a template resource would get: `resourceId()`'s answer under the placeholder
    subscription. `resource_type` is the full type (`Microsoft.X/a/b`), `names` one per level."""
    provider, *levels = resource_type.split("/")
    path = "/".join(f"{level}/{name}" for level, name in zip(levels, names, strict=True))
    return (
        f"/subscriptions/{TEMPLATE_SUBSCRIPTION}/resourceGroups/{resource_group}"
        f"/providers/{provider}/{path}"
    )


def relative(path: Path, root: Path) -> str:
    """`path` as reports show it (`TemplateResource.path`, `FileProblem.path`): POSIX, relative to
    `root` (the working directory) when under it or beside it, else absolute."""
    try:
        return Path(os.path.relpath(path, root)).as_posix()
    except ValueError:  # another drive (Windows)
        return path.as_posix()


@dataclass(frozen=True, slots=True)
class Span:
    """1-based, inclusive line range in one file."""

    start_line: int
    end_line: int


@dataclass(frozen=True, slots=True)
class TemplateResource:
    """One resource as the deployment would create it, in the ARM REST shape.

    `body` is what a GET would return, as far as the file says: `name`, `type`, `location`,
    `kind`, `sku`, `identity`, `tags`, `properties` (camelCase ARM property names, whatever the
    file's own spelling: Terraform's `public_network_access_enabled = false` becomes
    `properties.publicNetworkAccess: "Disabled"`; a CLI YAML `auth_mode: key` becomes
    `properties.authMode: "Key"`). A property the file does not set is absent, never filled
    with a guessed default: defaults are the rules' business, where the service documents them.
    An unresolvable value is an `Unresolved` in its place.
    """

    id: str  # template_id(...) of the resource; an Unresolved name makes it "<type>/<expression>"
    type: str  # full ARM type, e.g. Microsoft.MachineLearningServices/workspaces/onlineEndpoints
    body: Mapping[str, Any]
    path: str  # the file, POSIX, relative to the directory lint runs in
    block: Span  # the resource's whole declaration
    # Where each property of `body` was set: a dotted, lower-case ARM path ("properties.authmode",
    # "identity.type") to the lines of the expression in the file. A missing entry means "use the
    # nearest listed parent, else the block".
    positions: Mapping[str, Span] = field(default_factory=dict)
    suppressions: tuple[InlineSuppression, ...] = ()
    # Deployed only under a condition the reader could not decide (an ARM `condition`, a
    # Terraform `count` from a variable): judged, and the condition is quoted in evidence.
    condition: str | None = None


@dataclass(frozen=True, slots=True)
class FileProblem:
    """A file, or part of one, that could not be read: becomes a Gap naming file and line."""

    path: str
    line: int | None
    code: str  # e.g. "MalformedJson", "HclSyntaxError", "BicepSyntaxError", "ModuleNotFound"
    message: str  # one line: what was wrong and how to fix it


@dataclass(frozen=True, slots=True)
class ReadResult:
    resources: tuple[TemplateResource, ...] = ()
    problems: tuple[FileProblem, ...] = ()
    # Files the reader looked at and found not to be infrastructure code of its format
    # (`--verbose` lists them).
    skipped: tuple[str, ...] = ()


class Reader(Protocol):
    """One format. `claims` is cheap (a suffix, a `$schema` line, the first bytes); `read` gets
    every file it claimed at once, so a Terraform module's files, a Bicep file's local modules
    and an ARM template's parameters file are read together. A reader may also offer
    `parts(files, root, options)`: independent parts of its files that workers can read apart
    (parallel.py)."""

    name: str  # "arm", "bicep", "terraform", "ml-yaml"

    def claims(self, path: Path, head: str) -> bool: ...

    def read(self, files: Sequence[Path], root: Path, options: ReadOptions) -> ReadResult: ...


@dataclass(frozen=True, slots=True)
class ReadOptions:
    parameters: tuple[Path, ...] = ()  # --parameters FILE (ARM parameters, .tfvars, .bicepparam)
