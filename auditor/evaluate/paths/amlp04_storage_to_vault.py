"""AMLP04: writable workspace storage -> code run by a compute's identity -> the workspace's key
vault."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from auditor.evaluate.paths.kit import (
    Chain,
    Finding,
    identity_reach,
    vault_secret_readers,
    workspace_dependency,
)
from auditor.inventory.resource_types import COMPUTES, WORKSPACES
from auditor.rulekit import keyvault
from auditor.rulekit.checks import snippet
from auditor.rulekit.meta import References, Remediation, RuleMeta, Severity
from auditor.rulekit.rule import RuleContext

META = RuleMeta(
    id="AMLP04",
    title="Writable workspace storage to the compute identity to Key Vault",
    severity=Severity.CRITICAL,
    resource_types=(WORKSPACES,),
    category="attack-path",
    rationale=(
        "Jobs and compute instances run code and environments kept in the workspace's storage "
        "account. Storage reachable with shared keys (AML106/AML109), from every network "
        "(AML217) or with anonymous blob access allowed (AML316) lets whoever gets in "
        "plant code that the next job runs under a compute's managed identity; where that "
        "identity can read the workspace's key vault, the planted code reads every connection "
        "secret and credential kept there."
    ),
    remediation=Remediation(
        description=(
            "Break any link: set the workspace's systemDatastoresAuthMode to identity and "
            "disable shared-key access on its storage account, restrict the account's network, "
            "or give the computes' identities no read on the vault's secrets."
        ),
        az=(
            "az storage account update --name <account> --resource-group <rg> "
            "--allow-shared-key-access false"
        ),
        bicep=snippet(
            """
            resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
              name: storageName
              location: location
              kind: 'StorageV2'
              sku: { name: 'Standard_ZRS' }
              properties: {
                allowSharedKeyAccess: false
              }
            }
            """
        ),
    ),
    references=References(
        docs=(
            "https://learn.microsoft.com/azure/machine-learning/how-to-identity-based-service-authentication",
            "https://learn.microsoft.com/azure/storage/common/shared-key-authorization-prevent",
        ),
        mcsb=("IM-1", "PA-7", "DP-8"),
    ),
)


def find(ctx: RuleContext) -> Iterator[Chain]:
    for workspace in ctx.of_type(WORKSPACES):
        vault = workspace_dependency(workspace, keyvault.KEY_VAULT, ctx)
        computes = ctx.children(workspace.id, COMPUTES)
        if vault is None or not computes:
            continue
        storage = workspace_dependency(workspace, "properties.storageAccount", ctx)
        targets = vault_secret_readers(vault)
        for compute in computes:
            yield Chain(
                workspace,
                (
                    Finding(
                        "storage open to shared keys or networks",
                        ("AML106", "AML109", "AML217", "AML316"),
                        (workspace,) + ((storage,) if storage is not None else ()),
                    ),
                    partial(  # read only when the storage link holds
                        identity_reach,
                        f"compute {compute.name}'s identity can read the workspace's key vault",
                        compute,
                        targets,
                        ctx,
                        policies_vault=vault,
                    ),
                ),
                context=(f"compute {compute.name} ({compute.id})",),
            )
