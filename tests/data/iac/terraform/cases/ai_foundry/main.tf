resource "azurerm_storage_account" "hub" {
  name                     = "sthub"
  location                 = "swedencentral"
  resource_group_name      = "rg-ai"
  account_tier             = "Standard"
  account_replication_type = "LRS"
}

resource "azurerm_key_vault" "hub" {
  name                     = "kv-hub"
  location                 = "swedencentral"
  resource_group_name      = "rg-ai"
  tenant_id                = "00000000-0000-0000-0000-000000000001"
  sku_name                 = "standard"
  purge_protection_enabled = true
}

# public_network_access omitted: "Defaults to `Enabled`".
resource "azurerm_ai_foundry" "hub" { # expect: AML201 fail
  name                = "hub-open"
  location            = "swedencentral"
  resource_group_name = "rg-ai"
  storage_account_id  = azurerm_storage_account.hub.id
  key_vault_id        = azurerm_key_vault.hub.id
  identity {
    type = "SystemAssigned"
  }
}

resource "azurerm_ai_foundry" "private" { # expect: AML201 pass
  name                  = "hub-private"
  location              = "swedencentral"
  resource_group_name   = "rg-ai"
  storage_account_id    = azurerm_storage_account.hub.id
  key_vault_id          = azurerm_key_vault.hub.id
  public_network_access = "Disabled"
  managed_network {
    isolation_mode = "AllowOnlyApprovedOutbound"
  }
  identity {
    type = "SystemAssigned"
  }
}

# A project takes its network access from its hub; the file cannot say it.
resource "azurerm_ai_foundry_project" "project" { # expect: AML201 not_assessed
  name               = "project"
  location           = "swedencentral"
  ai_services_hub_id = azurerm_ai_foundry.private.id
}

resource "azurerm_ai_services" "open" { # expect: AML107 fail
  name                = "ais-open"
  location            = "swedencentral"
  resource_group_name = "rg-ai"
  sku_name            = "S0"
}

resource "azurerm_ai_services" "locked" { # expect: AML107 pass
  name                         = "ais-locked"
  location                     = "swedencentral"
  resource_group_name          = "rg-ai"
  sku_name                     = "S0"
  custom_subdomain_name        = "ais-locked"
  local_authentication_enabled = false
  public_network_access        = "Disabled"
}
