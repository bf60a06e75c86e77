resource "azurerm_storage_account" "open" { # expect: AML109 fail
  name                     = "stopen"
  resource_group_name      = "rg-ml"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "LRS"
}

resource "azurerm_storage_account" "closed" { # expect: AML109 pass
  name                      = "stclosed"
  resource_group_name       = "rg-ml"
  location                  = "westeurope"
  account_tier              = "Standard"
  account_replication_type  = "GRS"
  shared_access_key_enabled = false
  public_network_access_enabled = false
  network_rules {
    default_action = "Deny"
    bypass         = ["AzureServices"]
  }
}

resource "azurerm_container_registry" "admin" { # expect: AML108 fail
  name                = "acradmin"
  resource_group_name = "rg-ml"
  location            = "westeurope"
  sku                 = "Premium"
  admin_enabled       = true
}

resource "azurerm_container_registry" "default" { # expect: AML108 pass
  name                = "acrdefault"
  resource_group_name = "rg-ml"
  location            = "westeurope"
  sku                 = "Basic"
}

resource "azurerm_cognitive_account" "openai" { # expect: AML107 fail, AML212 fail
  name                = "oai-open"
  location            = "swedencentral"
  resource_group_name = "rg-ml"
  kind                = "OpenAI"
  sku_name            = "S0"
}

resource "azurerm_cognitive_account" "locked" { # expect: AML107 pass, AML212 pass
  name                          = "oai-locked"
  location                      = "swedencentral"
  resource_group_name           = "rg-ml"
  kind                          = "OpenAI"
  sku_name                      = "S0"
  custom_subdomain_name         = "oai-locked"
  local_auth_enabled            = false
  public_network_access_enabled = false
  network_acls {
    default_action = "Deny"
  }
}

# Registries and storage accounts are judged where a workspace uses them.
resource "azurerm_machine_learning_workspace" "uses_open" {
  name                    = "mlw-open-deps"
  location                = "westeurope"
  resource_group_name     = "rg-ml"
  application_insights_id = "/x/appi"
  key_vault_id            = "/x/kv"
  storage_account_id      = azurerm_storage_account.open.id
  container_registry_id   = azurerm_container_registry.admin.id
  identity {
    type = "SystemAssigned"
  }
}

resource "azurerm_machine_learning_workspace" "uses_closed" {
  name                    = "mlw-closed-deps"
  location                = "westeurope"
  resource_group_name     = "rg-ml"
  application_insights_id = "/x/appi"
  key_vault_id            = "/x/kv"
  storage_account_id      = azurerm_storage_account.closed.id
  container_registry_id   = azurerm_container_registry.default.id
  identity {
    type = "SystemAssigned"
  }
}

# No workspace uses this account: the storage rule gives it no result.
resource "azurerm_storage_account" "unused" { # expect: AML109 none
  name                     = "stunused"
  resource_group_name      = "rg-ml"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "LRS"
}
