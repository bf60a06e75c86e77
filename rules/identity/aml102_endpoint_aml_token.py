"""AML102: online endpoints should authenticate callers with Microsoft Entra ID, not AML tokens."""

from __future__ import annotations

from collections.abc import Iterator

from auditor.inventory.arm import equals_ci
from auditor.rulekit.rule import (
    MISSING,
    Outcome,
    References,
    Remediation,
    Resource,
    Rule,
    RuleContext,
    RuleMeta,
    Severity,
    evidence,
    fail,
    not_assessed,
    passed,
)

META = RuleMeta(
    id="AML102",
    title="Online endpoint authenticates with AML tokens instead of Microsoft Entra ID",
    severity=Severity.LOW,
    resource_types=("Microsoft.MachineLearningServices/workspaces/onlineEndpoints",),
    category="identity",
    rationale=(
        "With authMode AMLToken the endpoint accepts tokens that Azure Machine Learning issues "
        "itself, not Microsoft Entra ID access tokens: Conditional Access policies do not apply "
        "to them, sign-in logs do not record their use per identity, and they cannot be revoked "
        "through Entra ID. AADToken keeps scoring access inside your identity controls."
    ),
    remediation=Remediation(
        description=(
            "Switch the endpoint to Microsoft Entra ID tokens (AADToken) and grant callers a role "
            "with the 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints/score/action' "
            "permission. Clients request a token for https://ml.azure.com instead."
        ),
        az=(
            "az ml online-endpoint update --name <endpoint> --resource-group <rg> "
            "--workspace-name <workspace> --set auth_mode=aad_token"
        ),
        bicep=(
            "resource endpoint 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints@2024-10-01' = {\n"
            "  parent: workspace\n"
            "  name: endpointName\n"
            "  location: location\n"
            "  identity: { type: 'SystemAssigned' }\n"
            "  properties: {\n"
            "    authMode: 'AADToken'\n"
            "  }\n"
            "}"
        ),
    ),
    references=References(
        docs=(
            "https://learn.microsoft.com/azure/machine-learning/how-to-authenticate-online-endpoint",
        ),
        mcsb=("IM-1", "IM-7"),
    ),
)

PATH = "properties.authMode"


def check(resource: Resource, ctx: RuleContext) -> Iterator[Outcome]:
    mode = resource.get(PATH)
    expected = "AADToken (Microsoft Entra ID)"
    if mode is MISSING or mode is None:
        # authMode is required by the API: without it the mode cannot be known.
        yield not_assessed(
            "authMode is not present, so the authentication mode cannot be determined",
            evidence(PATH, mode, expected),
        )
    elif equals_ci(mode, "AMLToken"):
        yield fail(
            f"Endpoint '{resource.name}' accepts AML tokens rather than Microsoft Entra ID tokens",
            evidence(PATH, mode, expected),
        )
    elif equals_ci(mode, "AADToken", "Key"):
        # Key auth is AML101's finding; here only the token issuer matters.
        yield passed(
            f"Endpoint '{resource.name}' does not use AML tokens (authMode {mode})",
            evidence(PATH, mode, expected),
        )
    else:
        yield not_assessed(
            f"authMode {mode!r} is not a value this rule knows", evidence(PATH, mode, expected)
        )


RULE = Rule(META, check)
