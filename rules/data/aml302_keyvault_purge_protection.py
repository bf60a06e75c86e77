"""AML302: a key vault must have purge protection."""

from __future__ import annotations

from collections.abc import Iterator

from auditor.inventory.arm import is_true
from auditor.rulekit.keyvault import vault_context
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
    id="AML302",
    title="Key vault can be purged",
    severity=Severity.HIGH,
    resource_types=("Microsoft.KeyVault/vaults",),
    category="data",
    rationale=(
        "Without purge protection a deleted vault, key or secret can be purged at once, by a "
        "malicious insider or a compromised identity, before anyone notices. A workspace whose "
        "customer-managed key is purged loses its data for good; a purged secret breaks every "
        "connection that uses it. Purge protection enforces the retention period and cannot be "
        "turned off once on."
    ),
    remediation=Remediation(
        description="Enable purge protection on the vault (irreversible, and intended to be).",
        az="az keyvault update --name <vault> --resource-group <rg> --enable-purge-protection true",
        bicep=(
            "resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {\n"
            "  name: vaultName\n"
            "  location: location\n"
            "  properties: {\n"
            "    enableSoftDelete: true\n"
            "    enablePurgeProtection: true\n"
            "    softDeleteRetentionInDays: 90\n"
            "    tenantId: subscription().tenantId\n"
            "    sku: { family: 'A', name: 'standard' }\n"
            "  }\n"
            "}"
        ),
    ),
    references=References(
        docs=("https://learn.microsoft.com/azure/key-vault/general/soft-delete-overview",),
        policy=("0b60c0b2-2dc2-4e1c-b5c9-abbed971de53",),
        mcsb=("DP-8",),
    ),
)

PATH = "properties.enablePurgeProtection"


def check(resource: Resource, ctx: RuleContext) -> Iterator[Outcome]:
    value = resource.get(PATH)
    # No default: absent means purge protection is off.
    proof = evidence(PATH, value, "true", default="off")
    context = vault_context(resource.id, ctx)  # whose data a purge would destroy
    if is_true(value):
        yield passed(f"Key vault '{resource.name}' has purge protection", proof, context=context)
    else:
        yield fail(f"Key vault '{resource.name}' has no purge protection", proof, context=context)


RULE = Rule(META, check)
