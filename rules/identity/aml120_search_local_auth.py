"""AML120: an AI Search service a workspace connects to should not accept API keys."""

from __future__ import annotations

from dataclasses import dataclass

from auditor.rulekit import (
    CONNECTIONS,
    MISSING,
    SEARCH_SERVICES,
    Judgement,
    Outcome,
    References,
    Remediation,
    Resource,
    Rule,
    RuleContext,
    RuleMeta,
    SearchServices,
    Severity,
    arm,
    evidence,
    fail,
    not_assessed,
    passed,
    snippet,
)

META = RuleMeta(
    id="AML120",
    title="AI Search service accepts API keys",
    severity=Severity.MEDIUM,
    resource_types=(SEARCH_SERVICES, CONNECTIONS),
    category="identity",
    rationale=(
        "A search service that accepts API keys (the default: disableLocalAuth false, "
        "authOptions apiKeyOnly or aadOrApiKey) lets anyone holding its admin key read, change "
        "or delete every index a retrieval-augmented model grounds on, with no identity in the "
        "logs. The key is often copied into workspace connections and prompt flows. With local "
        "authentication disabled only Microsoft Entra identities with a role can call it."
    ),
    remediation=Remediation(
        description=(
            "Grant the callers (workspace, AI account and users) 'Search Index Data Reader' or "
            "'Contributor' roles, switch connections to Microsoft Entra authentication, then "
            "disable local authentication."
        ),
        az=(
            "az resource update --ids <search-service-resource-id> "
            "--set properties.disableLocalAuth=true"
        ),
        bicep=snippet(
            """
            resource search 'Microsoft.Search/searchServices@2023-11-01' = {
              name: searchName
              location: location
              sku: { name: 'standard' }
              properties: {
                disableLocalAuth: true
              }
            }
            """
        ),
    ),
    references=References(
        docs=(
            "https://learn.microsoft.com/azure/search/search-security-enable-roles",
            "https://learn.microsoft.com/azure/templates/microsoft.search/searchservices",
        ),
        mcsb=("IM-1",),
        defender=("Azure AI Search services should have local authentication methods disabled",),
    ),
    judged_in_templates=True,
)

LOCAL_AUTH = "properties.disableLocalAuth"
AUTH_OPTIONS = "properties.authOptions"


@dataclass(frozen=True, kw_only=True)
class _LocalAuth(Judgement):
    """disableLocalAuth true: keys refused. false or absent (SearchServiceProperties: "When set
    to true, calls to the search service will not be permitted to utilize API keys"; unset, keys
    are the default method, authOptions apiKeyOnly): keys accepted."""

    def outcome(self, resource: Resource, ctx: RuleContext, context: tuple[str, ...]) -> Outcome:
        value = resource.get(LOCAL_AUTH)
        options = resource.get(AUTH_OPTIONS)
        proofs = (
            evidence(LOCAL_AUTH, value, "true", default="false"),
            evidence(AUTH_OPTIONS, options, "none (local authentication disabled)"),
        )
        subject = f"Search service '{resource.name}'"
        if arm.is_true(value):
            return passed(
                f"{subject} accepts Microsoft Entra identities only", *proofs, context=context
            )
        if value is MISSING or arm.is_false(value):
            how = "API keys only" if _names(options, "apiKeyOnly") else "API keys"
            return fail(f"{subject} accepts {how}", *proofs, context=context)
        return not_assessed(f"disableLocalAuth {value!r} is not a boolean", *proofs)


def _names(options: object, key: str) -> bool:
    return isinstance(options, dict) and any(k.lower() == key.lower() for k in options)


RULE = Rule(META, SearchServices(_LocalAuth()))
