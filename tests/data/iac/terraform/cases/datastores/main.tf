resource "azurerm_machine_learning_workspace" "ws" {
  name                    = "mlw"
  location                = "westeurope"
  resource_group_name     = "rg-ml"
  application_insights_id = "/x/appi"
  key_vault_id            = "/x/kv"
  storage_account_id      = "/x/st"
  identity {
    type = "SystemAssigned"
  }
}

variable "storage_key" {
  type      = string
  sensitive = true
}

resource "azurerm_machine_learning_datastore_blobstorage" "with_key" { # expect: AML113 fail
  name                 = "blob_key"
  workspace_id         = azurerm_machine_learning_workspace.ws.id
  storage_container_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-ml/providers/Microsoft.Storage/storageAccounts/st/blobServices/default/containers/data"
  account_key          = var.storage_key
}

resource "azurerm_machine_learning_datastore_blobstorage" "identity" { # expect: AML113 pass
  name                 = "blob_identity"
  workspace_id         = azurerm_machine_learning_workspace.ws.id
  storage_container_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-ml/providers/Microsoft.Storage/storageAccounts/st/blobServices/default/containers/data"
}
