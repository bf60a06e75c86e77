variable "name" {
  type = string
}

variable "public_network" {
  type    = bool
  default = true
}

resource "azurerm_machine_learning_workspace" "this" { # expect: AML201 pass
  name                          = var.name
  location                      = "westeurope"
  resource_group_name           = "rg-ml"
  application_insights_id       = "/x/appi"
  key_vault_id                  = "/x/kv"
  storage_account_id            = "/x/st"
  public_network_access_enabled = var.public_network
  identity {
    type = "SystemAssigned"
  }
}

output "id" {
  value = azurerm_machine_learning_workspace.this.id
}
