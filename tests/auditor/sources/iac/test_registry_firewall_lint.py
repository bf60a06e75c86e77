"""A registry's network rule set behind `aml-audit lint`, in each format that writes one: a Deny
default action with an IP rule for 0.0.0.0/0 admits every address, so AML219 fails and quotes
the rule. Terraform maps `ip_rule { ip_range }` to ARM's `networkRuleSet.ipRules[].value`;
ARM JSON and Bicep carry the ARM properties as written."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.auditor.sources.iac.lint_helpers import lint, result

TERRAFORM = """
resource "azurerm_container_registry" "acr" {
  name                = "acrwide"
  resource_group_name = "rg-ml"
  location            = "westeurope"
  sku                 = "Premium"
  network_rule_set {
    default_action = "Deny"
    ip_rule {
      action   = "Allow"
      ip_range = "0.0.0.0/0"
    }
  }
}

resource "azurerm_machine_learning_workspace" "ws" {
  name                    = "mlw"
  location                = "westeurope"
  resource_group_name     = "rg-ml"
  application_insights_id = "/x/appi"
  key_vault_id            = "/x/kv"
  storage_account_id      = "/x/st"
  container_registry_id   = azurerm_container_registry.acr.id
  identity {
    type = "SystemAssigned"
  }
}
"""

BICEP = """
resource acr 'Microsoft.ContainerRegistry/registries@2023-07-01' = {
  name: 'acrwide'
  location: 'westeurope'
  sku: { name: 'Premium' }
  properties: {
    networkRuleSet: {
      defaultAction: 'Deny'
      ipRules: [ { action: 'Allow', value: '0.0.0.0/0' } ]
    }
  }
}

resource ws 'Microsoft.MachineLearningServices/workspaces@2024-10-01' = {
  name: 'mlw'
  location: 'westeurope'
  identity: { type: 'SystemAssigned' }
  properties: { containerRegistry: acr.id }
}
"""

ARM = """{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "resources": [
    {
      "type": "Microsoft.ContainerRegistry/registries",
      "apiVersion": "2023-07-01",
      "name": "acrwide",
      "location": "westeurope",
      "sku": {"name": "Premium"},
      "properties": {
        "networkRuleSet": {
          "defaultAction": "Deny",
          "ipRules": [{"action": "Allow", "value": "0.0.0.0/0"}]
        }
      }
    },
    {
      "type": "Microsoft.MachineLearningServices/workspaces",
      "apiVersion": "2024-10-01",
      "name": "mlw",
      "location": "westeurope",
      "identity": {"type": "SystemAssigned"},
      "properties": {
        "containerRegistry": "[resourceId('Microsoft.ContainerRegistry/registries', 'acrwide')]"
      }
    }
  ]
}
"""


@pytest.mark.parametrize(
    ("name", "text"),
    [("main.tf", TERRAFORM), ("main.bicep", BICEP), ("azuredeploy.json", ARM)],
    ids=["terraform", "bicep", "arm-json"],
)
def test_a_deny_rule_set_with_an_ip_rule_for_every_address_fails(
    tmp_path: Path, name: str, text: str
) -> None:
    (tmp_path / name).write_text(text, encoding="utf-8")
    found = result(lint(Path(name), root=tmp_path, select="AML219"), "AML219", "acrwide")
    assert found.status.value == "fail"
    assert (
        found.message == "Registry 'acrwide' denies by default but an IP rule admits every address"
    )
    observed = {e.path: e.observed for e in found.evidence}
    assert observed["properties.networkRuleSet.defaultAction"] == "Deny"
    assert observed["properties.networkRuleSet.ipRules"] == ["0.0.0.0/0"]


@pytest.mark.parametrize(
    ("ip_range", "status"), [("203.0.113.7/32", "pass"), ("not-an-ip", "not_assessed")]
)
def test_a_narrow_terraform_ip_rule_passes_and_an_unreadable_one_is_not_assessed(
    tmp_path: Path, ip_range: str, status: str
) -> None:
    (tmp_path / "main.tf").write_text(TERRAFORM.replace("0.0.0.0/0", ip_range), encoding="utf-8")
    found = result(lint(Path("main.tf"), root=tmp_path, select="AML219"), "AML219", "acrwide")
    assert found.status.value == status
