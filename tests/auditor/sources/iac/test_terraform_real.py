"""Real public Terraform (tests/data/iac/real/terraform/, see its MANIFEST.json): Azure's own
machine learning quickstarts read without a crash, with the resources and values their files
say, and honest unknowns where they say nothing (a random suffix, a data source)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from auditor.sources.iac.model import ReadOptions, ReadResult, Unresolved
from auditor.sources.iac.terraform import TerraformReader
from tests.conftest import REPO_ROOT

REAL = REPO_ROOT / "tests" / "data" / "iac" / "real" / "terraform"
DEMO = REAL / "demo.tfvars"
RG = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-demo-dev/providers"
WS = f"{RG}/Microsoft.MachineLearningServices/workspaces/mlw-demo-dev"
RANDOM = '"${random_string.ci_prefix.result}instance"'


def read(name: str, parameters: tuple[Path, ...] = ()) -> ReadResult:
    folder = REAL / name
    return TerraformReader().read(
        sorted(folder.glob("*.tf")), REPO_ROOT, ReadOptions(parameters=parameters)
    )


def at(body: Any, path: str) -> Any:
    for part in path.split("."):
        body = body[part]
    return body


QUICKSTART_101 = {
    f"{WS}/computes/{RANDOM}": {
        "properties.computeType": "ComputeInstance",
        "properties.disableLocalAuth": False,
        "properties.properties.enableNodePublicIp": True,
        "properties.properties.sshSettings.sshPublicAccess": "Disabled",
    },
    f"{WS}/computes/cpu-cluster": {
        "properties.computeType": "AmlCompute",
        "properties.properties.remoteLoginPortPublicAccess": "Disabled",
        "identity.type": "SystemAssigned",
    },
    f"{RG}/Microsoft.KeyVault/vaults/kv-demo-dev": {
        "properties.enablePurgeProtection": False,
        "properties.tenantId": Unresolved(
            "data.azurerm_client_config.current.tenant_id",
            "data.azurerm_client_config.current reads an existing resource at plan time, "
            "outside these files",
        ),
    },
    f"{RG}/Microsoft.Storage/storageAccounts/stdemodev": {
        "properties.allowSharedKeyAccess": True,
        "properties.publicNetworkAccess": "Enabled",
    },
    f"{RG}/Microsoft.ContainerRegistry/registries/crdemodev": {
        "properties.adminUserEnabled": True,
    },
    WS: {
        "properties.publicNetworkAccess": "Enabled",
        "properties.keyVault": f"{RG}/Microsoft.KeyVault/vaults/kv-demo-dev",
        "properties.containerRegistry": f"{RG}/Microsoft.ContainerRegistry/registries/crdemodev",
        "location": "East US",
    },
}

SUBNETS = f"{RG}/Microsoft.Network/virtualNetworks/vnet-demo-dev/subnets"
QUICKSTART_201 = {
    f"{WS}/computes/{RANDOM}": {
        "properties.properties.subnet.id": f"{SUBNETS}/snet-training",
    },
    f"{WS}/computes/cpu-cluster": {"properties.properties.subnet.id": f"{SUBNETS}/snet-training"},
    f"{WS}/computes/image-builder": {"properties.properties.vmPriority": "LowPriority"},
    f"{RG}/Microsoft.KeyVault/vaults/kv-demo-dev": {
        "properties.enablePurgeProtection": True,
        "properties.networkAcls.defaultAction": "Deny",
    },
    f"{RG}/Microsoft.Storage/storageAccounts/stdemodev": {
        "properties.networkAcls": {"defaultAction": "Deny", "bypass": "AzureServices"},
    },
    f"{RG}/Microsoft.ContainerRegistry/registries/crdemodev": {
        "properties.publicNetworkAccess": "Disabled",
    },
    WS: {
        "properties.publicNetworkAccess": "Disabled",
        "properties.imageBuildCompute": "image-builder",
    },
    **{
        f"{RG}/Microsoft.Network/privateEndpoints/ple-demo-dev-{suffix}": {
            "properties.subnet.id": f"{SUBNETS}/snet-workspace",
            "properties.privateLinkServiceConnections": [
                {
                    "name": f"psc-demo-{connection}",
                    "properties": {"privateLinkServiceId": target, "groupIds": [group]},
                }
            ],
        }
        for suffix, connection, target, group in (
            ("kv", "kv", f"{RG}/Microsoft.KeyVault/vaults/kv-demo-dev", "vault"),
            ("st-blob", "st", f"{RG}/Microsoft.Storage/storageAccounts/stdemodev", "blob"),
            ("st-file", "st", f"{RG}/Microsoft.Storage/storageAccounts/stdemodev", "file"),
            ("cr", "cr", f"{RG}/Microsoft.ContainerRegistry/registries/crdemodev", "registry"),
            ("mlw", "mlw", WS, "amlworkspace"),
        )
    },
}


@pytest.mark.parametrize(
    ("module", "expected"),
    [
        ("azure-quickstart-101-machine-learning", QUICKSTART_101),
        ("azure-quickstart-201-machine-learning-moderately-secure", QUICKSTART_201),
    ],
)
def test_quickstart_reads_as_its_files_say(module: str, expected: dict[str, Any]) -> None:
    result = read(module, (DEMO,))
    assert result.problems == ()
    by_id = {r.id: r for r in result.resources}
    assert sorted(by_id) == sorted(expected)
    for resource_id, values in expected.items():
        for path, value in values.items():
            assert at(by_id[resource_id].body, path) == value, (resource_id, path)


@pytest.mark.parametrize(
    "module",
    [
        "azure-quickstart-101-machine-learning",
        "azure-quickstart-201-machine-learning-moderately-secure",
    ],
)
def test_without_its_variable_names_are_unknown_and_stay_related(module: str) -> None:
    """`var.name` has no default: every name is unknown, yet the workspace still names its
    vault by the same id the vault has, and its computes sit under its id."""
    result = read(module)
    assert result.problems == ()
    by_type = {r.type.rsplit("/", 1)[-1]: r for r in result.resources}
    workspace, vault = by_type["workspaces"], by_type["vaults"]
    assert workspace.body["name"] == Unresolved(
        '"mlw-${var.name}-${var.environment}"',
        "variable 'name' has no default value and no .tfvars file sets it",
    )
    assert workspace.body["properties"]["keyVault"] == vault.id
    computes = [r for r in result.resources if r.type.endswith("/computes")]
    assert computes and all(r.id.startswith(f"{workspace.id}/computes/") for r in computes)
