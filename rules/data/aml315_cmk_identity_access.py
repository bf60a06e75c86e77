"""AML315: the workspace identity must be able to get, wrap and unwrap its customer-managed key."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from auditor.rulekit import (
    MISSING,
    WORKSPACES,
    Evidence,
    LookupState,
    Outcome,
    Outcomes,
    References,
    Remediation,
    Resource,
    Rule,
    RuleContext,
    RuleMeta,
    Severity,
    access,
    arm,
    evidence,
    fail,
    keyvault,
    not_an_object_on,
    not_assessed,
    passed,
    relations,
    snippet,
)

META = RuleMeta(
    id="AML315",
    title="Workspace identity lacks get, wrap or unwrap on its customer-managed key",
    severity=Severity.HIGH,
    resource_types=(WORKSPACES,),
    category="data",
    rationale=(
        "A workspace encrypted with a customer-managed key reaches the key with its managed "
        "identity: the user-assigned identity named in encryption.identity, else its "
        "system-assigned one. That identity needs Get, Wrap Key and Unwrap Key on the key; "
        "without them the workspace cannot read its own data. On a vault with access policies "
        "(enableRbacAuthorization false, the default) the identity's policy must list get, "
        "wrapKey and unwrapKey; on an RBAC vault a role assignment at the key, the vault or a "
        "higher scope must grant the data actions keys/read, keys/wrap/action and "
        "keys/unwrap/action (Key Vault Crypto Service Encryption User does). Access only through "
        "a group, or under a condition this tool does not evaluate, cannot be confirmed "
        "without Microsoft Graph and is not assessed."
    ),
    remediation=Remediation(
        description=(
            "Grant the workspace's identity the 'Key Vault Crypto Service Encryption User' role "
            "on the key (RBAC vault), or an access policy with get, wrapKey and unwrapKey key "
            "permissions (access-policy vault), directly rather than through a group."
        ),
        az=(
            "az role assignment create --assignee-object-id <principal-id> "
            "--assignee-principal-type ServicePrincipal "
            "--role 'Key Vault Crypto Service Encryption User' --scope <key-resource-id>"
        ),
        bicep=snippet(
            """
            resource cmkAccess 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
              scope: cmkKey
              name: guid(cmkKey.id, workspace.id, 'e147488a-f6f5-4113-8e2d-b22465e65bf6')
              properties: {
                roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'e147488a-f6f5-4113-8e2d-b22465e65bf6')
                principalId: workspace.identity.principalId
                principalType: 'ServicePrincipal'
              }
            }
            """
        ),
    ),
    references=References(
        docs=(
            "https://learn.microsoft.com/azure/machine-learning/concept-customer-managed-keys",
            "https://learn.microsoft.com/azure/machine-learning/how-to-setup-customer-managed-keys",
            "https://learn.microsoft.com/azure/role-based-access-control/built-in-roles/security",
            "https://learn.microsoft.com/azure/key-vault/general/rbac-guide",
        ),
        mcsb=("DP-6", "PA-7"),
    ),
)

# Key Vault data actions (Key Vault Crypto Service Encryption User) and the access-policy key
# permissions (AccessPolicyEntry.permissions.keys) they correspond to.
NEEDED = (
    ("get", "Microsoft.KeyVault/vaults/keys/read"),
    ("wrapKey", "Microsoft.KeyVault/vaults/keys/wrap/action"),
    ("unwrapKey", "Microsoft.KeyVault/vaults/keys/unwrap/action"),
)
ENCRYPTION_IDENTITY = "properties.encryption.identity.userAssignedIdentity"
RBAC = "properties.enableRbacAuthorization"
POLICIES = "properties.accessPolicies"


@dataclass(frozen=True)
class CmkIdentity:
    """The identity a workspace reaches its key with, or why it cannot be told."""

    principal: str | None
    which: str  # "system-assigned identity", "user-assigned identity <name>"
    proofs: tuple[Evidence, ...]
    problem: str = ""


def _identity(workspace: Resource, ctx: RuleContext) -> CmkIdentity:
    value = workspace.get(ENCRYPTION_IDENTITY)
    shown = evidence(ENCRYPTION_IDENTITY, value, "the CMK identity")
    blocked = not_an_object_on(workspace, ENCRYPTION_IDENTITY)
    if blocked is not None:
        return CmkIdentity(None, "", (shown,), blocked)
    named = relations.text(value)
    if value not in (MISSING, None) and named is None:
        return CmkIdentity(None, "", (shown,), f"userAssignedIdentity {value!r} is not an id")
    if named is not None:
        principal = None
        assigned = workspace.get("identity.userAssignedIdentities")
        if isinstance(assigned, Mapping):
            for key, entry in assigned.items():
                if arm.same_id(key, named) and isinstance(entry, Mapping):
                    principal = relations.text(arm.get_path(entry, "principalId"))
        if principal is None:
            found = ctx.resolve(named)
            if found.state is LookupState.FOUND and found.resource is not None:
                principal = relations.text(found.resource.get("properties.principalId"))
        return CmkIdentity(principal, f"user-assigned identity {arm.name_of(named)}", (shown,))
    # Not set (absent or null): the workspace uses its system-assigned identity
    # (learn.microsoft.com/azure/machine-learning/how-to-setup-customer-managed-keys).
    principal_id = workspace.get("identity.principalId")
    proofs = (
        evidence(ENCRYPTION_IDENTITY, MISSING, "the CMK identity", "the system-assigned identity"),
        evidence("identity.principalId", principal_id, "a principal id"),
    )
    return CmkIdentity(relations.text(principal_id), "system-assigned identity", proofs)


def _policy_permissions(vault: Resource, principal: str) -> tuple[set[str] | None, Any]:
    """The key permissions the vault's access policies give `principal` (lower case), or None
    when the policies cannot be read."""
    policies = vault.get(POLICIES)
    if policies is MISSING or policies is None:
        return set(), policies
    if not isinstance(policies, list):
        return None, policies
    granted: set[str] = set()
    for entry in policies:
        if not isinstance(entry, Mapping):
            return None, policies
        if not arm.equals_ci(arm.get_path(entry, "objectId"), principal):
            continue
        keys = arm.get_path(entry, "permissions.keys")
        if not isinstance(keys, list) or not all(isinstance(k, str) for k in keys):
            return None, policies
        granted |= {k.strip().lower() for k in keys}
    return granted, policies


def check(resource: Resource, ctx: RuleContext) -> Outcomes:
    if not keyvault.uses_cmk(resource):
        return  # no customer-managed key (AML301 judges that)
    name = f"workspace '{resource.name}'"
    identity = _identity(resource, ctx)
    who = identity.proofs
    if identity.problem:
        yield not_assessed(
            f"The identity {name} reaches its key with cannot be told: {identity.problem}",
            *identity.proofs,
        )
        return
    principal, which = identity.principal, identity.which
    if principal is None:
        yield not_assessed(
            f"The principal id of the {which} of {name} is not known", *identity.proofs
        )
        return
    vault_id = keyvault.text_at(resource, keyvault.CMK_VAULT)
    key_id = keyvault.cmk_key_id(resource)
    if vault_id is None or key_id is None:
        yield not_assessed(
            f"The customer-managed key of {name} cannot be located",
            evidence(keyvault.CMK_KEY, resource.get(keyvault.CMK_KEY), "a key URL"),
        )
        return
    lookup = ctx.resolve(vault_id)
    if lookup.state is not LookupState.FOUND or lookup.resource is None:
        yield not_assessed(f"The key vault of {name} cannot be read: {lookup.reason}", *who)
        return
    vault = lookup.resource
    rbac = vault.get(RBAC)
    # Absent or null: access policies (KeyVault VaultProperties.enableRbacAuthorization: "If null
    # or not specified, the vault is created with the default value of false").
    mode = evidence(RBAC, rbac, "either model", default="false (access policies)")
    subject = f"The {which} ({principal}) of {name}"
    if rbac in (MISSING, None) or arm.is_false(rbac):
        granted, raw = _policy_permissions(vault, principal)
        policy_proof = evidence(
            f"{POLICIES}[objectId={principal}].permissions.keys",
            sorted(granted) if granted is not None else raw,
            "get, wrapKey and unwrapKey",
        )
        if granted is None:
            yield not_assessed(
                f"The access policies of vault '{vault.name}' cannot be read", mode, policy_proof
            )
            return
        missing = [p for p, _ in NEEDED if p.lower() not in granted and "all" not in granted]
        if missing:
            yield fail(
                f"{subject} lacks {', '.join(missing)} on its key in vault '{vault.name}' "
                "(access policies)",
                *who,
                mode,
                policy_proof,
            )
        else:
            yield passed(
                f"{subject} can get, wrap and unwrap its key (access policy)",
                *who,
                mode,
                policy_proof,
            )
        return
    if not arm.is_true(rbac):
        yield not_assessed(f"enableRbacAuthorization {rbac!r} is not true or false", mode)
        return
    yield _rbac(subject, principal, key_id, ctx, who, mode)


def _unsure(grant: access.Grant, ctx: RuleContext) -> bool:
    """A management-group assignment, when several subscriptions were scanned, may have come from
    another subscription's list (the inventory keeps one copy): it is not proof of access here."""
    return grant.level == "management group" and len(ctx.inventory.scopes) > 1


def _rbac(
    subject: str,
    principal: str,
    key_id: str,
    ctx: RuleContext,
    who: tuple[Evidence, ...],
    mode: Evidence,
) -> Outcome:
    lacking, through_group, undecided = [], [], []
    rows: list[str] = []
    for permission, data_action in NEEDED:
        grants = access.grants_on(ctx, key_id, (data_action,), data=True)
        if grants.state is not LookupState.FOUND:
            return not_assessed(
                f"{subject}: the role assignments on its key cannot be read: {grants.reason}",
                *who,
                mode,
            )
        mine = [
            g
            for g in grants.grants
            if arm.equals_ci(g.principal_id, principal) and g.how is not access.How.ELIGIBLE
        ]
        rows += [g.describe() for g in mine]
        if any(not g.undecidable and not g.deny and not _unsure(g, ctx) for g in mine):
            continue
        if mine:
            undecided.append(permission)
        elif any(g.how is access.How.GROUP for g in grants.grants):
            through_group.append(permission)
        else:
            lacking.append(permission)
    proof = evidence(
        "role assignments granting the identity key data actions",
        sorted(set(rows)),
        "keys/read, keys/wrap/action and keys/unwrap/action at the key, vault or above",
    )
    if lacking:
        return fail(f"{subject} lacks {', '.join(lacking)} on its key (RBAC)", *who, mode, proof)
    if undecided or through_group:
        why = []
        if through_group:
            why.append(f"{', '.join(through_group)} only possibly through a group")
        if undecided:
            why.append(
                f"{', '.join(undecided)} only through a condition, a deny assignment or a management-group assignment it cannot confirm"
            )
        return not_assessed(f"{subject}: " + "; ".join(why), *who, mode, proof)
    return passed(f"{subject} can get, wrap and unwrap its key (RBAC)", *who, mode, proof)


RULE = Rule(META, check)
