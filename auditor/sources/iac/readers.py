"""The readers `aml-audit lint` offers files to, one line each, in the order they are asked.

Each is named by `module:Class` and imported only when a lint runs; a reader module imports its
parser (json-source-map, tree-sitter-bicep, python-hcl2, PyYAML) inside `read`, so a run pays
only for the formats its files are in.
"""

from __future__ import annotations

import importlib

from auditor.sources.iac.model import Reader

READERS: tuple[str, ...] = (
    "auditor.sources.iac.arm_json:ArmJsonReader",  # ARM JSON templates and parameters files
    "auditor.sources.iac.bicep:BicepReader",  # .bicep, with .bicepparam parameter files
    "auditor.sources.iac.ml_yaml:MlYamlReader",  # Azure ML CLI v2 YAML, by its $schema URL
    # Terraform: .tf modules with their .tfvars, and `terraform show -json` plans.
    "auditor.sources.iac.terraform:TerraformReader",
)


def load_readers(names: tuple[str, ...] = READERS) -> list[Reader]:
    readers: list[Reader] = []
    for name in names:
        module, _, cls = name.partition(":")
        readers.append(getattr(importlib.import_module(module), cls)())
    return readers
