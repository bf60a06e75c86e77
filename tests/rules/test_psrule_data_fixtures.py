"""Our data-protection, compute and logging rules on PSRule for Azure's fixtures.

Where one of our rules checks what a PSRule rule checks, our outcome on each fixture resource must
be PSRule's (`tests/data/psrule/expected_outcomes.json`), except for
the deliberate differences declared and explained below. The fixture loaders are shared with the
identity and network overlaps in test_psrule_fixtures.py.

| PSRule rule                      | ours   |
|----------------------------------|--------|
| Azure.KeyVault.SoftDelete        | AML303 |
| Azure.KeyVault.PurgeProtect      | AML302 (the export is covered in test_psrule_parity.py) |
| Azure.KeyVault.RBAC              | AML304 |
| Azure.KeyVault.Logs              | AML504 |
| Azure.KeyVault.AutoRotationPolicy| AML306 (per key; PSRule judges the vault) |
| Azure.ML.ComputeIdleShutdown     | AML401 |

Not ours: Azure.KeyVault.AccessPolicy judges over-broad access-policy permissions (no rule here),
Azure.KeyVault.Firewall is AML210 and Azure.AI.* are AML107/AML212 (test_psrule_fixtures.py).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from auditor.evaluate import engine
from auditor.evaluate.registry import load_rules
from auditor.evaluate.results import Result
from auditor.inventory import arm
from auditor.sources.snapshot import SnapshotSource
from tests.rules.test_psrule_fixtures import (
    PSRULE,
    keyvault_fixture,
    keyvault_template,
    ml_fixture,
)

RULES = load_rules(entry_points=False)
DIAGNOSTIC_SETTINGS = "Microsoft.Insights/diagnosticSettings"
KV = "Resources.KeyVault.json"
KV_TEMPLATE = (
    "Resources.Template2.json+Resources.Parameters2.json (expanded with Export-AzRuleTemplateData)"
)


def _expected(fixture: str, psrule_rule: str) -> dict[str, str]:
    document = json.loads((PSRULE / "expected_outcomes.json").read_text(encoding="utf-8"))
    outcomes = document[fixture][psrule_rule]
    want = {name: "fail" for name in outcomes.get("fail", [])}
    return want | {name: "pass" for name in outcomes.get("pass", [])}


def _scan(
    rule_id: str,
    resources: list[dict[str, Any]],
    tmp_path: Path,
    listed: list[dict[str, str]] | None = None,
) -> list[Result]:
    snapshot = tmp_path / "psrule-snapshot.json"
    snapshot.write_text(
        json.dumps({"resources": resources, "listed": listed or []}), encoding="utf-8"
    )
    rule = RULES.get(rule_id)
    assert rule is not None
    return list(engine.evaluate(SnapshotSource(snapshot).collect(), [rule]).results)


def _by_name(results: list[Result]) -> dict[str, str]:
    outcome: dict[str, str] = {}
    for result in results:
        assert result.resource_name not in outcome, f"two results for {result.resource_name}"
        outcome[result.resource_name] = result.status.value
    return outcome


def _vault_ids(resources: list[dict[str, Any]]) -> list[str]:
    return [
        str(r.get("id") or r.get("ResourceId"))
        for r in resources
        if arm.equals_ci(r.get("type") or r.get("ResourceType"), "Microsoft.KeyVault/vaults")
    ]


# --- the Key Vault template's child resources ---------------------------------------------------
# test_psrule_fixtures.keyvault_template() expands the top-level vault; these rules also need its
# children (a diagnostic setting nested in the vault, keys at both levels), named by `concat`.

_CALL = re.compile(r"(parameters|variables)\('(\w+)'\)|'([^']*)'")


def _concat(expression: str, names: dict[str, str]) -> str:
    """`[concat(parameters('vaultName'), '/', 'key1')]` -> `keyvault-001/key1`."""
    inner = expression.strip()[len("[concat(") : -len(")]")]
    return "".join(
        m.group(3) if m.group(3) is not None else names[m.group(2)] for m in _CALL.finditer(inner)
    )


def _template_children(vault_id: str) -> list[dict[str, Any]]:
    template = json.loads((PSRULE / "Resources.Template2.json").read_text(encoding="utf-8"))
    parameters = json.loads((PSRULE / "Resources.Parameters2.json").read_text(encoding="utf-8"))
    names = {k: v["value"] for k, v in parameters["parameters"].items()} | template["variables"]
    providers = f"{arm.parent_id(vault_id)}/providers/Microsoft.KeyVault/vaults"
    vault_children = template["resources"][0].get("resources", [])
    children = []
    for item in [*vault_children, *template["resources"][1:]]:
        if arm.equals_ci(item["type"], "Microsoft.KeyVault/vaults/providers/diagnosticsettings"):
            vault, _, setting = _concat(item["name"], names).partition("/Microsoft.Insights/")
            rid = f"{providers}/{vault}/providers/{DIAGNOSTIC_SETTINGS}/{setting}"
            children.append(
                {"id": rid, "type": DIAGNOSTIC_SETTINGS, "properties": item["properties"]}
            )
        elif arm.equals_ci(item["type"], "Microsoft.KeyVault/vaults/keys"):
            vault, _, key = _concat(item["name"], names).partition("/")
            rid = f"{providers}/{vault}/keys/{key}"
            children.append({"id": rid, "type": item["type"], "properties": item["properties"]})
    return children


def template_vaults() -> list[dict[str, Any]]:
    """The template's vaults, without the nested children (which carry no ids until expanded)."""
    return [{k: v for k, v in r.items() if k != "resources"} for r in keyvault_template()]


def template_with_children() -> list[dict[str, Any]]:
    vaults = template_vaults()
    (vault_id,) = (v for v in _vault_ids(vaults) if v.endswith("/keyvault-001"))
    return vaults + _template_children(vault_id)


# --- the overlaps -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fixture", "load"), [(KV, keyvault_fixture), (KV_TEMPLATE, template_vaults)]
)
def test_soft_delete_agrees(fixture: str, load: Any, tmp_path: Path) -> None:
    want = _expected(fixture, "Azure.KeyVault.SoftDelete")
    got = _by_name(_scan("AML303", load(), tmp_path))
    assert {name: got.get(name) for name in want} == want


def test_purge_protection_agrees_on_the_template(tmp_path: Path) -> None:
    want = _expected(KV_TEMPLATE, "Azure.KeyVault.PurgeProtect")
    got = _by_name(_scan("AML302", template_vaults(), tmp_path))
    assert {name: got.get(name) for name in want} == want


def test_rbac_agrees(tmp_path: Path) -> None:
    want = _expected(KV, "Azure.KeyVault.RBAC")
    got = _by_name(_scan("AML304", keyvault_fixture(), tmp_path))
    assert {name: got.get(name) for name in want} == want


def test_audit_logs_agree(tmp_path: Path) -> None:
    """PSRule's export always exports a vault's diagnostic settings, so every vault's collection
    counts as listed. Two fixtures nest a copy of keyvault-B's setting under keyvault-C and
    keyvault-D (same id); judged by id, C and D have no setting of their own and fail as PSRule
    says (PSRule fails them for the copy's disabled or missing AuditEvent)."""
    resources = keyvault_fixture()
    listed = [{"scope": v, "type": DIAGNOSTIC_SETTINGS} for v in _vault_ids(resources)]
    want = _expected(KV, "Azure.KeyVault.Logs")
    got = _by_name(_scan("AML504", resources, tmp_path, listed))
    assert {name: got.get(name) for name in want} == want


def test_audit_logs_agree_on_the_template(tmp_path: Path) -> None:
    want = _expected(KV_TEMPLATE, "Azure.KeyVault.Logs")
    got = _by_name(_scan("AML504", template_with_children(), tmp_path))
    assert {name: got.get(name) for name in want} == want


def _rotation_by_vault(results: list[Result]) -> dict[str, str]:
    """PSRule judges the vault (fail if any key lacks auto-rotation); we judge each key."""
    vaults: dict[str, str] = {}
    for result in results:
        vault = arm.name_of(arm.parent_id(result.resource_id) or "")
        if vaults.get(vault) != "fail":
            vaults[vault] = result.status.value
    return vaults


def test_auto_rotation_agrees_per_vault(tmp_path: Path) -> None:
    """Deliberate differences: PSRule passes a vault with no keys (A-E); we judge keys, so those
    vaults have no AML306 result. keyvault-H's only key carries keyvault-G's id in the fixture;
    judged by id it is G's key (and fails there), so H has no result while PSRule fails it."""
    want = _expected(KV, "Azure.KeyVault.AutoRotationPolicy")
    differ = {name: None for name in ("keyvault-A", "keyvault-B", "keyvault-C", "keyvault-D")}
    differ |= {"keyvault-E": None, "keyvault-H": None}
    got = _rotation_by_vault(_scan("AML306", keyvault_fixture(), tmp_path))
    assert {name: got.get(name) for name in want} == want | differ


def test_auto_rotation_agrees_on_the_template(tmp_path: Path) -> None:
    """The template expectation names the vault (keyvault-001, its key1 rotates) and the keys
    (vault-002/key2 only notifies, vault-002/key3 has no policy)."""
    results = _scan("AML306", template_with_children(), tmp_path)
    got = {
        f"{arm.name_of(arm.parent_id(r.resource_id) or '')}/{r.resource_name}": r.status.value
        for r in results
    }
    expected = _expected(KV_TEMPLATE, "Azure.KeyVault.AutoRotationPolicy (baseline Azure.Preview)")
    want = {("keyvault-001/key1" if n == "keyvault-001" else n): s for n, s in expected.items()}
    assert got == want


def test_compute_idle_shutdown_agrees(tmp_path: Path) -> None:
    want = _expected("Resources.ML.json", "Azure.ML.ComputeIdleShutdown")
    got = _by_name(_scan("AML401", ml_fixture(), tmp_path))
    assert got == want  # the fixture's workspaces are not computes: no other result
