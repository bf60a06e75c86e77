resource "azurerm_key_vault" "kv" {
  name                     = "kv-keys"
  location                 = "westeurope"
  resource_group_name      = "rg-ml"
  tenant_id                = "00000000-0000-0000-0000-000000000001"
  sku_name                 = "premium"
  purge_protection_enabled = true
}

resource "azurerm_key_vault_key" "no_expiry" { # expect: AML305 fail, AML306 fail
  name         = "cmk-forever"
  key_vault_id = azurerm_key_vault.kv.id
  key_type     = "RSA"
  key_size     = 2048
  key_opts     = ["wrapKey", "unwrapKey"]
}

resource "azurerm_key_vault_key" "rotated" { # expect: AML305 pass, AML306 pass
  name            = "cmk-rotated"
  key_vault_id    = azurerm_key_vault.kv.id
  key_type        = "RSA-HSM"
  key_size        = 3072
  key_opts        = ["wrapKey", "unwrapKey"]
  expiration_date = "2099-01-01T00:00:00Z"
  rotation_policy {
    expire_after         = "P90D"
    notify_before_expiry = "P29D"
    automatic {
      time_before_expiry = "P30D"
    }
  }
}

resource "azurerm_key_vault_secret" "no_expiry" { # expect: AML307 fail
  name         = "db-password"
  value        = "never-copied"
  key_vault_id = azurerm_key_vault.kv.id
}

resource "azurerm_key_vault_secret" "expiring" { # expect: AML307 pass
  name            = "api-token"
  value           = "never-copied"
  key_vault_id    = azurerm_key_vault.kv.id
  content_type    = "text/plain"
  expiration_date = "2099-06-30T00:00:00Z"
}
