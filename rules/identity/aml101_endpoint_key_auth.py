"""AML101: online and batch endpoints must not accept shared keys."""

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
    id="AML101",
    title="Endpoint accepts shared API keys",
    severity=Severity.HIGH,
    resource_types=(
        "Microsoft.MachineLearningServices/workspaces/onlineEndpoints",
        "Microsoft.MachineLearningServices/workspaces/batchEndpoints",
    ),
    category="identity",
    rationale=(
        "An endpoint with authMode Key accepts a static key that anyone holding it can use from "
        "anywhere: it is not tied to an identity, is not subject to Conditional Access, leaves no "
        "per-caller audit trail and stays valid until someone regenerates it. Keys leak through "
        "notebooks, CI logs and client code. Microsoft Entra ID tokens (authMode AADToken) are "
        "short-lived, bound to an identity and authorised with Azure RBAC."
    ),
    remediation=Remediation(
        description=(
            "Switch the endpoint to Microsoft Entra ID authentication (AADToken) and grant callers "
            "the 'AzureML Data Scientist' role or a custom role with the score action. Batch "
            "endpoints support only AADToken. Clients then send a bearer token instead of a key."
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
            "https://learn.microsoft.com/azure/machine-learning/how-to-authenticate-batch-endpoint",
        ),
        mcsb=("IM-1",),
    ),
)

PATH = "properties.authMode"


def check(resource: Resource, ctx: RuleContext) -> Iterator[Outcome]:
    mode = resource.get(PATH)
    expected = "AADToken (Microsoft Entra ID)"
    if mode is MISSING or mode is None:
        # The service requires authMode; a resource without it is not something we can judge.
        yield not_assessed(
            "authMode is not present, so the authentication mode cannot be determined",
            evidence(PATH, mode, expected),
        )
    elif equals_ci(mode, "Key"):
        yield fail(
            f"Endpoint '{resource.name}' accepts shared API keys (authMode {mode})",
            evidence(PATH, mode, expected),
        )
    elif equals_ci(mode, "AADToken", "AMLToken"):
        yield passed(
            f"Endpoint '{resource.name}' does not accept shared keys (authMode {mode})",
            evidence(PATH, mode, expected),
        )
    else:
        # A mode this rule does not know could accept keys: not a pass.
        yield not_assessed(
            f"authMode {mode!r} is not a value this rule knows", evidence(PATH, mode, expected)
        )


RULE = Rule(META, check)
