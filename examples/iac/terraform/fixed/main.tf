# The churn-scoring ML estate, hardened: the same resources as ../../arm/fixed/main.json.
# azurerm has no online endpoint, deployment or connection resource, its compute instance cannot
# set an idle shutdown, and its workspace cannot set the datastores' auth mode: those are
# azapi_resource with the ARM body.
# Arguments follow the azurerm and azapi provider documentation (registry.terraform.io).
terraform {
  required_providers {
    azurerm = { source = "hashicorp/azurerm", version = "~> 4.0" }
    azapi   = { source = "Azure/azapi", version = "~> 2.0" }
  }
}

provider "azurerm" {
  features {}
}

variable "prefix" {
  type    = string
  default = "churn"
}

variable "location" {
  type    = string
  default = "westeurope"
}

variable "subnet_id" {
  type    = string
  default = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/template/providers/Microsoft.Network/virtualNetworks/vnet-ml/subnets/snet-ml"
}

locals {
  workspace_name = "mlw-${var.prefix}"
  vault_name     = "kv-${var.prefix}"
  storage_name   = "st${var.prefix}"
}

data "azurerm_client_config" "current" {}

resource "azurerm_resource_group" "ml" {
  name     = "template"
  location = var.location
}

resource "azurerm_log_analytics_workspace" "logs" {
  name                = "log-${var.prefix}"
  location            = azurerm_resource_group.ml.location
  resource_group_name = azurerm_resource_group.ml.name
  sku                 = "PerGB2018"
  retention_in_days   = 90
}

resource "azurerm_application_insights" "insights" {
  name                = "appi-${var.prefix}"
  location            = azurerm_resource_group.ml.location
  resource_group_name = azurerm_resource_group.ml.name
  workspace_id        = azurerm_log_analytics_workspace.logs.id
  application_type    = "web"
}

resource "azurerm_key_vault" "vault" {
  name                          = local.vault_name
  location                      = azurerm_resource_group.ml.location
  resource_group_name           = azurerm_resource_group.ml.name
  tenant_id                     = data.azurerm_client_config.current.tenant_id
  sku_name                      = "premium"
  soft_delete_retention_days    = 90
  purge_protection_enabled      = true
  rbac_authorization_enabled    = true
  public_network_access_enabled = false

  network_acls {
    default_action = "Deny"
    bypass         = "AzureServices"
  }
}

resource "azurerm_key_vault_key" "cmk" {
  name            = "cmk"
  key_vault_id    = azurerm_key_vault.vault.id
  key_type        = "RSA"
  key_size        = 3072
  key_opts        = ["wrapKey", "unwrapKey"]
  expiration_date = "2030-01-01T00:00:00Z"

  rotation_policy {
    expire_after = "P1Y"
    automatic {
      time_before_expiry = "P60D"
    }
  }
}

resource "azurerm_storage_account" "storage" {
  name                            = local.storage_name
  location                        = azurerm_resource_group.ml.location
  resource_group_name             = azurerm_resource_group.ml.name
  account_tier                    = "Standard"
  account_replication_type        = "ZRS"
  shared_access_key_enabled       = false
  allow_nested_items_to_be_public = false
  public_network_access_enabled   = false
}

resource "azurerm_container_registry" "registry" {
  name                          = "cr${var.prefix}"
  location                      = azurerm_resource_group.ml.location
  resource_group_name           = azurerm_resource_group.ml.name
  sku                           = "Premium"
  admin_enabled                 = false
  public_network_access_enabled = false
}

resource "azurerm_user_assigned_identity" "workspace" {
  name                = "id-${var.prefix}"
  location            = azurerm_resource_group.ml.location
  resource_group_name = azurerm_resource_group.ml.name
}

# azurerm_machine_learning_workspace has no argument for systemDatastoresAuthMode (absent, the
# default datastores use the storage account key): the hardened workspace is an azapi_resource.
resource "azapi_resource" "workspace" {
  type      = "Microsoft.MachineLearningServices/workspaces@2024-10-01"
  name      = local.workspace_name
  parent_id = azurerm_resource_group.ml.id
  location  = azurerm_resource_group.ml.location

  identity {
    type         = "SystemAssigned, UserAssigned"
    identity_ids = [azurerm_user_assigned_identity.workspace.id]
  }

  body = {
    sku = { name = "Basic", tier = "Basic" }
    properties = {
      friendlyName                = "Churn scoring"
      keyVault                    = azurerm_key_vault.vault.id
      storageAccount              = azurerm_storage_account.storage.id
      containerRegistry           = azurerm_container_registry.registry.id
      applicationInsights         = azurerm_application_insights.insights.id
      primaryUserAssignedIdentity = azurerm_user_assigned_identity.workspace.id
      publicNetworkAccess         = "Disabled"
      systemDatastoresAuthMode    = "identity"
      managedNetwork              = { isolationMode = "AllowOnlyApprovedOutbound" }
      encryption = {
        status = "Enabled"
        keyVaultProperties = {
          keyVaultArmId = azurerm_key_vault.vault.id
          keyIdentifier = azurerm_key_vault_key.cmk.versionless_id
        }
      }
    }
  }
}

resource "azapi_resource" "endpoint" {
  type      = "Microsoft.MachineLearningServices/workspaces/onlineEndpoints@2024-10-01"
  name      = "ep-churn"
  parent_id = azapi_resource.workspace.id
  location  = azurerm_resource_group.ml.location

  identity {
    type = "SystemAssigned"
  }

  body = {
    kind = "Managed"
    properties = {
      authMode            = "AADToken"
      publicNetworkAccess = "Disabled"
    }
  }
}

resource "azapi_resource" "deployment" {
  type      = "Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments@2024-10-01"
  name      = "blue"
  parent_id = azapi_resource.endpoint.id
  location  = azurerm_resource_group.ml.location

  body = {
    sku = { name = "Default", capacity = 2 }
    properties = {
      endpointComputeType       = "Managed"
      model                     = "${azapi_resource.workspace.id}/models/churn/versions/3"
      instanceType              = "Standard_DS3_v2"
      appInsightsEnabled        = true
      egressPublicNetworkAccess = "Disabled"
      environmentVariables = {
        KEY_VAULT_URL = "https://${local.vault_name}.vault.azure.net/"
        WORKERS       = "4"
      }
    }
  }
}

resource "azapi_resource" "compute_instance" {
  type      = "Microsoft.MachineLearningServices/workspaces/computes@2024-10-01"
  name      = "ci-analyst"
  parent_id = azapi_resource.workspace.id
  location  = azurerm_resource_group.ml.location

  body = {
    properties = {
      computeType      = "ComputeInstance"
      disableLocalAuth = true
      properties = {
        vmSize                 = "Standard_DS3_v2"
        enableNodePublicIp     = false
        sshSettings            = { sshPublicAccess = "Disabled" }
        subnet                 = { id = var.subnet_id }
        idleTimeBeforeShutdown = "PT60M"
      }
    }
  }
}

resource "azapi_resource" "connection" {
  type      = "Microsoft.MachineLearningServices/workspaces/connections@2024-10-01"
  name      = "conn-blob"
  parent_id = azapi_resource.workspace.id

  body = {
    properties = {
      category      = "AzureBlob"
      target        = "https://${local.storage_name}.blob.core.windows.net/"
      authType      = "AAD"
      isSharedToAll = false
      metadata = {
        ContainerName = "training"
        AccountName   = local.storage_name
      }
    }
  }
}

resource "azurerm_monitor_diagnostic_setting" "workspace" {
  name                       = "to-log-analytics"
  target_resource_id         = azapi_resource.workspace.id
  log_analytics_workspace_id = azurerm_log_analytics_workspace.logs.id

  enabled_log {
    category_group = "allLogs"
  }
}

resource "azurerm_monitor_diagnostic_setting" "endpoint" {
  name                       = "to-log-analytics"
  target_resource_id         = azapi_resource.endpoint.id
  log_analytics_workspace_id = azurerm_log_analytics_workspace.logs.id

  enabled_log {
    category_group = "allLogs"
  }
}

resource "azurerm_monitor_diagnostic_setting" "vault" {
  name                       = "to-log-analytics"
  target_resource_id         = azurerm_key_vault.vault.id
  log_analytics_workspace_id = azurerm_log_analytics_workspace.logs.id

  enabled_log {
    category_group = "audit"
  }
}

resource "azurerm_private_endpoint" "workspace" {
  name                = "pe-${local.workspace_name}"
  location            = azurerm_resource_group.ml.location
  resource_group_name = azurerm_resource_group.ml.name
  subnet_id           = var.subnet_id

  private_service_connection {
    name                           = "pe-${local.workspace_name}"
    private_connection_resource_id = azapi_resource.workspace.id
    subresource_names              = ["amlworkspace"]
    is_manual_connection           = false
  }
}
