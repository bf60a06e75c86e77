"""AML315: the workspace identity can get, wrap and unwrap its customer-managed key."""

from tests.rules.shapes import (
    CRYPTO_SERVICE_ENCRYPTION_USER,
    OWNER,
    ROLE_ASSIGNMENTS,
    access_listed,
    case,
    crypto_service_encryption_user,
    expect,
    gap,
    guid,
    key,
    owner,
    role_assignment,
    subscription_scope,
    vault,
    workspace,
)

RULE = "AML315"
PRINCIPAL = "66666666-6666-6666-6666-666666666666"
GROUP = "22222222-2222-2222-2222-222222222222"
UAI = (
    "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/"
    "Microsoft.ManagedIdentity/userAssignedIdentities/cmk-id"
)
UAI_PRINCIPAL = "77777777-7777-7777-7777-777777777777"


def cmk_workspace(
    name: str, vault_: dict, identity: dict | None = None, cmk_identity: str | None = None
) -> dict:
    encryption = {
        "status": "Enabled",
        "keyVaultProperties": {
            "keyVaultArmId": vault_["id"],
            "keyIdentifier": f"https://{vault_['name']}.vault.azure.net/keys/cmk/0123456789abcdef",
        },
    }
    if cmk_identity is not None:
        encryption["identity"] = {"userAssignedIdentity": cmk_identity}
    return workspace(
        name,
        {"encryption": encryption},
        identity=identity or {"type": "SystemAssigned", "principalId": PRINCIPAL},
    )


def policy(object_id: str, keys: list[str]) -> dict:
    return {
        "tenantId": "00000000-0000-0000-0000-000000000009",
        "objectId": object_id,
        "permissions": {"keys": keys, "secrets": [], "certificates": []},
    }


POLICY_VAULT = vault(
    "kvpol", {"accessPolicies": [policy(PRINCIPAL, ["Get", "WrapKey", "UnwrapKey"])]}
)
RBAC_VAULT = vault("kvrbac", {"enableRbacAuthorization": True})
RBAC_KEY = key("cmk", {}, vault=RBAC_VAULT)

CASES = [
    case(
        "access policy with get, wrapKey and unwrapKey (any case) passes",
        [ws := cmk_workspace("ws-pol", POLICY_VAULT), POLICY_VAULT],
        expect=[expect(ws, "pass")],
    ),
    case(
        "access policy without unwrapKey fails, naming what is missing",
        [
            ws := cmk_workspace(
                "ws-pol-missing",
                kv := vault("kvmiss", {"accessPolicies": [policy(PRINCIPAL, ["get", "wrapKey"])]}),
            ),
            kv,
        ],
        expect=[
            expect(
                ws,
                "fail",
                severity="high",
                message=(
                    f"The system-assigned identity ({PRINCIPAL}) of workspace 'ws-pol-missing' "
                    "lacks unwrapKey on its key in vault 'kvmiss' (access policies)"
                ),
            )
        ],
    ),
    case(
        "a user-assigned CMK identity is the one judged, not the system identity",
        [
            ws := cmk_workspace(
                "ws-uai",
                POLICY_VAULT,
                {
                    "type": "SystemAssigned,UserAssigned",
                    "principalId": PRINCIPAL,
                    "userAssignedIdentities": {UAI: {"principalId": UAI_PRINCIPAL}},
                },
                cmk_identity=UAI,
            ),
            POLICY_VAULT,
        ],
        expect=[expect(ws, "fail")],
    ),
    case(
        "RBAC vault: Key Vault Crypto Service Encryption User on the key passes",
        [
            ws := cmk_workspace("ws-rbac", RBAC_VAULT),
            RBAC_VAULT,
            RBAC_KEY,
            crypto_service_encryption_user(),
            owner(),
            role_assignment(
                "ra1", RBAC_KEY, CRYPTO_SERVICE_ENCRYPTION_USER, PRINCIPAL, "ServicePrincipal"
            ),
        ],
        listed=access_listed(),
        expect=[expect(ws, "pass")],
    ),
    case(
        "RBAC vault: Owner grants no data actions, so the identity lacks them: fails",
        [
            ws := cmk_workspace("ws-owner", RBAC_VAULT),
            RBAC_VAULT,
            owner(),
            crypto_service_encryption_user(),
            role_assignment(
                "ra1",
                subscription_scope(),
                OWNER,
                PRINCIPAL,
                "ServicePrincipal",
            ),
        ],
        listed=access_listed(),
        expect=[expect(ws, "fail")],
    ),
    case(
        "RBAC vault: access only through a group cannot be confirmed: not assessed",
        [
            ws := cmk_workspace("ws-group", RBAC_VAULT),
            RBAC_VAULT,
            crypto_service_encryption_user(),
            role_assignment("ra1", RBAC_VAULT, CRYPTO_SERVICE_ENCRYPTION_USER, GROUP, "Group"),
        ],
        listed=access_listed(),
        expect=[expect(ws, "not_assessed")],
    ),
    case(
        "RBAC vault: a conditional assignment is not evaluated: not assessed",
        [
            ws := cmk_workspace("ws-cond", RBAC_VAULT),
            RBAC_VAULT,
            crypto_service_encryption_user(),
            role_assignment(
                "ra1",
                RBAC_VAULT,
                CRYPTO_SERVICE_ENCRYPTION_USER,
                PRINCIPAL,
                "ServicePrincipal",
                condition="@Resource[name] StringEquals 'cmk'",
            ),
        ],
        listed=access_listed(),
        expect=[expect(ws, "not_assessed")],
    ),
    case(
        "RBAC vault: role assignments could not be read: not assessed",
        [ws := cmk_workspace("ws-gap", RBAC_VAULT), RBAC_VAULT],
        gaps=[gap(subscription_scope(), ROLE_ASSIGNMENTS)],
        expect=[expect(ws, "not_assessed")],
    ),
    case(
        "the vault was not collected: not assessed",
        [ws := cmk_workspace("ws-novault", vault("kvgone"))],
        expect=[expect(ws, "not_assessed")],
    ),
    case(
        "a workspace without a CMK is outside the rule",
        [workspace("ws-plain", {})],
        expect=[],
    ),
]

MG = "/providers/Microsoft.Management/managementGroups/mg-contoso"

CASES += [
    case(
        "one subscription scanned: a management-group assignment it lists reaches the key: passes",
        [
            ws := cmk_workspace("ws-mg", RBAC_VAULT),
            RBAC_VAULT,
            crypto_service_encryption_user(),
            role_assignment(
                "ra1", MG, CRYPTO_SERVICE_ENCRYPTION_USER, PRINCIPAL, "ServicePrincipal"
            ),
        ],
        listed=access_listed(),
        expect=[expect(ws, "pass")],
    ),
    case(
        "several subscriptions: a management-group assignment may be another's: not assessed",
        [
            ws := cmk_workspace("ws-mg2", RBAC_VAULT),
            RBAC_VAULT,
            vault("kv-other", {}, subscription=guid(2)),
            crypto_service_encryption_user(),
            role_assignment(
                "ra1", MG, CRYPTO_SERVICE_ENCRYPTION_USER, PRINCIPAL, "ServicePrincipal"
            ),
        ],
        listed=access_listed() + access_listed(guid(2)),
        expect=[expect(ws, "not_assessed")],
    ),
]
