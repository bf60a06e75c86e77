"""The Terraform reader (`.tf` modules, `.tfvars`, `terraform show -json` plans)."""

from __future__ import annotations

from auditor.sources.iac.terraform.reader import TerraformReader

__all__ = ["TerraformReader"]
