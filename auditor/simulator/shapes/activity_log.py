"""Activity Log events (ActivityLogs_List, api-version 2015-04-01), whole, as the service returns
them: the REST example GetActivityLogsFiltered (Azure/azure-rest-api-specs, specification/monitor,
Microsoft.Insights ActivityLogs examples 2015-04-01) with its claims, httpRequest and
authorization, plus the `authorization.evidence` ARM adds for actions granted by a role
assignment. The collector keeps a few of these members; the rest are here so a test can show they
never reach the inventory.
"""

from __future__ import annotations

import hashlib
import uuid
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from auditor.simulator.shapes.common import TENANT_ID, guid_from

OBJECT_ID_CLAIM = "http://schemas.microsoft.com/identity/claims/objectidentifier"
_EPOCH_TICKS = 621355968000000000  # .NET ticks at 1970-01-01
_SUCCEEDED = {"value": "Succeeded", "localizedValue": "Succeeded"}


def _guids(key: str) -> tuple[str, str, str, str]:
    """Four GUIDs derived from `key` (one hash: a busy generated log has tens of thousands)."""
    digest = hashlib.sha512(key.encode("utf-8")).digest()
    return tuple(  # type: ignore[return-value]
        str(uuid.UUID(bytes=digest[i : i + 16], version=5)) for i in range(0, 64, 16)
    )


@lru_cache(maxsize=1024)
def _principal(caller: str | None) -> str:
    return guid_from(f"principal|{caller}")


def _ticks(moment: datetime) -> int:
    return _EPOCH_TICKS + int(moment.timestamp() * 10_000_000)


def _text(value: str) -> dict[str, str]:
    return {"value": value, "localizedValue": value}


def event(
    resource_id: str,
    operation: str,
    when: datetime,
    *,
    caller: str | None = "data-scientist@contoso.com",
    object_id: str | None = None,
    principal_type: str | None = "User",
    status: str = "Succeeded",
    correlation_id: str | None = None,
    seed: str = "",
) -> dict[str, Any]:
    """One event on `resource_id` (its ARM id) for `operation` (an operation name such as
    `Microsoft.MachineLearningServices/workspaces/onlineEndpoints/listKeys/action`)."""
    when = when.astimezone(UTC)
    stamp = when.strftime("%Y-%m-%dT%H:%M:%S.%f") + "0Z"
    key = f"{resource_id}|{operation}|{stamp}|{status}|{seed}"
    event_id, correlation_guid, request_id, service_id = _guids(key)
    correlation = correlation_id or correlation_guid
    parts = resource_id.split("/")
    subscription = parts[2] if len(parts) > 2 else ""
    group = parts[4] if len(parts) > 4 and parts[3].lower() == "resourcegroups" else ""
    provider = operation.split("/", 1)[0]
    oid = object_id or _principal(caller)
    document: dict[str, Any] = {
        "authorization": {
            "action": operation,
            "scope": resource_id,
            "evidence": {
                "role": "Contributor",
                "roleAssignmentScope": f"/subscriptions/{subscription}",
                "roleAssignmentId": _principal(f"assignment|{caller}").replace("-", ""),
                "roleDefinitionId": "b24988ac618042a0ab8820f7382dd24c",
                "principalId": oid.replace("-", ""),
                "principalType": principal_type,
            },
        },
        "caller": caller,
        "channels": "Operation",
        "claims": {
            "aud": "https://management.core.windows.net/",
            "iss": f"https://sts.windows.net/{TENANT_ID}/",
            "iat": str(int(when.timestamp()) - 60),
            "nbf": str(int(when.timestamp()) - 60),
            "exp": str(int(when.timestamp()) + 3540),
            "appid": "04b07795-8ddb-461a-bbee-02f9e1bf7b46",
            "appidacr": "0",
            "http://schemas.microsoft.com/identity/claims/scope": "user_impersonation",
            OBJECT_ID_CLAIM: oid,
            "http://schemas.microsoft.com/identity/claims/tenantid": TENANT_ID,
            "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn": caller or "",
            "ipaddr": "203.0.113.24",
            "name": "Data Scientist",
            "puid": "10032001A1B2C3D4",
            "ver": "1.0",
        },
        "correlationId": correlation,
        "description": "",
        "eventDataId": event_id,
        "eventName": _text("EndRequest" if status != "Started" else "BeginRequest"),
        "category": _text("Administrative"),
        "eventTimestamp": stamp,
        "httpRequest": {
            "clientRequestId": request_id,
            "clientIpAddress": "203.0.113.24",
            "method": "POST",
        },
        "id": f"{resource_id}/events/{event_id}/ticks/{_ticks(when)}",
        "level": "Informational",
        "resourceGroupName": group,
        "resourceProviderName": _text(provider),
        "resourceId": resource_id,
        "resourceType": _text("/".join(resource_id.split("/providers/", 1)[-1].split("/")[0:2])),
        "operationId": correlation,
        "operationName": _text(operation),
        "properties": {"statusCode": "OK", "serviceRequestId": service_id},
        "status": _text(status) if status != "Succeeded" else dict(_SUCCEEDED),
        "subStatus": _text("OK" if status == "Succeeded" else ""),
        "submissionTimestamp": stamp,
        "subscriptionId": subscription,
        "tenantId": TENANT_ID,
    }
    if caller is None:
        del document["caller"]
    if principal_type is None:
        del document["authorization"]["evidence"]
    return document


def write_event(resource_id: str, when: datetime, *, seed: str = "") -> dict[str, Any]:
    """A routine, non-key event (most of a busy subscription's log): a resource written."""
    rtype = "/".join(resource_id.split("/providers/", 1)[-1].split("/")[0:2])
    return event(resource_id, f"{rtype}/write", when, caller="pipeline@contoso.com", seed=seed)
