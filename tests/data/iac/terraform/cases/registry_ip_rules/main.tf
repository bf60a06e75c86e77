# A registry's network rule set: a Deny default action is protection only while no ip_rule lets
# every address back in, and only on the Premium SKU (container_registry: "network_rule_set is
# only supported with the Premium SKU").

resource "azurerm_container_registry" "wide" { # expect: AML219 fail
  name                = "acrwide"
  resource_group_name = "rg-ml"
  location            = "westeurope"
  sku                 = "Premium"

  network_rule_set {
    default_action = "Deny"

    ip_rule {
      action   = "Allow"
      ip_range = "203.0.113.0/24"
    }

    ip_rule {
      action   = "Allow"
      ip_range = "0.0.0.0/0"
    }
  }
}

resource "azurerm_container_registry" "narrow" { # expect: AML219 pass
  name                = "acrnarrow"
  resource_group_name = "rg-ml"
  location            = "westeurope"
  sku                 = "Premium"

  network_rule_set {
    default_action = "Deny"

    ip_rule {
      action   = "Allow"
      ip_range = "203.0.113.7/32"
    }
  }
}

variable "office_ranges" {
  type = list(string)
}

# The ranges come from a variable no file sets: whether one admits every address is unknown.
resource "azurerm_container_registry" "from_variable" { # expect: AML219 not_assessed
  name                = "acrvariable"
  resource_group_name = "rg-ml"
  location            = "westeurope"
  sku                 = "Premium"

  network_rule_set {
    default_action = "Deny"

    dynamic "ip_rule" {
      for_each = var.office_ranges
      content {
        action   = "Allow"
        ip_range = ip_rule.value
      }
    }
  }
}

resource "azurerm_container_registry" "standard" { # expect: AML219 not_assessed
  name                = "acrstandard"
  resource_group_name = "rg-ml"
  location            = "westeurope"
  sku                 = "Standard"

  network_rule_set {
    default_action = "Deny"
  }
}

resource "azurerm_machine_learning_workspace" "ws" {
  for_each                = toset(["wide", "narrow", "from_variable", "standard"])
  name                    = "mlw-${each.key}"
  location                = "westeurope"
  resource_group_name     = "rg-ml"
  application_insights_id = "/x/appi"
  key_vault_id            = "/x/kv"
  storage_account_id      = "/x/st"
  container_registry_id   = {
    wide          = azurerm_container_registry.wide.id
    narrow        = azurerm_container_registry.narrow.id
    from_variable = azurerm_container_registry.from_variable.id
    standard      = azurerm_container_registry.standard.id
  }[each.key]
  identity {
    type = "SystemAssigned"
  }
}
