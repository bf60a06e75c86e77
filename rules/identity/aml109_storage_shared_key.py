"""AML109: the storage account a workspace uses should refuse Shared Key authorization."""

from __future__ import annotations

from collections.abc import Iterator

from auditor.inventory import arm
from auditor.inventory.arm import is_false
from auditor.inventory.inventory import LookupState
from auditor.rulekit.relations import WORKSPACES, text, used_by, workspaces_naming
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

STORAGE_ACCOUNTS = "Microsoft.Storage/storageAccounts"

META = RuleMeta(
    id="AML109",
    title="Workspace storage account allows Shared Key access",
    severity=Severity.MEDIUM,
    resource_types=(STORAGE_ACCOUNTS, WORKSPACES),
    category="identity",
    rationale=(
        "A workspace's storage account holds its datasets, job outputs, models and notebooks. "
        "While Shared Key authorization is allowed, the account key (and every SAS signed with "
        "it) grants full access to all of it with no identity attached, and reaches around RBAC "
        "and Entra ID Conditional Access. Unless allowSharedKeyAccess is false, it is allowed. "
        "A workspace that names a storage account which no longer exists fails too: account names "
        "are global, so someone else can claim it."
    ),
    remediation=Remediation(
        description=(
            "Move the workspace to identity-based datastore access first (AML106: "
            "systemDatastoresAuthMode Identity, Storage Blob/File data roles for the workspace "
            "and users), then disallow Shared Key authorization on the account and rotate its keys."
        ),
        az=(
            "az storage account update --name <account> --resource-group <rg> "
            "--allow-shared-key-access false"
        ),
        bicep=(
            "resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {\n"
            "  name: storageName\n"
            "  location: location\n"
            "  kind: 'StorageV2'\n"
            "  sku: { name: 'Standard_ZRS' }\n"
            "  properties: {\n"
            "    allowSharedKeyAccess: false\n"
            "    defaultToOAuthAuthentication: true\n"
            "  }\n"
            "}"
        ),
    ),
    references=References(
        docs=(
            "https://learn.microsoft.com/azure/storage/common/shared-key-authorization-prevent",
            "https://learn.microsoft.com/azure/machine-learning/how-to-disable-local-auth-storage",
        ),
        mcsb=("IM-1",),
    ),
)

STORAGE = "properties.storageAccount"
SHARED_KEY = "properties.allowSharedKeyAccess"


def check(resource: Resource, ctx: RuleContext) -> Iterator[Outcome]:
    if arm.normalize_type(resource.type) == STORAGE_ACCOUNTS.lower():
        yield from _check_account(resource, ctx)
    else:
        yield from _check_workspace(resource, ctx)


def _check_account(account: Resource, ctx: RuleContext) -> Iterator[Outcome]:
    users = workspaces_naming(ctx, STORAGE, account.id)
    if not users:
        return  # not a workspace's storage account: outside this rule
    value = account.get(SHARED_KEY)
    # The storage API documents null (absent) as equivalent to true.
    proof = evidence(SHARED_KEY, MISSING if value is None else value, "false", default="true")
    context = used_by("used by workspace", users)
    if is_false(value):
        yield passed(
            f"Storage account '{account.name}' refuses Shared Key access", proof, context=context
        )
    else:
        yield fail(
            f"Storage account '{account.name}' allows Shared Key access", proof, context=context
        )


def _check_workspace(workspace: Resource, ctx: RuleContext) -> Iterator[Outcome]:
    """The account's own result covers a found account; the workspace gets a result only when its
    storage account is missing or could not be judged."""
    account_id = text(workspace.get(STORAGE))
    if account_id is None:
        return  # projects use their hub's storage and name none themselves
    lookup = ctx.resolve(account_id)
    proof = evidence(STORAGE, account_id, "an existing storage account")
    if lookup.state is LookupState.FOUND:
        return
    if lookup.state is LookupState.NOT_FOUND:
        yield fail(
            f"Workspace '{workspace.name}' names storage account '{arm.name_of(account_id)}', "
            "which does not exist: its name can be claimed by anyone",
            proof,
        )
    else:
        yield not_assessed(
            f"The storage account of workspace '{workspace.name}' could not be judged: "
            f"{lookup.reason}",
            proof,
        )


RULE = Rule(META, check)
