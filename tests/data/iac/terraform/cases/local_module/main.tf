module "workspace" {
  source         = "./modules/workspace"
  name           = "mlw-from-module"
  public_network = false
}

module "registry" {
  source  = "Azure/avm-res-containerregistry-registry/azurerm"
  version = "0.4.0"
  name    = "acrremote"
}

resource "azurerm_machine_learning_compute_cluster" "cluster" { # expect: AML104 fail
  name                          = "cluster"
  location                      = "westeurope"
  machine_learning_workspace_id = module.workspace.id
  vm_priority                   = "Dedicated"
  vm_size                       = "Standard_DS2_v2"
  scale_settings {
    min_node_count                       = 0
    max_node_count                       = 1
    scale_down_nodes_after_idle_duration = "PT60S"
  }
}

resource "azurerm_machine_learning_workspace" "remote_acr" {
  name                    = "mlw-remote-acr"
  location                = "westeurope"
  resource_group_name     = "rg-ml"
  application_insights_id = "/x/appi"
  key_vault_id            = "/x/kv"
  storage_account_id      = "/x/st"
  container_registry_id   = module.registry.resource_id
  identity {
    type = "SystemAssigned"
  }
}
