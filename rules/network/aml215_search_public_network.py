"""AML215: an AI Search service a workspace connects to should not accept traffic from every
network."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

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
    relations,
    snippet,
)

META = RuleMeta(
    id="AML215",
    title="AI Search service accepts traffic from every network",
    severity=Severity.MEDIUM,
    resource_types=(SEARCH_SERVICES, CONNECTIONS),
    category="network",
    rationale=(
        "A search service with public network access enabled (the default) and no IP rules "
        "answers queries from any network: a leaked admin or query key reads the indexed "
        "documents a retrieval-augmented model grounds on from anywhere. Disabling public "
        "access, or IP rules for the networks that need it, limits who can even try."
    ),
    remediation=Remediation(
        description=(
            "Reach the service through a private endpoint and disable public network access, or "
            "add IP rules for the networks that need it."
        ),
        az=(
            "az resource update --ids <search-service-resource-id> "
            "--set properties.publicNetworkAccess=disabled"
        ),
        bicep=snippet(
            """
            resource search 'Microsoft.Search/searchServices@2023-11-01' = {
              name: searchName
              location: location
              sku: { name: 'standard' }
              properties: {
                publicNetworkAccess: 'disabled'
              }
            }
            """
        ),
    ),
    references=References(
        docs=(
            "https://learn.microsoft.com/azure/search/service-configure-firewall",
            "https://learn.microsoft.com/azure/templates/microsoft.search/searchservices",
        ),
        mcsb=("NS-2",),
        defender=("Azure AI Search services should disable public network access",),
    ),
    judged_in_templates=True,
)

ACCESS = "properties.publicNetworkAccess"
IP_RULES = relations.NETWORK_RULE_SET.ip_rules


def _bare_zero(rules: Any) -> bool:
    """A rule for a bare 0.0.0.0, which this rule has always counted as every address: no
    documentation gives it another meaning, so it is never passed."""
    return isinstance(rules, list) and any(
        isinstance(r, dict) and arm.equals_ci(arm.get_path(r, "value"), "0.0.0.0") for r in rules
    )


@dataclass(frozen=True, kw_only=True)
class _Firewall(Judgement):
    """publicNetworkAccess 'disabled' closes the service; 'enabled' (the default: "This value
    is 'enabled' by default", SearchServiceProperties) with IP rules admits only those
    addresses, and without any admits every network (service-configure-firewall). The rule
    set has no default action: its IP rules are the firewall. IpRule.value is "a single IPv4
    address (eg., 123.1.2.3) or an IP range in CIDR format", read by the kit
    (`relations.ip_rules`): any range of prefix length 0 is every address, and a value that is
    not an address or range cannot be read, so it is never passed."""

    def outcome(self, resource: Resource, ctx: RuleContext, context: tuple[str, ...]) -> Outcome:
        access = resource.get(ACCESS)
        rules = resource.get(IP_RULES)
        proofs = (
            evidence(ACCESS, access, "disabled (or IP rules)", default="enabled"),
            evidence(IP_RULES, rules, "IP addresses or ranges that may call it"),
        )
        subject = f"Search service '{resource.name}'"
        if arm.equals_ci(access, "disabled"):
            return passed(f"{subject} has public network access disabled", *proofs, context=context)
        if arm.equals_ci(access, "securedByPerimeter"):
            return not_assessed(
                f"{subject} leaves public access to a network security perimeter, whose access "
                "rules this tool does not read",
                *proofs,
            )
        if access is not MISSING and not arm.equals_ci(access, "enabled"):
            return not_assessed(f"publicNetworkAccess {access!r} is not a known value", *proofs)
        if rules is MISSING or rules == []:
            return fail(f"{subject} accepts traffic from every network", *proofs, context=context)
        read = relations.ip_rules(resource, IP_RULES)
        if read.allow_all or _bare_zero(rules):
            return fail(
                f"{subject} has an IP rule admitting every address", *proofs, context=context
            )
        if rules is None or read.unreadable is not None:
            reason = read.unreadable or "ipRules is null"
            return not_assessed(f"{subject}'s IP rules cannot all be read: {reason}", *proofs)
        return passed(f"{subject} admits only its IP rules' addresses", *proofs, context=context)


RULE = Rule(META, SearchServices(_Firewall()))
