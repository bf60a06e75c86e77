"""AML308: the key vault holding a workspace's customer-managed key must exist and be protected
against deletion (soft delete and purge protection)."""

from __future__ import annotations

from auditor.rulekit import (
    MISSING,
    WORKSPACES,
    LookupState,
    Outcomes,
    References,
    Remediation,
    Resource,
    Rule,
    RuleContext,
    RuleMeta,
    Severity,
    arm,
    evidence,
    fail,
    keyvault,
    not_assessed,
    passed,
    snippet,
)

META = RuleMeta(
    id="AML308",
    title="Workspace's customer-managed key vault is missing or can lose the key",
    severity=Severity.HIGH,
    resource_types=(WORKSPACES,),
    category="data",
    rationale=(
        "A workspace encrypted with a customer-managed key can only read its data while the key "
        "exists. If the vault that holds it has no soft delete, deleting the key or the vault is "
        "final; without purge protection a deleted key can be purged at once. Either way the "
        "workspace's data becomes unreadable for good - by accident, through a faulty "
        "pipeline, or as ransom. Azure requires both protections when the key is configured, but "
        "a vault can be replaced or recreated afterwards, and a vault that no longer exists means "
        "the data cannot be decrypted now. Severity: critical when the vault does not exist; "
        "high when it lacks soft delete or purge protection."
    ),
    remediation=Remediation(
        description=(
            "Enable soft delete and purge protection on the vault holding the key. If the vault "
            "is gone, recover it from the soft-deleted state (az keyvault recover) while its "
            "retention period lasts."
        ),
        az=snippet(
            """
            az keyvault update --name <vault> --resource-group <rg> --enable-purge-protection true
            az keyvault recover --name <vault>  # if the vault was deleted
            """
        ),
        bicep=snippet(
            """
            resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
              name: vaultName
              location: location
              properties: {
                tenantId: subscription().tenantId
                sku: { family: 'A', name: 'standard' }
                enableSoftDelete: true
                softDeleteRetentionInDays: 90
                enablePurgeProtection: true
              }
            }
            """
        ),
    ),
    references=References(
        docs=(
            "https://learn.microsoft.com/azure/machine-learning/concept-customer-managed-keys",
            "https://learn.microsoft.com/azure/key-vault/general/soft-delete-overview",
        ),
        mcsb=("DP-8", "DP-5"),
    ),
    judged_in_templates=True,
)


SOFT_DELETE = "properties.enableSoftDelete"
PURGE_PROTECTION = "properties.enablePurgeProtection"


def check(resource: Resource, ctx: RuleContext) -> Outcomes:
    if not keyvault.uses_cmk(resource):
        return  # no customer-managed key (projects inherit their hub's): nothing to judge here
    vault_id = keyvault.text_at(resource, keyvault.CMK_VAULT)
    subject = f"Workspace '{resource.name}'"
    cmk_vault = f"The customer-managed key vault of workspace '{resource.name}'"
    if vault_id is None:
        yield not_assessed(
            f"{subject} uses a customer-managed key but names no key vault",
            evidence(
                keyvault.CMK_VAULT, resource.get(keyvault.CMK_VAULT), "the key vault's resource id"
            ),
        )
        return
    named = evidence(keyvault.CMK_VAULT, vault_id, "an existing, protected key vault")
    lookup = ctx.resolve(vault_id)
    if lookup.state is LookupState.NOT_FOUND:
        yield fail(
            f"{cmk_vault} does not exist: its data cannot be decrypted",
            named,
            severity=Severity.CRITICAL,
        )
        return
    if lookup.state is not LookupState.FOUND or lookup.resource is None:
        yield not_assessed(f"{cmk_vault} ({vault_id}) cannot be judged: {lookup.reason}")
        return
    vault = lookup.resource
    soft_delete = vault.get(SOFT_DELETE)
    purge_protection = vault.get(PURGE_PROTECTION)
    proof = (
        named,
        # Soft delete is on unless explicitly false; purge protection has no default (off).
        evidence(f"{vault.id}: {SOFT_DELETE}", soft_delete, "true", default="true"),
        evidence(f"{vault.id}: {PURGE_PROTECTION}", purge_protection, "true", default="off"),
    )
    missing = []
    if arm.is_false(soft_delete):
        missing.append("soft delete")
    if not arm.is_true(purge_protection):
        missing.append("purge protection")
    # As in AML303: absent soft delete is on (the documented default for new vaults), but a
    # null was never set (pre-2020 vaults report null and had none) and junk is not a boolean.
    soft_delete_unknown = not (
        soft_delete is MISSING or arm.is_true(soft_delete) or arm.is_false(soft_delete)
    )
    if missing:
        yield fail(
            f"The customer-managed key vault '{vault.name}' of workspace '{resource.name}' "
            f"lacks {' and '.join(missing)}",
            *proof,
        )
    elif soft_delete_unknown:
        what = "null (never set)" if soft_delete is None else f"{soft_delete!r}, not a boolean"
        yield not_assessed(
            f"The customer-managed key vault '{vault.name}' of workspace '{resource.name}' has "
            f"purge protection, but its enableSoftDelete is {what}, so whether soft delete is "
            "on is unknown",
            *proof,
        )
    else:
        yield passed(
            f"The customer-managed key vault '{vault.name}' of workspace '{resource.name}' "
            "has soft delete and purge protection",
            *proof,
        )


RULE = Rule(META, check)
