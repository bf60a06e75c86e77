"""AMLP05: a customer-managed key that can be lost, and principals who can lose it."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from auditor.evaluate.paths.kit import Chain, Fact, Finding, Hold, grants_summary
from auditor.inventory.inventory import LookupState
from auditor.inventory.resource_types import VAULTS, WORKSPACES
from auditor.rulekit import access, keyvault
from auditor.rulekit.checks import snippet
from auditor.rulekit.meta import References, Remediation, RuleMeta, Severity, Status
from auditor.rulekit.rule import RuleContext

META = RuleMeta(
    id="AMLP05",
    title="CMK lock-out: a workspace's customer-managed key that can be lost, and principals "
    "able to delete it",
    severity=Severity.CRITICAL,
    resource_types=(WORKSPACES,),
    category="attack-path",
    rationale=(
        "A workspace encrypted with a customer-managed key (AML301 passes) reads its data only "
        "while the key exists. Where the key or its vault can be lost for good (no purge "
        "protection or soft delete: AML302/AML303, AML308; a key disabled, expired or "
        "missing: AML309) and someone holds the right to delete the key or the vault, one "
        "mistaken or malicious delete makes the workspace's data unreadable for ever: "
        "ransom without encryption."
    ),
    remediation=Remediation(
        description=(
            "Break any link: turn on purge protection (and soft delete) on the vault, keep the "
            "key enabled and unexpired, and remove delete rights on the vault and key from "
            "everyone who does not need them (a resource lock on the vault helps too)."
        ),
        az="az keyvault update --name <vault> --enable-purge-protection true",
        bicep=snippet(
            """
            resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
              name: vaultName
              location: location
              properties: {
                tenantId: subscription().tenantId
                sku: { family: 'A', name: 'standard' }
                enableRbacAuthorization: true
                enableSoftDelete: true
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
        mcsb=("DP-5", "DP-6", "PA-7"),
    ),
)

# Deleting the vault (control plane) or the key (data plane, RBAC vaults): resource provider
# operations, learn.microsoft.com/azure/role-based-access-control/permissions/security.
VAULT_DELETE = ("Microsoft.KeyVault/vaults/delete",)
KEY_DELETE = ("Microsoft.KeyVault/vaults/keys/delete",)
TITLE = "principals able to delete the key or its vault"


def _deleters(vault_id: str, key_id: str, ctx: RuleContext) -> Fact:
    found: list[access.Grant] = []
    unread: list[str] = []
    for resource_id, operations, data in (
        (vault_id, VAULT_DELETE, False),
        (key_id, KEY_DELETE, True),
    ):
        grants = access.grants_on(ctx, resource_id, operations, data=data)
        if grants.state is not LookupState.FOUND:
            unread.append(grants.reason)
            continue
        found += grants.decided
        unread += [g.describe() for g in grants.undecidable]
    if found:
        return Fact(
            TITLE, Hold.HOLDS, vault_id, VAULTS, f"{len(found)} grant(s)", grants_summary(found)
        )
    if unread:
        return Fact(TITLE, Hold.UNREAD, vault_id, VAULTS, unread[0], tuple(unread[1:]))
    return Fact(TITLE, Hold.BROKEN, vault_id, VAULTS, "nobody holds delete")


def find(ctx: RuleContext) -> Iterator[Chain]:
    for workspace in ctx.of_type(WORKSPACES):
        if not keyvault.uses_cmk(workspace):
            continue
        key_id = keyvault.cmk_key_id(workspace)
        vault_id = keyvault.text_at(workspace, keyvault.CMK_VAULT)
        if key_id is None or vault_id is None:
            continue
        vault = ctx.inventory.get(vault_id)
        yield Chain(
            workspace,
            (
                Finding(
                    "encrypted with a customer-managed key",
                    ("AML301",),
                    (workspace,),
                    holds_on=Status.PASS,
                ),
                Finding(
                    "its key or vault can be lost",
                    ("AML308", "AML309", "AML302", "AML303"),
                    (workspace,) + ((vault,) if vault is not None else ()),
                ),
                partial(_deleters, vault_id, key_id, ctx),  # only when the key can be lost
            ),
            context=(f"customer-managed key {key_id}",),
        )
