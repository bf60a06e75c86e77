variable "environments" {
  default = ["dev", "prod"]
}

variable "enable_extra" {
  type = bool
}

locals {
  settings = {
    dev  = { public = true }
    prod = { public = false }
  }
}

resource "azurerm_machine_learning_workspace" "env" { # expect: AML201 fail, AML201 pass
  for_each                      = toset(var.environments)
  name                          = "mlw-${each.key}"
  location                      = "westeurope"
  resource_group_name           = "rg-${each.value}"
  application_insights_id       = "/x/appi"
  key_vault_id                  = "/x/kv"
  storage_account_id            = "/x/st"
  public_network_access_enabled = lookup(local.settings[each.key], "public", true)
  identity {
    type = "SystemAssigned"
  }
}

resource "azurerm_machine_learning_workspace" "none" {
  count                   = 0
  name                    = "mlw-never"
  location                = "westeurope"
  resource_group_name     = "rg-ml"
  application_insights_id = "/x/appi"
  key_vault_id            = "/x/kv"
  storage_account_id      = "/x/st"
  identity {
    type = "SystemAssigned"
  }
}

resource "azurerm_machine_learning_workspace" "maybe" { # expect: AML201 fail
  count                   = var.enable_extra ? 1 : 0
  name                    = "mlw-maybe"
  location                = "westeurope"
  resource_group_name     = "rg-ml"
  application_insights_id = "/x/appi"
  key_vault_id            = "/x/kv"
  storage_account_id      = "/x/st"
  identity {
    type = "SystemAssigned"
  }
}
