"""What every resource shape shares: type names, fixed ids and times, id builders, and the merge
that lets a caller override or remove (None) any key."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

TENANT_ID = "72f988bf-0000-4000-8000-00000000a11d"
PRINCIPAL_ID = "5b0c1f0e-7d4a-4c39-9f0e-2a6f3c7d9e11"
CREATED = "2025-03-04T09:15:27.1234567Z"
MODIFIED = "2025-06-18T14:02:51.7654321Z"
EPOCH_CREATED = 1741079727  # 2025-03-04T09:15:27Z
EPOCH_UPDATED = 1750255371  # 2025-06-18T14:02:51Z
# An expiry that stays ahead of any scan for decades, yet is a real lifetime (within a century).
FAR_EXPIRY = 4102358400  # 2099-12-31T00:00:00Z
FAR_EXPIRY_TIME = "2099-12-31T00:00:00Z"


def group_id(subscription_id: str, group: str) -> str:
    return f"/subscriptions/{subscription_id}/resourceGroups/{group}"


def resource_id(subscription_id: str, group: str, rtype: str, name: str) -> str:
    return f"{group_id(subscription_id, group)}/providers/{rtype}/{name}"


def child_id(parent_id: str, segment: str, name: str) -> str:
    return f"{parent_id}/{segment}/{name}"


def merge(document: dict[str, Any], changes: Mapping[str, Any]) -> dict[str, Any]:
    for key, value in changes.items():
        if value is None:
            document.pop(key, None)
        else:
            document[key] = value
    return document


def arm_resource(
    rid: str,
    rtype: str,
    properties: dict[str, Any],
    overrides: Mapping[str, Any] | None,
    top: Mapping[str, Any],
    **base: Any,
) -> dict[str, Any]:
    document: dict[str, Any] = {
        "id": rid,
        "name": rid.rsplit("/", 1)[1],
        "type": rtype,
        **base,
        "properties": merge(properties, overrides or {}),
    }
    return merge(document, top)


def system_data() -> dict[str, str]:
    return {
        "createdAt": CREATED,
        "createdBy": "platform-team@contoso.com",
        "createdByType": "User",
        "lastModifiedAt": MODIFIED,
        "lastModifiedBy": "platform-team@contoso.com",
        "lastModifiedByType": "User",
    }


def system_identity() -> dict[str, str]:
    return {"type": "SystemAssigned", "principalId": PRINCIPAL_ID, "tenantId": TENANT_ID}


def guid_from(text: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, text.lower()))
