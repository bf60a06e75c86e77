"""Key Vault vaults, keys (with rotation policies) and secrets (never a value)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor.inventory.resource_types import KEYS, SECRETS, VAULTS
from auditor.simulator.shapes.common import (
    EPOCH_CREATED,
    EPOCH_UPDATED,
    TENANT_ID,
    arm_resource,
    child_id,
    guid_from,
    resource_id,
    system_data,
)


def vault(
    subscription_id: str,
    group: str,
    name: str,
    *,
    location: str = "westeurope",
    properties: Mapping[str, Any] | None = None,
    **top: Any,
) -> dict[str, Any]:
    """getVault.json. `enablePurgeProtection` is absent unless set (ARM omits it when off)."""
    rid = resource_id(subscription_id, group, VAULTS, name)
    props: dict[str, Any] = {
        "sku": {"family": "A", "name": "standard"},
        "tenantId": TENANT_ID,
        "accessPolicies": [],
        "enabledForDeployment": False,
        "enabledForDiskEncryption": False,
        "enabledForTemplateDeployment": False,
        "enableSoftDelete": True,
        "softDeleteRetentionInDays": 90,
        "enableRbacAuthorization": True,
        "vaultUri": f"https://{name}.vault.azure.net/",
        "provisioningState": "Succeeded",
        "publicNetworkAccess": "Enabled",
    }
    return arm_resource(
        rid,
        VAULTS,
        props,
        properties,
        top,
        location=location,
        tags={},
        systemData=system_data(),
    )


def key(
    vault_id: str,
    name: str,
    *,
    location: str = "westeurope",
    expires: int | None = None,
    rotation_policy: Mapping[str, Any] | None = None,
    properties: Mapping[str, Any] | None = None,
    **top: Any,
) -> dict[str, Any]:
    """getKey.json. `rotationPolicy` is there only when the key has one (ARM omits it if empty)."""
    rid = child_id(vault_id, "keys", name)
    vault_name = vault_id.rsplit("/", 1)[1]
    attributes: dict[str, Any] = {
        "enabled": True,
        "created": EPOCH_CREATED,
        "updated": EPOCH_UPDATED,
        "recoveryLevel": "Recoverable+Purgeable",
        "exportable": False,
    }
    if expires is not None:
        attributes["exp"] = expires
    props: dict[str, Any] = {
        "attributes": attributes,
        "kty": "RSA",
        "keyOps": ["encrypt", "decrypt", "sign", "verify", "wrapKey", "unwrapKey"],
        "keySize": 2048,
        "keyUri": f"https://{vault_name}.vault.azure.net/keys/{name}",
        "keyUriWithVersion": f"https://{vault_name}.vault.azure.net/keys/{name}/"
        f"{guid_from(rid).replace('-', '')}",
    }
    if rotation_policy is not None:
        props["rotationPolicy"] = dict(rotation_policy)
    return arm_resource(rid, KEYS, props, properties, top, location=location, tags={})


def rotation_policy(rotate_after: str = "P90D", expiry: str = "P1Y") -> dict[str, Any]:
    return {
        "attributes": {"created": EPOCH_CREATED, "updated": EPOCH_UPDATED, "expiryTime": expiry},
        "lifetimeActions": [
            {"trigger": {"timeAfterCreate": rotate_after}, "action": {"type": "rotate"}},
            {"trigger": {"timeBeforeExpiry": "P30D"}, "action": {"type": "notify"}},
        ],
    }


def secret(
    vault_id: str,
    name: str,
    *,
    location: str = "westeurope",
    expires: int | None = None,
    properties: Mapping[str, Any] | None = None,
    **top: Any,
) -> dict[str, Any]:
    """listSecrets.json item: attributes and URIs, never the value."""
    rid = child_id(vault_id, "secrets", name)
    vault_name = vault_id.rsplit("/", 1)[1]
    attributes: dict[str, Any] = {
        "enabled": True,
        "created": EPOCH_CREATED,
        "updated": EPOCH_UPDATED,
    }
    if expires is not None:
        attributes["exp"] = expires
    props: dict[str, Any] = {
        "attributes": attributes,
        "secretUri": f"https://{vault_name}.vault.azure.net/secrets/{name}",
        "secretUriWithVersion": f"https://{vault_name}.vault.azure.net/secrets/{name}/"
        f"{guid_from(rid).replace('-', '')}",
    }
    return arm_resource(rid, SECRETS, props, properties, top, location=location, tags={})
