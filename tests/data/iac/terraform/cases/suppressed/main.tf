# aml-audit:ignore AML201 reached only through the corporate VPN gateway
resource "azurerm_machine_learning_workspace" "ws" { # expect: AML201 suppressed
  name                    = "mlw-suppressed"
  location                = "westeurope"
  resource_group_name     = "rg-ml"
  application_insights_id = "/x/appi"
  key_vault_id            = "/x/kv"
  storage_account_id      = "/x/st"
  identity {
    type = "SystemAssigned"
  }
}

// aml-audit:ignore AML302
resource "azurerm_key_vault" "kv" { # expect: AML302 fail
  name                = "kv-no-reason"
  location            = "westeurope"
  resource_group_name = "rg-ml"
  tenant_id           = "00000000-0000-0000-0000-000000000001"
  sku_name            = "standard"
}
