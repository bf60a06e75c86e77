"""The rule kit: everything a rule module imports, from one place.

A rule module needs nothing else: `from auditor.rulekit import ...`.
"""

from auditor.inventory import arm
from auditor.inventory.arm import MISSING
from auditor.inventory.resources import Resource
from auditor.rulekit.meta import (
    Evidence,
    References,
    Remediation,
    RuleMeta,
    Severity,
    Status,
)
from auditor.rulekit.rule import (
    Outcome,
    Rule,
    RuleContext,
    evidence,
    fail,
    not_assessed,
    observed,
    passed,
)

__all__ = [
    "MISSING",
    "Evidence",
    "Outcome",
    "References",
    "Remediation",
    "Resource",
    "Rule",
    "RuleContext",
    "RuleMeta",
    "Severity",
    "Status",
    "arm",
    "evidence",
    "fail",
    "not_assessed",
    "observed",
    "passed",
]
