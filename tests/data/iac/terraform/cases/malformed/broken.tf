resource "azurerm_machine_learning_workspace" "ws" {
  name = "mlw-broken"
  identity {
    type = "SystemAssigned"
  }
  public_network_access_enabled = = false
}
