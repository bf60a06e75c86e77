variable "public_access" {
  type    = bool
  default = false
}

# terraform.tfvars turns public access back on.
resource "azurerm_machine_learning_workspace" "ws" { # expect: AML201 fail
  name                          = "mlw-tfvars"
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
