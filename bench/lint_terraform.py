"""`aml-audit lint` on Terraform: start-up for one module, and throughput on generated modules.

    python bench/lint_terraform.py [--runs 10] [--sizes 100,1000]

The same measurements as bench/lint.py (whose helpers it uses), on Terraform: each generated
module is one directory with one `main.tf` of about 4 KB (variables with defaults, locals, string
templates and conditionals, a workspace with its key vault, storage account and key, a counted
compute instance, an azapi online endpoint with a jsonencode() body, and a diagnostic setting;
every fourth module hardened), as the Azure quickstarts are written. The target for one file is
the issue's: 0.3 s of wall time including start-up.

Figures are printed, not asserted: the machine's load moves them. Run it on a quiet machine.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from lint import measure  # bench/lint.py


def module(index: int) -> str:
    hardened = index % 4 == 0
    public = "false" if hardened else "true"
    auth = "AADToken" if hardened else "Key"
    return f"""
variable "prefix" {{
  type    = string
  default = "team{index}"
}}

variable "public_access" {{
  type    = bool
  default = {public}
}}

variable "instances" {{
  type    = number
  default = 2
}}

locals {{
  location = "westeurope"
  rg       = "rg-${{var.prefix}}"
  rg_id    = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-ops"
  law      = "Microsoft.OperationalInsights/workspaces/law"
  tags     = {{ team = var.prefix, cost_center = format("cc-%d", {index}) }}
}}

resource "azurerm_key_vault" "kv" {{
  name                     = lower("kv-${{var.prefix}}")
  location                 = local.location
  resource_group_name      = local.rg
  tenant_id                = "00000000-0000-0000-0000-000000000001"
  sku_name                 = "premium"
  purge_protection_enabled = {str(hardened).lower()}
  tags                     = local.tags
}}

resource "azurerm_key_vault_key" "cmk" {{
  name            = "cmk"
  key_vault_id    = azurerm_key_vault.kv.id
  key_type        = "RSA"
  key_size        = 2048
  key_opts        = ["wrapKey", "unwrapKey"]
  expiration_date = "2030-01-01T00:00:00Z"
}}

resource "azurerm_storage_account" "st" {{
  name                      = "st${{var.prefix}}"
  location                  = local.location
  resource_group_name       = local.rg
  account_tier              = "Standard"
  account_replication_type  = "GRS"
  shared_access_key_enabled = !var.public_access
}}

resource "azurerm_machine_learning_workspace" "ws" {{
  name                          = "mlw-${{var.prefix}}"
  location                      = local.location
  resource_group_name           = local.rg
  application_insights_id       = "${{local.rg_id}}/providers/Microsoft.Insights/components/appi"
  key_vault_id                  = azurerm_key_vault.kv.id
  storage_account_id            = azurerm_storage_account.st.id
  public_network_access_enabled = var.public_access
  tags                          = merge(local.tags, {{ role = "training" }})

  identity {{
    type = "SystemAssigned"
  }}

  encryption {{
    key_vault_id = azurerm_key_vault.kv.id
    key_id       = azurerm_key_vault_key.cmk.id
  }}
}}

resource "azurerm_machine_learning_compute_instance" "ci" {{
  count                         = var.instances
  name                          = "ci-${{var.prefix}}-${{count.index}}"
  machine_learning_workspace_id = azurerm_machine_learning_workspace.ws.id
  virtual_machine_size          = "STANDARD_DS3_V2"
  local_auth_enabled            = !var.public_access
}}

resource "azapi_resource" "endpoint" {{
  type      = "Microsoft.MachineLearningServices/workspaces/onlineEndpoints@2024-04-01"
  name      = "ep-${{var.prefix}}"
  parent_id = azurerm_machine_learning_workspace.ws.id
  location  = local.location
  identity {{
    type = "SystemAssigned"
  }}
  body = jsonencode({{
    properties = {{
      authMode            = "{auth}"
      publicNetworkAccess = var.public_access ? "Enabled" : "Disabled"
    }}
  }})
}}

resource "azurerm_monitor_diagnostic_setting" "ws" {{
  name                       = "to-law"
  target_resource_id         = azurerm_machine_learning_workspace.ws.id
  log_analytics_workspace_id = "${{local.rg_id}}/providers/${{local.law}}"
  enabled_log {{
    category_group = "audit"
  }}
}}
"""


def write_corpus(folder: Path, count: int) -> None:
    for index in range(count):
        sub = folder / f"team-{index // 50:03d}" / f"ml-{index:05d}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / "main.tf").write_text(module(index))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--sizes", default="100,1000")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    with tempfile.TemporaryDirectory() as scratch:
        base = Path(scratch)
        measure(write_corpus, "*.tf", "module", base, args.runs, sizes)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
