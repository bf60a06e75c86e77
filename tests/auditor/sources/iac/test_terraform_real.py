"""Real public Terraform (tests/data/iac/real/terraform/, listed in ../MANIFEST.md): Azure's
own machine learning quickstarts read without a crash, with the resources and values their files
say, honest unknowns where they say nothing (a random suffix, a data source), and the exact
verdicts `aml-audit lint` gives them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from auditor.sources.iac.model import ReadOptions, ReadResult, Unresolved
from auditor.sources.iac.terraform import TerraformReader
from tests.auditor.sources.iac.lint_helpers import lint, verdicts
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


CI = RANDOM  # the compute instance's name: a random string the files cannot know
COMMON = {
    ("AML104", CI, "fail"),  # local_auth_enabled omitted: the provider's default, true
    ("AML104", "cpu-cluster", "fail"),
    ("AML106", "mlw-demo-dev", "fail"),
    ("AML108", "crdemodev", "fail"),  # admin_enabled = true
    ("AML109", "stdemodev", "fail"),  # shared_access_key_enabled omitted: true
    ("AML110", "mlw-demo-dev", "fail"),
    ("AML203", "mlw-demo-dev", "fail"),
    ("AML206", CI, "fail"),  # node_public_ip_enabled omitted: true
    ("AML206", "cpu-cluster", "fail"),
    ("AML207", CI, "pass"),  # no ssh block: the provider sends sshPublicAccess Disabled
    ("AML207", "cpu-cluster", "pass"),  # ssh_public_access_enabled omitted: false
    ("AML301", "mlw-demo-dev", "fail"),
    ("AML303", "kv-demo-dev", "pass"),
    ("AML304", "kv-demo-dev", "fail"),
    ("AML401", CI, "fail"),
    ("AML501", "mlw-demo-dev", "fail"),
    ("AML504", "kv-demo-dev", "fail"),
}


def test_quickstart_101_verdicts() -> None:
    scan = lint(
        (REAL / "azure-quickstart-101-machine-learning").relative_to(REPO_ROOT),
        root=REPO_ROOT,
        parameters=(DEMO.relative_to(REPO_ROOT),),
    )
    assert scan.gaps == ()
    assert verdicts(scan) == COMMON | {
        ("AML201", "mlw-demo-dev", "fail"),  # public_network_access_enabled omitted: true
        ("AML217", "stdemodev", "fail"),  # no network_rules: every network
        ("AML219", "crdemodev", "fail"),  # public_network_access_enabled omitted: true
        ("AML316", "stdemodev", "fail"),  # allow_nested_items_to_be_public omitted: true
        ("AML208", CI, "fail"),  # no subnet, no managed network
        ("AML208", "cpu-cluster", "fail"),
        ("AML210", "kv-demo-dev", "fail"),
        ("AML302", "kv-demo-dev", "fail"),  # purge_protection_enabled = false
    }


def test_quickstart_201_verdicts() -> None:
    scan = lint(
        (REAL / "azure-quickstart-201-machine-learning-moderately-secure").relative_to(REPO_ROOT),
        root=REPO_ROOT,
        parameters=(DEMO.relative_to(REPO_ROOT),),
    )
    assert scan.gaps == ()
    assert verdicts(scan) == COMMON | {
        ("AML104", "image-builder", "fail"),
        ("AML201", "mlw-demo-dev", "pass"),  # public_network_access_enabled = false
        ("AML217", "stdemodev", "pass"),  # network_rules default_action Deny
        ("AML219", "crdemodev", "pass"),  # network_rule_set default_action Deny
        ("AML316", "stdemodev", "fail"),  # allow_nested_items_to_be_public omitted: true
        ("AML206", "image-builder", "fail"),
        ("AML207", "image-builder", "pass"),
        ("AML208", CI, "pass"),  # subnet_resource_id = azurerm_subnet.snet-training.id
        ("AML208", "cpu-cluster", "pass"),
        ("AML208", "image-builder", "pass"),
        ("AML210", "kv-demo-dev", "pass"),  # network_acls default_action Deny
        ("AML302", "kv-demo-dev", "pass"),
    }
    [public] = [r for r in scan.results if r.rule_id == "AML201"]
    assert public.location is not None
    assert (public.location.uri, public.location.start_line) == (
        "tests/data/iac/real/terraform/"
        "azure-quickstart-201-machine-learning-moderately-secure/workspace.tf",
        64,
    )
