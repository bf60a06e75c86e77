"""The readers `aml-audit lint` offers files to, one line each, in the order they are asked.

Each is named by `module:Class`, with the endings of the file names it may claim. A reader's
module is imported only when the files to lint include one with such an ending, and the module
imports its parser (json-source-map, tree-sitter, python-hcl2, the YAML library) inside `read`:
a run pays only for the formats its files are in.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from pathlib import Path

from auditor.sources.iac.model import Reader

READERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    # ARM JSON templates and parameters files
    ("auditor.sources.iac.arm_json:ArmJsonReader", (".json", ".jsonc")),
    # .bicep, with .bicepparam parameter files
    ("auditor.sources.iac.bicep.reader:BicepReader", (".bicep", ".bicepparam")),
    # Azure ML CLI v2 YAML, by its $schema URL
    ("auditor.sources.iac.ml_yaml:MlYamlReader", (".yml", ".yaml")),
    # Terraform: .tf modules with their .tfvars (and .tfvars.json), and `terraform show -json`
    # plans
    ("auditor.sources.iac.terraform:TerraformReader", (".tf", ".tfvars", ".json")),
)


def load_readers(
    files: Iterable[Path] | None = None,
    entries: tuple[tuple[str, tuple[str, ...]], ...] = READERS,
) -> list[Reader]:
    """The readers, in order: all of them, or those that may claim one of `files`."""
    names = None if files is None else {path.name.lower() for path in files}
    readers: list[Reader] = []
    for name, suffixes in entries:
        if names is not None and not any(n.endswith(suffixes) for n in names):
            continue
        module, _, cls = name.partition(":")
        readers.append(getattr(importlib.import_module(module), cls)())
    return readers
