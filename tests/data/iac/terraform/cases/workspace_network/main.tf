resource "azurerm_user_assigned_identity" "ml" {
  name                = "id-ml"
  location            = "westeurope"
  resource_group_name = "rg-ml"
}

resource "azurerm_log_analytics_workspace" "law" {
  name                = "law-sec"
  location            = "westeurope"
  resource_group_name = "rg-ops"
}

# No firewall, access policies instead of RBAC, no audit logs.
resource "azurerm_key_vault" "open" { # expect: AML210 fail, AML304 fail, AML504 fail
  name                     = "kv-open"
  location                 = "westeurope"
  resource_group_name      = "rg-ml"
  tenant_id                = "00000000-0000-0000-0000-000000000001"
  sku_name                 = "standard"
  purge_protection_enabled = true
  access_policy {
    tenant_id          = "00000000-0000-0000-0000-000000000001"
    object_id          = "11111111-1111-1111-1111-111111111111"
    secret_permissions = ["Get", "List"]
  }
}

resource "azurerm_key_vault" "closed" { # expect: AML210 pass, AML304 pass, AML504 pass
  name                          = "kv-closed"
  location                      = "westeurope"
  resource_group_name           = "rg-ml"
  tenant_id                     = "00000000-0000-0000-0000-000000000001"
  sku_name                      = "premium"
  purge_protection_enabled      = true
  enable_rbac_authorization     = true
  public_network_access_enabled = false
  network_acls {
    bypass         = "AzureServices"
    default_action = "Deny"
  }
}

resource "azurerm_monitor_diagnostic_setting" "kv" {
  name                       = "audit"
  target_resource_id         = azurerm_key_vault.closed.id
  log_analytics_workspace_id = azurerm_log_analytics_workspace.law.id
  enabled_log {
    category = "AuditEvent"
  }
}

resource "azurerm_machine_learning_workspace" "isolated" { # expect: AML110 pass, AML203 pass
  name                           = "mlw-isolated"
  location                       = "westeurope"
  resource_group_name            = "rg-ml"
  application_insights_id        = "/x/appi"
  key_vault_id                   = azurerm_key_vault.closed.id
  storage_account_id             = "/x/st"
  public_network_access_enabled  = false
  primary_user_assigned_identity = azurerm_user_assigned_identity.ml.id
  identity {
    type         = "UserAssigned"
    identity_ids = [azurerm_user_assigned_identity.ml.id]
  }
  managed_network {
    isolation_mode = "AllowOnlyApprovedOutbound"
  }
}

resource "azurerm_machine_learning_workspace" "internet" { # expect: AML110 fail, AML203 fail
  name                          = "mlw-internet"
  location                      = "westeurope"
  resource_group_name           = "rg-ml"
  application_insights_id       = "/x/appi"
  key_vault_id                  = azurerm_key_vault.open.id
  storage_account_id            = "/x/st"
  public_network_access_enabled = false
  identity {
    type = "SystemAssigned"
  }
  managed_network {
    isolation_mode = "AllowInternetOutbound"
  }
}

resource "azurerm_cognitive_account" "cmk" { # expect: AML314 pass
  name                  = "oai-cmk"
  location              = "swedencentral"
  resource_group_name   = "rg-ml"
  kind                  = "OpenAI"
  sku_name              = "S0"
  custom_subdomain_name = "oai-cmk"
  identity {
    type         = "UserAssigned"
    identity_ids = [azurerm_user_assigned_identity.ml.id]
  }
  customer_managed_key {
    key_vault_key_id   = "https://kv-closed.vault.azure.net/keys/cmk"
    identity_client_id = "22222222-2222-2222-2222-222222222222"
  }
}

resource "azurerm_cognitive_account" "microsoft_key" { # expect: AML314 fail
  name                = "oai-mmk"
  location            = "swedencentral"
  resource_group_name = "rg-ml"
  kind                = "OpenAI"
  sku_name            = "S0"
}
