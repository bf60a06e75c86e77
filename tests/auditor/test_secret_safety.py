"""No credential-looking value reaches a report or a log line, whichever way it got in: an ARM
error body (gap messages), a rule's message or context lines, or an exception's traceback."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from auditor.inventory.resources import Gap
from auditor.simulator import Simulator, shapes
from auditor.simulator.tenant import Tenant
from tests.conftest import run_cli

SUB = "/subscriptions/11111111-1111-4111-8111-111111111111"
WS = f"{SUB}/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws1"
SAS = "https://x.blob.core.windows.net/c?sv=2020-08-04&sig=SeCrEtSiG0123456789abcdefXYZ"
ACCOUNT_KEY = "AccountKey=abcdEFGH1234567890abcdEFGH1234567890=="
SECRETS = ("SeCrEtSiG0123456789", "abcdEFGH1234567890")

RULE_MODULE = """
from auditor.rulekit import References, Remediation, Rule, RuleMeta, Severity, fail

META = RuleMeta(
    id="AML990", title="Leaky", severity=Severity.LOW,
    resource_types=("Microsoft.MachineLearningServices/workspaces",), category="custom",
    rationale="r", remediation=Remediation(description="d", az="a", bicep="b"),
    references=References(),
)


def check(resource, ctx):
    if resource.name == "boom":
        raise ValueError("could not parse {key}")
    yield fail("tag says {key}", context=("from tag: {key}",))


RULE = Rule(META, check)
""".replace("{key}", ACCOUNT_KEY)


def _workspace(name: str) -> dict[str, Any]:
    rid = WS.replace("/ws1", f"/{name}")
    # A workspace as its GET returns it (with properties), so AML201 judges it.
    return {
        "id": rid,
        "type": "Microsoft.MachineLearningServices/workspaces",
        "name": name,
        "properties": {},
    }


def _assert_no_secret(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text


def test_a_gap_message_is_redacted_when_the_gap_is_made() -> None:
    gap = Gap(SUB, None, 403, "AuthorizationFailed", f"denied reading {SAS}")
    assert gap.message == "denied reading [redacted: looks like a shared access signature]"
    plain = Gap(SUB, None, 403, "AuthorizationFailed", "The client does not have authorization")
    assert plain.message == "The client does not have authorization"


def test_gap_messages_from_a_snapshot_are_redacted_in_every_report(
    tmp_path: Path, snapshot_file: Callable[..., Path]
) -> None:
    gap = {
        "scope": SUB,
        "resource_type": "Microsoft.KeyVault/vaults",
        "status": 403,
        "code": "AuthorizationFailed",
        "message": f"denied reading {SAS}",
    }
    snapshot = snapshot_file([_workspace("ws1")], gaps=[gap])
    outputs = [tmp_path / f"r.{ext}" for ext in ("json", "sarif", "html", "md")]
    args = [a for o in outputs for a in ("-o", str(o))]
    result = run_cli("scan", "--snapshot", str(snapshot), "-vv", *args)
    assert result.returncode in (1, 3), result.stderr
    _assert_no_secret(result.stdout + result.stderr)
    for output in outputs:
        _assert_no_secret(output.read_text(encoding="utf-8"))
    report = json.loads(outputs[0].read_text(encoding="utf-8"))
    assert [g["message"] for g in report["gaps"]] == [
        "denied reading [redacted: looks like a shared access signature]"
    ]


def test_rule_messages_context_and_tracebacks_are_redacted_in_sarif_json_and_logs(
    tmp_path: Path, snapshot_file: Callable[..., Path]
) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "leaky.py").write_text(RULE_MODULE, encoding="utf-8")
    snapshot = snapshot_file([_workspace("ws1"), _workspace("boom")])
    sarif, report = tmp_path / "r.sarif", tmp_path / "r.json"
    result = run_cli(
        "scan", "--snapshot", str(snapshot), "--rules-dir", str(rules), "--select", "AML990",
        "-vv", "-o", str(sarif), "-o", str(report),
    )  # fmt: skip
    assert result.returncode == 1, result.stderr
    assert ", in check\n" in result.stderr  # the -vv traceback is there, its secret is not
    _assert_no_secret(result.stdout + result.stderr)
    _assert_no_secret(sarif.read_text(encoding="utf-8"))
    document = json.loads(report.read_text(encoding="utf-8"))
    assert {
        (r["resource_name"], r["status"], r["message"], tuple(r["context"]))
        for r in document["results"]
    } == {
        ("ws1", "fail", "tag says [redacted: looks like a storage connection string]",
         ("from tag: [redacted: looks like a storage connection string]",)),
        ("boom", "not_assessed", "rule AML990 could not evaluate this resource: ValueError: "
         "could not parse [redacted: looks like a storage connection string]", ()),
    }  # fmt: skip


@pytest.mark.slow
def test_collect_writes_no_credential_found_in_tags_descriptions_or_connections(
    tmp_path: Path,
) -> None:
    tenant = Tenant()
    sub = "11111111-1111-4111-8111-111111111111"
    tenant.add_subscription(sub, "prod")
    tenant.add_resource_group(sub, "rg")
    workspace = tenant.add(
        shapes.workspace(
            sub,
            "rg",
            "ws",
            tags={"sas": SAS, "team": "ml"},
            properties={"description": ACCOUNT_KEY},
        )
    )
    connection = tenant.add(
        shapes.connection(
            workspace["id"], "conn", target=SAS, properties={"metadata": {"note": ACCOUNT_KEY}}
        )
    )
    snapshot = tmp_path / "estate.json"
    with Simulator(tenant) as sim:
        env = {"AML_AUDIT_ACCESS_TOKEN": sim.token, "REQUESTS_CA_BUNDLE": str(sim.ca_file)}
        live = ("--arm-endpoint", sim.url, "--auth", "token")
        result = run_cli("-vvv", "collect", *live, "-o", str(snapshot), env=env)
        report = run_cli("scan", *live, "--format", "json", env=env)
    assert result.returncode == 0, result.stderr
    text = snapshot.read_text(encoding="utf-8")
    _assert_no_secret(text + result.stdout + result.stderr + report.stdout + report.stderr)
    by_id = {r["id"]: r for r in json.loads(text)["resources"]}
    sas_marker = "[redacted: looks like a shared access signature]"
    key_marker = "[redacted: looks like a storage connection string]"
    ws, conn = by_id[workspace["id"]], by_id[connection["id"]]
    assert (ws["name"], ws["tags"], ws["properties"]["description"]) == (
        "ws",
        {"sas": sas_marker, "team": "ml"},
        key_marker,
    )
    assert (conn["properties"]["target"], conn["properties"]["metadata"]) == (
        sas_marker,
        {"note": key_marker},
    )
    assert conn["properties"]["createdByWorkspaceArmId"] == workspace["id"]


def test_an_error_line_quoting_a_sas_url_redacts_it_and_keeps_the_rest(tmp_path: Path) -> None:
    missing = run_cli("scan", "--snapshot", SAS)
    assert (missing.returncode, missing.stdout) == (2, "")
    assert missing.stderr == (
        "aml-audit: error: [redacted: looks like a shared access signature] file not found; "
        "pass an existing snapshot file\n"
    )
    bad_choice = run_cli("scan", "--fail-on", SAS)
    assert bad_choice.returncode == 2
    assert bad_choice.stderr.startswith(
        "aml-audit: error: argument --fail-on: invalid choice: "
        "'[redacted: looks like a shared access signature]' (choose from"
    )
    _assert_no_secret(bad_choice.stderr)


def test_a_snapshot_origin_url_with_a_sas_is_redacted_in_reports(
    tmp_path: Path, snapshot_file: Callable[..., Path]
) -> None:
    origins = {WS: {"url": SAS, "api_version": "2024-04-01"}}
    snapshot = snapshot_file([_workspace("ws1")], origins=origins)
    report, html = tmp_path / "r.json", tmp_path / "r.html"
    result = run_cli(
        "scan",
        "--snapshot",
        str(snapshot),
        "--select",
        "AML201",
        "-o",
        str(report),
        "-o",
        str(html),
    )
    assert result.returncode == 1, result.stderr
    _assert_no_secret(html.read_text(encoding="utf-8"))
    document = json.loads(report.read_text(encoding="utf-8"))
    assert [
        (r["rule_id"], r["resource_id"], r["status"], r["location"]) for r in document["results"]
    ] == [
        (
            "AML201",
            WS,
            "fail",
            {
                "kind": "arm",
                "uri": "[redacted: looks like a shared access signature]",
                "api_version": "2024-04-01",
                "start_line": None,
                "end_line": None,
            },
        )
    ]


def test_a_warning_quoting_a_credential_is_redacted_in_every_report(
    tmp_path: Path, snapshot_file: Callable[..., Path]
) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "broken.py").write_text(f'raise ValueError("bad {ACCOUNT_KEY} here")\n')
    outputs = [tmp_path / f"r.{ext}" for ext in ("json", "sarif", "html", "md")]
    args = [a for o in outputs for a in ("-o", str(o))]
    snapshot = snapshot_file([_workspace("ws1")])
    result = run_cli(
        "scan", "--snapshot", str(snapshot), "--rules-dir", str(rules), "--select", "AML201", *args
    )
    assert result.returncode == 1, result.stderr
    _assert_no_secret(result.stdout + result.stderr)
    for output in outputs:
        _assert_no_secret(output.read_text(encoding="utf-8"))
    document = json.loads(outputs[0].read_text(encoding="utf-8"))
    assert document["scan"]["warnings"] == [
        f"rule plugin {rules / 'broken.py'} was skipped: ValueError: bad "
        "[redacted: looks like a storage connection string] here"
    ]


# issue 9: ids and names are facts. These two context lines were shown as
# "[redacted: looks like a high-entropy string]".
FACT_SUB = "/subscriptions/1b5f3c2e-9d4a-4f6b-8e21-7c0d9a3b5e14/resourceGroups/rg-ml-prod/providers"
FACT_VAULT = f"{FACT_SUB}/Microsoft.KeyVault/vaults/kv-mlw-prod-001"
FACT_NAMES = ("e2etest_test_86533533175", "mlw-prod-001")
FACT_IDS = tuple(f"{FACT_SUB}/Microsoft.MachineLearningServices/workspaces/{n}" for n in FACT_NAMES)
FACT_LINES = tuple(
    f"used by workspace {name} ({rid}) as its key vault"
    for name, rid in zip(FACT_NAMES, FACT_IDS, strict=True)
)
FACT_GAP = (
    "The client 'ops@contoso.com' with object id '6c1f2e4a-8b3d-4f5e-9a7c-1d2e3f4a5b6c' does not "
    f"have authorization to perform action over scope '{FACT_IDS[1]}'"
)


def _estate_of_names() -> list[dict[str, Any]]:
    workspaces = [
        {
            "id": rid,
            "name": name,
            "type": "Microsoft.MachineLearningServices/workspaces",
            "properties": {"publicNetworkAccess": "Enabled", "keyVault": FACT_VAULT},
        }
        for name, rid in zip(FACT_NAMES, FACT_IDS, strict=True)
    ]
    vault = {
        "id": FACT_VAULT,
        "name": "kv-mlw-prod-001",
        "type": "Microsoft.KeyVault/vaults",
        "properties": {"enableSoftDelete": True, "enablePurgeProtection": False},
    }
    return [*workspaces, vault]


def test_ids_and_names_survive_in_every_report_format(
    tmp_path: Path, snapshot_file: Callable[..., Path]
) -> None:
    gap = {
        "scope": FACT_IDS[1],
        "resource_type": "Microsoft.MachineLearningServices/workspaces/onlineEndpoints",
        "status": 403,
        "code": "AuthorizationFailed",
        "message": FACT_GAP,
    }
    snapshot = snapshot_file(_estate_of_names(), gaps=[gap])
    outputs = {ext: tmp_path / f"r.{ext}" for ext in ("json", "sarif", "html", "md")}
    args = [a for o in outputs.values() for a in ("-o", str(o))]
    result = run_cli(
        "scan", "--snapshot", str(snapshot), "--select", "AML302", "--verbose", "-vv", *args,
        env={"COLUMNS": "400"},  # the console wraps at its width: one context line, one line
    )  # fmt: skip
    assert result.returncode == 1, result.stderr
    report = json.loads(outputs["json"].read_text(encoding="utf-8"))
    assert [
        (r["rule_id"], r["resource_id"], r["status"], tuple(r["context"]))
        for r in report["results"]
    ] == [("AML302", FACT_VAULT, "fail", FACT_LINES)]
    assert [g["message"] for g in report["gaps"]] == [FACT_GAP]
    shown = {ext: path.read_text(encoding="utf-8") for ext, path in outputs.items()}
    shown["console"] = result.stdout
    for fmt, text in shown.items():
        assert "[redacted" not in text, fmt
        assert FACT_VAULT in text and FACT_IDS[1] in text, fmt  # the result's, the gap's scope
    for fmt in ("json", "sarif", "html", "console"):  # Markdown lists no context lines
        assert all(line in shown[fmt] for line in FACT_LINES), fmt
    assert f"`{FACT_GAP}`" in shown["md"]


def test_log_lines_keep_ids_and_names_and_lose_only_the_credential(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from auditor.cli import setup_logging

    setup_logging(2)
    log = logging.getLogger("auditor.test")
    try:
        log.info("read %s", FACT_LINES[0])
        log.warning("%s then %s", FACT_LINES[1], SAS)
        try:
            raise ValueError(f"{FACT_IDS[0]} says {ACCOUNT_KEY}")
        except ValueError:
            log.debug("failed", exc_info=True)
    finally:
        logging.getLogger().handlers.clear()
    err = capsys.readouterr().err
    assert f"INFO auditor.test: read {FACT_LINES[0]}\n" in err
    assert (
        f"WARNING auditor.test: {FACT_LINES[1]} then "
        "[redacted: looks like a shared access signature]\n"
    ) in err
    assert (
        f"ValueError: {FACT_IDS[0]} says [redacted: looks like a storage connection string]\n"
    ) in err
    _assert_no_secret(err)


def test_a_credential_in_a_resource_id_or_an_unknown_type_is_redacted_in_every_report(
    tmp_path: Path,
) -> None:
    # Real ARM never puts one there, but a hand-written snapshot can: the id and the type are
    # shown (results, the not-evaluated line), so the known credential patterns go there too.
    key = "ZZIDKEYabcdefghijklmnop1234567890ABCD=="
    sig = "ZZSIGabcdefghijklmnopqrstuvwxyz0123456789%3D"
    sub = "/subscriptions/00000000-0000-0000-0000-000000000001"
    vault = f"{sub}/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv;AccountKey={key}"
    odd = {
        "id": f"{sub}/resourceGroups/rg/providers/Contoso.Odd/things/t",
        "type": f"https://sa.blob.core.windows.net/c?sv=2021&sig={sig}",
    }
    document = {"resources": [{"id": vault, "properties": {"enableSoftDelete": False}}, odd]}
    snapshot = tmp_path / "estate.json"
    snapshot.write_text(json.dumps(document), encoding="utf-8")
    outputs = [tmp_path / f"r.{ext}" for ext in ("json", "sarif", "md", "html")]
    args = ["scan", "--details", "--snapshot", str(snapshot)]
    for path in outputs:
        args += ["-o", str(path)]
    run = run_cli(*args)
    assert run.returncode in (1, 3), run.stderr
    shown = [run.stdout, run.stderr, *(p.read_text(encoding="utf-8") for p in outputs)]
    for text in shown:
        assert "zzidkey" not in text.lower() and "zzsig" not in text.lower()
    assert "[redacted: looks like a storage connection string]" in run.stdout


def test_a_snapshot_too_deep_or_with_a_number_python_cannot_read_is_a_one_line_error(
    tmp_path: Path,
) -> None:
    rid = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers"
    deep: Any = [1]
    for _ in range(600):
        deep = [deep]
    nested = {"id": f"{rid}/Microsoft.MachineLearningServices/workspaces/w", "properties": {}}
    nested["properties"]["description"] = deep
    (tmp_path / "deep.json").write_text(json.dumps({"resources": [nested]}), encoding="utf-8")
    resource = f'{{"id": "{rid}/Microsoft.Foo/bars/b", "properties": {{"x": {"9" * 5000}}}}}'
    huge = f'{{"resources": [{resource}]}}'
    (tmp_path / "huge.json").write_text(huge, encoding="utf-8")
    for name, problem in (
        ("deep.json", "is nested too deeply to read"),
        ("huge.json", "not valid JSON: Exceeds the limit (4300 digits)"),
    ):
        run = run_cli("scan", "--snapshot", str(tmp_path / name))
        assert run.returncode == 2, run.stderr
        assert run.stderr.count("\n") == 1 and "internal error" not in run.stderr
        assert problem in run.stderr
