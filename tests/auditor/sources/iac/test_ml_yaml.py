"""The Azure ML CLI v2 YAML reader on files written from the CLI's YAML references (each file
cites its page): which files are resources, their ARM shape, the CLI's documented defaults, lines,
suppressions and problems."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from auditor.inventory.resource_types import (
    BATCH_DEPLOYMENTS,
    BATCH_ENDPOINTS,
    COMPUTES,
    CONNECTIONS,
    ONLINE_DEPLOYMENTS,
    ONLINE_ENDPOINTS,
    REGISTRIES,
    SERVERLESS_ENDPOINTS,
    WORKSPACES,
)
from auditor.sources.iac.ml_yaml import CLI_WORKSPACE, MlYamlReader
from auditor.sources.iac.model import (
    TEMPLATE_RESOURCE_GROUP,
    TEMPLATE_SUBSCRIPTION,
    FileProblem,
    InlineSuppression,
    ReadOptions,
    ReadResult,
    Span,
    TemplateResource,
    Unresolved,
    template_id,
)
from tests.conftest import TEST_DATA

DATA = TEST_DATA / "iac" / "yaml"


def read(*names: str) -> ReadResult:
    return MlYamlReader().read([DATA / name for name in names], DATA, ReadOptions())


def one(name: str) -> TemplateResource:
    result = read(name)
    assert result.problems == ()
    (resource,) = result.resources
    return resource


def at(body: Any, dotted: str) -> Any:
    for part in dotted.split("."):
        body = body[part]
    return body


def in_workspace(resource_type: str, *names: str) -> str:
    return template_id(resource_type, [CLI_WORKSPACE, *names])


# (file, type, id, ARM path, value, line of the YAML key that set it; None: a CLI default)
CASES = [
    (
        "endpoint-key.yml",
        ONLINE_ENDPOINTS,
        in_workspace(ONLINE_ENDPOINTS, "ep-key"),
        "properties.authMode",
        "Key",
        5,
    ),
    (
        "endpoint-default.yml",
        ONLINE_ENDPOINTS,
        in_workspace(ONLINE_ENDPOINTS, "ep-default"),
        "properties.authMode",
        "Key",
        None,
    ),
    (
        "endpoint-entra.yml",
        ONLINE_ENDPOINTS,
        in_workspace(ONLINE_ENDPOINTS, "ep-entra"),
        "properties.authMode",
        "AADToken",
        3,
    ),
    (
        "endpoint-entra.yml",
        ONLINE_ENDPOINTS,
        in_workspace(ONLINE_ENDPOINTS, "ep-entra"),
        "properties.publicNetworkAccess",
        "Disabled",
        4,
    ),
    (
        "endpoint-entra.yml",
        ONLINE_ENDPOINTS,
        in_workspace(ONLINE_ENDPOINTS, "ep-entra"),
        "identity.type",
        "SystemAssigned",
        6,
    ),
    (
        "endpoint-kubernetes.yml",
        ONLINE_ENDPOINTS,
        in_workspace(ONLINE_ENDPOINTS, "ep-k8s"),
        "properties.authMode",
        "AMLToken",
        4,
    ),
    (
        "endpoint-batch-default.yml",
        BATCH_ENDPOINTS,
        in_workspace(BATCH_ENDPOINTS, "batch-default"),
        "properties.authMode",
        "AADToken",
        None,
    ),
    (
        "endpoint-batch.yml",
        BATCH_ENDPOINTS,
        in_workspace(BATCH_ENDPOINTS, "batch-score"),
        "properties.authMode",
        "AADToken",
        5,
    ),
    (
        "deployment-secret.yml",
        ONLINE_DEPLOYMENTS,
        in_workspace(ONLINE_DEPLOYMENTS, "ep-key", "blue"),
        "properties.endpointComputeType",
        "Managed",
        None,
    ),
    (
        "deployment-secret.yml",
        ONLINE_DEPLOYMENTS,
        in_workspace(ONLINE_DEPLOYMENTS, "ep-key", "blue"),
        "properties.environmentVariables",
        {
            "OPENAI_API_KEY": "sk-proj-Zx9Qw7Lm3Np5Rt8Vb2Hc6Jd4Kf1Gs0Ay",
            "WORKERS": "4",
            "DEBUG": "false",
        },
        9,
    ),
    (
        "deployment-secret.yml",
        ONLINE_DEPLOYMENTS,
        in_workspace(ONLINE_DEPLOYMENTS, "ep-key", "blue"),
        "sku.capacity",
        2,
        8,
    ),
    (
        "deployment-private.yml",
        ONLINE_DEPLOYMENTS,
        in_workspace(ONLINE_DEPLOYMENTS, "ep-entra", "green"),
        "properties.egressPublicNetworkAccess",
        "Disabled",
        6,
    ),
    (
        "deployment-private.yml",
        ONLINE_DEPLOYMENTS,
        in_workspace(ONLINE_DEPLOYMENTS, "ep-entra", "green"),
        "properties.appInsightsEnabled",
        True,
        7,
    ),
    (
        "deployment-kubernetes.yml",
        ONLINE_DEPLOYMENTS,
        in_workspace(ONLINE_DEPLOYMENTS, "endpoint_name", "blue"),
        "properties.endpointComputeType",
        "Kubernetes",
        None,
    ),
    (
        "deployment-batch.yml",
        BATCH_DEPLOYMENTS,
        in_workspace(BATCH_DEPLOYMENTS, "batch-score", "nightly"),
        "properties.compute",
        "azureml:cpu-cluster",
        6,
    ),
    (
        "workspace-public.yml",
        WORKSPACES,
        template_id(WORKSPACES, ["mlw-public"]),
        "properties.hbiWorkspace",
        False,
        6,
    ),
    (
        "workspace-private.yml",
        WORKSPACES,
        template_id(WORKSPACES, ["mlw-private"]),
        "properties.publicNetworkAccess",
        "Disabled",
        4,
    ),
    (
        "workspace-private.yml",
        WORKSPACES,
        template_id(WORKSPACES, ["mlw-private"]),
        "properties.encryption.status",
        "Enabled",
        7,
    ),
    (
        "workspace-private.yml",
        WORKSPACES,
        template_id(WORKSPACES, ["mlw-private"]),
        "properties.encryption.keyVaultProperties.keyIdentifier",
        "https://kv-ml.vault.azure.net/keys/cmk/0123456789abcdef0123456789abcdef",
        9,
    ),
    (
        "workspace-private.yml",
        WORKSPACES,
        template_id(WORKSPACES, ["mlw-private"]),
        "properties.managedNetwork.isolationMode",
        "AllowOnlyApprovedOutbound",
        11,
    ),
    (
        "workspace-private.yml",
        WORKSPACES,
        template_id(WORKSPACES, ["mlw-private"]),
        "properties.systemDatastoresAuthMode",
        "identity",
        12,
    ),
    (
        "workspace-private.yml",
        WORKSPACES,
        template_id(WORKSPACES, ["mlw-private"]),
        "identity.type",
        "UserAssigned",
        14,
    ),
    ("hub.yml", WORKSPACES, template_id(WORKSPACES, ["hub-ai"]), "kind", "Hub", None),
    (
        "hub.yml",
        WORKSPACES,
        template_id(WORKSPACES, ["hub-ai"]),
        "properties.managedNetwork.isolationMode",
        "AllowInternetOutbound",
        5,
    ),
    (
        "compute-instance.yml",
        COMPUTES,
        in_workspace(COMPUTES, "ci-alice"),
        "properties.computeType",
        "ComputeInstance",
        4,
    ),
    (
        "compute-instance.yml",
        COMPUTES,
        in_workspace(COMPUTES, "ci-alice"),
        "properties.properties.sshSettings.sshPublicAccess",
        "Enabled",
        6,
    ),
    (
        "compute-instance.yml",
        COMPUTES,
        in_workspace(COMPUTES, "ci-alice"),
        "properties.properties.idleTimeBeforeShutdown",
        "PT30M",
        9,
    ),
    (
        "compute-instance.yml",
        COMPUTES,
        in_workspace(COMPUTES, "ci-alice"),
        "properties.properties.enableNodePublicIp",
        True,
        None,
    ),
    (
        "compute-instance-private.yml",
        COMPUTES,
        in_workspace(COMPUTES, "ci-bob"),
        "properties.properties.enableNodePublicIp",
        False,
        4,
    ),
    (
        "compute-instance-private.yml",
        COMPUTES,
        in_workspace(COMPUTES, "ci-bob"),
        "properties.properties.subnet.id",
        f"/subscriptions/{TEMPLATE_SUBSCRIPTION}/resourceGroups/{TEMPLATE_RESOURCE_GROUP}"
        "/providers/Microsoft.Network/virtualNetworks/vnet-ml/subnets/snet-compute",
        7,
    ),
    (
        "compute-instance-private.yml",
        COMPUTES,
        in_workspace(COMPUTES, "ci-bob"),
        "properties.properties.schedules.computeStartStop",
        [{"action": "Stop", "status": "Enabled", "triggerType": "Cron"}],
        9,
    ),
    (
        "compute-cluster.yml",
        COMPUTES,
        in_workspace(COMPUTES, "cpu-cluster"),
        "properties.properties.remoteLoginPortPublicAccess",
        "NotSpecified",
        None,
    ),
    (
        "compute-cluster.yml",
        COMPUTES,
        in_workspace(COMPUTES, "cpu-cluster"),
        "properties.properties.scaleSettings.nodeIdleTimeBeforeScaleDown",
        "PT120S",
        8,
    ),
    (
        "compute-cluster-ssh.yml",
        COMPUTES,
        in_workspace(COMPUTES, "gpu-cluster"),
        "properties.properties.remoteLoginPortPublicAccess",
        "Enabled",
        4,
    ),
    (
        "connection-api-key.yml",
        CONNECTIONS,
        in_workspace(CONNECTIONS, "openai"),
        "properties.authType",
        "ApiKey",
        6,
    ),
    (
        "connection-api-key.yml",
        CONNECTIONS,
        in_workspace(CONNECTIONS, "openai"),
        "properties.category",
        "AzureOpenAI",
        4,
    ),
    (
        "connection-api-key.yml",
        CONNECTIONS,
        in_workspace(CONNECTIONS, "openai"),
        "properties.isSharedToAll",
        True,
        None,
    ),
    (
        "connection-entra.yml",
        CONNECTIONS,
        in_workspace(CONNECTIONS, "search"),
        "properties.authType",
        "AAD",
        7,
    ),
    (
        "connection-entra.yml",
        CONNECTIONS,
        in_workspace(CONNECTIONS, "search"),
        "properties.isSharedToAll",
        False,
        5,
    ),
    (
        "registry.yml",
        REGISTRIES,
        template_id(REGISTRIES, ["reg-shared"]),
        "properties.publicNetworkAccess",
        "Disabled",
        5,
    ),
    (
        "serverless.yml",
        SERVERLESS_ENDPOINTS,
        in_workspace(SERVERLESS_ENDPOINTS, "phi-serverless"),
        "properties.authMode",
        "Key",
        None,
    ),
]


@pytest.mark.parametrize(
    ("file", "resource_type", "resource_id", "path", "value", "line"),
    CASES,
    ids=[f"{case[0]}:{case[3]}" for case in CASES],
)
def test_cli_yaml_maps_to_the_arm_shape(
    file: str, resource_type: str, resource_id: str, path: str, value: Any, line: int | None
) -> None:
    resource = one(file)
    assert (resource.type, resource.id, resource.path) == (resource_type, resource_id, file)
    assert at(resource.body, path) == value
    if line is None:  # a default the CLI applies: the result points at the resource's block
        assert path.lower() not in resource.positions
    else:
        assert resource.positions[path.lower()].start_line == line


def test_names_and_blocks() -> None:
    resource = one("endpoint-key.yml")
    assert resource.body["name"] == "ep-key"
    assert resource.positions["name"] == Span(4, 4)
    assert resource.block == Span(3, 5)  # the document, after the leading comments


def test_a_file_without_a_name_has_an_unresolved_id() -> None:
    resource = one("deployment-kubernetes.yml")
    assert resource.body["name"] == "blue"
    # the endpoint is given with --endpoint-name on the command line
    # the endpoint's name stands as the key that would give it, under the workspace's id
    assert resource.id == in_workspace(ONLINE_DEPLOYMENTS, "endpoint_name", "blue")


def test_credential_values_are_never_copied() -> None:
    resource = one("connection-api-key.yml")
    assert "3f9c2b7e1d4a6f8e0b5c9d2a7e4f1b3c" not in repr(resource.body)
    assert "credentials" not in resource.body["properties"]


def test_an_inline_model_is_unresolved() -> None:
    resource = one("deployment-kubernetes.yml")
    assert resource.body["properties"]["model"] == "azureml:churn-model:3"
    file = DATA.parent / "real" / "yaml" / "blue-deployment.yml"
    (inline,) = MlYamlReader().read([file], file.parent, ReadOptions()).resources
    assert inline.body["properties"]["model"] == Unresolved(
        "model", "an inline model is registered by the CLI at deployment"
    )


def test_non_resource_yaml_is_skipped_quietly() -> None:
    result = read("job.yml", "promptflow-connection.yml")
    assert result.resources == ()
    assert result.problems == ()
    assert result.skipped == ("job.yml", "promptflow-connection.yml")


def test_claims_only_yaml_naming_an_azure_ml_schema() -> None:
    reader = MlYamlReader()
    endpoint = (DATA / "endpoint-key.yml").read_text(encoding="utf-8")
    assert reader.claims(Path("endpoint.yml"), endpoint)
    assert reader.claims(Path("endpoint.yaml"), endpoint)
    assert not reader.claims(Path("endpoint.json"), endpoint)
    assert not reader.claims(Path("ci.yml"), "name: build\non: [push]\n")


def test_malformed_yaml_is_a_problem_with_its_line() -> None:
    result = read("malformed.yml", "endpoint-key.yml")
    assert [r.body["name"] for r in result.resources] == ["ep-key"]
    assert result.problems == (
        FileProblem(
            "malformed.yml",
            4,
            "MalformedYaml",
            "YAML cannot be read (did not find expected ',' or ']'); fix it",
        ),
    )


def test_suppressions_anywhere_in_the_file_need_a_reason() -> None:
    result = read("suppressed.yml")
    (resource,) = result.resources
    assert resource.suppressions == (
        InlineSuppression("AML101", "demo endpoint, deleted every night", 2),
        InlineSuppression("AML204", "demo endpoint, deleted every night", 2),
    )
    assert [(p.code, p.line) for p in result.problems] == [("SuppressionWithoutReason", 4)]


def test_not_utf8_is_a_problem(tmp_path: Path) -> None:
    file = tmp_path / "bad.yml"
    file.write_bytes(b"$schema: https://azuremlschemas.azureedge.net/latest/x\n\xff\xfe")
    result = MlYamlReader().read([file], tmp_path, ReadOptions())
    assert [p.code for p in result.problems] == ["FileUnreadable"]
