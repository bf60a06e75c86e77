"""Identity and authentication rules (AML1xx): resources that fail and pass them.

AML101 endpoint accepts shared keys:
  fail  prod workspace / onlineEndpoints/ep-key-auth (authMode Key)
  pass  prod workspace / onlineEndpoints/ep-entra-auth (authMode AADToken)
  pass  prod workspace / batchEndpoints/batch-scoring (authMode AADToken)
AML102 online endpoint uses AML tokens:
  fail  prod workspace / onlineEndpoints/ep-aml-token (authMode AMLToken)
  pass  prod workspace / onlineEndpoints/ep-entra-auth
AML103 serverless endpoint accepts keys:
  fail  prod workspace / serverlessEndpoints/llama-key (Key)
  pass  prod workspace / serverlessEndpoints/phi-entra (AAD)
AML104 compute allows local authentication:
  fail  prod workspace / computes/ci-local-auth (disableLocalAuth absent: allowed)
  pass  prod workspace / computes/cluster-entra-only (disableLocalAuth true)
AML105 connection stores a secret:
  fail  prod workspace / connections/ais-api-key (ApiKey, to ais-contoso-prod)
  pass  prod workspace / connections/oai-entra (AAD, to oai-contoso-entra)
AML106 default datastores use account keys:
  fail  mlw-contoso-prod (base; systemDatastoresAuthMode absent: AccessKey)
  pass  dev/mlw-contoso-dev-private (network.py; Identity)
AML107 AI account accepts keys:
  fail  ais-contoso-prod (base; disableLocalAuth false)
  pass  oai-contoso-entra (OpenAI, disableLocalAuth true)
AML108 workspace registry admin user:
  fail  dev/crcontosomldev (admin user on; named by dev/mlw-contoso-dev-vnet in network.py)
  pass  crcontosomlprod (base; admin user off)
AML109 workspace storage allows Shared Key:
  fail  stcontosomlprod (base; allowSharedKeyAccess true)
  pass  dev/stcontosomlsecure (false; named by dev/mlw-contoso-dev-private in network.py)
AML110 workspace without a user-assigned identity:
  fail  mlw-contoso-prod (base; SystemAssigned)
  pass  dev/mlw-contoso-dev-private (network.py; SystemAssigned,UserAssigned)
AML111 legacy web service without authentication:
  fail  prod workspace / services/churn-aci-v1 (ACI, authEnabled false)
  pass  prod workspace / services/fraud-aks-v1 (AKS, token authentication)
AML112 legacy web service accepts keys:
  fail  prod workspace / services/pricing-aks-v1 (AKS, authEnabled true)
  pass  prod workspace / services/fraud-aks-v1 (authEnabled false, token authentication)
AML113 datastore stores a credential:
  fail  prod workspace / datastores/landing_sas (credentialsType Sas)
  pass  prod workspace / datastores/curated_identity (credentialsType None)
"""

from __future__ import annotations

from typing import Any

from auditor.inventory.resource_types import USER_ASSIGNED_IDENTITIES
from auditor.simulator import shapes
from auditor.simulator.demo.base import DemoContext

DEV_REGISTRY = "crcontosomldev"
SECURE_STORAGE = "stcontosomlsecure"
ML_IDENTITY = "id-contoso-ml"
ENTRA_OPENAI = "oai-contoso-entra"


def dev_registry_id(ctx: DemoContext) -> str:
    return shapes.resource_id(ctx.dev, ctx.dev_group, shapes.CONTAINER_REGISTRIES, DEV_REGISTRY)


def secure_storage_id(ctx: DemoContext) -> str:
    return shapes.resource_id(ctx.dev, ctx.dev_group, shapes.STORAGE_ACCOUNTS, SECURE_STORAGE)


def ml_identity_id(ctx: DemoContext) -> str:
    return shapes.resource_id(ctx.dev, ctx.dev_group, USER_ASSIGNED_IDENTITIES, ML_IDENTITY)


def resources(ctx: DemoContext) -> list[dict[str, Any]]:
    key_endpoint = shapes.online_endpoint(ctx.workspace, "ep-key-auth", auth_mode="Key")
    entra_endpoint = shapes.online_endpoint(ctx.workspace, "ep-entra-auth", auth_mode="AADToken")
    entra_openai = shapes.cognitive_account(
        ctx.prod,
        ctx.shared_group,
        ENTRA_OPENAI,
        kind="OpenAI",
        properties={
            "endpoint": f"https://{ENTRA_OPENAI}.openai.azure.com/",
            "disableLocalAuth": True,
            "publicNetworkAccess": "Disabled",
            "networkAcls": {"defaultAction": "Deny", "virtualNetworkRules": [], "ipRules": []},
        },
    )
    return [
        key_endpoint,
        shapes.online_deployment(key_endpoint["id"], "blue"),
        entra_endpoint,
        shapes.online_deployment(entra_endpoint["id"], "blue"),
        shapes.batch_endpoint(ctx.workspace, "batch-scoring", auth_mode="AADToken"),
        shapes.online_endpoint(ctx.workspace, "ep-aml-token", auth_mode="AMLToken"),
        shapes.serverless_endpoint(ctx.workspace, "llama-key", auth_mode="Key"),
        shapes.serverless_endpoint(
            ctx.workspace,
            "phi-entra",
            auth_mode="AAD",
            properties={"modelSettings": {"modelId": "azureml://registries/azureml/models/Phi-4"}},
        ),
        # ARM leaves disableLocalAuth out when it was never set: local auth stays allowed.
        shapes.compute_instance(
            ctx.workspace, "ci-local-auth", properties={"disableLocalAuth": None}
        ),
        shapes.aml_compute(ctx.workspace, "cluster-entra-only"),
        shapes.connection(
            ctx.workspace,
            "ais-api-key",
            category="AIServices",
            auth_type="ApiKey",
            target="https://ais-contoso-prod.cognitiveservices.azure.com/",
            properties={"metadata": {"ApiType": "Azure", "ResourceId": ctx.ai_services}},
        ),
        shapes.connection(
            ctx.workspace,
            "oai-entra",
            category="AzureOpenAI",
            auth_type="AAD",
            target=f"https://{ENTRA_OPENAI}.openai.azure.com/",
            properties={"metadata": {"ApiType": "Azure", "ResourceId": entra_openai["id"]}},
        ),
        entra_openai,
        shapes.container_registry(
            ctx.dev, ctx.dev_group, DEV_REGISTRY, properties={"adminUserEnabled": True}
        ),
        shapes.storage_account(
            ctx.dev,
            ctx.dev_group,
            SECURE_STORAGE,
            properties={"allowSharedKeyAccess": False, "publicNetworkAccess": "Disabled"},
        ),
        shapes.web_service(ctx.workspace, "churn-aci-v1", compute_type="ACI", auth_enabled=False),
        shapes.web_service(
            ctx.workspace, "fraud-aks-v1", auth_enabled=False, token_auth_enabled=True
        ),
        shapes.web_service(
            ctx.workspace, "pricing-aks-v1", auth_enabled=True, token_auth_enabled=False
        ),
        shapes.datastore(ctx.workspace, "landing_sas", credentials_type="Sas"),
        shapes.datastore(ctx.workspace, "curated_identity", credentials_type="None"),
    ]
