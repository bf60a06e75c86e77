"""Attack paths (AMLP01-AMLP05): resources and role assignments that chain other rules' findings,
each path confirmed at least once, and one possible where a step cannot be read.

AMLP01 internet to model via a key:
  confirmed  mlw-contoso-prod/onlineEndpoints/ep-public-scoring (public, Key auth, keys readable
             by a user assigned Contributor on prod; its identity holds Contributor on prod)
AMLP02 exposed compute to privileged identity:
  confirmed  mlw-contoso-prod/computes/ci-exposed (public IP; its identity holds Key Vault
             Administrator on the workspace's vault, which uses Azure RBAC)
AMLP03 key pivot:
  confirmed  ais-contoso-prod (base; local auth on, any network, its key in connection ais-api-key)
AMLP04 writable workspace storage to the compute identity to Key Vault:
  confirmed  mlw-contoso-prod (shared-key storage open to every network; ci-exposed's identity
             reads the vault's secrets)
AMLP05 CMK lock-out:
  confirmed  mlw-contoso-legacy-cmk (data module; no purge protection, Alice may delete the vault)
  possible   mlw-contoso-finance-cmk (its key is in the unreadable finance subscription: whether
             the key can be lost, and who may delete it, cannot be read)
"""

from __future__ import annotations

from typing import Any

from auditor.simulator import shapes
from auditor.simulator.demo.base import DemoContext
from auditor.simulator.shapes import authorization as rbac
from auditor.simulator.tenant import new_guid

SCORING_ENDPOINT = "ep-public-scoring"
EXPOSED_COMPUTE = "ci-exposed"
FINANCE_CMK_WORKSPACE = "mlw-contoso-finance-cmk"
SCORING_IDENTITY = new_guid("aml-audit-demo/principal/ep-public-scoring")
EXPOSED_IDENTITY = new_guid("aml-audit-demo/principal/ci-exposed")


def _system_identity(principal: str) -> dict[str, Any]:
    return {"type": "SystemAssigned", "principalId": principal, "tenantId": shapes.TENANT_ID}


def resources(ctx: DemoContext) -> list[dict[str, Any]]:
    endpoint = shapes.online_endpoint(
        ctx.workspace,
        SCORING_ENDPOINT,
        auth_mode="Key",
        properties={"publicNetworkAccess": "Enabled"},
        identity=_system_identity(SCORING_IDENTITY),
    )
    compute = shapes.compute_instance(
        ctx.workspace, EXPOSED_COMPUTE, identity=_system_identity(EXPOSED_IDENTITY)
    )
    finance_vault = shapes.resource_id(
        ctx.finance, "rg-finance-ml", shapes.VAULTS, "kv-contoso-finance"
    )
    finance_cmk = shapes.workspace(
        ctx.prod,
        ctx.prod_group,
        FINANCE_CMK_WORKSPACE,
        storage_account=ctx.storage,
        key_vault=ctx.workspace_vault,
        container_registry=ctx.container_registry,
        properties={
            "publicNetworkAccess": "Disabled",
            "systemDatastoresAuthMode": "identity",
            "encryption": shapes.cmk_encryption(
                finance_vault,
                "https://kv-contoso-finance.vault.azure.net/keys/ml-cmk/"
                "5b1f0c3e9a7d4e2f8c6b0a1d3e5f7a9b",
            ),
        },
        identity=_system_identity(new_guid("aml-audit-demo/principal/mlw-contoso-finance-cmk")),
    )
    return [endpoint, compute, finance_cmk]


def authorization(ctx: DemoContext) -> list[dict[str, Any]]:
    return [
        rbac.role_assignment(
            f"/subscriptions/{ctx.prod}",
            new_guid("demo/ra/ep-public-scoring"),
            SCORING_IDENTITY,
            rbac.CONTRIBUTOR.guid,
            principal_type="ServicePrincipal",
        ),
        # The prod workspaces' vault uses Azure RBAC: a data role reads its secrets.
        rbac.role_assignment(
            ctx.workspace_vault,
            new_guid("demo/ra/ci-exposed-vault"),
            EXPOSED_IDENTITY,
            rbac.KEY_VAULT_ADMINISTRATOR.guid,
            principal_type="ServicePrincipal",
        ),
    ]
