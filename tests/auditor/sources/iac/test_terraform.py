"""The Terraform reader's semantics, one behaviour per test: expression evaluation, variable
precedence, plans, claims, bad input and secrets."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from auditor.sources.iac.model import ReadOptions, ReadResult, TemplateResource, Unresolved
from auditor.sources.iac.terraform import TerraformReader

WS = "Microsoft.MachineLearningServices/workspaces"


def read(folder: Path, *names: str, parameters: tuple[Path, ...] = ()) -> ReadResult:
    files = [folder / n for n in names] if names else sorted(folder.rglob("*.tf*"))
    return TerraformReader().read(files, folder, ReadOptions(parameters=parameters))


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def only(result: ReadResult) -> TemplateResource:
    assert len(result.resources) == 1, result
    return result.resources[0]


def tags_of(tmp_path: Path, expression: str, prelude: str = "") -> Any:
    """The value `expression` evaluates to, read back from a key vault's tags."""
    write(
        tmp_path,
        "main.tf",
        f"""{prelude}
resource "azurerm_key_vault" "kv" {{
  name                = "kv"
  resource_group_name = "rg"
  tags                = {{ value = {expression} }}
}}
""",
    )
    return only(read(tmp_path)).body["tags"]["value"]


@pytest.mark.parametrize(
    ("expression", "value"),
    [
        ('lower("ABC")', "abc"),
        ('upper("abc")', "ABC"),
        ('format("%s-%d-%%", "a", 3)', "a-3-%"),
        ("concat([1], [2, 3])", [1, 2, 3]),
        ("merge({ a = 1 }, { b = 2 }, { a = 3 })", {"a": 3, "b": 2}),
        ('lookup({ a = "x" }, "b", "fallback")', "fallback"),
        ('coalesce(null, "", "first")', "first"),
        ("tostring(5)", "5"),
        ('tobool("true")', True),
        ("1 + 2 * 3", 7),
        ("10 / 4", 2.5),
        ("!false && 2 >= 2", True),
        ('"a" == "b" ? "yes" : "no"', "no"),
        ('"tab\\there ${1 + 1}"', "tab\there 2"),
        ('"$${not_interpolated}"', "${not_interpolated}"),
        ("jsonencode({ a = [true] })", '{"a":[true]}'),
        ('join(",", ["a", "b"])', "a,b"),
        ("length([1, 2])", 2),
        ("-3", -3),
        ('[for s in ["a", "", "b"] : upper(s) if s != ""]', ["A", "B"]),
        ('try({ a = 1 }.b, "fallback")', "fallback"),
        ("try(local.nothing, null)", None),
        ("can({ a = 1 }.a)", True),
        ("can([1][3])", False),
        ('{ for i, s in ["x", "y"] : s => i }', {"x": 0, "y": 1}),
        ("{ for k, v in { a = 1, b = 2, c = 1 } : v => k... }", {"1": ["a", "c"], "2": ["b"]}),
    ],
)
def test_static_expressions_evaluate(tmp_path: Path, expression: str, value: Any) -> None:
    assert tags_of(tmp_path, expression) == value


def test_heredoc_is_a_string(tmp_path: Path) -> None:
    assert tags_of(tmp_path, "<<-EOT\n    one\n      two\n    EOT\n") == "one\n  two\n"


@pytest.mark.parametrize(
    ("expression", "reason"),
    [
        ("timestamp()", "timestamp() is not evaluated statically"),
        ("var.missing", "variable 'missing' is not declared"),
        ("local.nothing", "local value 'nothing' is not defined"),
        (
            "data.azurerm_client_config.me.tenant_id",
            "data.azurerm_client_config.me is not declared",
        ),
        ("[for x in var.missing : x]", "variable 'missing' is not declared"),
        ('try(timestamp(), "x")', "timestamp() is not evaluated statically"),
        ("a.*.b", "this kind of expression (attr_splat_expr_term) is not evaluated statically"),
        ('"%{if true}x%{endif}"', "template directives are not evaluated"),
        (
            "azurerm_key_vault.kv.vault_uri_2",
            "azurerm_key_vault.kv.vault_uri_2 is known only after apply (the provider computes it)",
        ),
    ],
)
def test_what_cannot_be_known_is_unresolved_with_its_expression(
    tmp_path: Path, expression: str, reason: str
) -> None:
    value = tags_of(tmp_path, expression)
    assert value == Unresolved(value.expression, reason)
    assert value.expression.replace(" ", "") == expression.replace(" ", "")


def test_an_unknown_part_makes_the_whole_string_unknown(tmp_path: Path) -> None:
    value = tags_of(tmp_path, '"${var.prefix}-ws"', 'variable "prefix" {}')
    assert value == Unresolved(
        '"${var.prefix}-ws"', "variable 'prefix' has no default value and no .tfvars file sets it"
    )


def test_an_unknown_condition_with_equal_branches_is_known(tmp_path: Path) -> None:
    assert tags_of(tmp_path, 'var.x ? "same" : "same"', 'variable "x" {}') == "same"


def test_a_local_that_refers_to_itself_is_unresolved_not_a_crash(tmp_path: Path) -> None:
    value = tags_of(tmp_path, "local.a", "locals {\n  a = local.b\n  b = local.a\n}")
    assert isinstance(value, Unresolved)
    assert value.reason == "it refers to itself"


def test_variables_take_defaults_then_tfvars_then_auto_tfvars_then_parameters(
    tmp_path: Path,
) -> None:
    main = write(
        tmp_path,
        "main.tf",
        """
variable "a" { default = "default" }
variable "b" { default = "default" }
variable "c" { default = "default" }
variable "d" { default = "default" }
resource "azurerm_key_vault" "kv" {
  name = "kv"
  tags = { a = var.a, b = var.b, c = var.c, d = var.d }
}
""",
    )
    write(tmp_path, "terraform.tfvars", 'b = "tfvars"\nc = "tfvars"\nd = "tfvars"\n')
    write(tmp_path, "z.auto.tfvars.json", json.dumps({"c": "auto", "d": "auto"}))
    chosen = write(tmp_path, "prod.tfvars", 'd = "parameters"\n')
    result = TerraformReader().read([main], tmp_path, ReadOptions(parameters=(chosen,)))
    assert only(result).body["tags"] == {
        "a": "default",
        "b": "tfvars",
        "c": "auto",
        "d": "parameters",
    }


def test_a_count_nothing_decides_is_judged_once_with_its_condition(tmp_path: Path) -> None:
    write(
        tmp_path,
        "main.tf",
        """
variable "on" { type = bool }
resource "azurerm_key_vault" "kv" {
  count = var.on ? 1 : 0
  name  = "kv-${count.index}"
}
""",
    )
    resource = only(read(tmp_path))
    assert resource.condition == "count = var.on ? 1 : 0"
    assert resource.body["name"] == Unresolved(
        '"kv-${count.index}"',
        "its condition is unknown: variable 'on' has no default value and no .tfvars file sets it",
    )
    assert resource.id == 'Microsoft.KeyVault/vaults/"kv-${count.index}"'


def test_references_to_counted_instances_pick_the_instance(tmp_path: Path) -> None:
    write(
        tmp_path,
        "main.tf",
        """
resource "azurerm_key_vault" "kv" {
  count               = 2
  name                = "kv${count.index}"
  resource_group_name = "rg"
}
resource "azurerm_key_vault_secret" "s" {
  name         = "s"
  key_vault_id = azurerm_key_vault.kv[1].id
}
""",
    )
    ids = sorted(r.id for r in read(tmp_path).resources)
    prefix = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers"
    assert ids == [
        f"{prefix}/Microsoft.KeyVault/vaults/kv0",
        f"{prefix}/Microsoft.KeyVault/vaults/kv1",
        f"{prefix}/Microsoft.KeyVault/vaults/kv1/secrets/s",
    ]


def test_secret_values_never_reach_a_body(tmp_path: Path) -> None:
    write(
        tmp_path,
        "main.tf",
        """
resource "azurerm_key_vault_secret" "s" {
  name         = "s"
  key_vault_id = "/subscriptions/x/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv"
  value        = "hunter2-secret-value"
}
resource "azurerm_machine_learning_datastore_blobstorage" "d" {
  name                    = "d"
  workspace_id            = "/w"
  storage_container_id    = "/c"
  account_key             = "c2VjcmV0LWFjY291bnQta2V5"
  shared_access_signature = "sv=2022&sig=abc"
}
""",
    )
    dumped = json.dumps([r.body for r in read(tmp_path).resources], default=str)
    for secret in ("hunter2", "c2VjcmV0", "sig=abc"):
        assert secret not in dumped


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ('resource "azurerm_key_vault" "kv" {\n  name = \n}\n', 2),
        ('resource "azurerm_key_vault" "kv" {\n  name = "kv"\n', None),
        ("\x00\x01\x02", 1),
        ('locals {\n  a = "unterminated\n}\n', 2),
        ("a = " + "[" * 3000 + "]" * 3000 + "\n", None),
    ],
    ids=["missing value", "unclosed block", "binary", "unterminated string", "deep nesting"],
)
def test_malformed_hcl_is_a_file_problem_never_a_traceback(
    tmp_path: Path, text: str, line: int | None
) -> None:
    write(tmp_path, "bad.tf", text)
    write(tmp_path, "good.tf", 'resource "azurerm_key_vault" "kv2" {\n  name = "kv2"\n}\n')
    result = read(tmp_path)
    assert [r.body["name"] for r in result.resources] == ["kv2"]
    (problem,) = result.problems
    assert (problem.path, problem.code) == ("bad.tf", "HclSyntaxError")
    if line is not None:
        assert problem.line == line
    assert "\n" not in problem.message


def test_a_file_that_is_not_utf8_is_a_problem(tmp_path: Path) -> None:
    (tmp_path / "latin.tf").write_bytes(b'locals { a = "caf\xe9" }\n')
    (problem,) = read(tmp_path).problems
    assert (problem.code, problem.message) == (
        "UnreadableFile",
        "cannot read latin.tf: it is not UTF-8 text",
    )


@pytest.mark.parametrize(
    ("name", "head", "claimed"),
    [
        ("main.tf", "", True),
        ("prod.tfvars", "", True),
        ("x.auto.tfvars.json", "{}", True),
        (
            "plan.json",
            '{"format_version":"1.2","terraform_version":"1.9.0","planned_values":{',
            True,
        ),
        ("azuredeploy.json", '{"$schema": "https://schema.management.azure.com/"', False),
        ("main.bicep", "", False),
        ("README.md", "", False),
    ],
)
def test_claims(name: str, head: str, claimed: bool) -> None:
    assert TerraformReader().claims(Path(name), head) is claimed


def test_local_modules_that_call_each_other_do_not_loop(tmp_path: Path) -> None:
    write(tmp_path, "a/main.tf", 'module "b" {\n  source = "../b"\n}\n')
    write(
        tmp_path,
        "b/main.tf",
        'module "a" {\n  source = "../a"\n}\n'
        'resource "azurerm_key_vault" "kv" {\n  name = "kv"\n}\n',
    )
    result = read(tmp_path)
    assert [r.body["name"] for r in result.resources] == ["kv"]


PLAN = {
    "format_version": "1.2",
    "terraform_version": "1.9.5",
    "planned_values": {
        "root_module": {
            "resources": [
                {
                    "address": "azurerm_key_vault.kv",
                    "mode": "managed",
                    "type": "azurerm_key_vault",
                    "name": "kv",
                    "values": {
                        "name": "kv-plan",
                        "location": "westeurope",
                        "resource_group_name": "rg-plan",
                        "purge_protection_enabled": False,
                        "public_network_access_enabled": True,
                        "soft_delete_retention_days": 90,
                        "network_acls": [],
                        "tags": None,
                    },
                }
            ],
            "child_modules": [
                {
                    "address": "module.ml",
                    "resources": [
                        {
                            "address": "module.ml.azurerm_machine_learning_workspace.ws",
                            "mode": "managed",
                            "type": "azurerm_machine_learning_workspace",
                            "name": "ws",
                            "values": {
                                "name": "mlw-plan",
                                "location": "westeurope",
                                "resource_group_name": "rg-plan",
                                "public_network_access_enabled": False,
                                "identity": [{"type": "SystemAssigned", "identity_ids": None}],
                                "encryption": [],
                            },
                        }
                    ],
                }
            ],
        }
    },
    "resource_changes": [
        {
            "address": "module.ml.azurerm_machine_learning_workspace.ws",
            "change": {
                "after_unknown": {"key_vault_id": True, "identity": [{"principal_id": True}]}
            },
        }
    ],
}


def test_a_plan_is_mapped_through_the_same_tables(tmp_path: Path) -> None:
    path = write(tmp_path, "tfplan.json", json.dumps(PLAN, indent=2))
    result = TerraformReader().read([path], tmp_path, ReadOptions())
    vault, workspace = sorted(result.resources, key=lambda r: r.type)
    assert vault.body["properties"] == {
        "enablePurgeProtection": False,
        "softDeleteRetentionInDays": 90,
        "publicNetworkAccess": "Enabled",
    }
    assert workspace.id.endswith("/resourceGroups/rg-plan/providers/" + WS + "/mlw-plan")
    assert workspace.body["properties"]["publicNetworkAccess"] == "Disabled"
    assert workspace.body["properties"]["keyVault"] == Unresolved(
        "module.ml.azurerm_machine_learning_workspace.ws.key_vault_id",
        "known only after apply (the provider computes it)",
    )
    assert workspace.body["identity"] == {"type": "SystemAssigned"}
    text = path.read_text().splitlines()
    assert '"address": "azurerm_key_vault.kv"' in text[vault.block.start_line - 1]
    assert vault.path == "tfplan.json"


def test_a_plan_reference_to_a_planned_resource_gets_its_id(tmp_path: Path) -> None:
    plan = json.loads(json.dumps(PLAN))
    workspace = plan["planned_values"]["root_module"]["child_modules"][0]["resources"][0]
    workspace["address"] = "azurerm_machine_learning_workspace.ws"
    plan["resource_changes"][0]["address"] = "azurerm_machine_learning_workspace.ws"
    plan["planned_values"]["root_module"]["resources"].append(workspace)
    plan["planned_values"]["root_module"]["child_modules"] = []
    plan["configuration"] = {
        "root_module": {
            "resources": [
                {
                    "address": "azurerm_machine_learning_workspace.ws",
                    "expressions": {
                        "key_vault_id": {
                            "references": ["azurerm_key_vault.kv.id", "azurerm_key_vault.kv"]
                        }
                    },
                }
            ]
        }
    }
    path = write(tmp_path, "plan.json", json.dumps(plan))
    result = TerraformReader().read([path], tmp_path, ReadOptions())
    vault, workspace_resource = sorted(result.resources, key=lambda r: r.type)
    assert workspace_resource.body["properties"]["keyVault"] == vault.id


def test_a_broken_plan_is_a_problem(tmp_path: Path) -> None:
    path = write(tmp_path, "plan.json", '{"format_version": "1.2",\n "planned_values": [\n')
    (problem,) = TerraformReader().read([path], tmp_path, ReadOptions()).problems
    assert (problem.path, problem.line, problem.code) == ("plan.json", 3, "MalformedJson")


def test_an_install_that_cannot_keep_the_grammar_cache_keeps_it_in_the_user_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hcl2 import parser as hcl2_parser

    from auditor.sources.iac.terraform import syntax

    monkeypatch.setattr(hcl2_parser, "PARSER_FILE", tmp_path / "site" / ".lark_cache.bin")
    monkeypatch.setattr(syntax.os, "access", lambda *_: False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    syntax._parser.cache_clear()
    try:
        parsed = syntax.parse("main.tf", 'locals {\n  a = "b"\n}\n')
    finally:
        syntax._parser.cache_clear()
    assert list(parsed.body.blocks[0].attributes) == ["a"]
    assert (tmp_path / "cache" / "aml-audit" / "hcl2-grammar.lark").is_file()
    assert not (tmp_path / "site").exists()


def test_override_files_merge_into_the_blocks_they_name(tmp_path: Path) -> None:
    write(
        tmp_path,
        "main.tf",
        """
resource "azurerm_key_vault" "kv" {
  name                     = "kv"
  resource_group_name      = "rg"
  purge_protection_enabled = false
  network_acls {
    default_action = "Allow"
    bypass         = "None"
  }
}
""",
    )
    write(
        tmp_path,
        "prod_override.tf",
        """
resource "azurerm_key_vault" "kv" {
  purge_protection_enabled = true
  network_acls {
    default_action = "Deny"
    bypass         = "AzureServices"
  }
}
""",
    )
    vault = only(read(tmp_path))
    assert vault.body["properties"]["enablePurgeProtection"] is True
    assert vault.body["properties"]["networkAcls"] == {
        "defaultAction": "Deny",
        "bypass": "AzureServices",
    }
    assert (vault.path, vault.block.start_line) == ("main.tf", 2)
    # The override file's lines are not main.tf's: those properties point at the block.
    assert "properties.enablepurgeprotection" not in vault.positions
    assert "properties.networkacls" not in vault.positions
    assert vault.positions["name"].start_line == 3


def test_terraforms_own_working_folder_is_not_claimed() -> None:
    assert not TerraformReader().claims(Path("infra/.terraform/modules/ml/main.tf"), "")


def test_an_unknown_name_with_a_slash_stays_one_segment_of_its_id(tmp_path: Path) -> None:
    from auditor.inventory import arm

    write(
        tmp_path,
        "main.tf",
        """
variable "team" {}
resource "azurerm_key_vault" "kv" {
  name                = "${var.team}/kv"
  resource_group_name = "rg"
}
""",
    )
    vault = only(read(tmp_path))
    assert vault.id == 'Microsoft.KeyVault/vaults/"${var.team}%2Fkv"'
    assert arm.name_of(vault.id) == '"${var.team}%2Fkv"'


def test_a_module_named_only_in_a_comment_is_still_read(tmp_path: Path) -> None:
    """Local calls are found in the text to order the reading; a folder named only in a comment
    (no module reads it) is still read on its own."""
    write(tmp_path, "a/main.tf", '# module "x" {\n#   source = "../b"\n# }\n')
    write(tmp_path, "b/main.tf", 'resource "azurerm_key_vault" "kv" {\n  name = "kv-b"\n}\n')
    assert [r.body["name"] for r in read(tmp_path).resources] == ["kv-b"]


def test_parameters_of_another_format_are_not_taken_for_tfvars(tmp_path: Path) -> None:
    main = write(
        tmp_path,
        "main.tf",
        'variable "parameters" { default = "kept" }\n'
        'resource "azurerm_key_vault" "kv" {\n  name = var.parameters\n}\n',
    )
    arm = write(tmp_path, "main.parameters.json", json.dumps({"parameters": {"a": {"value": 1}}}))
    result = TerraformReader().read([main], tmp_path, ReadOptions(parameters=(arm,)))
    assert only(result).body["name"] == "kept"


def test_variables_take_their_declared_primitive_type(tmp_path: Path) -> None:
    """As Terraform converts them: a .tfvars "false" for a bool variable is false."""
    write(
        tmp_path,
        "main.tf",
        """
variable "purge" { type = bool }
variable "days" { type = number }
variable "label" { type = string }
resource "azurerm_key_vault" "kv" {
  name                       = "kv"
  purge_protection_enabled   = var.purge
  soft_delete_retention_days = var.days
  tags                       = { label = var.label }
}
""",
    )
    write(tmp_path, "terraform.tfvars", 'purge = "true"\ndays = "30"\nlabel = 7\n')
    vault = only(read(tmp_path, "main.tf"))
    assert vault.body["properties"]["enablePurgeProtection"] is True
    assert vault.body["properties"]["softDeleteRetentionInDays"] == 30
    assert vault.body["tags"] == {"label": "7"}


KV = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv"


def test_dynamic_blocks_follow_their_for_each(tmp_path: Path) -> None:
    write(
        tmp_path,
        "main.tf",
        """
variable "cmk" {
  default = { vault = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv" }
}
variable "none" { default = [] }
variable "unknown" {}
resource "azurerm_machine_learning_workspace" "known" {
  name = "known"
  dynamic "encryption" {
    for_each = [var.cmk]
    content {
      key_vault_id = encryption.value.vault
      key_id       = "https://kv.vault.azure.net/keys/cmk"
    }
  }
}
resource "azurerm_machine_learning_workspace" "empty" {
  name = "empty"
  dynamic "encryption" {
    for_each = var.none
    content {
      key_vault_id = "/never"
      key_id       = "https://never"
    }
  }
}
resource "azurerm_machine_learning_workspace" "unknown" {
  name = "unknown"
  dynamic "encryption" {
    for_each = var.unknown
    iterator = cmk
    content {
      key_vault_id = cmk.value.vault
      key_id       = "https://kv.vault.azure.net/keys/cmk"
    }
  }
}
""",
    )
    by_name = {r.body["name"]: r.body["properties"] for r in read(tmp_path).resources}
    assert by_name["known"]["encryption"] == {
        "status": "Enabled",
        "keyVaultProperties": {
            "keyVaultArmId": KV,
            "keyIdentifier": "https://kv.vault.azure.net/keys/cmk",
        },
    }
    assert "encryption" not in by_name["empty"]
    doubt = Unresolved(
        "dynamic 'encryption'",
        "whether it is written is unknown: variable 'unknown' has no default value and no "
        ".tfvars file sets it",
    )
    assert by_name["unknown"]["encryption"] == {
        "status": doubt,
        "keyVaultProperties": {"keyVaultArmId": doubt, "keyIdentifier": doubt},
    }


def test_an_older_providers_spelling_is_not_overwritten_by_the_new_ones_default(
    tmp_path: Path,
) -> None:
    write(
        tmp_path,
        "main.tf",
        """
resource "azurerm_storage_account" "old" {
  name                      = "stold"
  enable_https_traffic_only = false
  allow_blob_public_access  = false
}
""",
    )
    properties = only(read(tmp_path)).body["properties"]
    assert properties["supportsHttpsTrafficOnly"] is False
    assert properties["allowBlobPublicAccess"] is False
