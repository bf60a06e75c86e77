resource "azurerm_key_vault" "kv" { # expect: AML302 fail
  name                = "kv-fine"
  location            = "westeurope"
  resource_group_name = "rg-ml"
  tenant_id           = "00000000-0000-0000-0000-000000000001"
  sku_name            = "standard"
}
