"""azurerm (and azapi) resources in the ARM REST shape the rules read: one table per resource type.

Each `Arg` says which Terraform argument sets which ARM property, how the value is converted, and
the default the provider documents for an omitted argument (an omitted argument deploys that
default, so it is applied and cited; where the provider documents none, the property stays
absent and the rule applies the service's documented default). The tables cite the provider's
documentation page of each resource: https://registry.terraform.io/providers/hashicorp/azurerm/
latest/docs/resources/<name> (source: hashicorp/terraform-provider-azurerm,
website/docs/r/<name>.html.markdown).

Secrets (a datastore's account key, a secret's value, an SSH password) are never copied into a
body: only what kind of credential is used.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from auditor.inventory import resource_types as t
from auditor.sources.iac.model import Unresolved
from auditor.sources.iac.terraform.values import NOTHING  # also "no default documented"

Convert = Callable[[Any], Any]
DOCS = "https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/"


def same(value: Any) -> Any:
    return value


def enabled(value: Any) -> Any:
    """A Terraform boolean as ARM's "Enabled"/"Disabled" (Terraform accepts "true"/"false")."""
    if value is True or value == "true":
        return "Enabled"
    if value is False or value == "false":
        return "Disabled"
    return value  # unresolved or junk: passed on for the rule to judge


def inverted(value: Any) -> Any:
    """`local_auth_enabled = true` is `disableLocalAuth: false`."""
    if value is True or value == "true":
        return False
    if value is False or value == "false":
        return True
    return value


def epoch(value: Any) -> Any:
    """An RFC 3339 date (`expiration_date = "2026-12-31T00:00:00Z"`) as Key Vault's attribute
    timestamps, seconds since 1970 (Keys - Get: `attributes.exp`, "Expiry date in UTC")."""
    if not isinstance(value, str):
        return value
    try:
        return int(datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp())
    except ValueError:
        return value


def joined(value: Any) -> Any:
    """A Terraform set of flags (`bypass = ["AzureServices", "Logging"]`) as ARM's
    comma-separated string ("AzureServices, Logging")."""
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return ", ".join(value)
    return value


def resource_id(value: Any) -> Any:
    """A subnet (or other) id as ARM's `{"id": ...}` reference object."""
    return value if isinstance(value, Unresolved) else {"id": value}


def ip_rules(value: Any) -> Any:
    if isinstance(value, list):
        return [{"value": v} for v in value]
    return value


def subnet_rules(value: Any) -> Any:
    if isinstance(value, list):
        return [{"id": v} for v in value]
    return value


@dataclass(frozen=True, slots=True)
class Arg:
    tf: str  # an argument, or "block.argument" in the first nested block of that name
    arm: str  # the ARM path it sets
    convert: Convert = same
    default: Any = NOTHING  # the provider's documented default for an omitted argument


@dataclass(frozen=True, slots=True)
class Present:
    """A nested block whose presence sets ARM properties (the `encryption` block turns CMK on)."""

    block: str
    arm: str
    when_present: Any
    when_absent: Any = NOTHING


@dataclass(frozen=True, slots=True)
class ResourceMap:
    arm_type: str
    doc: str
    args: tuple[Arg, ...] = ()
    present: tuple[Present, ...] = ()
    fixed: Mapping[str, Any] = field(default_factory=dict)  # always set by the provider
    parent: str | None = None  # the argument holding the parent resource's id
    name: str = "name"
    # Blocks holding lists (`enabled_log`, `private_service_connection`): (block, ARM path,
    # argument -> ARM key, constants added to every item, default per argument).
    lists: tuple[tuple[str, str, Mapping[str, str], Mapping[str, Any]], ...] = ()
    identity: bool = True
    # Credentials: argument -> what credentialsType it makes (only the kind is kept).
    credentials: Mapping[str, str] = field(default_factory=dict)
    # The argument holding an id whose resource group this resource is created in, when the
    # resource takes no resource_group_name of its own (an AI Foundry project: its hub's).
    group_from: str | None = None
    # ARM properties the service sets that no argument of this resource can state: unknown in
    # the files (ARM path -> (what stands in the evidence, why)).
    unknown: Mapping[str, tuple[str, str]] = field(default_factory=dict)


IDENTITY = "identity"  # handled for every table that has an identity block

COMPUTE_LOCAL_AUTH = Arg(
    # "Whether local authentication methods is enabled. Defaults to `true`."
    "local_auth_enabled",
    "properties.disableLocalAuth",
    inverted,
    default=True,
)

TABLES: dict[str, ResourceMap] = {
    "azurerm_machine_learning_workspace": ResourceMap(
        t.WORKSPACES,
        DOCS + "machine_learning_workspace",
        args=(
            # "The type of the Workspace. Possible values are `Default`, `FeatureStore`.
            # Defaults to `Default`"
            Arg("kind", "kind", default="Default"),
            Arg("sku_name", "sku.name", default="Basic"),  # "Defaults to `Basic`."
            # "Enable public access when this Machine Learning Workspace is behind VNet.
            # Defaults to `true`." (the provider sends it as publicNetworkAccess)
            Arg(
                "public_network_access_enabled",
                "properties.publicNetworkAccess",
                enabled,
                default=True,
            ),
            # Deprecated predecessor (3.x): allowPublicAccessWhenBehindVnet.
            Arg(
                "public_access_behind_virtual_network_enabled",
                "properties.allowPublicAccessWhenBehindVnet",
            ),
            Arg("key_vault_id", "properties.keyVault"),
            Arg("storage_account_id", "properties.storageAccount"),
            Arg("container_registry_id", "properties.containerRegistry"),
            Arg("application_insights_id", "properties.applicationInsights"),
            Arg("high_business_impact", "properties.hbiWorkspace"),
            Arg("friendly_name", "properties.friendlyName"),
            Arg("image_build_compute_name", "properties.imageBuildCompute"),
            Arg("primary_user_assigned_identity", "properties.primaryUserAssignedIdentity"),
            Arg("v1_legacy_mode_enabled", "properties.v1LegacyMode", default=False),
            Arg(
                "encryption.key_vault_id", "properties.encryption.keyVaultProperties.keyVaultArmId"
            ),
            Arg("encryption.key_id", "properties.encryption.keyVaultProperties.keyIdentifier"),
            Arg(
                "encryption.user_assigned_identity_id",
                "properties.encryption.identity.userAssignedIdentity",
            ),
            Arg("managed_network.isolation_mode", "properties.managedNetwork.isolationMode"),
            Arg(
                "serverless_compute.subnet_id",
                "properties.serverlessComputeSettings.serverlessComputeCustomSubnet",
            ),
            Arg(
                "serverless_compute.public_ip_enabled",
                "properties.serverlessComputeSettings.serverlessComputeNoPublicIP",
                inverted,
            ),
        ),
        present=(Present("encryption", "properties.encryption.status", "Enabled"),),
    ),
    "azurerm_ai_foundry": ResourceMap(
        t.WORKSPACES,
        DOCS + "ai_foundry",
        fixed={"kind": "Hub"},  # an AI Foundry hub is a workspace of kind Hub
        args=(
            # "Possible values include `Enabled` and `Disabled`. Defaults to `Enabled`."
            Arg("public_network_access", "properties.publicNetworkAccess", default="Enabled"),
            Arg("key_vault_id", "properties.keyVault"),
            Arg("storage_account_id", "properties.storageAccount"),
            Arg("container_registry_id", "properties.containerRegistry"),
            Arg("application_insights_id", "properties.applicationInsights"),
            Arg("high_business_impact_enabled", "properties.hbiWorkspace"),
            Arg("friendly_name", "properties.friendlyName"),
            Arg("primary_user_assigned_identity", "properties.primaryUserAssignedIdentity"),
            Arg(
                "encryption.key_vault_id", "properties.encryption.keyVaultProperties.keyVaultArmId"
            ),
            Arg("encryption.key_id", "properties.encryption.keyVaultProperties.keyIdentifier"),
            Arg(
                "encryption.user_assigned_identity_id",
                "properties.encryption.identity.userAssignedIdentity",
            ),
            Arg("managed_network.isolation_mode", "properties.managedNetwork.isolationMode"),
        ),
        present=(Present("encryption", "properties.encryption.status", "Enabled"),),
    ),
    "azurerm_ai_foundry_project": ResourceMap(
        t.WORKSPACES,
        DOCS + "ai_foundry_project",
        fixed={"kind": "Project"},
        args=(
            Arg("ai_services_hub_id", "properties.hubResourceId"),
            Arg("high_business_impact_enabled", "properties.hbiWorkspace"),
            Arg("friendly_name", "properties.friendlyName"),
            Arg("primary_user_assigned_identity", "properties.primaryUserAssignedIdentity"),
        ),
        group_from="ai_services_hub_id",
        unknown={
            "properties.publicNetworkAccess": (
                "not an argument of azurerm_ai_foundry_project",
                "the service sets a project's network access from its hub",
            ),
        },
    ),
    "azurerm_machine_learning_compute_instance": ResourceMap(
        t.COMPUTES,
        DOCS + "machine_learning_compute_instance",
        parent="machine_learning_workspace_id",
        fixed={"properties.computeType": "ComputeInstance"},
        args=(
            COMPUTE_LOCAL_AUTH,
            Arg("virtual_machine_size", "properties.properties.vmSize"),
            Arg("subnet_resource_id", "properties.properties.subnet", resource_id),
            # "Whether the compute instance will have a public ip. ... Defaults to `true`."
            Arg("node_public_ip_enabled", "properties.properties.enableNodePublicIp", default=True),
            Arg("authorization_type", "properties.properties.computeInstanceAuthorizationType"),
            Arg("description", "properties.description"),
        ),
        # The provider sends sshPublicAccess Enabled when an `ssh` block is given and Disabled
        # when it is not (expandComputeSSHSetting in the provider's compute instance resource).
        present=(
            Present(
                "ssh", "properties.properties.sshSettings.sshPublicAccess", "Enabled", "Disabled"
            ),
        ),
    ),
    "azurerm_machine_learning_compute_cluster": ResourceMap(
        t.COMPUTES,
        DOCS + "machine_learning_compute_cluster",
        parent="machine_learning_workspace_id",
        fixed={"properties.computeType": "AmlCompute"},
        args=(
            COMPUTE_LOCAL_AUTH,
            Arg("location", "properties.computeLocation"),
            Arg("vm_size", "properties.properties.vmSize"),
            Arg("vm_priority", "properties.properties.vmPriority"),
            Arg("subnet_resource_id", "properties.properties.subnet", resource_id),
            # "Whether the compute cluster will have a public ip. Defaults to `true`."
            Arg("node_public_ip_enabled", "properties.properties.enableNodePublicIp", default=True),
            # "A boolean value indicating whether enable the public SSH port. Defaults to `false`."
            Arg(
                "ssh_public_access_enabled",
                "properties.properties.remoteLoginPortPublicAccess",
                enabled,
                default=False,
            ),
            Arg(
                "scale_settings.min_node_count", "properties.properties.scaleSettings.minNodeCount"
            ),
            Arg(
                "scale_settings.max_node_count", "properties.properties.scaleSettings.maxNodeCount"
            ),
            Arg(
                "scale_settings.scale_down_nodes_after_idle_duration",
                "properties.properties.scaleSettings.nodeIdleTimeBeforeScaleDown",
            ),
            Arg("description", "properties.description"),
        ),
    ),
    "azurerm_machine_learning_inference_cluster": ResourceMap(
        t.COMPUTES,
        DOCS + "machine_learning_inference_cluster",
        parent="machine_learning_workspace_id",
        fixed={"properties.computeType": "AKS"},
        args=(
            Arg("kubernetes_cluster_id", "properties.resourceId"),
            Arg("cluster_purpose", "properties.properties.clusterPurpose", default="FastProd"),
            Arg("location", "properties.computeLocation"),
            Arg("description", "properties.description"),
        ),
    ),
    "azurerm_machine_learning_datastore_blobstorage": ResourceMap(
        t.DATASTORES,
        DOCS + "machine_learning_datastore_blobstorage",
        parent="workspace_id",
        fixed={"properties.datastoreType": "AzureBlob"},
        args=(
            Arg("storage_container_id", "properties.containerName"),
            Arg("is_default", "properties.isDefault", default=False),
            Arg(
                "service_data_auth_identity",
                "properties.serviceDataAccessAuthIdentity",
                default="None",
            ),
        ),
        identity=False,
        credentials={"account_key": "AccountKey", "shared_access_signature": "Sas"},
    ),
    "azurerm_machine_learning_datastore_fileshare": ResourceMap(
        t.DATASTORES,
        DOCS + "machine_learning_datastore_fileshare",
        parent="workspace_id",
        fixed={"properties.datastoreType": "AzureFile"},
        args=(
            Arg("storage_fileshare_id", "properties.fileShareName"),
            Arg(
                "service_data_identity", "properties.serviceDataAccessAuthIdentity", default="None"
            ),
        ),
        identity=False,
        credentials={"account_key": "AccountKey", "shared_access_signature": "Sas"},
    ),
    "azurerm_machine_learning_datastore_datalake_gen2": ResourceMap(
        t.DATASTORES,
        DOCS + "machine_learning_datastore_datalake_gen2",
        parent="workspace_id",
        fixed={"properties.datastoreType": "AzureDataLakeGen2"},
        args=(
            Arg("storage_container_id", "properties.filesystem"),
            Arg(
                "service_data_identity", "properties.serviceDataAccessAuthIdentity", default="None"
            ),
        ),
        identity=False,
        credentials={"client_secret": "ServicePrincipal"},
    ),
    "azurerm_key_vault": ResourceMap(
        t.VAULTS,
        DOCS + "key_vault",
        args=(
            Arg("tenant_id", "properties.tenantId"),
            Arg("sku_name", "properties.sku.name"),
            # "Is Purge Protection enabled for this Key Vault?": no default documented, so an
            # omitted argument stays absent (ARM: absent is off).
            Arg("purge_protection_enabled", "properties.enablePurgeProtection"),
            # "... between `7` and `90` (the default) days."
            Arg("soft_delete_retention_days", "properties.softDeleteRetentionInDays", default=90),
            # 3.x name and its 4.x successor; "Defaults to `false`."
            Arg("enable_rbac_authorization", "properties.enableRbacAuthorization"),
            Arg("rbac_authorization_enabled", "properties.enableRbacAuthorization"),
            # Provider 2.x only (3.0 removed it: soft delete can no longer be turned off).
            Arg("soft_delete_enabled", "properties.enableSoftDelete"),
            # "Whether public network access is allowed for this Key Vault. Defaults to `true`."
            Arg(
                "public_network_access_enabled",
                "properties.publicNetworkAccess",
                enabled,
                default=True,
            ),
            Arg("enabled_for_deployment", "properties.enabledForDeployment"),
            Arg("enabled_for_disk_encryption", "properties.enabledForDiskEncryption"),
            Arg("enabled_for_template_deployment", "properties.enabledForTemplateDeployment"),
            Arg("network_acls.default_action", "properties.networkAcls.defaultAction"),
            Arg("network_acls.bypass", "properties.networkAcls.bypass"),
            Arg("network_acls.ip_rules", "properties.networkAcls.ipRules", ip_rules),
            Arg(
                "network_acls.virtual_network_subnet_ids",
                "properties.networkAcls.virtualNetworkRules",
                subnet_rules,
            ),
        ),
        lists=(
            (
                "access_policy",
                "properties.accessPolicies",
                {
                    "tenant_id": "tenantId",
                    "object_id": "objectId",
                    "application_id": "applicationId",
                },
                {},
            ),
        ),
        identity=False,
    ),
    "azurerm_key_vault_key": ResourceMap(
        t.KEYS,
        DOCS + "key_vault_key",
        parent="key_vault_id",
        args=(
            Arg("key_type", "properties.kty"),
            Arg("key_size", "properties.keySize"),
            Arg("curve", "properties.curveName"),
            Arg("key_opts", "properties.keyOps"),
            Arg("expiration_date", "properties.attributes.exp", epoch),
            Arg("not_before_date", "properties.attributes.nbf", epoch),
            Arg("rotation_policy.expire_after", "properties.rotationPolicy.attributes.expiryTime"),
        ),
        lists=(
            # `rotation_policy { automatic { time_after_creation / time_before_expiry } }` is a
            # lifetime action that rotates the key; `notify_before_expiry` one that notifies
            # (key_vault_key: "rotation_policy", "automatic" blocks).
            (
                "rotation_policy.automatic",
                "properties.rotationPolicy.lifetimeActions",
                {
                    "time_after_creation": "trigger.timeAfterCreate",
                    "time_before_expiry": "trigger.timeBeforeExpiry",
                },
                {"action": {"type": "Rotate"}},
            ),
        ),
        identity=False,
    ),
    "azurerm_key_vault_secret": ResourceMap(
        t.SECRETS,
        DOCS + "key_vault_secret",
        parent="key_vault_id",
        args=(
            Arg("content_type", "properties.contentType"),
            Arg("expiration_date", "properties.attributes.exp", epoch),
            Arg("not_before_date", "properties.attributes.nbf", epoch),
        ),
        identity=False,
    ),
    "azurerm_key_vault_access_policy": ResourceMap(
        f"{t.VAULTS}/accessPolicies",
        DOCS + "key_vault_access_policy",
        parent="key_vault_id",
        args=(
            Arg("tenant_id", "properties.accessPolicies.tenantId"),
            Arg("object_id", "properties.accessPolicies.objectId"),
            Arg("application_id", "properties.accessPolicies.applicationId"),
            Arg("key_permissions", "properties.accessPolicies.permissions.keys"),
            Arg("secret_permissions", "properties.accessPolicies.permissions.secrets"),
            Arg("certificate_permissions", "properties.accessPolicies.permissions.certificates"),
        ),
        identity=False,
    ),
    "azurerm_storage_account": ResourceMap(
        t.STORAGE_ACCOUNTS,
        DOCS + "storage_account",
        args=(
            Arg("account_kind", "kind", default="StorageV2"),  # "Defaults to `StorageV2`."
            # "Indicates whether the storage account permits requests to be authorized with the
            # account access key via Shared Key. ... Defaults to `true`."
            Arg("shared_access_key_enabled", "properties.allowSharedKeyAccess", default=True),
            # "Whether the public network access is enabled? Defaults to `true`."
            Arg(
                "public_network_access_enabled",
                "properties.publicNetworkAccess",
                enabled,
                default=True,
            ),
            # "Allow or disallow nested items within this Account to opt into being public.
            # Defaults to `true`."
            Arg(
                "allow_nested_items_to_be_public", "properties.allowBlobPublicAccess", default=True
            ),
            Arg("min_tls_version", "properties.minimumTlsVersion", default="TLS1_2"),
            Arg("https_traffic_only_enabled", "properties.supportsHttpsTrafficOnly", default=True),
            # The same arguments as provider 3.x and 2.x spelled them.
            Arg("enable_https_traffic_only", "properties.supportsHttpsTrafficOnly"),
            Arg("allow_blob_public_access", "properties.allowBlobPublicAccess"),
            Arg("is_hns_enabled", "properties.isHnsEnabled"),
            Arg("network_rules.default_action", "properties.networkAcls.defaultAction"),
            Arg("network_rules.bypass", "properties.networkAcls.bypass", joined),
            Arg("network_rules.ip_rules", "properties.networkAcls.ipRules", ip_rules),
            Arg(
                "network_rules.virtual_network_subnet_ids",
                "properties.networkAcls.virtualNetworkRules",
                subnet_rules,
            ),
        ),
        present=(
            Present(
                "customer_managed_key", "properties.encryption.keySource", "Microsoft.Keyvault"
            ),
        ),
    ),
    "azurerm_container_registry": ResourceMap(
        t.CONTAINER_REGISTRIES,
        DOCS + "container_registry",
        args=(
            Arg("sku", "sku.name"),
            # "Specifies whether the admin user is enabled. Defaults to `false`."
            Arg("admin_enabled", "properties.adminUserEnabled", default=False),
            # "Whether public network access is allowed for the container registry. Defaults to
            # `true`."
            Arg(
                "public_network_access_enabled",
                "properties.publicNetworkAccess",
                enabled,
                default=True,
            ),
            Arg("anonymous_pull_enabled", "properties.anonymousPullEnabled"),
            Arg("network_rule_set.default_action", "properties.networkRuleSet.defaultAction"),
        ),
        present=(Present("encryption", "properties.encryption.status", "enabled"),),
        lists=(
            # `network_rule_set { ip_rule { action = "Allow", ip_range = "<CIDR>" } }` is one
            # NetworkRuleSet IPRule each ({action, value}; container_registry: "ip_rule":
            # "action ... the only supported value is `Allow`", "ip_range - The CIDR block from
            # which requests will match the rule").
            (
                "network_rule_set.ip_rule",
                "properties.networkRuleSet.ipRules",
                {"action": "action", "ip_range": "value"},
                {},
            ),
        ),
    ),
    "azurerm_cognitive_account": ResourceMap(
        t.COGNITIVE_ACCOUNTS,
        DOCS + "cognitive_account",
        args=(
            Arg("kind", "kind"),
            Arg("sku_name", "sku.name"),
            Arg("custom_subdomain_name", "properties.customSubDomainName"),
            # "Whether local authentication methods is enabled for the Cognitive Account.
            # Defaults to `true`."
            Arg("local_auth_enabled", "properties.disableLocalAuth", inverted, default=True),
            # "Whether public network access is allowed for the Cognitive Account. Defaults to
            # `true`."
            Arg(
                "public_network_access_enabled",
                "properties.publicNetworkAccess",
                enabled,
                default=True,
            ),
            Arg("outbound_network_access_restricted", "properties.restrictOutboundNetworkAccess"),
            Arg("network_acls.default_action", "properties.networkAcls.defaultAction"),
            Arg("network_acls.ip_rules", "properties.networkAcls.ipRules", ip_rules),
            Arg(
                "customer_managed_key.identity_client_id",
                "properties.encryption.keyVaultProperties.identityClientId",
            ),
        ),
        present=(
            Present(
                "customer_managed_key", "properties.encryption.keySource", "Microsoft.KeyVault"
            ),
        ),
        lists=(
            (
                "network_acls.virtual_network_rules",
                "properties.networkAcls.virtualNetworkRules",
                {
                    "subnet_id": "id",
                    "ignore_missing_vnet_service_endpoint": "ignoreMissingVnetServiceEndpoint",
                },
                {},
            ),
        ),
    ),
    "azurerm_ai_services": ResourceMap(
        t.COGNITIVE_ACCOUNTS,
        DOCS + "ai_services",
        fixed={"kind": "AIServices"},
        args=(
            Arg("sku_name", "sku.name"),
            Arg("custom_subdomain_name", "properties.customSubDomainName"),
            # "Whether local authentication is enabled for the AI Services Account. Defaults to
            # `true`."
            Arg(
                "local_authentication_enabled",
                "properties.disableLocalAuth",
                inverted,
                default=True,
            ),
            # "Possible values are `Enabled` and `Disabled`. Defaults to `Enabled`."
            Arg("public_network_access", "properties.publicNetworkAccess", default="Enabled"),
            Arg("outbound_network_access_restricted", "properties.restrictOutboundNetworkAccess"),
            Arg("network_acls.default_action", "properties.networkAcls.defaultAction"),
            Arg("network_acls.bypass", "properties.networkAcls.bypass"),
            Arg("network_acls.ip_rules", "properties.networkAcls.ipRules", ip_rules),
            Arg(
                "customer_managed_key.identity_client_id",
                "properties.encryption.keyVaultProperties.identityClientId",
            ),
        ),
        present=(
            Present(
                "customer_managed_key", "properties.encryption.keySource", "Microsoft.KeyVault"
            ),
        ),
        lists=(
            (
                "network_acls.virtual_network_rules",
                "properties.networkAcls.virtualNetworkRules",
                {
                    "subnet_id": "id",
                    "ignore_missing_vnet_service_endpoint": "ignoreMissingVnetServiceEndpoint",
                },
                {},
            ),
        ),
    ),
    "azurerm_monitor_diagnostic_setting": ResourceMap(
        t.DIAGNOSTIC_SETTINGS,
        DOCS + "monitor_diagnostic_setting",
        parent="target_resource_id",
        args=(
            Arg("log_analytics_workspace_id", "properties.workspaceId"),
            Arg("storage_account_id", "properties.storageAccountId"),
            Arg("eventhub_authorization_rule_id", "properties.eventHubAuthorizationRuleId"),
            Arg("eventhub_name", "properties.eventHubName"),
            Arg("partner_solution_id", "properties.marketplacePartnerId"),
            Arg("log_analytics_destination_type", "properties.logAnalyticsDestinationType"),
        ),
        lists=(
            # An `enabled_log` block is an enabled log entry.
            (
                "enabled_log",
                "properties.logs",
                {"category": "category", "category_group": "categoryGroup"},
                {"enabled": True},
            ),
            # The deprecated `log` block: "enabled - (Optional) Is this Diagnostic Log enabled?
            # Defaults to `true`."
            (
                "log",
                "properties.logs",
                {"category": "category", "category_group": "categoryGroup", "enabled": "enabled"},
                {"enabled": True},
            ),
            (
                "metric",
                "properties.metrics",
                {"category": "category", "enabled": "enabled"},
                {"enabled": True},
            ),
        ),
        identity=False,
    ),
    "azurerm_private_endpoint": ResourceMap(
        t.PRIVATE_ENDPOINTS,
        DOCS + "private_endpoint",
        args=(Arg("subnet_id", "properties.subnet", resource_id),),
        identity=False,
    ),
}

# Resource types no rule judges but others refer to by id (a diagnostic setting's workspace, a
# compute's subnet): the ARM type and the arguments naming each level above the last.
ID_ONLY: dict[str, tuple[str, tuple[str, ...]]] = {
    "azurerm_resource_group": ("Microsoft.Resources/resourceGroups", ()),
    "azurerm_log_analytics_workspace": (t.LOG_ANALYTICS, ()),
    "azurerm_application_insights": (t.APP_INSIGHTS, ()),
    "azurerm_user_assigned_identity": (t.USER_ASSIGNED_IDENTITIES, ()),
    "azurerm_virtual_network": (t.VIRTUAL_NETWORKS, ()),
    "azurerm_subnet": (f"{t.VIRTUAL_NETWORKS}/subnets", ("virtual_network_name",)),
    "azurerm_kubernetes_cluster": ("Microsoft.ContainerService/managedClusters", ()),
    "azurerm_eventhub_namespace": ("Microsoft.EventHub/namespaces", ()),
    "azurerm_eventhub_namespace_authorization_rule": (
        "Microsoft.EventHub/namespaces/authorizationRules",
        ("namespace_name",),
    ),
    "azurerm_machine_learning_workspace_network_outbound_rule_fqdn": (t.OUTBOUND_RULES, ()),
}

# How a private endpoint's connections are written: argument -> ARM key in
# privateLinkServiceConnections[].properties.
PRIVATE_SERVICE_CONNECTION = {
    "private_connection_resource_id": "privateLinkServiceId",
    "subresource_names": "groupIds",
    "request_message": "requestMessage",
}
