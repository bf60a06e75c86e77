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

resource "azurerm_subnet" "compute" {
  name                 = "snet-compute"
  resource_group_name  = "rg-net"
  virtual_network_name = "vnet-ml"
  address_prefixes     = ["10.0.1.0/24"]
}

# Every default: local auth on, public IP, and an ssh block opens SSH.
resource "azurerm_machine_learning_compute_instance" "open" { # expect: AML104 fail, AML206 fail, AML207 fail
  name                          = "ci-open"
  machine_learning_workspace_id = azurerm_machine_learning_workspace.ws.id
  virtual_machine_size          = "STANDARD_DS3_V2"
  ssh {
    public_key = "ssh-rsa AAAAB3NzaC1yc2E"
  }
}

resource "azurerm_machine_learning_compute_instance" "closed" { # expect: AML104 pass, AML206 pass, AML207 pass
  name                          = "ci-closed"
  machine_learning_workspace_id = azurerm_machine_learning_workspace.ws.id
  virtual_machine_size          = "STANDARD_DS3_V2"
  local_auth_enabled            = false
  node_public_ip_enabled        = false
  subnet_resource_id            = azurerm_subnet.compute.id
}

resource "azurerm_machine_learning_compute_cluster" "cluster" { # expect: AML104 fail, AML206 fail, AML207 pass
  name                          = "cpu-cluster"
  location                      = "westeurope"
  machine_learning_workspace_id = azurerm_machine_learning_workspace.ws.id
  vm_priority                   = "LowPriority"
  vm_size                       = "Standard_DS2_v2"
  scale_settings {
    min_node_count                       = 0
    max_node_count                       = 2
    scale_down_nodes_after_idle_duration = "PT30S"
  }
}
