"""The ARM JSON reader: locations, conditions, loops, parameters files, suppressions in
`metadata`, and files it cannot read."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from auditor.rulekit.meta import Status
from tests.auditor.sources.iac.lint_helpers import lint, result, verdicts
from tests.conftest import REPO_ROOT, TEST_DATA

ARM = TEST_DATA / "iac" / "arm"
SCHEMA = "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#"
PARAMETERS_SCHEMA = (
    "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#"
)


def _template(resources: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    return {"$schema": SCHEMA, "contentVersion": "1.0.0.0", **extra, "resources": resources}


def _workspace(name: str, **properties: Any) -> dict[str, Any]:
    return {
        "type": "Microsoft.MachineLearningServices/workspaces",
        "apiVersion": "2024-04-01",
        "name": name,
        "location": "westeurope",
        "properties": properties,
    }


def _write(path: Path, document: dict[str, Any]) -> Path:
    path.write_text(json.dumps(document, indent=2), encoding="utf-8")
    return path


def test_a_result_points_at_the_offending_line_or_the_block_when_absent() -> None:
    scan = lint(
        ARM.relative_to(REPO_ROOT) / "aml201_workspace_public.json", root=REPO_ROOT, select="AML201"
    )
    open_ws = result(scan, "AML201", "ws-open")
    assert open_ws.location is not None
    assert (open_ws.location.kind, open_ws.location.uri) == (
        "file",
        "tests/data/iac/arm/aml201_workspace_public.json",
    )
    assert (open_ws.location.start_line, open_ws.location.end_line) == (33, 33)
    absent = result(scan, "AML201", "ws-absent").location
    assert absent is not None and (absent.start_line, absent.end_line) == (35, 41)


def test_an_undecided_condition_is_judged_and_quoted() -> None:
    scan = lint(
        ARM.relative_to(REPO_ROOT) / "aml201_workspace_public.json", root=REPO_ROOT, select="AML201"
    )
    maybe = result(scan, "AML201", "ws-maybe")
    assert maybe.status is Status.FAIL
    assert maybe.context == (
        "deployed only if condition [parameters('deployMaybe')] (not decidable before deployment)",
    )


def test_a_copy_loop_without_a_known_count_is_judged_once_and_says_so(tmp_path: Path) -> None:
    looped = _workspace("[concat('ws-', copyIndex())]", publicNetworkAccess="Enabled")
    looped["copy"] = {"name": "many", "count": "[parameters('count')]"}
    _write(tmp_path / "main.json", _template([looped], parameters={"count": {"type": "int"}}))
    scan = lint(Path("main.json"), root=tmp_path, select="AML201")
    [only] = scan.results
    assert (only.status, only.resource_name) == (Status.FAIL, "ws-{copyIndex()}")
    assert only.context == (
        "deployed only if copy loop 'many' with count [parameters('count')] (judged once) "
        "(not decidable before deployment)",
    )


def test_the_parameters_file_beside_a_template_gives_its_values(tmp_path: Path) -> None:
    template = _template(
        [_workspace("ws-a", publicNetworkAccess="[parameters('access')]")],
        parameters={"access": {"type": "string"}},
    )
    _write(tmp_path / "ml.json", template)
    assert verdicts(lint(Path("ml.json"), root=tmp_path, select="AML201")) == {
        ("AML201", "ws-a", "not_assessed")
    }
    _write(
        tmp_path / "ml.parameters.json",
        {"$schema": PARAMETERS_SCHEMA, "parameters": {"access": {"value": "Disabled"}}},
    )
    assert verdicts(lint(Path("."), root=tmp_path, select="AML201")) == {("AML201", "ws-a", "pass")}
    other = _write(
        tmp_path / "prod.json",
        {"$schema": PARAMETERS_SCHEMA, "parameters": {"access": {"value": "Enabled"}}},
    )
    scan = lint(Path("ml.json"), root=tmp_path, select="AML201", parameters=(Path(other.name),))
    assert verdicts(scan) == {("AML201", "ws-a", "fail")}


def test_a_key_vault_reference_in_a_parameters_file_is_not_known(tmp_path: Path) -> None:
    template = _template(
        [_workspace("ws-a", publicNetworkAccess="[parameters('access')]")],
        parameters={"access": {"type": "string", "defaultValue": "Disabled"}},
    )
    _write(tmp_path / "azuredeploy.json", template)
    reference = {
        "keyVault": {
            "id": "/subscriptions/x/resourceGroups/r/providers/Microsoft.KeyVault/vaults/v"
        },
        "secretName": "s",
    }
    _write(
        tmp_path / "azuredeploy.parameters.json",
        {"$schema": PARAMETERS_SCHEMA, "parameters": {"access": {"reference": reference}}},
    )
    [only] = lint(Path("."), root=tmp_path, select="AML201").results
    assert only.status is Status.NOT_ASSESSED
    assert "Key Vault reference" in only.message


def test_suppressions_in_metadata_need_a_reason(tmp_path: Path) -> None:
    accepted = _workspace("ws-demo", publicNetworkAccess="Enabled")
    accepted["metadata"] = {"aml-audit:ignore": {"AML201": "a public demo, no data"}}
    unexplained = _workspace("ws-other", publicNetworkAccess="Enabled")
    unexplained["metadata"] = {"aml-audit:ignore": {"AML201": " "}}
    _write(tmp_path / "main.json", _template([accepted, unexplained]))
    scan = lint(Path("main.json"), root=tmp_path, select="AML201")
    # The unreadable suppression is a gap on its file (the run is incomplete); it hides nothing
    # the file declares, so ws-other is still judged.
    assert verdicts(scan) == {
        ("AML201", "ws-demo", "suppressed"),
        ("AML201", "ws-other", "fail"),
    }
    assert not scan.complete
    demo = result(scan, "AML201", "ws-demo")
    assert demo.suppression is not None
    assert (demo.suppression.reason, demo.suppression.source) == (
        "a public demo, no data",
        "inline main.json:15",
    )
    [gap] = scan.gaps
    assert (gap.scope, gap.code, gap.message) == (
        "main.json",
        "SuppressionWithoutReason",
        "main.json:29: the suppression of AML201 has no reason: say why the finding is accepted",
    )


def test_a_malformed_template_is_a_gap_naming_file_and_line_and_the_rest_is_read(
    tmp_path: Path,
) -> None:
    (tmp_path / "broken.json").write_text(
        '{\n  "$schema": "' + SCHEMA + '",\n  "resources": [\n    {"type": }\n  ]\n}\n',
        encoding="utf-8",
    )
    _write(tmp_path / "good.json", _template([_workspace("ws-a", publicNetworkAccess="Enabled")]))
    scan = lint(Path("."), root=tmp_path, select="AML201")
    assert ("AML201", "ws-a", "fail") in verdicts(scan)
    [gap] = scan.gaps
    assert gap.code == "MalformedJson"
    assert gap.message.startswith("broken.json:4: not valid JSON at line 4 column 14:")
    assert not scan.complete


def test_ids_do_not_depend_on_lines(tmp_path: Path) -> None:
    """A result's fingerprint survives edits that only move lines."""
    workspace = _workspace("ws-a", publicNetworkAccess="Enabled")
    path = _write(tmp_path / "main.json", _template([workspace]))
    before = result(lint(Path("main.json"), root=tmp_path, select="AML201"), "AML201", "ws-a")
    text = path.read_text(encoding="utf-8")
    path.write_text("\n\n\n" + text.replace('"location"', '"tags": {\n"a": "b"\n},\n"location"'))
    after = result(lint(Path("main.json"), root=tmp_path, select="AML201"), "AML201", "ws-a")
    assert before.location is not None and after.location is not None
    assert after.location.start_line == before.location.start_line + 6
    assert after.fingerprint == before.fingerprint


def test_a_json_file_that_is_not_a_template_is_skipped(tmp_path: Path) -> None:
    _write(tmp_path / "package.json", {"name": "x"})
    _write(tmp_path / "main.json", _template([_workspace("ws-a", publicNetworkAccess="Disabled")]))
    scan = lint(Path("."), root=tmp_path, select="AML201")
    assert verdicts(scan) == {("AML201", "ws-a", "pass")}
    assert scan.gaps == ()


def test_two_files_declaring_the_same_resources_keep_both(tmp_path: Path) -> None:
    """The vulnerable and the fixed copy of one estate, side by side: the second file's ids move
    to a resource group of their own, with the references inside it."""
    vault = {
        "type": "Microsoft.KeyVault/vaults",
        "apiVersion": "2023-07-01",
        "name": "kv-1",
        "location": "westeurope",
        "properties": {"tenantId": "t", "sku": {"family": "A", "name": "standard"}},
    }
    workspace = _workspace(
        "ws-1",
        publicNetworkAccess="Enabled",
        keyVault="[resourceId('Microsoft.KeyVault/vaults', 'kv-1')]",
    )
    (tmp_path / "fixed").mkdir()
    (tmp_path / "vulnerable").mkdir()
    fixed_vault = {**vault, "properties": {**vault["properties"], "enablePurgeProtection": True}}
    fixed_workspace = {**workspace, "properties": {**workspace["properties"]}}
    fixed_workspace["properties"]["publicNetworkAccess"] = "Disabled"
    _write(tmp_path / "fixed" / "main.json", _template([fixed_vault, fixed_workspace]))
    _write(tmp_path / "vulnerable" / "main.json", _template([vault, workspace]))
    scan = lint(Path("."), root=tmp_path, select="AML201,AML302")
    by_file = {
        (r.location.uri if r.location else "", r.rule_id, r.resource_name, r.status.value)
        for r in scan.results
    }
    assert by_file == {
        ("fixed/main.json", "AML201", "ws-1", "pass"),
        ("fixed/main.json", "AML302", "kv-1", "pass"),
        ("vulnerable/main.json", "AML201", "ws-1", "fail"),
        ("vulnerable/main.json", "AML302", "kv-1", "fail"),
    }
    # Each vault is judged with the workspace of its own file as its user.
    vaults = [r for r in scan.results if r.rule_id == "AML302"]
    assert len({r.resource_id for r in vaults}) == 2
    for r in vaults:
        [note] = r.context
        assert r.resource_id.rsplit("/providers/", 1)[0] in note
