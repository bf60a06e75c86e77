"""A small tenant with every kind of access-review fact, built on the REST examples copied into
tests/data/access (SOURCE.md there): role assignments at subscription, group and resource scope,
a custom role, a deny assignment, a PIM eligibility, and an Activity Log with key regenerations,
key reads and routine events, some outside the 90-day window."""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from auditor.simulator import shapes
from auditor.simulator.shapes import activity_log as events
from auditor.simulator.shapes import authorization as rbac
from auditor.simulator.tenant import Tenant, new_guid

DATA = Path(__file__).resolve().parents[1] / "data" / "access"
# The scan's clock in these tests: the Activity Log window is the 90 days before it.
NOW = datetime(2026, 11, 20, 8, 0, 0, tzinfo=UTC)
ML_OPS = "Microsoft.MachineLearningServices/workspaces/onlineEndpoints"
SECRET_LOOKING = (
    "DefaultEndpointsProtocol=https;AccountName=st;AccountKey=" + "Zm9vYmFy" * 11 + "=="
)


def example(name: str) -> dict[str, Any]:
    """The response body of a REST example file."""
    document = json.loads((DATA / name).read_text(encoding="utf-8"))
    return dict(document["responses"]["200"]["body"])


@dataclass(frozen=True)
class AccessTenant:
    tenant: Tenant
    subscription: str
    workspace: str
    endpoint: str
    storage: str
    ids: dict[str, str]  # what each test looks up, by name


def access_tenant() -> AccessTenant:
    tenant = Tenant()
    sub = new_guid("access-review/sub")
    scope = f"/subscriptions/{sub}"
    tenant.add_subscription(sub, "access")
    storage = tenant.add(
        shapes.storage_account(
            sub,
            "rg-ml",
            "staccess",
            properties={
                "keyCreationTime": {"key1": "2026-10-01T10:00:00.1234567Z", "key2": None},
                "keyPolicy": {"keyExpirationPeriodInDays": 60},
            },
        )
    )["id"]
    workspace = tenant.add(shapes.workspace(sub, "rg-ml", "mlw-access", storage_account=storage))[
        "id"
    ]
    endpoint = tenant.add(shapes.online_endpoint(workspace, "ep-keys", auth_mode="Key"))["id"]
    ids: dict[str, str] = {}

    # The REST example's assignment (a User at subscription scope), moved into this subscription.
    listed = copy.deepcopy(example("RoleAssignments_ListForScope.json")["value"][0])
    listed["id"] = f"{scope}/providers/Microsoft.Authorization/roleAssignments/{listed['name']}"
    listed["properties"]["scope"] = scope
    ids["example_assignment"] = tenant.add_authorization(listed)["id"]
    ids["group_assignment"] = tenant.add_authorization(
        rbac.role_assignment(
            shapes.group_id(sub, "rg-ml"),
            new_guid("access/group"),
            new_guid("access/group-principal"),
            rbac.AZUREML_DATA_SCIENTIST.guid,
            principal_type="Group",
        )
    )["id"]
    ids["endpoint_assignment"] = tenant.add_authorization(
        rbac.role_assignment(
            endpoint,
            new_guid("access/endpoint"),
            new_guid("access/endpoint-principal"),
            rbac.CONTRIBUTOR.guid,
            principal_type="ServicePrincipal",
        )
    )["id"]
    ids["custom_role"] = tenant.add_authorization(
        rbac.custom_role_definition(
            sub,
            new_guid("access/custom-role"),
            "ML Operator (custom)",
            actions=["Microsoft.MachineLearningServices/*"],
        )
    )["id"]
    for i, target in enumerate((workspace, storage)):
        ids[f"deny{i}"] = tenant.add_authorization(
            rbac.deny_assignment(
                target, new_guid(f"access/deny{i}"), "Deny writes (stack)", actions=["*/write"]
            )
        )["id"]
        ids[f"eligibility{i}"] = tenant.add_authorization(
            rbac.eligibility_instance(
                scope if i == 0 else workspace,
                new_guid(f"access/eligible{i}"),
                new_guid(f"access/admin{i}"),
                rbac.OWNER.guid,
            )
        )["id"]

    # The REST example's event, made a key regeneration on the endpoint (Started, then Succeeded
    # with the same correlation id: one regeneration), with a secret-looking value in members the
    # collector must drop.
    started = copy.deepcopy(example("GetActivityLogsFiltered.json")["value"][0])
    operation = f"{ML_OPS}/regenerateKeys/action"
    moment = NOW - timedelta(days=10)
    stamp = moment.strftime("%Y-%m-%dT%H:%M:%S.0000000Z")
    started.update(
        {
            "id": f"{endpoint}/events/{started['eventDataId']}/ticks/638900000000000000",
            "resourceId": endpoint,
            "resourceGroupName": "rg-ml",
            "resourceProviderName": {"value": shapes.ML, "localizedValue": shapes.ML},
            "operationName": {"value": operation, "localizedValue": operation},
            "status": {"value": "Started", "localizedValue": "Started"},
            "eventTimestamp": stamp,
            "submissionTimestamp": stamp,
            "subscriptionId": sub,
        }
    )
    started["authorization"]["action"] = operation
    started["authorization"]["scope"] = endpoint
    started["httpRequest"]["clientRequestId"] = SECRET_LOOKING
    started["claims"]["secret_claim"] = SECRET_LOOKING
    succeeded = copy.deepcopy(started)
    succeeded["eventDataId"] = new_guid("access/regenerated")
    succeeded["id"] = f"{endpoint}/events/{succeeded['eventDataId']}/ticks/638900000030000000"
    succeeded["status"] = {"value": "Succeeded", "localizedValue": "Succeeded"}
    succeeded["eventTimestamp"] = (moment + timedelta(seconds=3)).strftime(
        "%Y-%m-%dT%H:%M:%S.0000000Z"
    )
    succeeded["properties"] = {"statusCode": "OK", "secret": SECRET_LOOKING}
    tenant.add_event(sub, started)
    tenant.add_event(sub, succeeded)
    ids["regenerated"] = succeeded["id"]

    reads = [
        events.event(endpoint, f"{ML_OPS}/listKeys/action", NOW - timedelta(days=2)),
        events.event(
            endpoint,
            f"{ML_OPS}/token/action",
            NOW - timedelta(days=1),
            caller="scoring-app",
            principal_type="ServicePrincipal",
        ),
        events.event(storage, "Microsoft.Storage/storageAccounts/listkeys/action", NOW),
    ]
    for i, read in enumerate(reads):
        tenant.add_event(sub, read)
        ids[f"read{i}"] = read["id"]
    ignored = [
        # A failed read, a routine write, and a read older than the 90 days asked for.
        events.event(endpoint, f"{ML_OPS}/listKeys/action", NOW, status="Failed", seed="x"),
        events.write_event(endpoint, NOW - timedelta(days=4)),
        events.event(endpoint, f"{ML_OPS}/listKeys/action", NOW - timedelta(days=91)),
    ]
    for event in ignored:
        tenant.add_event(sub, event)
    return AccessTenant(tenant, sub, workspace, endpoint, storage, ids)
