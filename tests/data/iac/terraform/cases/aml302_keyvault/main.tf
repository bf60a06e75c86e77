locals {
  prefix = "contoso"
  tenant = "00000000-0000-0000-0000-000000000001"
}

resource "azurerm_key_vault" "unprotected" { # expect: AML302 fail
  name                = "${local.prefix}-kv-open"
  location            = "westeurope"
  resource_group_name = "rg-ml"
  tenant_id           = local.tenant
  sku_name            = "standard"
}

resource "azurerm_key_vault" "protected" { # expect: AML302 pass
  name                       = format("%s-kv-%s", local.prefix, "safe")
  location                   = "westeurope"
  resource_group_name        = "rg-ml"
  tenant_id                  = local.tenant
  sku_name                   = "premium"
  purge_protection_enabled   = true
  rbac_authorization_enabled = true
  public_network_access_enabled = false

  network_acls {
    bypass         = "AzureServices"
    default_action = "Deny"
    ip_rules       = ["203.0.113.0/24"]
  }
}

resource "azurerm_key_vault" "unknown" { # expect: AML302 not_assessed
  name                     = "${local.prefix}-kv-unknown"
  location                 = "westeurope"
  resource_group_name      = "rg-ml"
  tenant_id                = local.tenant
  sku_name                 = "standard"
  purge_protection_enabled = data.azurerm_client_config.current.tenant_id != "" ? true : null
}

data "azurerm_client_config" "current" {}
