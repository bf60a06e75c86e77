resource "azurerm_machine_learning_workspace" "ws" {
  name                          = "mlw"
  location                      = "westeurope"
  resource_group_name           = "rg-ml"
  application_insights_id       = "/x/appi"
  key_vault_id                  = "/x/kv"
  storage_account_id            = "/x/st"
  public_network_access_enabled = false
  identity {
    type = "SystemAssigned"
  }
}

variable "auth_mode" {
  type = string
}

# azapi 1.x: the body as jsonencode() of an object.
resource "azapi_resource" "key_endpoint" { # expect: AML101 fail, AML204 fail
  type      = "Microsoft.MachineLearningServices/workspaces/onlineEndpoints@2024-04-01"
  name      = "ep-key"
  parent_id = azurerm_machine_learning_workspace.ws.id
  location  = "westeurope"
  identity {
    type = "SystemAssigned"
  }
  body = jsonencode({
    properties = {
      authMode            = "Key"
      publicNetworkAccess = "Enabled"
    }
  })
}

# azapi 2.x: the body as an HCL object.
resource "azapi_resource" "token_endpoint" { # expect: AML101 pass, AML204 pass
  type      = "Microsoft.MachineLearningServices/workspaces/onlineEndpoints@2024-04-01"
  name      = "ep-token"
  parent_id = azurerm_machine_learning_workspace.ws.id
  location  = "westeurope"
  body = {
    properties = {
      authMode            = "AADToken"
      publicNetworkAccess = "Disabled"
    }
  }
}

resource "azapi_resource" "unknown_endpoint" { # expect: AML101 not_assessed
  type      = "Microsoft.MachineLearningServices/workspaces/onlineEndpoints@2024-04-01"
  name      = "ep-unknown"
  parent_id = azurerm_machine_learning_workspace.ws.id
  location  = "westeurope"
  body = {
    properties = {
      authMode            = var.auth_mode
      publicNetworkAccess = "Disabled"
    }
  }
}
