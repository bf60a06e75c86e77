"""The Bicep reader on small files written from the Bicep resource reference (each file cites
its page): exact ids, bodies, lines, conditions, suppressions and problems."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from auditor.sources.iac.bicep.reader import BicepReader
from auditor.sources.iac.model import (
    FileProblem,
    ReadOptions,
    ReadResult,
    Span,
    TemplateResource,
    Unresolved,
    template_id,
)
from tests.conftest import TEST_DATA

DATA = TEST_DATA / "iac" / "bicep"
ML = "Microsoft.MachineLearningServices/workspaces"


def read(*names: str, parameters: tuple[Path, ...] = ()) -> ReadResult:
    files = [DATA / name for name in names]
    return BicepReader().read(files, DATA, ReadOptions(parameters=parameters))


def by_id(result: ReadResult) -> dict[str, TemplateResource]:
    return {resource.id: resource for resource in result.resources}


def at(body: Any, dotted: str) -> Any:
    for part in dotted.split("."):
        body = body[part]
    return body


def test_claims_bicep_and_bicepparam_only() -> None:
    reader = BicepReader()
    assert reader.claims(Path("main.bicep"), "")
    assert reader.claims(Path("main.bicepparam"), "")
    assert not reader.claims(Path("main.json"), "")
    assert not reader.claims(Path("main.tf"), "")


def test_endpoints_ids_values_and_lines() -> None:
    resources = by_id(read("endpoints.bicep"))
    key = resources[template_id(f"{ML}/onlineEndpoints", ["mlw-prod", "ep-key"])]
    assert key.path == "endpoints.bicep"
    assert key.type == f"{ML}/onlineEndpoints"
    assert key.block == Span(13, 24)
    assert key.body["name"] == "ep-key"
    assert at(key.body, "properties.authMode") == "Key"
    assert key.positions["properties.authmode"] == Span(21, 21)
    assert key.positions["identity.type"] == Span(18, 18)
    assert "parent" not in key.body
    entra = resources[template_id(f"{ML}/onlineEndpoints", ["mlw-prod", "ep-entra"])]
    # a parameter's default flows in; the line is where the resource sets it
    assert at(entra.body, "properties.publicNetworkAccess") == "Disabled"
    assert entra.positions["properties.publicnetworkaccess"] == Span(32, 32)
    # a full 'workspace/child' name with interpolation and a function
    batch = resources[template_id(f"{ML}/batchEndpoints", ["mlw-prod", "batch-score"])]
    assert batch.body["name"] == "batch-score"


def test_a_parameter_without_default_is_unresolved_never_guessed() -> None:
    resources = by_id(read("endpoints.bicep"))
    unknown = resources[template_id(f"{ML}/onlineEndpoints", ["mlw-prod", "ep-unknown"])]
    assert at(unknown.body, "properties.authMode") == Unresolved(
        "callerAuthMode", "parameter 'callerAuthMode' has no default value"
    )
    assert unknown.positions["properties.authmode"] == Span(41, 41)


def test_existing_resources_are_referenced_not_emitted() -> None:
    result = read("workspace.bicep")
    resources = by_id(result)
    storage_id = template_id("Microsoft.Storage/storageAccounts", ["stdemo"], "shared-rg")
    vault_id = template_id("Microsoft.KeyVault/vaults", ["kv-demo"])
    workspace = resources[template_id(ML, ["mlw-demo"])]
    assert at(workspace.body, "properties.keyVault") == vault_id  # kv.id: the vault in the file
    assert at(workspace.body, "properties.storageAccount") == storage_id  # scope: resourceGroup()
    assert storage_id not in resources  # existing: its body is not in the files
    assert at(workspace.body, "properties.managedNetwork.isolationMode") == (
        "AllowOnlyApprovedOutbound"
    )
    assert at(workspace.body, "properties.encryption.keyVaultProperties.keyVaultArmId") == vault_id
    key_uri = at(workspace.body, "properties.encryption.keyVaultProperties.keyIdentifier")
    assert isinstance(key_uri, Unresolved)  # a deployed resource's runtime property
    assert key_uri.expression == "vault::cmk.properties.keyUriWithVersion"
    assert workspace.body["location"] == Unresolved(
        "resourceGroup().location", "the resource group is chosen at deployment"
    )


def test_nested_child_resources_get_their_parents_type_and_name() -> None:
    resources = by_id(read("workspace.bicep"))
    key = resources[template_id("Microsoft.KeyVault/vaults/keys", ["kv-demo", "cmk"])]
    assert key.type == "Microsoft.KeyVault/vaults/keys"
    assert key.block == Span(34, 39)
    vault = resources[template_id("Microsoft.KeyVault/vaults", ["kv-demo"])]
    assert at(vault.body, "properties.enablePurgeProtection") is False
    assert vault.positions["properties.enablepurgeprotection"] == Span(30, 30)
    assert "cmk" not in vault.body  # the nested declaration is a resource, not a property


def test_loops_expand_known_collections_and_record_unknown_ones() -> None:
    resources = by_id(read("loops.bicep"))
    cpu = resources[template_id(f"{ML}/computes", ["mlw-loops", "cpu"])]
    gpu = resources[template_id(f"{ML}/computes", ["mlw-loops", "gpu"])]
    assert at(cpu.body, "properties.properties.vmSize") == "Standard_DS3_v2"
    assert at(gpu.body, "properties.properties.vmSize") == "Standard_NC6s_v3"
    assert cpu.condition is None
    assert cpu.positions["properties.properties.remoteloginportpublicaccess"] == Span(25, 25)
    # the loop variable stands in the id; the parent is known, so it stays under its workspace
    unknown = resources[template_id(f"{ML}/computes", ["mlw-loops", "name"])]
    assert unknown.body["name"] == Unresolved("name", "a loop over extraClusters")
    assert unknown.condition == (
        "for each item of extraClusters (parameter 'extraClusters' has no default value)"
    )
    assert at(unknown.body, "properties.properties.remoteLoginPortPublicAccess") == "Disabled"


def test_conditions_false_deploys_nothing_unknown_is_recorded() -> None:
    resources = by_id(read("loops.bicep"))
    instance = resources[template_id(f"{ML}/computes", ["mlw-loops", "ci-dev"])]
    assert instance.condition == (
        "if (deployInstance) (parameter 'deployInstance' has no default value)"
    )
    assert template_id(f"{ML}/computes", ["mlw-loops", "legacy"]) not in resources


def test_local_modules_get_their_params_and_keep_their_file() -> None:
    result = read("modules_main.bicep")
    resources = by_id(result)
    endpoint = resources[template_id(f"{ML}/onlineEndpoints", ["mlw-mod", "ep-mod"])]
    assert endpoint.path == "modules/endpoint.bicep"
    assert endpoint.block == Span(4, 10)
    assert at(endpoint.body, "properties.authMode") == "AMLToken"  # the caller's param
    assert endpoint.positions["properties.authmode"] == Span(8, 8)
    # a module's output used in a name
    deployment_id = template_id(f"{ML}/onlineEndpoints/deployments", ["mlw-mod", "ep-mod", "blue"])
    deployment = resources[deployment_id]
    assert at(deployment.body, "properties.environmentVariables.LOG_LEVEL") == "info"
    assert deployment.positions["properties.environmentvariables.scoring_api_key"] == Span(34, 34)


def test_registry_and_missing_modules_are_problems_with_their_line() -> None:
    problems = {(p.code, p.line) for p in read("modules_main.bicep").problems}
    assert problems == {("RegistryModule", 12), ("ModuleNotFound", 19)}


def test_a_module_file_is_read_through_its_caller_only() -> None:
    # linted together, the module is not read a second time with its own defaults (Key)
    result = read("modules_main.bicep", "modules/endpoint.bicep")
    endpoints = [r for r in result.resources if r.type == f"{ML}/onlineEndpoints"]
    assert [at(r.body, "properties.authMode") for r in endpoints] == ["AMLToken"]


def test_a_syntax_error_loses_only_its_declaration() -> None:
    result = read("syntax_and_suppressions.bicep")
    names = {r.body["name"] for r in result.resources}
    assert names == {"ep-kept", "ep-no-reason"}
    syntax = [p for p in result.problems if p.code == "BicepSyntaxError"]
    assert [(p.path, p.line) for p in syntax] == [("syntax_and_suppressions.bicep", 10)]
    assert "...base" in syntax[0].message


def test_inline_suppressions_need_a_reason() -> None:
    result = read("syntax_and_suppressions.bicep")
    kept = next(r for r in result.resources if r.body["name"] == "ep-kept")
    assert [(s.rule_id, s.reason, s.line) for s in kept.suppressions] == [
        ("AML101", "scored only by the batch job inside the VNet", 14)
    ]
    no_reason = next(r for r in result.resources if r.body["name"] == "ep-no-reason")
    assert no_reason.suppressions == ()
    assert (
        FileProblem(
            "syntax_and_suppressions.bicep",
            23,
            "SuppressionWithoutReason",
            "an aml-audit:ignore comment needs a rule id and a reason, e.g. '// aml-audit:ignore "
            "AML201 reached only through the corporate VPN'; it is not applied",
        )
        in result.problems
    )


def test_a_bicepparam_file_gives_its_values_to_the_file_it_uses() -> None:
    with_params = by_id(read("params/main.bicep", "params/main.bicepparam"))
    vault = with_params[template_id("Microsoft.KeyVault/vaults", ["kv-from-params"])]
    assert at(vault.body, "properties.enablePurgeProtection") is True
    without = read("params/main.bicep").resources
    assert [r.id for r in without] == ["Microsoft.KeyVault/vaults/vaultName"]
    assert at(without[0].body, "properties.enablePurgeProtection") is False


def test_bicepparam_given_with_parameters_option() -> None:
    result = read("params/main.bicep", parameters=(DATA / "params" / "main.bicepparam",))
    assert [r.body["name"] for r in result.resources] == ["kv-from-params"]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("'a${1}b'", "a1b"),
        ("concat('a', 'b')", "ab"),
        ("format('{0}-{1}', 'x', 2)", "x-2"),
        ("toLower('ABC')", "abc"),
        ("1 + 2 * 3", 7),
        ("!(1 == 2) && true", True),
        ("'a' =~ 'A'", True),
        ("null ?? 'fallback'", "fallback"),
        ("{ a: 1 }.?b ?? 'none'", "none"),
        ("[for i in range(0, 3): i * 2]", [0, 2, 4]),
        ("length([1, 2])", 2),
        ("empty('')", True),
        ("union({ a: 1 }, { b: 2 })", {"a": 1, "b": 2}),
        ("'''\nline\n'''", "line\n"),
        ("'it\\'s'", "it's"),
        ("true ? 'yes' : 'no'", "yes"),
        (
            "resourceId('Microsoft.KeyVault/vaults', 'kv')",
            template_id("Microsoft.KeyVault/vaults", ["kv"]),
        ),
    ],
)
def test_expressions_evaluate_statically(tmp_path: Path, source: str, expected: Any) -> None:
    file = tmp_path / "expr.bicep"
    file.write_text(
        f"var value = {source}\n"
        "resource r 'Microsoft.KeyVault/vaults@2023-07-01' = {\n"
        "  name: 'kv'\n"
        "  properties: {\n"
        "    tenantId: value\n"
        "  }\n"
        "}\n",
        encoding="utf-8",
    )
    (resource,) = BicepReader().read([file], tmp_path, ReadOptions()).resources
    assert resource.body["properties"]["tenantId"] == expected


@pytest.mark.parametrize(
    "source",
    [
        "uniqueString(resourceGroup().id)",
        "utcNow()",
        "listKeys('x', '2023-01-01').keys[0].value",
        "newGuid()",
        "subscription().subscriptionId",
        "environment().name",
    ],
)
def test_deployment_time_values_are_unresolved(tmp_path: Path, source: str) -> None:
    file = tmp_path / "expr.bicep"
    file.write_text(
        f"resource r 'Microsoft.KeyVault/vaults@2023-07-01' = {{\n  name: 'kv'\n"
        f"  properties: {{\n    tenantId: {source}\n  }}\n}}\n",
        encoding="utf-8",
    )
    (resource,) = BicepReader().read([file], tmp_path, ReadOptions()).resources
    value = resource.body["properties"]["tenantId"]
    assert isinstance(value, Unresolved)
    assert value.expression == source


def test_a_module_that_calls_itself_stops_with_a_problem(tmp_path: Path) -> None:
    file = tmp_path / "self.bicep"
    file.write_text("module again './self.bicep' = {\n  name: 'again'\n}\n", encoding="utf-8")
    result = BicepReader().read([file], tmp_path, ReadOptions())
    assert {p.code for p in result.problems} == {"ModuleTooDeep"}


def test_an_unreadable_or_binary_file_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    file = tmp_path / "junk.bicep"
    file.write_bytes(b"\x00\xff\xfe resource {{{{ ]]]")
    result = BicepReader().read([file], tmp_path, ReadOptions())
    assert result.resources == ()
    assert {p.code for p in result.problems} == {"BicepSyntaxError"}


def test_newer_statements_the_grammar_lacks_do_not_stop_the_file(tmp_path: Path) -> None:
    file = tmp_path / "ext.bicep"
    file.write_text(
        "extension microsoftGraphV1\n"
        "resource kv 'Microsoft.KeyVault/vaults@2023-07-01' = {\n  name: 'kv'\n}\n",
        encoding="utf-8",
    )
    result = BicepReader().read([file], tmp_path, ReadOptions())
    assert [r.body["name"] for r in result.resources] == ["kv"]
    assert result.problems == ()


def test_reading_is_fast() -> None:
    # CPU time, not wall: other work shares the machine. One small file parses in well under
    # the 0.3 s per file including start-up.
    start = time.process_time()
    read("workspace.bicep", "endpoints.bicep", "loops.bicep")
    assert time.process_time() - start < 0.5


def test_a_module_scoped_to_a_resource_group_declared_in_the_files(tmp_path: Path) -> None:
    (tmp_path / "main.bicep").write_text(
        "targetScope = 'subscription'\n"
        "resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {\n"
        "  name: 'rg-ml'\n  location: 'westeurope'\n}\n"
        "module ml './ml.bicep' = {\n  name: 'ml'\n  scope: rg\n"
        "  params: {\n    name: 'mlw-sub'\n  }\n}\n",
        encoding="utf-8",
    )
    (tmp_path / "ml.bicep").write_text(
        "param name string\n"
        "resource ws 'Microsoft.MachineLearningServices/workspaces@2024-10-01' = {\n"
        "  name: name\n}\n",
        encoding="utf-8",
    )
    files = [tmp_path / "main.bicep", tmp_path / "ml.bicep"]
    result = BicepReader().read(files, tmp_path, ReadOptions())
    assert [r.id for r in result.resources] == [
        "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-ml",
        template_id(ML, ["mlw-sub"], "rg-ml"),
    ]
