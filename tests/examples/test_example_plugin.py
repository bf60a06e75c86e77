"""The example plugin's rule, loaded in-process through --rules-dir (tests/test_wheel.py installs
it for real through its entry point)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from auditor.evaluate import engine
from auditor.evaluate.registry import load_rules
from auditor.inventory.inventory import Inventory
from auditor.inventory.resources import Resource
from tests.conftest import REPO_ROOT

PLUGIN = REPO_ROOT / "examples" / "plugin" / "aml_audit_example_plugin"
WS_TYPE = "Microsoft.MachineLearningServices/workspaces"
RG = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg"


def workspace(name: str, **raw: Any) -> Resource:
    return Resource(f"{RG}/providers/{WS_TYPE}/{name}", WS_TYPE, name, {"name": name, **raw})


def test_aml901_owner_tag() -> None:
    rules = load_rules([PLUGIN], entry_points=False)
    assert rules.problems == ()
    rule = rules.get("AML901")
    assert rule is not None and rule.origin == str(PLUGIN / "aml901_workspace_owner_tag.py")
    inventory = Inventory(
        [
            workspace("owned", tags={"Owner": "ml-platform@contoso.com"}),
            workspace("blank", tags={"owner": "  "}),
            workspace("other-tags", tags={"team": "fraud"}),
            workspace("null-tags", tags=None),
            workspace("untagged"),
        ]
    )
    results = engine.evaluate(inventory, [rule]).results
    assert {(r.rule_id, r.resource_name, r.status.value) for r in results} == {
        ("AML901", "owned", "pass"),
        ("AML901", "blank", "fail"),
        ("AML901", "other-tags", "fail"),
        ("AML901", "null-tags", "fail"),
        ("AML901", "untagged", "fail"),
    }
    untagged = next(r for r in results if r.resource_name == "untagged")
    assert [(e.path, e.observed) for e in untagged.evidence] == [("tags.owner", "absent")]


def documented_rule(rule_id: str) -> str:
    """The module in docs/writing-rules.md that defines `rule_id`."""
    text = (REPO_ROOT / "docs" / "writing-rules.md").read_text()
    blocks = [block.split("```")[0] for block in text.split("```python\n")[1:]]
    (module,) = [block for block in blocks if f'id="{rule_id}"' in block]
    return module


def test_the_rule_in_writing_rules_md_loads_and_judges(tmp_path: Path) -> None:
    (tmp_path / "aml901_documented.py").write_text(documented_rule("AML901"))
    rules = load_rules([tmp_path], entry_points=False)
    assert rules.problems == ()
    rule = rules.get("AML901")
    assert rule is not None
    inventory = Inventory([workspace("owned", tags={"OWNER": "x"}), workspace("untagged")])
    results = engine.evaluate(inventory, [rule]).results
    assert {(r.resource_name, r.status.value) for r in results} == {
        ("owned", "pass"),
        ("untagged", "fail"),
    }


def test_the_declared_rule_in_writing_rules_md_loads_and_judges(tmp_path: Path) -> None:
    (tmp_path / "aml902_documented.py").write_text(documented_rule("AML902"))
    rules = load_rules([tmp_path], entry_points=False)
    assert rules.problems == ()
    rule = rules.get("AML902")
    assert rule is not None
    inventory = Inventory(
        [
            workspace("hbi", properties={"hbiWorkspace": True}),
            workspace("off", properties={"hbiWorkspace": "false"}),
            workspace("unset", properties={}),  # collected, without the property
        ]
    )
    results = engine.evaluate(inventory, [rule]).results
    assert {(r.resource_name, r.status.value) for r in results} == {
        ("hbi", "pass"),
        ("off", "fail"),
        ("unset", "fail"),
    }
    unset = next(r for r in results if r.resource_name == "unset")
    assert [(e.path, e.observed) for e in unset.evidence] == [
        ("properties.hbiWorkspace", "absent (default: false)")
    ]
