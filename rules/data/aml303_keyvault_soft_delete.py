"""AML303: a key vault must keep deleted keys and secrets recoverable (soft delete)."""

from __future__ import annotations

from collections.abc import Iterator

from auditor.inventory.arm import is_false, is_true
from auditor.rulekit.keyvault import vault_context
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
    id="AML303",
    title="Key vault has soft delete turned off",
    severity=Severity.HIGH,
    resource_types=("Microsoft.KeyVault/vaults",),
    category="data",
    rationale=(
        "Without soft delete, deleting a key, a secret or the vault itself is immediate and "
        "final. A workspace's customer-managed key deleted by mistake, by a faulty pipeline or by "
        "an attacker makes the workspace's data unreadable for good, and deleted connection "
        "secrets cannot be recovered. Soft delete keeps deleted objects recoverable for 7 to 90 "
        "days."
    ),
    remediation=Remediation(
        description=(
            "Turn soft delete on (it cannot be turned off again), and add purge protection so "
            "the retention period cannot be cut short. Vaults created since 2020 have it on; "
            "Azure enforces it on all vaults from February 2025, so a vault that still reports "
            "false predates that."
        ),
        az=(
            "az resource update --ids <vault-resource-id> "
            "--set properties.enableSoftDelete=true properties.softDeleteRetentionInDays=90"
        ),
        bicep=(
            "resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {\n"
            "  name: vaultName\n"
            "  location: location\n"
            "  properties: {\n"
            "    tenantId: subscription().tenantId\n"
            "    sku: { family: 'A', name: 'standard' }\n"
            "    enableSoftDelete: true\n"
            "    softDeleteRetentionInDays: 90\n"
            "    enablePurgeProtection: true\n"
            "  }\n"
            "}"
        ),
    ),
    references=References(
        docs=(
            "https://learn.microsoft.com/azure/key-vault/general/soft-delete-overview",
            "https://learn.microsoft.com/azure/key-vault/general/soft-delete-change",
        ),
        policy=("1e66c121-a66a-4b1f-9b83-0fd99bf0fc2d",),
        mcsb=("DP-8",),
    ),
)

PATH = "properties.enableSoftDelete"


def check(resource: Resource, ctx: RuleContext) -> Iterator[Outcome]:
    value = resource.get(PATH)
    # The REST API sets soft delete on when a vault is created without a value, so only an
    # explicit false is off. (Policy 1e66c121 also flags an absent value; we follow the service.)
    proof = evidence(PATH, value, "true", default="true")
    context = vault_context(resource.id, ctx)
    if is_false(value):
        yield fail(
            f"Key vault '{resource.name}' has soft delete turned off", proof, context=context
        )
    elif value is MISSING or value is None or is_true(value):
        yield passed(f"Key vault '{resource.name}' has soft delete", proof, context=context)
    else:
        yield not_assessed(f"enableSoftDelete {value!r} is not a boolean", proof)


RULE = Rule(META, check)
