"""Shape builders for rule cases: ARM resources from a short name and the properties that matter.

Each builder returns the resource as Azure Resource Manager returns it (and as a snapshot holds it):
`id`, `name` and `type` are derived from the name and the parent, `location`, `kind` and `sku`
take the value most cases want, and `properties` is passed through exactly as written, so a case
that depends on odd casing keeps it. Every default can be overridden, and `None` leaves the field
out, the way some exports do. Children take their parent either as a built resource or as a name
in the default subscription and resource group (`compute("cpu", workspace="ws2")`).

`case`, `expect`, `gap` and `listed` build the rest of a case in the form `test_cases.py` runs.
"""

from __future__ import annotations

from typing import Any

from auditor.inventory import resource_types

Resource = dict[str, Any]
Properties = dict[str, Any]


def guid(number: int) -> str:
    """The test GUID `00000000-0000-0000-0000-00000000000N`, for subscriptions and tenants."""
    return f"00000000-0000-0000-0000-{number:012d}"


SUBSCRIPTION = guid(1)
RESOURCE_GROUP = "rg"
LOCATION = "westeurope"

# The type names the product defines (auditor/inventory/resource_types.py), by the names the
# cases use.
BATCH_ENDPOINTS = resource_types.BATCH_ENDPOINTS
COMPUTES = resource_types.COMPUTES
CONNECTIONS = resource_types.CONNECTIONS
CONTAINER_REGISTRIES = resource_types.CONTAINER_REGISTRIES
DATASTORES = resource_types.DATASTORES
DIAGNOSTIC_SETTINGS = resource_types.DIAGNOSTIC_SETTINGS
KEYS = resource_types.KEYS
ONLINE_DEPLOYMENTS = resource_types.ONLINE_DEPLOYMENTS
ONLINE_ENDPOINTS = resource_types.ONLINE_ENDPOINTS
SECRETS = resource_types.SECRETS
SERVERLESS_ENDPOINTS = resource_types.SERVERLESS_ENDPOINTS
STORAGE_ACCOUNTS = resource_types.STORAGE_ACCOUNTS
VAULTS = resource_types.VAULTS
WEB_SERVICES = resource_types.WEB_SERVICES
WORKSPACES = resource_types.WORKSPACES
ML_REGISTRIES = resource_types.REGISTRIES
AI_ACCOUNTS = resource_types.COGNITIVE_ACCOUNTS
ROLE_ASSIGNMENTS = resource_types.ROLE_ASSIGNMENTS
ROLE_DEFINITIONS = resource_types.ROLE_DEFINITIONS
DENY_ASSIGNMENTS = resource_types.DENY_ASSIGNMENTS
ROLE_ELIGIBILITY_INSTANCES = resource_types.ROLE_ELIGIBILITY_INSTANCES
ACTIVITY_LOG = resource_types.ACTIVITY_LOG
ACTIVITY_LOG_EVENTS = resource_types.ACTIVITY_LOG_EVENTS
AI_DEPLOYMENTS = resource_types.AI_DEPLOYMENTS
RAI_POLICIES = resource_types.RAI_POLICIES
SEARCH_SERVICES = resource_types.SEARCH_SERVICES
SEARCH_PRIVATE_ENDPOINT_CONNECTIONS = resource_types.SEARCH_PRIVATE_ENDPOINT_CONNECTIONS
SECURITY_PRICINGS = resource_types.SECURITY_PRICINGS
SUBSCRIPTIONS = resource_types.SUBSCRIPTIONS

Parent = Resource | str


# -- scopes and ids -------------------------------------------------------------------------------


def subscription_scope(subscription: str = SUBSCRIPTION) -> str:
    return f"/subscriptions/{subscription}"


def resource_group_scope(
    resource_group: str = RESOURCE_GROUP, *, subscription: str = SUBSCRIPTION
) -> str:
    return f"{subscription_scope(subscription)}/resourceGroups/{resource_group}"


def resource_id(
    resource_type: str,
    *names: str,
    subscription: str = SUBSCRIPTION,
    resource_group: str = RESOURCE_GROUP,
) -> str:
    """The ARM id of a resource of `resource_type` ("Namespace/type[/child...]") and its names."""
    namespace, *types = resource_type.split("/")
    if len(types) != len(names):
        raise ValueError(f"{resource_type} needs {len(types)} names, got {names}")
    path = "/".join(f"{kind}/{name}" for kind, name in zip(types, names, strict=True))
    scope = resource_group_scope(resource_group, subscription=subscription)
    return f"{scope}/providers/{namespace}/{path}"


def id_of(resource: Parent) -> str:
    """A built resource's id; a string is taken to be an id already."""
    return resource if isinstance(resource, str) else str(resource["id"])


# -- the generic shape ----------------------------------------------------------------------------


def _shape(
    resource_id_: str,
    resource_type: str,
    name: str,
    properties: Properties | None,
    *,
    kind: str | None = None,
    location: str | None = None,
    sku: str | dict[str, Any] | None = None,
    identity: str | dict[str, Any] | None = None,
) -> Resource:
    shape: Resource = {"id": resource_id_, "name": name, "type": resource_type}
    if kind is not None:
        shape["kind"] = kind
    if location is not None:
        shape["location"] = location
    if sku is not None:
        shape["sku"] = {"name": sku} if isinstance(sku, str) else sku
    if identity is not None:
        shape["identity"] = {"type": identity} if isinstance(identity, str) else identity
    shape["properties"] = {} if properties is None else dict(properties)
    return shape


def _top_level(
    resource_type: str,
    name: str,
    properties: Properties | None,
    *,
    subscription: str,
    resource_group: str,
    **fields: Any,
) -> Resource:
    resource_id_ = resource_id(
        resource_type, name, subscription=subscription, resource_group=resource_group
    )
    return _shape(resource_id_, resource_type, name, properties, **fields)


def _child(
    parent: Resource, segment: str, name: str, properties: Properties | None, **fields: Any
) -> Resource:
    """A child resource: its id and type extend the parent's by `segment`."""
    return _shape(
        f"{parent['id']}/{segment}/{name}",
        f"{parent['type']}/{segment}",
        name,
        properties,
        **fields,
    )


# -- Azure Machine Learning -----------------------------------------------------------------------


def workspace(
    name: str,
    properties: Properties | None = None,
    *,
    kind: str | None = "Default",
    location: str | None = LOCATION,
    identity: str | dict[str, Any] | None = None,
    subscription: str = SUBSCRIPTION,
    resource_group: str = RESOURCE_GROUP,
) -> Resource:
    """A workspace; `kind` is "Default", "Hub", "Project" or "FeatureStore"."""
    return _top_level(
        WORKSPACES,
        name,
        properties,
        subscription=subscription,
        resource_group=resource_group,
        kind=kind,
        location=location,
        identity=identity,
    )


_workspace = workspace  # for children, whose `workspace` parameter hides the builder


def hub(name: str, properties: Properties | None = None, **fields: Any) -> Resource:
    """An AI Foundry hub: a workspace of kind Hub."""
    return workspace(name, properties, kind="Hub", **fields)


def project(
    name: str,
    properties: Properties | None = None,
    *,
    hub: Parent | None = None,
    **fields: Any,
) -> Resource:
    """An AI Foundry project: a workspace of kind Project, linked by `hubResourceId` to `hub`."""
    linked = dict(properties or {})
    if hub is not None:
        linked["hubResourceId"] = id_of(_parent(hub, workspace))
    return workspace(name, linked, kind="Project", **fields)


def ml_registry(
    name: str,
    properties: Properties | None = None,
    *,
    location: str | None = LOCATION,
    subscription: str = SUBSCRIPTION,
    resource_group: str = RESOURCE_GROUP,
) -> Resource:
    """An Azure Machine Learning registry (models and environments shared across workspaces)."""
    return _top_level(
        ML_REGISTRIES,
        name,
        properties,
        subscription=subscription,
        resource_group=resource_group,
        location=location,
    )


def _parent(parent: Parent, build: Any) -> Resource:
    """A parent given as a built resource, or as a name in the default scope."""
    return build(parent) if isinstance(parent, str) else parent


def online_endpoint(
    name: str,
    properties: Properties | None = None,
    *,
    workspace: Parent = "ws",
    location: str | None = LOCATION,
    identity: str | dict[str, Any] | None = None,
) -> Resource:
    return _child(
        _parent(workspace, _workspace),
        "onlineEndpoints",
        name,
        properties,
        location=location,
        identity=identity,
    )


def batch_endpoint(
    name: str,
    properties: Properties | None = None,
    *,
    workspace: Parent = "ws",
    location: str | None = LOCATION,
    identity: str | dict[str, Any] | None = None,
) -> Resource:
    return _child(
        _parent(workspace, _workspace),
        "batchEndpoints",
        name,
        properties,
        location=location,
        identity=identity,
    )


def serverless_endpoint(
    name: str,
    properties: Properties | None = None,
    *,
    workspace: Parent = "ws",
    location: str | None = LOCATION,
    sku: str | dict[str, Any] | None = "Consumption",
) -> Resource:
    """A serverless (models-as-a-service) endpoint."""
    return _child(
        _parent(workspace, _workspace),
        "serverlessEndpoints",
        name,
        properties,
        location=location,
        sku=sku,
    )


def online_deployment(
    name: str,
    properties: Properties | None = None,
    *,
    endpoint: Parent = "ep",
    location: str | None = LOCATION,
) -> Resource:
    return _child(
        _parent(endpoint, online_endpoint), "deployments", name, properties, location=location
    )


def batch_deployment(
    name: str,
    properties: Properties | None = None,
    *,
    endpoint: Parent = "ep",
    location: str | None = LOCATION,
) -> Resource:
    return _child(
        _parent(endpoint, batch_endpoint), "deployments", name, properties, location=location
    )


def compute(
    name: str,
    properties: Properties | None = None,
    *,
    workspace: Parent = "ws",
    location: str | None = LOCATION,
) -> Resource:
    """A compute; the compute's own settings sit one level down, in `properties.properties`."""
    return _child(
        _parent(workspace, _workspace),
        "computes",
        name,
        properties,
        location=location,
    )


def connection(
    name: str,
    properties: Properties | None = None,
    *,
    workspace: Parent = "ws",
) -> Resource:
    """A workspace connection (ARM returns them without a location)."""
    return _child(_parent(workspace, _workspace), "connections", name, properties)


def datastore(
    name: str,
    properties: Properties | None = None,
    *,
    workspace: Parent = "ws",
) -> Resource:
    """A workspace datastore (ARM returns them without a location)."""
    return _child(_parent(workspace, _workspace), "datastores", name, properties)


def web_service(
    name: str,
    properties: Properties | None = None,
    *,
    workspace: Parent = "ws",
) -> Resource:
    """A legacy (v1) ACI or AKS web service; `properties` carries its computeType."""
    return _child(_parent(workspace, _workspace), "services", name, properties)


# -- Key Vault ------------------------------------------------------------------------------------


def vault(
    name: str,
    properties: Properties | None = None,
    *,
    location: str | None = LOCATION,
    subscription: str = SUBSCRIPTION,
    resource_group: str = RESOURCE_GROUP,
) -> Resource:
    return _top_level(
        VAULTS,
        name,
        properties,
        subscription=subscription,
        resource_group=resource_group,
        location=location,
    )


_vault = vault  # for children, whose `vault` parameter hides the builder


def key(
    name: str,
    properties: Properties | None = None,
    *,
    vault: Parent = "kv",
    location: str | None = LOCATION,
) -> Resource:
    return _child(_parent(vault, _vault), "keys", name, properties, location=location)


def secret(
    name: str,
    properties: Properties | None = None,
    *,
    vault: Parent = "kv",
    location: str | None = LOCATION,
) -> Resource:
    """A secret's management-plane shape: attributes only, never a value."""
    return _child(_parent(vault, _vault), "secrets", name, properties, location=location)


# -- the resources a workspace depends on ---------------------------------------------------------


def ai_account(
    name: str,
    properties: Properties | None = None,
    *,
    kind: str | None = "AIServices",
    sku: str | dict[str, Any] | None = "S0",
    location: str | None = LOCATION,
    subscription: str = SUBSCRIPTION,
    resource_group: str = RESOURCE_GROUP,
    identity: str | dict[str, Any] | None = None,
) -> Resource:
    """An Azure AI services (Cognitive Services) account; `kind` e.g. "OpenAI", "TextAnalytics"."""
    return _top_level(
        AI_ACCOUNTS,
        name,
        properties,
        subscription=subscription,
        resource_group=resource_group,
        kind=kind,
        sku=sku,
        location=location,
        identity=identity,
    )


def ai_deployment(
    name: str, properties: Properties | None = None, *, account: Resource
) -> Resource:
    """A model deployment on an AI account (`accounts/deployments`)."""
    return _child(
        account, "deployments", name, properties, sku={"name": "Standard", "capacity": 10}
    )


def rai_policy(name: str, properties: Properties | None = None, *, account: Resource) -> Resource:
    """A content filter (RAI policy) of an AI account (`accounts/raiPolicies`)."""
    return _child(account, "raiPolicies", name, properties)


def content_filter(
    name: str, source: str, *, enabled: bool = True, blocking: bool = True
) -> dict[str, Any]:
    """One entry of a RAI policy's contentFilters (Cognitive Services REST 2024-10-01)."""
    return {
        "name": name,
        "severityThreshold": "Medium",
        "blocking": blocking,
        "enabled": enabled,
        "source": source,
    }


def search_service(
    name: str,
    properties: Properties | None = None,
    *,
    sku: str | dict[str, Any] | None = "standard",
    location: str | None = LOCATION,
    subscription: str = SUBSCRIPTION,
    resource_group: str = RESOURCE_GROUP,
) -> Resource:
    """An Azure AI Search service."""
    return _top_level(
        SEARCH_SERVICES,
        name,
        properties,
        subscription=subscription,
        resource_group=resource_group,
        sku=sku,
        location=location,
    )


def subscription(number: int = 1, name: str = "contoso-ml") -> Resource:
    """A subscription as the scan reads it (Subscriptions_Get)."""
    sub = guid(number)
    return {
        "id": subscription_scope(sub),
        "type": SUBSCRIPTIONS,
        "name": sub,
        "subscriptionId": sub,
        "displayName": name,
        "state": "Enabled",
    }


def pricing(plan: str, tier: str | None, *, subscription_number: int = 1) -> Resource:
    """A Defender for Cloud plan of a subscription (`providers/Microsoft.Security/pricings`)."""
    properties: Properties = {} if tier is None else {"pricingTier": tier}
    return _shape(
        f"{subscription_scope(guid(subscription_number))}/providers/{SECURITY_PRICINGS}/{plan}",
        SECURITY_PRICINGS,
        plan,
        properties,
    )


def storage_account(
    name: str,
    properties: Properties | None = None,
    *,
    kind: str | None = "StorageV2",
    sku: str | dict[str, Any] | None = "Standard_LRS",
    location: str | None = LOCATION,
    subscription: str = SUBSCRIPTION,
    resource_group: str = RESOURCE_GROUP,
) -> Resource:
    return _top_level(
        STORAGE_ACCOUNTS,
        name,
        properties,
        subscription=subscription,
        resource_group=resource_group,
        kind=kind,
        sku=sku,
        location=location,
    )


def container_registry(
    name: str,
    properties: Properties | None = None,
    *,
    sku: str | dict[str, Any] | None = "Premium",
    location: str | None = LOCATION,
    subscription: str = SUBSCRIPTION,
    resource_group: str = RESOURCE_GROUP,
) -> Resource:
    return _top_level(
        CONTAINER_REGISTRIES,
        name,
        properties,
        subscription=subscription,
        resource_group=resource_group,
        sku=sku,
        location=location,
    )


# -- network and monitoring -----------------------------------------------------------------------


def private_endpoint_connection(
    name: str, properties: Properties | None = None, *, parent: Resource
) -> Resource:
    """A private endpoint connection listed as a child of `parent` (a workspace or a vault)."""
    return _child(parent, "privateEndpointConnections", name, properties)


def private_link(
    name: str, status: str, *, parent: Resource, endpoint: str | None = None
) -> dict[str, Any]:
    """A private endpoint connection as the parent embeds it in `properties`: id, name, state."""
    endpoint_id = resource_id("Microsoft.Network/privateEndpoints", endpoint or name)
    return {
        "id": f"{parent['id']}/privateEndpointConnections/{name}",
        "name": name,
        "properties": {
            "privateEndpoint": {"id": endpoint_id},
            "privateLinkServiceConnectionState": {
                "status": status,
                "description": "",
                "actionsRequired": "None",
            },
            "provisioningState": "Succeeded",
        },
    }


def diagnostic_setting(
    name: str, properties: Properties | None = None, *, target: Parent
) -> Resource:
    """A diagnostic setting: an extension resource under `target` (a resource or its id)."""
    return _shape(
        f"{id_of(target)}/providers/Microsoft.Insights/diagnosticSettings/{name}",
        DIAGNOSTIC_SETTINGS,
        name,
        properties,
    )


def pascal_case_properties(resource: Resource) -> Resource:
    """The resource with `Properties` for `properties`, as some exports write it."""
    shape = {k: v for k, v in resource.items() if k != "properties"}
    shape["Properties"] = resource["properties"]
    return shape


def list_entry(resource: Resource, *, properties_null: bool = False) -> Resource:
    """The resource as ARM's generic `/resources` list (and `az resource list`) returns it: id,
    name, type, kind, location, sku, identity and tags, but no `properties` (or, with
    `properties_null`, `"properties": null`)."""
    shape = {k: v for k, v in resource.items() if k != "properties"}
    if properties_null:
        shape["properties"] = None
    return shape


# -- access: Azure RBAC and the Activity Log ------------------------------------------------------
#
# Shapes as the Authorization REST API (2022-04-01; eligibility 2020-10-01) lists them per
# subscription, and as the collector keeps Activity Log events (reduced to what rules read).

# Built-in role GUIDs (learn.microsoft.com/azure/role-based-access-control/built-in-roles).
OWNER = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635"
CONTRIBUTOR = "b24988ac-6180-42a0-ab88-20f7382dd24c"
READER = "acdd72a7-3385-48ef-bd42-f606fba81ae7"
AZUREML_DATA_SCIENTIST = "f6c7c914-8db3-469d-8ca1-694a8f32e121"
CRYPTO_SERVICE_ENCRYPTION_USER = "e147488a-f6f5-4113-8e2d-b22465e65bf6"


def role_definition(
    guid_: str,
    role_name: str,
    actions: list[str] | None = None,
    *,
    not_actions: list[str] | None = None,
    data_actions: list[str] | None = None,
    not_data_actions: list[str] | None = None,
    custom: bool = False,
    subscription: str = SUBSCRIPTION,
    assignable_scopes: list[str] | None = None,
    permissions: Any = None,
) -> Resource:
    """A role definition as a subscription's list returns it; `permissions` replaces the one
    block built from the lists (for junk)."""
    block = {
        "actions": actions or [],
        "notActions": not_actions or [],
        "dataActions": data_actions or [],
        "notDataActions": not_data_actions or [],
    }
    return {
        "id": f"/subscriptions/{subscription}/providers/{ROLE_DEFINITIONS}/{guid_}",
        "name": guid_,
        "type": ROLE_DEFINITIONS,
        "properties": {
            "roleName": role_name,
            "type": "CustomRole" if custom else "BuiltInRole",
            "description": role_name,
            "assignableScopes": assignable_scopes
            or ([subscription_scope(subscription)] if custom else ["/"]),
            "permissions": [block] if permissions is None else permissions,
        },
    }


def owner() -> Resource:
    return role_definition(OWNER, "Owner", ["*"])


def contributor() -> Resource:
    return role_definition(
        CONTRIBUTOR,
        "Contributor",
        ["*"],
        not_actions=[
            "Microsoft.Authorization/*/Delete",
            "Microsoft.Authorization/*/Write",
            "Microsoft.Authorization/elevateAccess/Action",
        ],
    )


def reader() -> Resource:
    return role_definition(READER, "Reader", ["*/read"])


def azureml_data_scientist() -> Resource:
    """AzureML Data Scientist (built-in roles, AI + machine learning), abridged to the lists that
    decide endpoint key access."""
    ml = "Microsoft.MachineLearningServices/workspaces"
    return role_definition(
        AZUREML_DATA_SCIENTIST,
        "AzureML Data Scientist",
        [f"{ml}/*/read", f"{ml}/*/action", f"{ml}/*/delete", f"{ml}/*/write"],
        not_actions=[
            f"{ml}/delete",
            f"{ml}/write",
            f"{ml}/computes/*/write",
            f"{ml}/computes/*/delete",
            f"{ml}/computes/listKeys/action",
            f"{ml}/listKeys/action",
        ],
    )


def crypto_service_encryption_user() -> Resource:
    """Key Vault Crypto Service Encryption User (built-in roles, security)."""
    return role_definition(
        CRYPTO_SERVICE_ENCRYPTION_USER,
        "Key Vault Crypto Service Encryption User",
        [
            "Microsoft.EventGrid/eventSubscriptions/write",
            "Microsoft.EventGrid/eventSubscriptions/read",
            "Microsoft.EventGrid/eventSubscriptions/delete",
        ],
        data_actions=[
            "Microsoft.KeyVault/vaults/keys/read",
            "Microsoft.KeyVault/vaults/keys/wrap/action",
            "Microsoft.KeyVault/vaults/keys/unwrap/action",
        ],
    )


def role_assignment(
    name: str,
    scope: Parent,
    role: str,
    principal: str,
    principal_type: str = "User",
    *,
    condition: str | None = None,
    subscription: str = SUBSCRIPTION,
) -> Resource:
    """A role assignment at `scope` (a resource, or a scope id) of the role GUID `role`."""
    scope_id = id_of(scope)
    properties: Properties = {
        "roleDefinitionId": f"/subscriptions/{subscription}/providers/{ROLE_DEFINITIONS}/{role}",
        "principalId": principal,
        "principalType": principal_type,
        "scope": scope_id,
    }
    if condition is not None:
        properties["condition"] = condition
        properties["conditionVersion"] = "2.0"
    return {
        "id": f"{scope_id}/providers/{ROLE_ASSIGNMENTS}/{name}",
        "name": name,
        "type": ROLE_ASSIGNMENTS,
        "properties": properties,
    }


def eligibility(
    name: str, scope: Parent, role: str, principal: str, principal_type: str = "User"
) -> Resource:
    """A PIM role eligibility schedule instance (2020-10-01)."""
    scope_id = id_of(scope)
    return {
        "id": f"{scope_id}/providers/{ROLE_ELIGIBILITY_INSTANCES}/{name}",
        "name": name,
        "type": ROLE_ELIGIBILITY_INSTANCES,
        "properties": {
            "scope": scope_id,
            "roleDefinitionId": f"{subscription_scope()}/providers/{ROLE_DEFINITIONS}/{role}",
            "principalId": principal,
            "principalType": principal_type,
            "status": "Provisioned",
            "memberType": "Direct",
            "startDateTime": "2026-01-01T00:00:00Z",
            "endDateTime": None,
        },
    }


def deny_assignment(
    name: str,
    scope: Parent,
    actions: list[str],
    principals: list[tuple[str, str]],
    *,
    exclude: list[tuple[str, str]] | None = None,
    data_actions: list[str] | None = None,
    child_scopes: bool = True,
) -> Resource:
    """A deny assignment; `principals` and `exclude` are (id, type) pairs."""
    scope_id = id_of(scope)
    return {
        "id": f"{scope_id}/providers/{DENY_ASSIGNMENTS}/{name}",
        "name": name,
        "type": DENY_ASSIGNMENTS,
        "properties": {
            "denyAssignmentName": name,
            "permissions": [
                {
                    "actions": actions,
                    "notActions": [],
                    "dataActions": data_actions or [],
                    "notDataActions": [],
                }
            ],
            "scope": scope_id,
            "doNotApplyToChildScopes": not child_scopes,
            "principals": [{"id": i, "type": t} for i, t in principals],
            "excludePrincipals": [{"id": i, "type": t} for i, t in exclude or []],
            "isSystemProtected": True,
        },
    }


def access_listed(
    subscription: str = SUBSCRIPTION, *, eligibility_: bool = True
) -> list[dict[str, str]]:
    """The subscription's role assignments, definitions, deny assignments (and PIM eligibility)
    listed in full, as a live scan records them."""
    types = [ROLE_ASSIGNMENTS, ROLE_DEFINITIONS, DENY_ASSIGNMENTS]
    if eligibility_:
        types.append(ROLE_ELIGIBILITY_INSTANCES)
    return [listed(subscription_scope(subscription), t) for t in types]


def activity_log(
    start: str = "2026-09-02T00:00:00Z",
    end: str = "2026-12-01T00:00:00Z",
    *,
    providers: list[str] | None = None,
    subscription: str = SUBSCRIPTION,
) -> Resource:
    """The record of a subscription's Activity Log read in full over [start, end]."""
    return {
        "id": f"/subscriptions/{subscription}/providers/Microsoft.Insights/eventtypes/management",
        "name": "management",
        "type": ACTIVITY_LOG,
        "properties": {
            "from": start,
            "to": end,
            "resourceProviders": providers
            if providers is not None
            else [
                "Microsoft.MachineLearningServices",
                "Microsoft.CognitiveServices",
                "Microsoft.Storage",
            ],
        },
    }


def activity_event(
    event_id: str,
    target: Parent,
    operation: str,
    when: str,
    *,
    caller: str = "alice@contoso.com",
    caller_object_id: str = "11111111-1111-1111-1111-111111111111",
    caller_type: str = "User",
    correlation_id: str | None = None,
    status: str = "Succeeded",
) -> Resource:
    """One kept Activity Log event about `target`; `operation` is the part after the target's
    type (`regenerateKeys/action`, `listKeys/action`)."""
    target_id = id_of(target)
    full = f"{arm_type(target_id)}/{operation}"
    subscription = target_id.split("/")[2]
    return {
        "id": f"{activity_log(subscription=subscription)['id']}/values/{event_id}",
        "name": event_id,
        "type": ACTIVITY_LOG_EVENTS,
        "properties": {
            "operationName": full,
            "status": status,
            "eventTimestamp": when,
            "caller": caller,
            "callerObjectId": caller_object_id,
            "callerType": caller_type,
            "correlationId": correlation_id or f"corr-{event_id}",
            "resourceId": target_id,
        },
    }


def arm_type(resource_id_: str) -> str:
    """`Namespace/type/child` of an ARM id."""
    parts = resource_id_.strip("/").split("/")
    provider = len(parts) - 1 - [p.lower() for p in parts][::-1].index("providers")
    rest = parts[provider + 1 :]
    return "/".join([rest[0], *rest[1::2]])


def created(resource: Resource, when: str) -> Resource:
    """The resource with `systemData.createdAt` (ARM's creation time)."""
    return {**resource, "systemData": {"createdAt": when, "createdByType": "User"}}


# -- the case around the resources ----------------------------------------------------------------


def gap(
    scope: Parent,
    resource_type: str | None = None,
    *,
    status: int | None = 403,
    code: str = "AuthorizationFailed",
    message: str = "denied",
) -> dict[str, Any]:
    """What the scan could not read: `resource_type` under `scope` (None: the scope itself)."""
    return {
        "scope": id_of(scope),
        "resource_type": resource_type,
        "status": status,
        "code": code,
        "message": message,
    }


def listed(scope: Parent, resource_type: str) -> dict[str, str]:
    """A collection the scan listed completely (so an empty answer means there are none)."""
    return {"scope": id_of(scope), "type": resource_type}


def expect(
    resource: Parent,
    status: str,
    *,
    severity: str | None = None,
    observed: dict[str, Any] | None = None,
    context: list[str] | None = None,
    message: str | None = None,
) -> dict[str, Any]:
    """One result the rule must give: the resource (or scope id), its status and what is shown."""
    expected: dict[str, Any] = {"resource": id_of(resource), "status": status}
    if severity is not None:
        expected["severity"] = severity
    if observed is not None:
        expected["observed"] = observed
    if context is not None:
        expected["context"] = context
    if message is not None:
        expected["message"] = message
    return expected


def case(
    name: str,
    resources: list[Resource],
    *,
    expect: list[dict[str, Any]],
    gaps: list[dict[str, Any]] | None = None,
    missing: list[str] | None = None,
    listed: list[dict[str, str]] | None = None,
    now: str | None = None,
    settings: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """One case: the inventory (resources, gaps, missing ids, listed scopes), the scan's clock,
    the rule's settings as the configuration file would give them, and the results."""
    built: dict[str, Any] = {"name": name, "resources": resources}
    fields = (("gaps", gaps), ("missing", missing), ("listed", listed), ("now", now))
    for field, value in (*fields, ("settings", settings)):
        if value is not None:
            built[field] = value
    built["expect"] = expect
    return built
