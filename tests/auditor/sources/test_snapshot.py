"""The snapshot source: every accepted shape, case-insensitive ids and types, and a one-line
error naming the file and the problem for every malformed input."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from auditor.inventory import arm
from auditor.inventory.inventory import Inventory, LookupState
from auditor.inventory.resources import Gap, Location
from auditor.sources.interface import SourceError
from auditor.sources.snapshot import SnapshotSource, write_snapshot
from tests.conftest import TEST_DATA, run_cli

SUB = "/subscriptions/00000000-0000-0000-0000-000000000001"
RG = f"{SUB}/resourceGroups/rg"
WS_TYPE = "Microsoft.MachineLearningServices/workspaces"
WS = f"{RG}/providers/{WS_TYPE}/ws1"
EP = f"{WS}/onlineEndpoints/score"
VAULT = f"{RG}/providers/Microsoft.KeyVault/vaults/kv1"

WORKSPACE = {"id": WS, "name": "ws1", "type": WS_TYPE, "properties": {"publicNetworkAccess": "x"}}
ENDPOINT = {"id": EP, "name": "score", "type": f"{WS_TYPE}/onlineEndpoints", "properties": {}}


def read(tmp_path: Path, document: Any, name: str = "snap.json") -> Inventory:
    path = tmp_path / name
    path.write_text(
        document if isinstance(document, str) else json.dumps(document, indent=1), "utf-8"
    )
    return SnapshotSource(path).collect()


def shape(inventory: Inventory) -> set[tuple[str, str, str]]:
    return {(r.id, r.type, r.name) for r in inventory}


def test_the_snapshot_document_with_gaps_missing_listed_origins_and_sources(
    tmp_path: Path,
) -> None:
    document = {
        "format": "aml-audit-snapshot/1",
        "sources": ["arm:https://management.azure.com"],
        "resources": [WORKSPACE, ENDPOINT],
        "gaps": [
            {
                "scope": "/subscriptions/00000000-0000-0000-0000-000000000002",
                "resource_type": None,
                "status": 403,
                "code": "AuthorizationFailed",
                "message": "denied",
            },
            {"scope": WS, "resource_type": "Microsoft.Insights/diagnosticSettings"},
        ],
        "missing": [VAULT],
        "listed": [{"scope": WS, "type": f"{WS_TYPE}/onlineEndpoints"}],
        "origins": {
            WS.upper(): {"url": f"https://management.azure.com{WS}", "api_version": "2024-10-01"}
        },
    }
    inventory = read(tmp_path, document)
    assert shape(inventory) == {(WS, WS_TYPE, "ws1"), (EP, f"{WS_TYPE}/onlineEndpoints", "score")}
    assert inventory.gaps == (
        Gap(
            "/subscriptions/00000000-0000-0000-0000-000000000002",
            None,
            403,
            "AuthorizationFailed",
            "denied",
        ),
        Gap(WS, "Microsoft.Insights/diagnosticSettings", None, "Unreadable", ""),
    )
    assert inventory.resolve(VAULT).state is LookupState.NOT_FOUND
    assert inventory.listing(WS, f"{WS_TYPE}/onlineEndpoints").state is LookupState.FOUND
    assert inventory.sources == (
        f"snapshot:{tmp_path / 'snap.json'}",
        "arm:https://management.azure.com",
    )
    ws = inventory.get(WS)
    assert ws is not None and ws.source == Location(
        "arm", f"https://management.azure.com{WS}", "2024-10-01"
    )
    endpoint = inventory.get(EP)
    assert endpoint is not None and endpoint.source == Location(
        "file", str(tmp_path / "snap.json"), None, 16, 16
    )


def test_an_arm_list_response(tmp_path: Path) -> None:
    inventory = read(tmp_path, {"value": [WORKSPACE], "nextLink": None})
    assert shape(inventory) == {(WS, WS_TYPE, "ws1")}
    assert inventory.gaps == ()


@pytest.mark.parametrize(
    ("next_link", "scope", "resource_type"),
    [
        # az resource list / ARM's /resources: every type under the subscription
        (
            f"https://management.azure.com{SUB}/resources?api-version=2021-04-01&$skiptoken=x",
            SUB,
            None,
        ),
        (
            f"https://management.azure.com{SUB}/providers/Microsoft.KeyVault/vaults"
            "?api-version=2023-07-01&$skiptoken=x",
            SUB,
            "Microsoft.KeyVault/vaults",
        ),
        (
            f"https://management.azure.com{WS}/connections?api-version=2024-10-01&$skip=2",
            WS,
            f"{WS_TYPE}/connections",
        ),
        # a link that names no collection: the subscriptions of the page's resources
        ("string", SUB, None),
    ],
)
def test_a_list_page_with_a_next_link_is_a_gap_for_the_unread_pages(
    tmp_path: Path, next_link: str, scope: str, resource_type: str | None
) -> None:
    inventory = read(tmp_path, {"value": [WORKSPACE], "nextLink": next_link})
    assert shape(inventory) == {(WS, WS_TYPE, "ws1")}
    assert [(g.scope, g.resource_type, g.status, g.code, g.message) for g in inventory.gaps] == [
        (
            scope,
            resource_type,
            None,
            "NextPageNotRead",
            "the saved list page has a nextLink: the pages after it were not read (save every "
            "page, or collect with `aml-audit collect`)",
        )
    ]


def test_the_unread_pages_of_a_vault_listing_make_its_rules_not_assessed(tmp_path: Path) -> None:
    link = f"https://management.azure.com{SUB}/providers/Microsoft.KeyVault/vaults?$skiptoken=x"
    page = {"value": [{"id": VAULT, "properties": {"enableSoftDelete": True}}], "nextLink": link}
    path = tmp_path / "page.json"
    path.write_text(json.dumps(page), "utf-8")
    result = run_cli("scan", "--snapshot", str(path), "--select", "AML303", "--format", "json")
    document = json.loads(result.stdout)
    assert {(r["resource_id"], r["status"]) for r in document["results"]} == {
        (VAULT, "pass"),
        (SUB, "not_assessed"),
    }
    assert result.returncode == 3


def test_a_plain_array_types_and_ids_in_any_case(tmp_path: Path) -> None:
    shouting = {"id": WS.upper(), "type": WS_TYPE.upper(), "name": "WS1"}
    inventory = read(tmp_path, [shouting])
    assert inventory.of_type(WS_TYPE)[0].id == WS.upper()
    assert inventory.resolve(WS).state is LookupState.FOUND


def test_type_from_the_id_and_child_names_from_parent_slash_child(tmp_path: Path) -> None:
    inventory = read(tmp_path, [{"id": EP, "name": "ws1/score", "properties": {}}, {"id": VAULT}])
    assert shape(inventory) == {
        (EP, f"{WS_TYPE}/onlineEndpoints", "score"),
        (VAULT, "Microsoft.KeyVault/vaults", "kv1"),
    }


def test_exported_pascal_case_with_nested_children(tmp_path: Path) -> None:
    diag = f"{VAULT}/providers/microsoft.insights/diagnosticSettings/monitor"
    exported = {
        "ResourceId": VAULT,
        "Name": "kv1",
        "ResourceType": "Microsoft.KeyVault/vaults",
        "Properties": {"enablePurgeProtection": True},
        "resources": [
            {
                "ResourceId": diag,
                "Name": "monitor",
                "ResourceType": "microsoft.keyvault/vaults",
                "ExtensionResourceType": "microsoft.insights/diagnosticSettings",
                "Properties": {"logs": []},
            },
            {"ResourceId": f"{VAULT}/keys/k1", "Name": "kv1/k1", "Type": "x/y"},
        ],
    }
    inventory = read(tmp_path, [exported])
    assert shape(inventory) == {
        (VAULT, "Microsoft.KeyVault/vaults", "kv1"),
        (diag, "microsoft.insights/diagnosticSettings", "monitor"),
        (f"{VAULT}/keys/k1", "x/y", "k1"),
    }
    vault = inventory.get(VAULT)
    assert vault is not None
    assert vault.get("properties.enablePurgeProtection") is True
    assert "resources" not in vault.raw  # children are resources of their own
    assert [r.name for r in inventory.children(VAULT)] == ["monitor", "k1"]


def test_a_peers_exported_key_vaults_read_as_vaults_and_their_extension_children() -> None:
    inventory = SnapshotSource(TEST_DATA / "psrule" / "Resources.KeyVault.json").collect()
    vaults = sorted(r.name for r in inventory.of_type("Microsoft.KeyVault/vaults"))
    assert vaults == [f"keyvault-{c}" for c in "ABCDEFGH"]
    diagnostics = inventory.of_type("Microsoft.Insights/diagnosticSettings")
    assert sorted(arm.name_of(arm.parent_id(d.id) or "") for d in diagnostics) == [
        "keyvault-A",
        "keyvault-B",  # (the fixture nests B's setting under C)
        "keyvault-E",
        "keyvault-F",
        "keyvault-G",
        "keyvault-H",
    ]
    assert sorted(
        r.id.rsplit("/", 3)[-3] for r in inventory.of_type("Microsoft.KeyVault/vaults/keys")
    ) == [
        "keyvault-F",
        "keyvault-G",
    ]


def test_write_snapshot_reads_back_to_the_same_inventory(tmp_path: Path) -> None:
    original = read(
        tmp_path,
        {
            "resources": [WORKSPACE, ENDPOINT],
            "gaps": [{"scope": SUB, "resource_type": WS_TYPE, "status": 429, "code": "T"}],
            "missing": [VAULT],
            "listed": [{"scope": WS, "type": f"{WS_TYPE}/onlineEndpoints"}],
            "origins": {EP: {"url": "https://arm.example/x", "api_version": "2024-10-01"}},
        },
        name="first.json",
    )
    out = tmp_path / "second.json"
    write_snapshot(original, out, "2026-11-26T00:00:00+00:00")
    again = SnapshotSource(out).collect()
    assert shape(again) == shape(original)
    assert again.gaps == original.gaps
    assert again.missing == original.missing
    assert again.listed == original.listed
    endpoint = again.get(EP)
    assert endpoint is not None and endpoint.source == Location(
        "arm", "https://arm.example/x", "2024-10-01"
    )
    assert json.loads(out.read_text())["format"] == "aml-audit-snapshot/1"


MALFORMED: list[tuple[str, Any, str]] = [
    ("invalid json", '{"resources": [', "not valid JSON at line 1 column 16: Expecting value"),
    ("empty file", "", "not valid JSON at line 1 column 1: Expecting value"),
    (
        "a string",
        '"resources"',
        'expected {"resources": [...]}, an ARM list response {"value": [...]} or an array of '
        "ARM resources",
    ),
    (
        "object without resources",
        {"resource": []},
        'expected {"resources": [...]}, an ARM list response {"value": [...]} or an array of '
        "ARM resources",
    ),
    ("item not an object", {"resources": [WORKSPACE, 7]}, "resources[1] is not a JSON object"),
    (
        "item without id",
        [{"name": "ml-wks-a", "type": WS_TYPE}],
        'resources[0] (ml-wks-a) has no ARM "id" (expected "/subscriptions/..."; ARM templates '
        "are not snapshots)",
    ),
    (
        "relative id",
        [{"id": "workspaces/ws1", "type": WS_TYPE}],
        'resources[0] has no ARM "id" (expected "/subscriptions/..."; ARM templates are not '
        "snapshots)",
    ),
    ("no type at all", [{"id": RG + "/x/y"}], f'resources[0] ({RG}/x/y) has no ARM "type"'),
    ("type not a string", [{"id": WS, "type": 5}], f'resources[0] ({WS}) has no ARM "type"'),
    (
        "bad nested child",
        [{**WORKSPACE, "resources": [{"name": "child"}]}],
        'resources[0].resources[0] (child) has no ARM "id" (expected "/subscriptions/..."; ARM '
        "templates are not snapshots)",
    ),
    ("gaps not a list", {"resources": [], "gaps": {"scope": SUB}}, '"gaps" must be an array'),
    (
        "gap without scope",
        {"resources": [], "gaps": [{"status": 403}]},
        'gaps[0] must be an object with a "scope" resource id ("/subscriptions/...")',
    ),
    (
        "gap status a string",
        {"resources": [], "gaps": [{"scope": SUB, "status": "403"}]},
        "gaps[0].status must be an HTTP status number or null",
    ),
    (
        "gap status a boolean",
        {"resources": [], "gaps": [{"scope": SUB}, {"scope": SUB, "status": True}]},
        "gaps[1].status must be an HTTP status number or null",
    ),
    (
        "gap type not a type",
        {"resources": [], "gaps": [{"scope": SUB, "resource_type": "vaults"}]},
        "gaps[0].resource_type must be an ARM type such as 'Microsoft.KeyVault/vaults', or null "
        "for everything under the scope",
    ),
    (
        "missing not ids",
        {"resources": [], "missing": [1]},
        '"missing" must be an array of resource ids',
    ),
    ("listed not a list", {"resources": [], "listed": "x"}, '"listed" must be an array'),
    (
        "listed entry without type",
        {"resources": [], "listed": [{"scope": WS}]},
        'listed[0] must be an object with "scope" and "type" strings',
    ),
    (
        "origins not an object",
        {"resources": [], "origins": []},
        '"origins" must be an object mapping resource ids to sources',
    ),
    (
        "sources not a list",
        {"resources": [], "sources": "x"},
        '"sources" must be an array of strings',
    ),
    (
        "sources not strings",
        {"resources": [], "sources": ["arm:x", 3]},
        '"sources" must be an array of strings',
    ),
    (
        "scopes not a list",
        {"resources": [], "scopes": SUB},
        '"scopes" must be an array of subscription ids like "/subscriptions/<id>"',
    ),
    (
        "a scope that is not a subscription",
        {"resources": [], "scopes": [SUB, RG]},
        '"scopes" must be an array of subscription ids like "/subscriptions/<id>"',
    ),
    (
        "the first problem in the file is the one reported",
        {"resources": [], "gaps": [{"scope": SUB, "status": "x"}, {"scope": "x"}]},
        "gaps[0].status must be an HTTP status number or null",
    ),
    ("nested too deeply", "[" * 100_000 + "]" * 100_000, "JSON nested too deeply to read"),
]


@pytest.mark.parametrize(
    ("document", "problem"),
    [pytest.param(d, p, id=name) for name, d, p in MALFORMED],
)
def test_malformed_input_is_one_line_naming_file_and_problem(
    tmp_path: Path, document: Any, problem: str
) -> None:
    with pytest.raises(SourceError) as info:
        read(tmp_path, document)
    assert str(info.value) == f"{tmp_path / 'snap.json'}: {problem}"
    assert "\n" not in str(info.value)


def test_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(SourceError) as info:
        SnapshotSource(tmp_path / "nope.json").collect()
    assert (
        str(info.value)
        == f"{tmp_path / 'nope.json'}: file not found; pass an existing snapshot file"
    )
    with pytest.raises(
        SourceError, match=r"^.*: cannot read the file \(\[Errno 21\] Is a directory"
    ):
        SnapshotSource(tmp_path).collect()
    binary = tmp_path / "bin.json"
    binary.write_bytes(b"\xff\xfe\x00[")
    with pytest.raises(SourceError, match=r"bin.json: cannot read the file \('utf-8' codec"):
        SnapshotSource(binary).collect()


def test_scopes_are_read_as_written_and_a_status_as_a_number(tmp_path: Path) -> None:
    upper = SUB.upper().replace("/SUBSCRIPTIONS/", "/Subscriptions/")
    inventory = read(
        tmp_path,
        {"resources": [], "scopes": [upper], "gaps": [{"scope": SUB, "status": 403.0}]},
    )
    assert inventory.scopes == (upper,)
    assert [(g.scope, g.status) for g in inventory.gaps] == [(SUB, 403)]
    assert type(inventory.gaps[0].status) is int


def test_credentials_in_a_hand_written_snapshot_are_withheld_as_a_live_scan_would(
    tmp_path: Path,
) -> None:
    # The snapshot goes through the same input boundary (sources/sanitize.py) as a live scan: no
    # rule, log or report sees the value, and rules still see that a literal secret was there.
    sas = "https://x.blob.core.windows.net/c?sv=2020-08-04&sig=SeCrEtSiG0123456789abcdefXYZ"
    account_key = "AccountKey=abcdEFGH1234567890abcdEFGH1234567890=="
    password = "hunter2-but-longer"
    deployment = f"{EP}/deployments/blue"
    connection = f"{WS}/connections/blob"
    document = {
        "resources": [
            {**WORKSPACE, "tags": {"sas": sas}, "properties": {"description": account_key}},
            ENDPOINT,
            {
                "id": deployment,
                "type": f"{WS_TYPE}/onlineEndpoints/deployments",
                "properties": {"environmentVariables": {"DB_PASSWORD": password}},
            },
            {
                "id": connection,
                "type": f"{WS_TYPE}/connections",
                "properties": {"authType": "AccountKey", "credentials": {"key": "abc123"}},
            },
        ]
    }
    inventory = read(tmp_path, document)
    by_id = {r.id: r.raw for r in inventory}
    assert by_id[WS]["tags"] == {"sas": "[redacted: looks like a shared access signature]"}
    assert by_id[WS]["properties"] == {
        "description": "[redacted: looks like a storage connection string]"
    }
    assert by_id[deployment]["properties"] == {
        "environmentVariables": {"DB_PASSWORD": "[redacted: withheld by the collector]"}
    }
    assert by_id[connection]["properties"] == {
        "authType": "AccountKey",
        "credentials": {"key": "[redacted: withheld by the collector]"},
    }

    for fmt in ("json", "sarif", "markdown", "html"):
        out = tmp_path / f"report.{fmt}"
        result = run_cli(
            "scan", "--snapshot", str(tmp_path / "snap.json"), "--format", fmt, "-o", str(out)
        )
        assert result.returncode == 1, result.stderr
        text = out.read_text("utf-8") + result.stdout + result.stderr
        for secret in ("SeCrEtSiG0123456789", "abcdEFGH1234567890", password, "abc123"):
            assert secret not in text
    report = json.loads((tmp_path / "report.json").read_text("utf-8"))
    literal = [
        r for r in report["results"] if r["rule_id"] == "AML311" and r["resource_id"] == deployment
    ]
    assert [(r["status"], r["evidence"][0]["observed"]) for r in literal] == [
        (
            "fail",
            "[value withheld: its name marks a secret and its value is a literal]",
        )
    ]
