# The churn-scoring ML estate as first written: the same resources as
# ../../arm/vulnerable/main.json. azurerm has no online endpoint, deployment or connection
# resource: those are azapi_resource with the ARM body.
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

variable "ssh_public_key" {
  type    = string
  default = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC0example analyst@contoso"
}

variable "storage_key" {
  type      = string
  sensitive = true
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
  sku_name                      = "standard"
  soft_delete_retention_days    = 7
  purge_protection_enabled      = false
  rbac_authorization_enabled    = false
  public_network_access_enabled = true

  access_policy {
    tenant_id          = data.azurerm_client_config.current.tenant_id
    object_id          = data.azurerm_client_config.current.object_id
    key_permissions    = ["Get", "List", "Create", "Delete", "WrapKey", "UnwrapKey"]
    secret_permissions = ["Get", "List", "Set", "Delete"]
  }
}

resource "azurerm_key_vault_key" "cmk" {
  name            = "cmk"
  key_vault_id    = azurerm_key_vault.vault.id
  key_type        = "RSA"
  key_size        = 2048
  key_opts        = ["wrapKey", "unwrapKey"]
}

resource "azurerm_storage_account" "storage" {
  name                            = local.storage_name
  location                        = azurerm_resource_group.ml.location
  resource_group_name             = azurerm_resource_group.ml.name
  account_tier                    = "Standard"
  account_replication_type        = "ZRS"
  shared_access_key_enabled       = true
}

resource "azurerm_container_registry" "registry" {
  name                          = "cr${var.prefix}"
  location                      = azurerm_resource_group.ml.location
  resource_group_name           = azurerm_resource_group.ml.name
  sku                           = "Basic"
  admin_enabled                 = true
}

resource "azurerm_machine_learning_workspace" "workspace" {
  name                          = local.workspace_name
  location                      = azurerm_resource_group.ml.location
  resource_group_name           = azurerm_resource_group.ml.name
  friendly_name                 = "Churn scoring"
  key_vault_id                  = azurerm_key_vault.vault.id
  storage_account_id            = azurerm_storage_account.storage.id
  container_registry_id         = azurerm_container_registry.registry.id
  application_insights_id       = azurerm_application_insights.insights.id
  public_network_access_enabled = true

  identity {
    type = "SystemAssigned"
  }

  managed_network {
    isolation_mode = "Disabled"
  }

  encryption {
    key_vault_id = azurerm_key_vault.vault.id
    key_id       = azurerm_key_vault_key.cmk.versionless_id
  }
}

resource "azapi_resource" "endpoint" {
  type      = "Microsoft.MachineLearningServices/workspaces/onlineEndpoints@2024-10-01"
  name      = "ep-churn"
  parent_id = azurerm_machine_learning_workspace.workspace.id
  location  = azurerm_resource_group.ml.location

  identity {
    type = "SystemAssigned"
  }

  body = {
    kind = "Managed"
    properties = {
      authMode            = "Key"
      publicNetworkAccess = "Enabled"
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
      model                     = "${azurerm_machine_learning_workspace.workspace.id}/models/churn/versions/3"
      instanceType              = "Standard_DS3_v2"
      appInsightsEnabled        = false
      egressPublicNetworkAccess = "Enabled"
      environmentVariables = {
        DB_PASSWORD = "Winter-2026-churn!"
        WORKERS     = "4"
      }
    }
  }
}

resource "azurerm_machine_learning_compute_instance" "analyst" {
  name                          = "ci-analyst"
  machine_learning_workspace_id = azurerm_machine_learning_workspace.workspace.id
  virtual_machine_size          = "Standard_DS3_v2"

  ssh {
    public_key = var.ssh_public_key
  }
}

resource "azapi_resource" "connection" {
  type      = "Microsoft.MachineLearningServices/workspaces/connections@2024-10-01"
  name      = "conn-blob"
  parent_id = azurerm_machine_learning_workspace.workspace.id

  body = {
    properties = {
      category      = "AzureBlob"
      target        = "https://${local.storage_name}.blob.core.windows.net/"
      authType      = "AccountKey"
      credentials   = { key = var.storage_key }
      isSharedToAll = true
      metadata = {
        ContainerName = "training"
        AccountName   = local.storage_name
      }
    }
  }
}

resource "azurerm_monitor_diagnostic_setting" "workspace" {
  name                       = "to-log-analytics"
  target_resource_id         = azurerm_machine_learning_workspace.workspace.id
  log_analytics_workspace_id = azurerm_log_analytics_workspace.logs.id

  metric {
    category = "AllMetrics"
  }
}
