resource "azurerm_key_vault" "cmk" {
  name                     = "kv-cmk"
  location                 = "westeurope"
  resource_group_name      = "rg-ml"
  tenant_id                = "00000000-0000-0000-0000-000000000001"
  sku_name                 = "premium"
  purge_protection_enabled = true
}

resource "azurerm_key_vault_key" "cmk" {
  name            = "cmk"
  key_vault_id    = azurerm_key_vault.cmk.id
  key_type        = "RSA"
  key_size        = 2048
  key_opts        = ["wrapKey", "unwrapKey"]
  expiration_date = "2099-01-01T00:00:00Z"
}

resource "azurerm_log_analytics_workspace" "law" {
  name                = "law-ml"
  location            = "westeurope"
  resource_group_name = "rg-ops"
}

resource "azurerm_machine_learning_workspace" "cmk" { # expect: AML202 none, AML301 pass, AML308 pass, AML501 pass
  name                          = "mlw-cmk"
  location                      = "westeurope"
  resource_group_name           = "rg-ml"
  application_insights_id       = "/x/appi"
  key_vault_id                  = azurerm_key_vault.cmk.id
  storage_account_id            = "/x/st"
  public_network_access_enabled = false
  identity {
    type = "SystemAssigned"
  }
  encryption {
    key_vault_id = azurerm_key_vault.cmk.id
    key_id       = azurerm_key_vault_key.cmk.id
  }
}

resource "azurerm_machine_learning_workspace" "plain" { # expect: AML301 fail, AML501 fail
  name                          = "mlw-plain"
  location                      = "westeurope"
  resource_group_name           = "rg-ml"
  application_insights_id       = "/x/appi"
  key_vault_id                  = azurerm_key_vault.cmk.id
  storage_account_id            = "/x/st"
  public_network_access_enabled = false
  identity {
    type = "SystemAssigned"
  }
}

resource "azurerm_monitor_diagnostic_setting" "ws" {
  name                       = "to-law"
  target_resource_id         = azurerm_machine_learning_workspace.cmk.id
  log_analytics_workspace_id = azurerm_log_analytics_workspace.law.id
  enabled_log {
    category_group = "audit"
  }
  metric {
    category = "AllMetrics"
  }
}

resource "azurerm_private_endpoint" "ws" {
  name                = "pe-mlw"
  location            = "westeurope"
  resource_group_name = "rg-ml"
  subnet_id           = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet/subnets/pe"
  private_service_connection {
    name                           = "mlw"
    private_connection_resource_id = azurerm_machine_learning_workspace.cmk.id
    subresource_names              = ["amlworkspace"]
    is_manual_connection           = false
  }
}
