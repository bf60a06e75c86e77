"""The rule kit: everything a rule module imports, from this one module.

    from auditor.rulekit import PropertyCheck, RuleMeta, Rule, ...

- the contract: `RuleMeta` (with `Remediation`, `References`, `Severity`), `Rule`, and for a
  `check` function `Resource`, `RuleContext`, `Outcomes`, `fail` / `passed` / `not_assessed`,
  `evidence`, `MISSING`, `LookupState`;
- ready-made checks (auditor/rulekit/checks.py): `PropertyCheck`, `FirewallCheck`,
  `PrivateEndpointCheck`, `DiagnosticLogsCheck`, `ExpiryCheck`, and the scopes that pick the
  resources they judge: `managed_computes`, `compute_instances`, `managed_deployments`,
  `AiAccounts`, `WorkspaceDependency`; `snippet` for Bicep and az blocks;
- the ARM resource types, by name (`WORKSPACES`, `ONLINE_ENDPOINTS`, ...: the one definition in
  auditor/inventory/resource_types.py);
- the relations rules share, by topic, as modules: `arm` (ids and value comparisons),
  `relations` (what refers to what), `keyvault`, `diagnostics`, `connections`, `times` (dates
  read strictly, and the one judgement of an expiry), `keyauth` (which resources accept keys),
  `access` (Azure RBAC: who holds an operation on a resource), `activity` (the Activity Log:
  key regenerations and key reads); `Setting` for a rule's configurable thresholds; and
  `literal_secret_reason` (is a setting a literal credential, without quoting it).
"""

from collections.abc import Iterator

from auditor.core.redact import literal_secret_reason
from auditor.inventory import arm
from auditor.inventory.arm import MISSING
from auditor.inventory.inventory import LookupState
from auditor.inventory.resource_types import (
    ACTIVITY_LOG,
    ACTIVITY_LOG_EVENTS,
    APP_INSIGHTS,
    BATCH_DEPLOYMENTS,
    BATCH_ENDPOINTS,
    COGNITIVE_ACCOUNTS,
    COMPUTES,
    CONNECTIONS,
    CONTAINER_REGISTRIES,
    DATASTORES,
    DENY_ASSIGNMENTS,
    DIAGNOSTIC_SETTINGS,
    KEYS,
    LOG_ANALYTICS,
    ONLINE_DEPLOYMENTS,
    ONLINE_ENDPOINTS,
    OUTBOUND_RULES,
    PRIVATE_ENDPOINTS,
    REGISTRIES,
    RESOURCE_GROUPS,
    ROLE_ASSIGNMENTS,
    ROLE_DEFINITIONS,
    ROLE_ELIGIBILITY_INSTANCES,
    SECRETS,
    SERVERLESS_ENDPOINTS,
    STORAGE_ACCOUNTS,
    SUBSCRIPTIONS,
    USER_ASSIGNED_IDENTITIES,
    VAULT_PRIVATE_ENDPOINT_CONNECTIONS,
    VAULTS,
    VIRTUAL_NETWORKS,
    WEB_SERVICES,
    WORKSPACE_PRIVATE_ENDPOINT_CONNECTIONS,
    WORKSPACES,
)
from auditor.inventory.resources import Resource
from auditor.rulekit import (
    access,
    activity,
    connections,
    diagnostics,
    keyauth,
    keyvault,
    relations,
    times,
)
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
    web_services,
)
from auditor.rulekit.diagnostics import LogSelector
from auditor.rulekit.meta import (
    Evidence,
    References,
    Remediation,
    RuleMeta,
    Setting,
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
    not_an_object_on,
    not_assessed,
    observed,
    passed,
)

Outcomes = Iterator[Outcome]
"""What a `check` function returns: `def check(resource, ctx) -> Outcomes`, usually a generator."""

__all__ = [
    "ACTIVITY_LOG",
    "ACTIVITY_LOG_EVENTS",
    "APP_INSIGHTS",
    "BATCH_DEPLOYMENTS",
    "BATCH_ENDPOINTS",
    "COGNITIVE_ACCOUNTS",
    "COMPUTES",
    "CONNECTIONS",
    "CONTAINER_REGISTRIES",
    "DATASTORES",
    "DENY_ASSIGNMENTS",
    "DIAGNOSTIC_SETTINGS",
    "KEYS",
    "LOG_ANALYTICS",
    "MISSING",
    "ONLINE_DEPLOYMENTS",
    "ONLINE_ENDPOINTS",
    "OUTBOUND_RULES",
    "PRIVATE_ENDPOINTS",
    "REGISTRIES",
    "RESOURCE_GROUPS",
    "ROLE_ASSIGNMENTS",
    "ROLE_DEFINITIONS",
    "ROLE_ELIGIBILITY_INSTANCES",
    "SECRETS",
    "SERVERLESS_ENDPOINTS",
    "STORAGE_ACCOUNTS",
    "SUBSCRIPTIONS",
    "USER_ASSIGNED_IDENTITIES",
    "VAULTS",
    "VAULT_PRIVATE_ENDPOINT_CONNECTIONS",
    "VIRTUAL_NETWORKS",
    "WEB_SERVICES",
    "WORKSPACES",
    "WORKSPACE_PRIVATE_ENDPOINT_CONNECTIONS",
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
    "Setting",
    "Severity",
    "Status",
    "WorkspaceDependency",
    "access",
    "activity",
    "arm",
    "compute_instances",
    "connections",
    "diagnostics",
    "evidence",
    "fail",
    "keyauth",
    "keyvault",
    "literal_secret_reason",
    "managed_computes",
    "managed_deployments",
    "not_an_object_on",
    "not_assessed",
    "observed",
    "passed",
    "private_endpoint_outcome",
    "relations",
    "snippet",
    "times",
    "vault_users",
    "web_services",
]
