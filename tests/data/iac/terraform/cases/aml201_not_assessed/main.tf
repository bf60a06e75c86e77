# The variable has no default and no .tfvars sets it: unknown until deploy time, never a pass.
variable "public_access" {
  type = bool
}

resource "azurerm_machine_learning_workspace" "ws" { # expect: AML201 not_assessed
  name                          = "mlw-unknown"
  location                      = "westeurope"
  resource_group_name           = "rg-ml"
  application_insights_id       = "/x/appi"
  key_vault_id                  = "/x/kv"
  storage_account_id            = "/x/st"
  public_network_access_enabled = var.public_access

  identity {
    type = "SystemAssigned"
  }
}
