"""Generated tenants of any size, the same for the same arguments and seed.

The defaults are the benchmark's estate (issue 3): 10 subscriptions x 20 workspaces, each
workspace with 3 online endpoints x 2 deployments, 2 computes, 3 connections, and its own storage
account, container registry and key vault (3 keys, 3 secrets). Settings are drawn from a seeded
random mix of good and bad values so every rule sees both outcomes.

Access-review volumes are off by default (counts of 0) and set by the benchmark: `role_assignments`
per subscription, spread over subscription, group, workspace and endpoint scopes, users, groups and
service principals, built-in roles and two custom roles; `activity_events` per subscription over
the 90 days before `now` and `busy_activity_events` in the first subscription (a busy one holds
tens of thousands), most of them routine writes, a few percent key regenerations and key reads.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from auditor.simulator import shapes
from auditor.simulator.errors import TenantError
from auditor.simulator.shapes import activity_log as events
from auditor.simulator.shapes import authorization as rbac
from auditor.simulator.tenant import DEFAULT_TENANT_ID, Tenant, new_guid

WORKSPACES_PER_GROUP = 5


def _choice(rng: random.Random, good_share: float) -> bool:
    return rng.random() < good_share


def generate_tenant(
    subscriptions: int = 10,
    workspaces: int = 20,
    *,
    online_endpoints: int = 3,
    deployments: int = 2,
    computes: int = 2,
    connections: int = 3,
    keys: int = 3,
    secrets: int = 3,
    batch_endpoints: int = 0,
    serverless_endpoints: int = 0,
    registries: int = 0,
    diagnostic_share: float = 0.5,
    role_assignments: int = 0,
    activity_events: int = 0,
    busy_activity_events: int = 0,
    now: datetime | None = None,
    seed: int = 0,
) -> Tenant:
    """`subscriptions` x `workspaces` workspaces with their children and dependencies.

    Every tenth workspace is a Hub and the next two are its Projects; the rest are Default.
    Diagnostic settings go on about `diagnostic_share` of the workspaces and vaults.
    """
    counts = (
        subscriptions,
        workspaces,
        online_endpoints,
        deployments,
        computes,
        connections,
        keys,
        secrets,
        batch_endpoints,
        serverless_endpoints,
        registries,
        role_assignments,
        activity_events,
        busy_activity_events,
    )
    if subscriptions < 1 or min(counts) < 0:
        raise TenantError("generate_tenant needs at least one subscription and no negative counts")
    rng = random.Random(seed)
    tenant = Tenant(DEFAULT_TENANT_ID)
    for s in range(subscriptions):
        sub = new_guid(f"aml-audit-sim/{seed}/subscription/{s}")
        tenant.add_subscription(sub, f"ml-estate-{s:02d}", tags={"costCenter": f"cc-{s:03d}"})
        monitor_group = "rg-monitoring"
        tenant.add_resource_group(sub, monitor_group)
        log_analytics = shapes.resource_id(sub, monitor_group, shapes.LOG_ANALYTICS, f"law-{s:02d}")
        for r in range(registries):
            tenant.add(
                shapes.registry(
                    sub,
                    "rg-registries",
                    f"reg-{s:02d}-{r:02d}",
                    properties={"publicNetworkAccess": rng.choice(("Enabled", "Disabled"))},
                )
            )
        hub_id: str | None = None
        for w in range(workspaces):
            group = f"rg-ml-{w // WORKSPACES_PER_GROUP:02d}"
            name = f"mlw-{s:02d}-{w:03d}"
            compact = name.replace("-", "")
            storage = tenant.add(
                shapes.storage_account(
                    sub,
                    group,
                    f"st{compact}",
                    properties={
                        "allowBlobPublicAccess": not _choice(rng, 0.8),
                        "allowSharedKeyAccess": not _choice(rng, 0.5),
                        "publicNetworkAccess": rng.choice(("Enabled", "Disabled")),
                    },
                )
            )
            registry = tenant.add(
                shapes.container_registry(
                    sub,
                    group,
                    f"cr{compact}",
                    properties={"adminUserEnabled": not _choice(rng, 0.7)},
                )
            )
            vault = tenant.add(
                shapes.vault(
                    sub,
                    group,
                    f"kv-{name}",
                    properties={
                        "enablePurgeProtection": True if _choice(rng, 0.6) else None,
                        "publicNetworkAccess": rng.choice(("Enabled", "Disabled")),
                    },
                )
            )
            vault_keys = [
                tenant.add(
                    shapes.key(
                        vault["id"],
                        f"key-{k}",
                        rotation_policy=shapes.rotation_policy() if _choice(rng, 0.5) else None,
                    )
                )
                for k in range(keys)
            ]
            for k in range(secrets):
                tenant.add(
                    shapes.secret(
                        vault["id"],
                        f"secret-{k}",
                        expires=1798761600 if _choice(rng, 0.5) else None,  # 2027-01-01
                    )
                )
            kind = "Default"
            if w % 10 == 0:
                kind = "Hub"
            elif w % 10 in (1, 2) and hub_id is not None:
                kind = "Project"
            encryption = (
                shapes.cmk_encryption(vault["id"], vault_keys[0]["properties"]["keyUriWithVersion"])
                if vault_keys and kind != "Project" and _choice(rng, 0.4)
                else None
            )
            properties: dict[str, object] = {
                "publicNetworkAccess": rng.choice(("Enabled", "Disabled")),
                "allowPublicAccessWhenBehindVnet": not _choice(rng, 0.9),
            }
            if encryption is not None:
                properties["encryption"] = encryption
            workspace = tenant.add(
                shapes.workspace(
                    sub,
                    group,
                    name,
                    kind=kind,
                    storage_account=storage["id"],
                    key_vault=vault["id"],
                    container_registry=registry["id"],
                    hub=hub_id if kind == "Project" else None,
                    properties=properties,
                )
            )
            if kind == "Hub":
                hub_id = workspace["id"]
            ws_id = workspace["id"]
            for e in range(online_endpoints):
                endpoint = tenant.add(
                    shapes.online_endpoint(
                        ws_id,
                        f"ep-{e}",
                        auth_mode=rng.choice(("Key", "AADToken", "AMLToken")),
                        properties={
                            "publicNetworkAccess": rng.choice(("Enabled", "Disabled", None))
                        },
                    )
                )
                for d in range(deployments):
                    tenant.add(
                        shapes.online_deployment(
                            endpoint["id"],
                            f"dep-{d}",
                            properties={
                                "egressPublicNetworkAccess": rng.choice(("Enabled", "Disabled"))
                            },
                        )
                    )
            for b in range(batch_endpoints):
                tenant.add(
                    shapes.batch_endpoint(
                        ws_id, f"batch-{b}", auth_mode=rng.choice(("AADToken", "Key"))
                    )
                )
            for v in range(serverless_endpoints):
                tenant.add(
                    shapes.serverless_endpoint(
                        ws_id, f"serverless-{v}", auth_mode=rng.choice(("Key", "AADToken"))
                    )
                )
            for c in range(computes):
                if c % 2 == 0:
                    tenant.add(
                        shapes.compute_instance(
                            ws_id,
                            f"ci-{c}",
                            compute_properties={
                                "sshSettings": {
                                    "sshPublicAccess": rng.choice(("Enabled", "Disabled")),
                                    "adminUserName": "azureuser",
                                    "sshPort": 4,
                                },
                                "enableNodePublicIp": not _choice(rng, 0.5),
                            },
                        )
                    )
                else:
                    tenant.add(
                        shapes.aml_compute(
                            ws_id,
                            f"cluster-{c}",
                            compute_properties={
                                "remoteLoginPortPublicAccess": rng.choice(
                                    ("Enabled", "Disabled", "NotSpecified")
                                ),
                                "enableNodePublicIp": not _choice(rng, 0.5),
                            },
                        )
                    )
            categories = (
                ("AzureBlob", "AAD", "https://contosodata.blob.core.windows.net/"),
                ("ContainerRegistry", "ManagedIdentity", "contosoacr.azurecr.io"),
                ("AzureOpenAI", "ApiKey", "https://contoso-openai.openai.azure.com/"),
                ("CustomKeys", "CustomKeys", "https://api.partner.example.com/"),
                ("Git", "PAT", "https://github.com/contoso/models"),
            )
            for n in range(connections):
                category, auth, target = categories[(n + w) % len(categories)]
                tenant.add(
                    shapes.connection(
                        ws_id,
                        f"conn-{n}",
                        category=category,
                        auth_type=auth,
                        target=target,
                        properties={"isSharedToAll": not _choice(rng, 0.6)},
                    )
                )
            for target_id in (ws_id, vault["id"]):
                if _choice(rng, diagnostic_share):
                    tenant.add_diagnostic_setting(
                        target_id,
                        "to-log-analytics",
                        shapes.diagnostic_settings_properties(log_analytics),
                    )
        scopes = _access_scopes(tenant, sub)
        if role_assignments:
            _add_role_assignments(tenant, rng, sub, scopes, role_assignments, seed)
        count = busy_activity_events if s == 0 and busy_activity_events else activity_events
        if count:
            _add_activity_log(tenant, rng, sub, scopes, count, now or datetime.now(UTC))
    return tenant


_CUSTOM_ROLES = (
    ("ml-operator", "ML Operator (custom)", ("Microsoft.MachineLearningServices/*",)),
    (
        "endpoint-reader",
        "Endpoint Reader (custom)",
        ("Microsoft.MachineLearningServices/workspaces/onlineEndpoints/read",),
    ),
)
_PRINCIPAL_TYPES = ("User", "User", "Group", "ServicePrincipal")


def _access_scopes(tenant: Tenant, subscription: str) -> dict[str, list[str]]:
    """The ids of a subscription's groups, workspaces, endpoints and storage accounts."""
    found: dict[str, list[str]] = {"group": [], "workspace": [], "endpoint": [], "storage": []}
    kinds = {
        shapes.WORKSPACES.lower(): "workspace",
        shapes.ONLINE_ENDPOINTS.lower(): "endpoint",
        shapes.STORAGE_ACCOUNTS.lower(): "storage",
    }
    for resource in tenant:
        kind = kinds.get(str(resource["type"]).lower())
        rid = str(resource["id"])
        if kind and rid.lower().startswith(f"/subscriptions/{subscription}/".lower()):
            found[kind].append(rid)
    groups = tenant.subscription(subscription).resource_groups.values()
    found["group"] = [f"/subscriptions/{subscription}/resourceGroups/{g.name}" for g in groups]
    return found


def _add_role_assignments(
    tenant: Tenant,
    rng: random.Random,
    subscription: str,
    scopes: dict[str, list[str]],
    count: int,
    seed: int,
) -> None:
    custom = []
    for key, name, actions in _CUSTOM_ROLES:
        role = rbac.custom_role_definition(
            subscription, new_guid(f"{seed}/{subscription}/role/{key}"), name, actions=actions
        )
        tenant.add_authorization(role)
        custom.append(role["name"])
    roles = [r.guid for r in rbac.BUILT_IN_ROLES] + custom
    levels = [
        [f"/subscriptions/{subscription}"],
        scopes["group"],
        scopes["workspace"],
        scopes["endpoint"],
    ]
    for n in range(count):
        options = [level for level in levels if level] or [[f"/subscriptions/{subscription}"]]
        scope = rng.choice(rng.choice(options))
        tenant.add_authorization(
            rbac.role_assignment(
                scope,
                new_guid(f"{seed}/{subscription}/assignment/{n}"),
                new_guid(f"{seed}/principal/{rng.randrange(count // 2 + 1)}"),
                rng.choice(roles),
                principal_type=rng.choice(_PRINCIPAL_TYPES),
            )
        )


def _add_activity_log(
    tenant: Tenant,
    rng: random.Random,
    subscription: str,
    scopes: dict[str, list[str]],
    count: int,
    now: datetime,
) -> None:
    """`count` events over the 90 days before `now`: about half on workspaces and endpoints, a
    quarter on storage accounts, the rest on other providers; 1 in 50 a key operation."""
    ml = scopes["workspace"] + scopes["endpoint"] or [f"/subscriptions/{subscription}"]
    storage = scopes["storage"] or ml
    other = f"/subscriptions/{subscription}/resourceGroups/rg-network/providers/"
    endpoint_ops = "Microsoft.MachineLearningServices/workspaces/onlineEndpoints"
    for n in range(count):
        when = now - timedelta(seconds=rng.randrange(90 * 86400))
        pick = rng.random()
        if pick < 0.02 and scopes["endpoint"]:
            action = rng.choice(("listKeys", "token", "regenerateKeys"))
            target = rng.choice(scopes["endpoint"])
            event = events.event(target, f"{endpoint_ops}/{action}/action", when, seed=str(n))
        elif pick < 0.03:
            target = rng.choice(storage)
            event = events.event(
                target, "Microsoft.Storage/storageAccounts/listkeys/action", when, seed=str(n)
            )
        elif pick < 0.5:
            event = events.write_event(rng.choice(ml), when, seed=str(n))
        elif pick < 0.75:
            event = events.write_event(rng.choice(storage), when, seed=str(n))
        else:
            target = f"{other}Microsoft.Network/networkSecurityGroups/nsg-{n % 40}"
            event = events.write_event(target, when, seed=str(n))
        tenant.add_event(subscription, event)
