"""The rule kit: everything a rule module imports, from this one module.

    from auditor.rulekit import PropertyCheck, RuleMeta, Rule, ...

- the contract: `RuleMeta` (with `Remediation`, `References`, `Severity`), `Rule`, and for a
  `check` function `Resource`, `RuleContext`, `Outcomes`, `fail` / `passed` / `not_assessed`,
  `evidence`, `MISSING`, `LookupState`;
- ready-made checks (auditor/rulekit/checks.py): `PropertyCheck`, `FirewallCheck`,
  `PrivateEndpointCheck`, `DiagnosticLogsCheck`, `ExpiryCheck`, and the scopes that pick the
  resources they judge: `managed_computes`, `compute_instances`, `managed_deployments`,
  `AiAccounts`, `WorkspaceDependency`; `snippet` for Bicep and az blocks;
- the relations rules share, by topic, as modules: `arm` (ids and value comparisons),
  `relations` (what refers to what), `keyvault`, `diagnostics`, `connections`; and
  `literal_secret_reason` (is a setting a literal credential, without quoting it).
"""

from collections.abc import Iterator

from auditor.core.redact import literal_secret_reason
from auditor.inventory import arm
from auditor.inventory.arm import MISSING
from auditor.inventory.inventory import LookupState
from auditor.inventory.resources import Resource
from auditor.rulekit import connections, diagnostics, keyvault, relations
from auditor.rulekit.checks import (
    AiAccounts,
    DiagnosticLogsCheck,
    ExpiryCheck,
    FirewallCheck,
    Judgement,
    OnlyWhen,
    PrivateEndpointCheck,
    PropertyCheck,
    WorkspaceDependency,
    compute_instances,
    managed_computes,
    managed_deployments,
    private_endpoint_outcome,
    snippet,
    vault_users,
)
from auditor.rulekit.diagnostics import LogSelector
from auditor.rulekit.meta import (
    Evidence,
    References,
    Remediation,
    RuleMeta,
    Severity,
    Status,
)
from auditor.rulekit.rule import (
    CheckFunction,
    Outcome,
    Rule,
    RuleContext,
    evidence,
    fail,
    not_assessed,
    observed,
    passed,
)

Outcomes = Iterator[Outcome]
"""What a `check` function returns: `def check(resource, ctx) -> Outcomes`, usually a generator."""

__all__ = [
    "MISSING",
    "AiAccounts",
    "CheckFunction",
    "DiagnosticLogsCheck",
    "Evidence",
    "ExpiryCheck",
    "FirewallCheck",
    "Judgement",
    "LogSelector",
    "LookupState",
    "OnlyWhen",
    "Outcome",
    "Outcomes",
    "PrivateEndpointCheck",
    "PropertyCheck",
    "References",
    "Remediation",
    "Resource",
    "Rule",
    "RuleContext",
    "RuleMeta",
    "Severity",
    "Status",
    "WorkspaceDependency",
    "arm",
    "compute_instances",
    "connections",
    "diagnostics",
    "evidence",
    "fail",
    "keyvault",
    "literal_secret_reason",
    "managed_computes",
    "managed_deployments",
    "not_assessed",
    "observed",
    "passed",
    "private_endpoint_outcome",
    "relations",
    "snippet",
    "vault_users",
]
