"""Real public Bicep and CLI YAML (tests/data/iac/real/MANIFEST.md) read without a crash, with
the resources their authors meant and the gaps they leave named."""

from __future__ import annotations

from typing import Any

from auditor.sources.iac.bicep.reader import BicepReader
from auditor.sources.iac.ml_yaml import CLI_WORKSPACE, MlYamlReader
from auditor.sources.iac.model import ReadOptions, Unresolved, template_id
from tests.conftest import TEST_DATA

REAL = TEST_DATA / "iac" / "real"
ML = "Microsoft.MachineLearningServices/workspaces"


def at(body: Any, dotted: str) -> Any:
    for part in dotted.split("."):
        body = body[part]
    return body


def test_quickstart_end_to_end_secure() -> None:
    root = REAL / "bicep" / "end-to-end-secure"
    files = sorted(root.glob("*.bicep"))
    result = BicepReader().read(files, root, ReadOptions())
    by_name = {(r.type, r.path): r for r in result.resources}
    workspace = by_name[(ML, "machinelearning.bicep")]
    assert at(workspace.body, "properties.publicNetworkAccess") == "Disabled"
    assert workspace.positions["properties.publicnetworkaccess"].start_line == 77
    assert isinstance(at(workspace.body, "properties.keyVault"), Unresolved)  # a required param
    computes = {r.body["name"]: r for r in result.resources if r.type == f"{ML}/computes"}
    # read through the workspace module's call; the workspace name is a required parameter, and
    # the computes stand under the workspace's id all the same
    workspace_id = f"{ML}/machineLearningName"
    assert workspace.id == workspace_id
    assert set(computes) == {
        "cluster001",
        Unresolved("${prefix}-ci001", "parameter 'prefix' has no default value"),
    }
    cluster = computes["cluster001"]
    assert cluster.id == f"{workspace_id}/computes/cluster001"
    assert cluster.path == "machinelearningcompute.bicep"
    assert at(cluster.body, "properties.properties.remoteLoginPortPublicAccess") == "Disabled"
    # the caller's default flows through the module's params
    assert at(cluster.body, "properties.properties.enableNodePublicIp") is True
    assert at(cluster.body, "properties.disableLocalAuth") is True
    vault = next(r for r in result.resources if r.type == "Microsoft.KeyVault/vaults")
    assert at(vault.body, "properties.enablePurgeProtection") is True
    assert at(vault.body, "properties.networkAcls.defaultAction") == "Deny"
    assert {(p.code, p.path, p.line) for p in result.problems} == {
        ("ModuleNotFound", "machinelearning.bicep", 81),
        ("ModuleNotFound", "machinelearningcompute.bicep", 88),
    }


def test_verified_module_for_workspace_computes() -> None:
    root = REAL / "bicep" / "avm-workspace-compute"
    result = BicepReader().read([root / "main.bicep"], root, ReadOptions())
    assert result.problems == ()
    (compute,) = result.resources
    assert compute.type == f"{ML}/computes"
    # parent: an existing workspace named by a parameter; the name too is a parameter
    assert compute.id == f"{ML}/machineLearningWorkspaceName/computes/name"
    assert compute.condition is None  # deployCompute defaults to true
    assert isinstance(compute.body["properties"], Unresolved)  # union() with unknown params
    assert compute.positions["properties"].start_line == 114


def test_azureml_examples_cli_files() -> None:
    root = REAL / "yaml"
    result = MlYamlReader().read(sorted(root.glob("*.yml")), root, ReadOptions())
    assert result.problems == ()
    assert result.skipped == ()
    by_id = {r.id: r for r in result.resources}
    endpoint = by_id[template_id(f"{ML}/onlineEndpoints", [CLI_WORKSPACE, "my-endpoint"])]
    assert at(endpoint.body, "properties.authMode") == "Key"
    assert endpoint.positions["properties.authmode"].start_line == 3  # CRLF line ends
    deployment = by_id[
        template_id(f"{ML}/onlineEndpoints/deployments", [CLI_WORKSPACE, "my-endpoint", "blue"])
    ]
    assert at(deployment.body, "properties.endpointComputeType") == "Managed"
    assert "egressPublicNetworkAccess" not in deployment.body["properties"]
    cluster = by_id[template_id(f"{ML}/computes", [CLI_WORKSPACE, "basic-example"])]
    assert at(cluster.body, "properties.properties.scaleSettings.maxNodeCount") == 2
    instance = by_id[template_id(f"{ML}/computes", [CLI_WORKSPACE, "basic-example-i"])]
    assert at(instance.body, "properties.properties.schedules.computeStartStop") == [
        {"action": "Stop", "status": "Enabled", "triggerType": "Cron"}
    ]
    workspace = by_id[template_id(ML, ["mlw-cmkexample-prod"])]
    assert at(workspace.body, "properties.encryption.status") == "Enabled"
    assert at(workspace.body, "properties.encryption.keyVaultProperties.keyIdentifier") == (
        "https://<KEY_VAULT>.vault.azure.net/keys/<KEY_NAME>/<KEY_VERSION>"
    )


def test_quickstart_ai_hub_with_a_nested_connection() -> None:
    root = REAL / "bicep" / "aistudio-basics"
    result = BicepReader().read([root / "ai-hub.bicep"], root, ReadOptions())
    assert result.problems == ()
    hub, connection = result.resources
    assert hub.id == f"{ML}/aiHubName"
    assert hub.body["kind"] == "hub"
    # `resource x 'connections@...'` nested in the hub: a child of the hub, named as written
    assert connection.id == f"{ML}/aiHubName/connections/${{aiHubName}}-connection-AzureOpenAI"
    assert connection.type == f"{ML}/connections"
    assert at(connection.body, "properties.authType") == "ApiKey"
    assert connection.positions["properties.authtype"].start_line == 61
    key = at(connection.body, "properties.credentials.key")
    assert isinstance(key, Unresolved)  # listKeys() is read at deployment
