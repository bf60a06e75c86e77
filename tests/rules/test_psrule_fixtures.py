"""Our rules on a peer's real-shaped fixtures: PSRule for Azure's test data and expectations.

`tests/data/psrule/` (copied unmodified; its SOURCE.md records the upstream commit and licence)
holds PSRule for Azure's fixtures and `expected_outcomes.json`, which maps each PSRule rule to
the fixture names it passes and fails. Where one of our rules checks the same thing, our outcome
on each of those resources must be the same, except for the deliberate differences listed (and
explained) below.

The fixtures come in three shapes: ARM-style objects (some without an id), Get-AzResource exports
(PascalCase keys, nested child `resources[]`) and ARM templates with parameter files. They are
turned into a snapshot file and read by the real SnapshotSource, as a user's export would be.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from auditor.evaluate import engine
from auditor.evaluate.registry import load_rules
from auditor.inventory import arm
from auditor.sources.snapshot import SnapshotSource
from tests.conftest import TEST_DATA

PSRULE = TEST_DATA / "psrule"
RULES = load_rules(entry_points=False)
SUBSCRIPTION = "/subscriptions/00000000-0000-0000-0000-000000000000"
WORKSPACES = "Microsoft.MachineLearningServices/workspaces"


def _expected() -> dict[str, Any]:
    return json.loads((PSRULE / "expected_outcomes.json").read_text(encoding="utf-8"))


def _read(name: str) -> Any:
    return json.loads((PSRULE / name).read_text(encoding="utf-8"))


# --- turning fixtures into ARM resources --------------------------------------------------------


def _with_id(item: dict[str, Any], resource_group: str) -> dict[str, Any]:
    """ARM-style fixtures leave top-level ids out; ARM always has one."""
    if "id" in item or "ResourceId" in item:
        return item
    rid = f"{SUBSCRIPTION}/resourceGroups/{resource_group}/providers/{item['type']}/{item['name']}"
    return {"id": rid, **item}


_PARAMETER = re.compile(r"^\[parameters\('(\w+)'\)\]$")
_FORMAT = re.compile(r"^\[format\('([^']*)', parameters\('(\w+)'\)\)\]$")


def _expand(value: Any, parameters: dict[str, Any]) -> Any:
    """The two template expressions these fixtures use; anything else stays a literal string."""
    if isinstance(value, dict):
        return {k: _expand(v, parameters) for k, v in value.items()}
    if isinstance(value, list):
        return [_expand(v, parameters) for v in value]
    if isinstance(value, str):
        if match := _PARAMETER.match(value):
            return parameters[match.group(1)]
        if match := _FORMAT.match(value):
            return match.group(1).replace("{0}", str(parameters[match.group(2)]))
    return value


def _template(template_name: str, parameters_name: str | None = None) -> list[dict[str, Any]]:
    template = _read(template_name)
    values = {k: v.get("defaultValue") for k, v in template.get("parameters", {}).items()}
    if parameters_name:
        values |= {k: v["value"] for k, v in _read(parameters_name)["parameters"].items()}
    resources = []
    for item in template["resources"]:
        if "/" in item["type"].split("/", 1)[1]:
            continue  # child resources (keys, diagnostic settings) named "parent/child"
        # nested child resources (diagnostic settings) and dependsOn are not the resource's data
        top = {k: v for k, v in item.items() if k not in ("dependsOn", "resources")}
        expanded = _expand(top, values)
        resources.append(_with_id(expanded, "template-rg"))
    return resources


def _connection_to(account: dict[str, Any], index: int) -> dict[str, Any]:
    """A workspace connection that targets `account` (see the AML107 overlap below)."""
    rid = account.get("id") or account["ResourceId"]
    workspace = f"{SUBSCRIPTION}/resourceGroups/ml-rg/providers/{WORKSPACES}/hub"
    return {
        "id": f"{workspace}/connections/conn-{index}",
        "name": f"conn-{index}",
        "type": "Microsoft.MachineLearningServices/workspaces/connections",
        "properties": {
            "authType": "AAD",
            "category": "CognitiveService",
            "target": f"https://{arm.name_of(rid).lower()}.cognitiveservices.azure.com/",
            "metadata": {"ResourceId": rid},
        },
    }


def _targeted(resources: list[dict[str, Any]]) -> list[dict[str, Any]]:
    connections = [
        _connection_to(r, i)
        for i, r in enumerate(resources)
        if (r.get("type") or r.get("ResourceType")) == "Microsoft.CognitiveServices/accounts"
    ]
    return resources + connections


def _ml_workspace_for_computes(resources: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The computes' parent workspace `test-ws`, which the fixture leaves out, with no managed
    network (the documented default) — see the AML208 overlap below."""
    workspace = {
        "id": f"{SUBSCRIPTION}/resourcegroups/test-rg/providers/{WORKSPACES}/test-ws",
        "name": "test-ws",
        "type": "Microsoft.MachineLearningServices/workspaces",
        "kind": "Default",
        "properties": {},
    }
    return [*resources, workspace]


def ml_fixture() -> list[dict[str, Any]]:
    return [_with_id(r, "test-rg") for r in _read("Resources.ML.json")]


def ai_fixture() -> list[dict[str, Any]]:
    return list(_read("Resources.AI.json"))


def ai_template() -> list[dict[str, Any]]:
    return _template("ai.tests.json")


def keyvault_fixture() -> list[dict[str, Any]]:
    return list(_read("Resources.KeyVault.json"))


def keyvault_template() -> list[dict[str, Any]]:
    return _template("Resources.Template2.json", "Resources.Parameters2.json")


# --- the overlaps -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Overlap:
    fixture: str  # key in expected_outcomes.json
    psrule_rule: str  # key under it
    rule: str  # our rule id
    load: Callable[[], list[dict[str, Any]]]
    # Deliberate differences: resource name -> our status, each explained where it is declared.
    differ: dict[str, str] = field(default_factory=dict)


ML = "Resources.ML.json"
AI = "Resources.AI.json"
AI_TEMPLATE = (
    "ai.tests.json (ARM template compiled from ai.tests.bicep; "
    "expanded with Export-AzRuleTemplateData)"
)
KV = "Resources.KeyVault.json"
KV_TEMPLATE = (
    "Resources.Template2.json+Resources.Parameters2.json (expanded with Export-AzRuleTemplateData)"
)

OVERLAPS = [
    Overlap(ML, "Azure.ML.PublicAccess", "AML201", ml_fixture),
    Overlap(ML, "Azure.ML.DisableLocalAuth", "AML104", ml_fixture),
    Overlap(ML, "Azure.ML.UserManagedIdentity", "AML110", ml_fixture),
    # AML107 judges AI Services / OpenAI accounts, and other Cognitive Services kinds (these
    # fixtures are LUIS, TextAnalytics and CognitiveServices accounts) only when a workspace
    # connection targets them: an ML auditor has no say over unrelated accounts. With a
    # connection to each, the outcomes agree; without one, see test_ai_accounts_out_of_scope.
    Overlap(AI, "Azure.AI.DisableLocalAuth", "AML107", lambda: _targeted(ai_fixture())),
    Overlap(AI_TEMPLATE, "Azure.AI.DisableLocalAuth", "AML107", lambda: _targeted(ai_template())),
    Overlap(AI, "Azure.AI.PublicAccess", "AML212", lambda: _targeted(ai_fixture())),
    Overlap(AI_TEMPLATE, "Azure.AI.PublicAccess", "AML212", lambda: _targeted(ai_template())),
    # Azure.ML.ComputeVnet fails any compute without a subnet. AML208 also accepts a compute with
    # no subnet in a workspace that has a managed network, so it needs the compute's workspace,
    # which the fixture leaves out: given one with no managed network, the outcomes agree.
    # Without it, see test_compute_without_its_workspace_is_not_assessed.
    Overlap(ML, "Azure.ML.ComputeVnet", "AML208", lambda: _ml_workspace_for_computes(ml_fixture())),
    Overlap(KV, "Azure.KeyVault.Firewall", "AML210", keyvault_fixture),
    Overlap(KV_TEMPLATE, "Azure.KeyVault.Firewall", "AML210", keyvault_template),
]


def _outcomes(rule_id: str, resources: list[dict[str, Any]], tmp_path: Path) -> dict[str, str]:
    snapshot = tmp_path / "psrule-snapshot.json"
    snapshot.write_text(json.dumps({"resources": resources}), encoding="utf-8")
    inventory = SnapshotSource(snapshot).collect()
    rule = RULES.get(rule_id)
    assert rule is not None
    results = engine.evaluate(inventory, [rule]).results
    by_name: dict[str, str] = {}
    for result in results:
        assert result.resource_name not in by_name, f"two results for {result.resource_name}"
        by_name[result.resource_name] = result.status.value
    return by_name


@pytest.mark.parametrize(
    "overlap", OVERLAPS, ids=[f"{o.rule}-{o.psrule_rule}-{o.fixture[:12]}" for o in OVERLAPS]
)
def test_agrees_with_psrule(overlap: Overlap, tmp_path: Path) -> None:
    expected = _expected()[overlap.fixture][overlap.psrule_rule]
    want = {name: "fail" for name in expected.get("fail", [])}
    want |= {name: "pass" for name in expected.get("pass", [])}
    want |= overlap.differ
    got = _outcomes(overlap.rule, overlap.load(), tmp_path)
    assert {name: got.get(name) for name in want} == want


@pytest.mark.parametrize("load", [ai_fixture, ai_template], ids=["export", "template"])
def test_ai_accounts_no_connection_targets_are_out_of_scope(
    load: Callable[[], list[dict[str, Any]]], tmp_path: Path
) -> None:
    """The deliberate difference behind the AI overlaps: PSRule judges every Cognitive Services
    account; our AI account rules judge kinds AIServices and OpenAI, and other kinds only when a
    workspace connection targets them. None of these fixtures is either, so: no result."""
    for rule_id in ("AML107", "AML212"):
        assert _outcomes(rule_id, load(), tmp_path) == {}


def test_compute_without_its_workspace_is_not_assessed(tmp_path: Path) -> None:
    """The deliberate difference behind the AML208 overlap: without its workspace in the data, a
    compute with no subnet may or may not be in a managed network, so AML208 does not guess.
    A compute with a subnet needs no workspace."""
    assert _outcomes("AML208", ml_fixture(), tmp_path) == {
        "mlcomp-a": "pass",
        "mlcomp-b": "not_assessed",
    }
