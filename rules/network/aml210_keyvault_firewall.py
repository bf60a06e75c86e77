"""AML210: key vaults should not accept traffic from every network."""

from __future__ import annotations

from collections.abc import Iterator

from auditor.inventory import arm
from auditor.rulekit.keyvault import vault_context
from auditor.rulekit.relations import allow_all_ip_rules, open_to_public_network
from auditor.rulekit.rule import (
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
    passed,
)

META = RuleMeta(
    id="AML210",
    title="Key vault accepts traffic from every network",
    severity=Severity.MEDIUM,
    resource_types=("Microsoft.KeyVault/vaults",),
    category="network",
    rationale=(
        "A workspace's key vault holds its connection secrets and, with customer-managed keys, "
        "the key that decrypts its data. With public network access enabled (the default) and "
        "no firewall (no networkAcls means every network is allowed), a stolen token or a "
        "misassigned role is usable from anywhere. Disabling public access, or a firewall that "
        "denies by default, keeps the vault reachable only from networks you allow."
    ),
    remediation=Remediation(
        description=(
            "Reach the vault through a private endpoint (AML211) and disable public network access, "
            "or at least set the firewall's default action to Deny with the networks and trusted "
            "Azure services the workspace needs."
        ),
        az=(
            "az keyvault update --name <vault> --resource-group <rg> "
            "--default-action Deny --bypass AzureServices --public-network-access Disabled"
        ),
        bicep=(
            "resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {\n"
            "  name: vaultName\n"
            "  location: location\n"
            "  properties: {\n"
            "    tenantId: tenant().tenantId\n"
            "    sku: { family: 'A', name: 'standard' }\n"
            "    enableRbacAuthorization: true\n"
            "    publicNetworkAccess: 'Disabled'\n"
            "    networkAcls: { defaultAction: 'Deny', bypass: 'AzureServices' }\n"
            "  }\n"
            "}"
        ),
    ),
    references=References(
        docs=(
            "https://learn.microsoft.com/azure/key-vault/general/network-security",
            "https://learn.microsoft.com/azure/machine-learning/how-to-secure-workspace-vnet",
        ),
        policy=("55615ac9-af46-4a59-874e-391cc3dfb490",),
        mcsb=("DP-8", "NS-2"),
    ),
)

ACCESS = "properties.publicNetworkAccess"
ACTION = "properties.networkAcls.defaultAction"
IP_RULES = "properties.networkAcls.ipRules"


def check(resource: Resource, ctx: RuleContext) -> Iterator[Outcome]:
    context = vault_context(resource.id, ctx)  # the workspaces whose secrets are exposed
    exposed, access, action = open_to_public_network(resource)
    proofs = (
        evidence(ACCESS, access, "Disabled (or a firewall that denies)", default="Enabled"),
        evidence(ACTION, action, "Deny (or public access disabled)", default="Allow"),
    )
    wide_open = [] if exposed or arm.equals_ci(access, "Disabled") else allow_all_ip_rules(resource)
    if wide_open:  # Deny by default, then an IP rule that lets every address back in
        yield fail(
            f"Key vault '{resource.name}' denies by default but an IP rule admits every address",
            *proofs,
            evidence(IP_RULES, wide_open, "no rule covering all addresses (prefix /0)"),
            context=context,
        )
        return
    if exposed:
        yield fail(
            f"Key vault '{resource.name}' accepts traffic from every network",
            *proofs,
            context=context,
        )
    else:
        yield passed(
            f"Key vault '{resource.name}' restricts network access", *proofs, context=context
        )


RULE = Rule(META, check)
