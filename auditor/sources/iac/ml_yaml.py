"""Azure ML CLI v2 YAML (the files given to `az ml <thing> create -f`) into ARM-shaped resources.

A file is recognised by its `$schema` URL (https://azuremlschemas.azureedge.net/latest/
<name>.schema.json); YAML without an Azure ML resource schema (jobs, components, environments,
anything else) is skipped quietly. Each kind maps its snake_case keys to the ARM properties the
CLI sends, following the CLI's own conversion (azure-ai-ml `_to_rest_object`) and the YAML
schema references (learn.microsoft.com/azure/machine-learning/reference-yaml-*):

- online endpoints (managed, Kubernetes): `auth_mode` key / aml_token / aad_token ->
  `properties.authMode` Key / AMLToken / AADToken; the YAML reference documents `key` as the
  default (reference-yaml-endpoint-online), so an endpoint without `auth_mode` gets "Key";
  `public_network_access` -> `properties.publicNetworkAccess`;
- batch endpoints: `auth_mode` (aad_token, the documented default and only mode) ->
  `properties.authMode`;
- online deployments: `environment_variables`, `egress_public_network_access`,
  `app_insights_enabled`, `instance_type`, and `endpointComputeType` from the schema (Managed or
  Kubernetes); batch deployments: `environment_variables`;
- workspaces (and hubs, projects): `public_network_access`, `customer_managed_key`,
  `managed_network.isolation_mode`, `hbi_workspace`, `key_vault`, `storage_account`,
  `container_registry`, `application_insights`, `system_datastores_auth_mode`, `hub_id`;
- computes: instance (`ssh_public_access_enabled`, `enable_node_public_ip`,
  `idle_time_before_shutdown[_minutes]`, `network_settings`, `schedules`) and cluster
  (`ssh_public_access_enabled`, `enable_node_public_ip`, `idle_time_before_scale_down`). The CLI
  sends `enableNodePublicIp` true when the key is absent (documented default true) and, for a
  cluster, `remoteLoginPortPublicAccess` "NotSpecified" when `ssh_public_access_enabled` is
  absent; those values are put in the body;
- connections: `type` -> `properties.category`, `credentials.type` (or the credential given) ->
  `properties.authType`, `is_shared` -> `properties.isSharedToAll`, `target`; credential values
  are never copied;
- registries: `public_network_access`; serverless endpoints: `model_id`, and authMode "Key",
  which the CLI sends whatever the file says (azure-ai-ml `ServerlessEndpoint`);
- `is_shared` of a connection defaults to true (reference-yaml-connection-*), as the CLI sends.

The workspace a file is created in is the CLI's `--workspace-name`, not in the file: ids use the
placeholder workspace name `CLI_WORKSPACE`, and a rule that needs the workspace finds it missing
(not_assessed). YAML is read with PyYAML (libyaml when present): its composed nodes carry the
line of every key and value, it is the YAML library the CLI's azure-ai-ml depends on (YAML 1.1
booleans and numbers, as there), and its C loader is fast; ruamel.yaml would keep comments but
is heavier and slower to import, and the suppression comments are read from the lines directly.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from auditor.inventory.resource_types import (
    BATCH_DEPLOYMENTS,
    BATCH_ENDPOINTS,
    COMPUTES,
    CONNECTIONS,
    ONLINE_DEPLOYMENTS,
    ONLINE_ENDPOINTS,
    REGISTRIES,
    SERVERLESS_ENDPOINTS,
    WORKSPACES,
)
from auditor.sources.iac.comments import suppressions_anywhere
from auditor.sources.iac.model import (
    TEMPLATE_RESOURCE_GROUP,
    TEMPLATE_SUBSCRIPTION,
    FileProblem,
    InlineSuppression,
    ReadOptions,
    ReadResult,
    Span,
    TemplateResource,
    Unresolved,
    relative,
)
from auditor.sources.iac.naming import iac_id

if TYPE_CHECKING:
    from yaml.nodes import Node

# The workspace a CLI file is created in is given on the command line (`-w`), not in the file.
CLI_WORKSPACE = "cli-workspace"

_SCHEMA = re.compile(r"azuremlschemas[^\s\"']*/(?P<name>[A-Za-z]+)\.schema\.json", re.IGNORECASE)


@dataclass
class _Doc:
    """One YAML document: its values, and the lines of every key path ("a.b.c")."""

    data: Mapping[str, Any]
    spans: dict[str, Span]
    block: Span
    lines: list[str] = field(default_factory=list)


@dataclass
class _Built:
    """The ARM body being built and where each of its properties came from."""

    doc: _Doc
    body: dict[str, Any] = field(default_factory=dict)
    positions: dict[str, Span] = field(default_factory=dict)

    def has(self, key: str) -> bool:
        return _get(self.doc.data, key) is not None

    def value(self, key: str) -> Any:
        return _get(self.doc.data, key)

    def put(self, arm_path: str, value: Any, yaml_key: str | None = None) -> None:
        """Set `arm_path` (dotted) in the body; record the YAML key's lines as its position."""
        target = self.body
        parts = arm_path.split(".")
        for part in parts[:-1]:
            target = target.setdefault(part, {})
        target[parts[-1]] = value
        span = self.doc.spans.get(yaml_key) if yaml_key else None
        if span is not None:
            self.positions[arm_path.lower()] = span

    def copy(
        self, yaml_key: str, arm_path: str, convert: Callable[[Any], Any] = lambda v: v
    ) -> None:
        if self.has(yaml_key):
            self.put(arm_path, convert(self.value(yaml_key)), yaml_key)


def _get(data: Any, dotted: str) -> Any:
    for part in dotted.split("."):
        if not isinstance(data, Mapping):
            return None
        data = data.get(part)
    return data


def _enum(mapping: Mapping[str, str]) -> Callable[[Any], Any]:
    """snake_case YAML value -> ARM value; an unknown value is kept as written, so a rule sees
    it and says it does not know it (never mapped to a guess)."""

    def convert(value: Any) -> Any:
        if isinstance(value, str):
            return mapping.get(value.lower().replace("-", "_"), value)
        return value

    return convert


_ENABLED = _enum({"enabled": "Enabled", "disabled": "Disabled"})
_ENDPOINT_AUTH = _enum({"key": "Key", "aml_token": "AMLToken", "aad_token": "AADToken"})
_ISOLATION = _enum(
    {
        "disabled": "Disabled",
        "allow_internet_outbound": "AllowInternetOutbound",
        "allow_only_approved_outbound": "AllowOnlyApprovedOutbound",
    }
)
_IDENTITY = _enum(
    {
        "system_assigned": "SystemAssigned",
        "user_assigned": "UserAssigned",
        "system_assigned,user_assigned": "SystemAssigned,UserAssigned",
        "none": "None",
    }
)
_CONNECTION_CATEGORY = _enum(
    {
        "azure_open_ai": "AzureOpenAI",
        "azure_ai_services": "AIServices",
        "azure_ai_search": "CognitiveSearch",
        "azure_content_safety": "CognitiveService",
        "azure_speech_services": "CognitiveService",
        "api_key": "ApiKey",
        "custom": "CustomKeys",
        "git": "Git",
        "python_feed": "PythonFeed",
        "container_registry": "ContainerRegistry",
        "azure_blob": "AzureBlob",
        "azure_data_lake_gen2": "AzureDataLakeGen2",
        "azure_one_lake": "AzureOneLake",
        "azure_sql_db": "AzureSqlDb",
        "serp": "Serp",
        "serverless": "Serverless",
        "open_ai": "OpenAI",
    }
)
_CREDENTIAL_TYPE = _enum(
    {
        "api_key": "ApiKey",
        "account_key": "AccountKey",
        "sas": "SAS",
        "service_principal": "ServicePrincipal",
        "username_password": "UsernamePassword",
        "managed_identity": "ManagedIdentity",
        "aad": "AAD",
        "none": "None",
        "pat": "PAT",
        "custom_keys": "CustomKeys",
        "access_key": "AccessKey",
    }
)
# A credential given without `type`: the key that holds it says which one (azure-ai-ml's
# connection credentials classes).
_CREDENTIAL_BY_KEY = (
    ("key", "ApiKey"),
    ("account_key", "AccountKey"),
    ("sas_token", "SAS"),
    ("client_secret", "ServicePrincipal"),
    ("password", "UsernamePassword"),
    ("pat", "PAT"),
    ("keys", "CustomKeys"),
    ("access_key_id", "AccessKey"),
)


def _identity(built: _Built) -> None:
    if built.has("identity.type"):
        built.put("identity.type", _IDENTITY(built.value("identity.type")), "identity.type")
    assigned = built.value("identity.user_assigned_identities")
    if isinstance(assigned, list):
        ids: dict[str, dict[str, Any]] = {}
        for item in assigned:
            resource_id = item.get("resource_id") if isinstance(item, Mapping) else item
            if isinstance(resource_id, str):
                ids[resource_id] = {}
        built.put("identity.userAssignedIdentities", ids, "identity.user_assigned_identities")


def _common(built: _Built) -> None:
    built.copy("location", "location")
    built.copy("tags", "tags")
    built.copy("description", "properties.description")
    _identity(built)


def _online_endpoint(built: _Built, kind: str) -> None:
    _common(built)
    if built.has("auth_mode"):
        built.copy("auth_mode", "properties.authMode", _ENDPOINT_AUTH)
    else:  # reference-yaml-endpoint-online: auth_mode defaults to key
        built.put("properties.authMode", "Key")
    built.copy("public_network_access", "properties.publicNetworkAccess", _ENABLED)
    built.copy("compute", "properties.compute")
    built.copy("traffic", "properties.traffic")
    built.copy("mirror_traffic", "properties.mirrorTraffic")


def _batch_endpoint(built: _Built, kind: str) -> None:
    _common(built)
    if built.has("auth_mode"):
        built.copy("auth_mode", "properties.authMode", _ENDPOINT_AUTH)
    else:  # reference-yaml-endpoint-batch: auth_mode defaults to aad_token (the only mode)
        built.put("properties.authMode", "AADToken")
    built.copy("defaults.deployment_name", "properties.defaults.deploymentName")


def _online_deployment(built: _Built, kind: str) -> None:
    _common(built)
    compute_type = "Kubernetes" if kind.lower().startswith("kubernetes") else "Managed"
    built.put("properties.endpointComputeType", compute_type)
    built.copy("environment_variables", "properties.environmentVariables", _env_values)
    built.copy("egress_public_network_access", "properties.egressPublicNetworkAccess", _ENABLED)
    built.copy("app_insights_enabled", "properties.appInsightsEnabled")
    built.copy("instance_type", "properties.instanceType")
    built.copy("model", "properties.model", _asset)
    built.copy("instance_count", "sku.capacity")


def _batch_deployment(built: _Built, kind: str) -> None:
    _common(built)
    built.copy("environment_variables", "properties.environmentVariables", _env_values)
    built.copy("compute", "properties.compute")
    built.copy("model", "properties.model", _asset)


def _env_values(value: Any) -> Any:
    """Environment variables as the CLI sends them: strings (numbers and booleans too)."""
    if not isinstance(value, Mapping):
        return value
    return {str(k): _env_text(v) for k, v in value.items()}


def _env_text(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"  # as written in YAML, not Python's spelling
    return value if isinstance(value, str) or value is None else str(value)


def _asset(value: Any) -> Any:
    """A model given inline (a mapping) is uploaded by the CLI: only its reference is known."""
    if isinstance(value, Mapping):
        return Unresolved("model", "an inline model is registered by the CLI at deployment")
    return value


def _workspace(built: _Built, kind: str) -> None:
    _common(built)
    built.copy("display_name", "properties.friendlyName")
    if kind.lower() in {"hub", "project"}:
        built.put("kind", kind.capitalize())
    built.copy("kind", "kind", _enum({"hub": "Hub", "project": "Project", "default": "Default"}))
    built.copy("public_network_access", "properties.publicNetworkAccess", _ENABLED)
    built.copy("hbi_workspace", "properties.hbiWorkspace")
    built.copy("key_vault", "properties.keyVault")
    built.copy("storage_account", "properties.storageAccount")
    built.copy("container_registry", "properties.containerRegistry")
    built.copy("application_insights", "properties.applicationInsights")
    built.copy("hub_id", "properties.hubResourceId")
    built.copy("primary_user_assigned_identity", "properties.primaryUserAssignedIdentity")
    built.copy("enable_data_isolation", "properties.enableDataIsolation")
    built.copy(
        "system_datastores_auth_mode",
        "properties.systemDatastoresAuthMode",
        _enum({"identity": "identity", "access_key": "accessKey", "accesskey": "accessKey"}),
    )
    built.copy("allow_public_access_when_behind_vnet", "properties.allowPublicAccessWhenBehindVnet")
    if built.has("customer_managed_key"):
        # azure-ai-ml's Workspace._to_rest_object: a customer_managed_key turns encryption on.
        built.put("properties.encryption.status", "Enabled", "customer_managed_key")
        built.copy(
            "customer_managed_key.key_vault",
            "properties.encryption.keyVaultProperties.keyVaultArmId",
        )
        built.copy(
            "customer_managed_key.key_uri",
            "properties.encryption.keyVaultProperties.keyIdentifier",
        )
    built.copy(
        "managed_network.isolation_mode", "properties.managedNetwork.isolationMode", _ISOLATION
    )


def _compute(built: _Built, kind: str) -> None:
    built.copy("location", "location")
    built.copy("tags", "tags")
    _identity(built)
    compute_type = str(built.value("type") or "").lower().replace("_", "")
    if kind.lower() == "computeinstance" or compute_type == "computeinstance":
        _compute_instance(built)
    elif kind.lower() == "amlcompute" or compute_type == "amlcompute":
        _cluster(built)
    built.copy("description", "properties.description")


def _subnet(built: _Built) -> None:
    subnet = built.value("network_settings.subnet")
    vnet = built.value("network_settings.vnet_name")
    if isinstance(subnet, str) and subnet.startswith("/"):
        built.put("properties.properties.subnet.id", subnet, "network_settings.subnet")
    elif isinstance(subnet, str) and isinstance(vnet, str):
        # azure-ai-ml's get_subnet_str: a name pair is a subnet in the workspace's group.
        subnet_id = (
            f"/subscriptions/{TEMPLATE_SUBSCRIPTION}/resourceGroups/{TEMPLATE_RESOURCE_GROUP}"
            f"/providers/Microsoft.Network/virtualNetworks/{vnet}/subnets/{subnet}"
        )
        built.put("properties.properties.subnet.id", subnet_id, "network_settings.subnet")


def _compute_instance(built: _Built) -> None:
    built.put("properties.computeType", "ComputeInstance", "type")
    built.copy("size", "properties.properties.vmSize")
    _subnet(built)
    if built.has("ssh_public_access_enabled"):
        built.put(
            "properties.properties.sshSettings.sshPublicAccess",
            "Enabled" if built.value("ssh_public_access_enabled") is True else "Disabled",
            "ssh_public_access_enabled",
        )
    _node_public_ip(built)
    minutes = built.value("idle_time_before_shutdown_minutes")
    if minutes is not None:
        built.put(
            "properties.properties.idleTimeBeforeShutdown",
            f"PT{minutes}M",
            "idle_time_before_shutdown_minutes",
        )
    else:
        built.copy("idle_time_before_shutdown", "properties.properties.idleTimeBeforeShutdown")
    schedules = built.value("schedules.compute_start_stop")
    if isinstance(schedules, list):
        built.put(
            "properties.properties.schedules.computeStartStop",
            [_schedule(item) for item in schedules if isinstance(item, Mapping)],
            "schedules.compute_start_stop",
        )


def _schedule(item: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {
        "action": _enum({"start": "Start", "stop": "Stop"})(item.get("action")),
        "status": _ENABLED(item.get("state", "enabled")),
    }
    trigger = item.get("trigger")
    if isinstance(trigger, Mapping):
        out["triggerType"] = _enum({"cron": "Cron", "recurrence": "Recurrence"})(
            trigger.get("type")
        )
    return out


def _cluster(built: _Built) -> None:
    built.put("properties.computeType", "AmlCompute", "type")
    built.copy("size", "properties.properties.vmSize")
    _subnet(built)
    if built.has("ssh_public_access_enabled"):
        built.put(
            "properties.properties.remoteLoginPortPublicAccess",
            "Enabled" if built.value("ssh_public_access_enabled") is True else "Disabled",
            "ssh_public_access_enabled",
        )
    else:  # azure-ai-ml's AmlCompute._to_rest_object sends NotSpecified
        built.put("properties.properties.remoteLoginPortPublicAccess", "NotSpecified")
    _node_public_ip(built)
    seconds = built.value("idle_time_before_scale_down")
    if seconds is not None:
        built.put(
            "properties.properties.scaleSettings.nodeIdleTimeBeforeScaleDown",
            f"PT{seconds}S",
            "idle_time_before_scale_down",
        )
    built.copy("min_instances", "properties.properties.scaleSettings.minNodeCount")
    built.copy("max_instances", "properties.properties.scaleSettings.maxNodeCount")


def _node_public_ip(built: _Built) -> None:
    if built.has("enable_node_public_ip"):
        built.copy("enable_node_public_ip", "properties.properties.enableNodePublicIp")
    else:  # documented default true (reference-yaml-compute-*); the CLI sends it
        built.put("properties.properties.enableNodePublicIp", True)


def _connection(built: _Built, kind: str) -> None:
    built.copy("tags", "tags")
    built.copy("type", "properties.category", _CONNECTION_CATEGORY)
    built.copy("target", "properties.target")
    built.copy("endpoint", "properties.target")
    built.copy("azure_endpoint", "properties.target")
    if built.has("is_shared"):
        built.copy("is_shared", "properties.isSharedToAll")
    else:  # documented default true (reference-yaml-connection-*: is_shared)
        built.put("properties.isSharedToAll", True)
    built.copy("expiry_time", "properties.expiryTime")
    credential_type = built.value("credentials.type")
    if credential_type is not None:
        built.put("properties.authType", _CREDENTIAL_TYPE(credential_type), "credentials.type")
        return
    credentials = built.value("credentials")
    for key, auth_type in _CREDENTIAL_BY_KEY:
        if isinstance(credentials, Mapping) and key in credentials:
            built.put("properties.authType", auth_type, f"credentials.{key}")
            return
    for key, auth_type in (("api_key", "ApiKey"), ("key", "ApiKey")):
        if built.has(key):  # newer connection schemas take the key at the top level
            built.put("properties.authType", auth_type, key)
            return


def _registry(built: _Built, kind: str) -> None:
    _common(built)
    built.copy("public_network_access", "properties.publicNetworkAccess", _ENABLED)


def _serverless_endpoint(built: _Built, kind: str) -> None:
    built.copy("location", "location")
    built.copy("tags", "tags")
    # azure-ai-ml's ServerlessEndpoint._to_rest_object sends auth_mode "key" whatever the file
    # says ("only key is supported for now"): the endpoint gets key auth.
    built.put("properties.authMode", "Key", "auth_mode" if built.has("auth_mode") else None)
    built.copy("model_id", "properties.modelSettings.modelId")


@dataclass(frozen=True)
class _Kind:
    type: str
    build: Callable[[_Built, str], None]


_KINDS: dict[str, _Kind] = {
    "managedonlineendpoint": _Kind(ONLINE_ENDPOINTS, _online_endpoint),
    "kubernetesonlineendpoint": _Kind(ONLINE_ENDPOINTS, _online_endpoint),
    "batchendpoint": _Kind(BATCH_ENDPOINTS, _batch_endpoint),
    "managedonlinedeployment": _Kind(ONLINE_DEPLOYMENTS, _online_deployment),
    "kubernetesonlinedeployment": _Kind(ONLINE_DEPLOYMENTS, _online_deployment),
    "batchdeployment": _Kind(BATCH_DEPLOYMENTS, _batch_deployment),
    "modelbatchdeployment": _Kind(BATCH_DEPLOYMENTS, _batch_deployment),
    "pipelinecomponentbatchdeployment": _Kind(BATCH_DEPLOYMENTS, _batch_deployment),
    "workspace": _Kind(WORKSPACES, _workspace),
    "hub": _Kind(WORKSPACES, _workspace),
    "project": _Kind(WORKSPACES, _workspace),
    "computeinstance": _Kind(COMPUTES, _compute),
    "amlcompute": _Kind(COMPUTES, _compute),
    "connection": _Kind(CONNECTIONS, _connection),
    "workspaceconnection": _Kind(CONNECTIONS, _connection),
    "registry": _Kind(REGISTRIES, _registry),
    "serverlessendpoint": _Kind(SERVERLESS_ENDPOINTS, _serverless_endpoint),
}


def _kind_of(schema: str) -> str | None:
    """The schema's name when it is a resource this reader maps; connection schemas are
    named after their kind (`azureOpenAIConnection`), so any `*Connection` is a connection."""
    name = schema.lower()
    if name in _KINDS:
        return name
    if name.endswith("connection"):
        return "connection"
    return None


class MlYamlReader:
    name = "ml-yaml"
    suffixes = (".yml", ".yaml")
    # `az ml` files cannot hold diagnostic settings (they are `az monitor`'s): whether an
    # endpoint or workspace has one is unknown from these files, never "none".
    declares_diagnostic_settings = False

    def claims(self, path: Path, head: str) -> bool:
        return path.suffix.lower() in {".yml", ".yaml"} and "azuremlschemas" in head.lower()

    def read(self, files: Sequence[Path], root: Path, options: ReadOptions) -> ReadResult:
        resources: list[TemplateResource] = []
        problems: list[FileProblem] = []
        skipped: list[str] = []
        for path in files:
            rel = relative(path, root)
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as error:
                problems.append(
                    FileProblem(rel, None, "FileUnreadable", f"cannot be read: {error}")
                )
                continue
            loaded = _load(text, rel)
            if isinstance(loaded, FileProblem):
                problems.append(loaded)
                continue
            schema = loaded.data.get("$schema") if isinstance(loaded.data, Mapping) else None
            match = _SCHEMA.search(schema) if isinstance(schema, str) else None
            if isinstance(schema, str) and "/promptflow/" in schema.lower():
                match = None  # a prompt flow connection lives on a machine, not in Azure
            kind = _kind_of(match.group("name")) if match else None
            if kind is None:
                skipped.append(rel)
                continue
            resource, found = _resource(loaded, kind, match.group("name") if match else "", rel)
            resources.append(resource)
            problems.extend(found)
        return ReadResult(tuple(resources), tuple(problems), tuple(skipped))


def _load(text: str, rel: str) -> _Doc | FileProblem:
    import yaml

    loader_class = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return _Doc({}, {}, Span(1, 1))
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else None
        what = error.problem or error.context or "malformed YAML"
        return FileProblem(rel, line, "MalformedYaml", f"YAML cannot be read ({what}); fix it")
    except yaml.YAMLError as error:
        return FileProblem(rel, None, "MalformedYaml", f"YAML cannot be read ({error})")
    finally:
        loader.dispose()
    if not isinstance(data, Mapping):
        return _Doc({}, {}, Span(1, 1))
    spans: dict[str, Span] = {}
    _collect_spans(node, "", spans)
    last = max((span.end_line for span in spans.values()), default=1)
    return _Doc(data, spans, Span(node.start_mark.line + 1, last), text.splitlines())


def _collect_spans(node: Node, prefix: str, spans: dict[str, Span]) -> None:
    from yaml.nodes import MappingNode, ScalarNode

    if not isinstance(node, MappingNode):
        return
    for key_node, value_node in node.value:
        if not isinstance(key_node, ScalarNode):
            continue
        path = f"{prefix}{key_node.value}"
        end = value_node.end_mark.line + 1
        # A block value's end mark sits at the start of the next line: not part of it.
        if value_node.end_mark.column == 0 and end > key_node.start_mark.line + 1:
            end -= 1
        spans[path] = Span(key_node.start_mark.line + 1, end)
        _collect_spans(value_node, f"{path}.", spans)


def _resource(
    doc: _Doc, kind: str, schema_name: str, rel: str
) -> tuple[TemplateResource, list[FileProblem]]:
    spec = _KINDS[kind]
    built = _Built(doc)
    spec.build(built, schema_name)
    name = doc.data.get("name")
    if isinstance(name, int | float) and not isinstance(name, bool):
        name = str(name)  # `name: 2024` is the string the CLI sends
    name_value: Any = (
        name if isinstance(name, str) and name else Unresolved("name", "the file has no name")
    )
    names: list[Any] = [CLI_WORKSPACE, name_value]
    if spec.type in {REGISTRIES, WORKSPACES}:
        names = [name_value]
    elif spec.type in {ONLINE_DEPLOYMENTS, BATCH_DEPLOYMENTS}:
        endpoint = doc.data.get("endpoint_name")
        endpoint_value = (
            endpoint
            if isinstance(endpoint, str) and endpoint
            else Unresolved("endpoint_name", "the endpoint is given on the command line")
        )
        names = [CLI_WORKSPACE, endpoint_value, name_value]
    resource_id = _id(spec.type, names)
    body: dict[str, Any] = {"id": resource_id, "type": spec.type, "name": name_value}
    body.update(built.body)
    positions = dict(built.positions)
    if "name" in doc.spans:
        positions["name"] = doc.spans["name"]
    suppressions, problems = _suppressions(doc, rel)
    return (
        TemplateResource(
            id=resource_id,
            type=spec.type,
            body=body,
            path=rel,
            block=doc.block,
            positions=positions,
            suppressions=suppressions,
        ),
        problems,
    )


def _id(resource_type: str, names: Sequence[Any]) -> str:
    return iac_id(resource_type, names, TEMPLATE_RESOURCE_GROUP)


def _suppressions(doc: _Doc, rel: str) -> tuple[tuple[InlineSuppression, ...], list[FileProblem]]:
    """`# aml-audit:ignore AML101 reason` anywhere in the file: a CLI file is one resource, so
    a comment on or above any of its lines is on or above the resource."""
    found = suppressions_anywhere(doc.lines, rel, "#")
    return found.suppressions, list(found.problems)
