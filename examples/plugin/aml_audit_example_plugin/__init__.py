"""Example aml-auditor plugin. The `aml_auditor.rules` entry point names this module; the auditor
loads every Rule in `RULES`."""

from aml_audit_example_plugin.aml901_workspace_owner_tag import RULE as AML901

RULES = [AML901]
