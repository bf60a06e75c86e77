"""The registry: built-in rules, entry-point plugins and --rules-dir modules; duplicates are
errors naming both modules; a broken plugin is reported by name and skipped."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.core.errors import RuleDefinitionError
from auditor.evaluate import registry
from auditor.evaluate.registry import load_rules

# The built-in catalogue, in load order: plugin and --rules-dir rules come after it.
BUILTIN = load_rules(entry_points=False).ids()

RULE_MODULE = """
from auditor.rulekit import References, Remediation, Rule, RuleMeta, Severity, passed

META = RuleMeta(
    id="{id}",
    title="Example rule {id}",
    severity=Severity.LOW,
    resource_types=("Microsoft.KeyVault/vaults",),
    category="example",
    rationale="An example.",
    remediation=Remediation("Fix it.", "az fix", "resource x 'X@1' = {{}}"),
    references=References(),
    aliases={aliases},
)


def check(resource, ctx):
    yield passed("fine")


RULE = Rule(META, check)
"""


def rule_module(directory: Path, name: str, rule_id: str, aliases: tuple[str, ...] = ()) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{name}.py"
    path.write_text(RULE_MODULE.format(id=rule_id, aliases=aliases), encoding="utf-8")
    return path


def fake_distribution(site: Path, name: str, entry_points: dict[str, str]) -> None:
    """An installed distribution as importlib.metadata sees one: a dist-info with entry points."""
    info = site / f"{name}-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n")
    lines = [f"{key} = {value}" for key, value in entry_points.items()]
    (info / "entry_points.txt").write_text("[aml_auditor.rules]\n" + "\n".join(lines) + "\n")


def test_builtin_rules_are_one_per_module_named_by_id() -> None:
    """The catalogue grows; what holds for every built-in rule is its module: one rule, under
    rules/<category>/, named by its id (the first four keep the paths they shipped with)."""
    rules = load_rules(entry_points=False)
    assert {"AML101", "AML201", "AML301", "AML302"} <= set(rules.ids())
    assert rules.ids() == sorted(set(rules.ids()))
    origins = {r.meta.id: r.origin for r in rules.rules}
    assert origins["AML101"] == "rules/identity/aml101_endpoint_key_auth.py"
    assert origins["AML201"] == "rules/network/aml201_workspace_public_network.py"
    assert origins["AML301"] == "rules/data/aml301_workspace_cmk.py"
    assert origins["AML302"] == "rules/data/aml302_keyvault_purge_protection.py"
    for rule in rules.rules:
        category, module = rule.origin.split("/")[1:]
        assert rule.origin.startswith("rules/"), rule.origin
        assert category == rule.meta.category, rule.origin
        assert module.startswith(rule.meta.id.lower() + "_"), rule.origin
    assert rules.problems == ()


def test_rules_dir_modules_are_loaded_private_ones_skipped(tmp_path: Path) -> None:
    rule_module(tmp_path / "ours", "aml950_one", "AML950")
    rule_module(tmp_path / "ours" / "nested", "aml951_two", "AML951")
    (tmp_path / "ours" / "_helper.py").write_text("raise RuntimeError('never imported')\n")
    (tmp_path / "ours" / "aml952_many.py").write_text(
        "import dataclasses\n"
        + RULE_MODULE.format(id="AML952", aliases=())
        + "RULE2 = Rule(dataclasses.replace(META, id='AML953'), check)\n"
        + "RULES = [RULE2]\n"
    )
    rules = load_rules([tmp_path / "ours"], entry_points=False)
    assert rules.ids() == [*BUILTIN, "AML950", "AML951", "AML952", "AML953"]
    assert rules.get("aml950") is not None
    nested = rules.get("AML951")
    assert nested is not None and nested.origin == str(tmp_path / "ours/nested/aml951_two.py")
    assert rules.problems == ()


def test_a_duplicate_id_is_an_error_naming_both_modules(tmp_path: Path) -> None:
    first = rule_module(tmp_path / "a", "aml960_first", "AML960")
    second = rule_module(tmp_path / "b", "aml960_second", "AML960")
    with pytest.raises(RuleDefinitionError) as info:
        load_rules([tmp_path / "a", tmp_path / "b"], entry_points=False)
    assert str(info.value) == f"duplicate rule id AML960: defined in {first} and in {second}"


def test_a_local_rule_cannot_take_a_builtin_id(tmp_path: Path) -> None:
    clash = rule_module(tmp_path, "mine", "AML101")
    with pytest.raises(RuleDefinitionError) as info:
        load_rules([tmp_path], entry_points=False)
    assert str(info.value) == (
        "duplicate rule id AML101: defined in rules/identity/aml101_endpoint_key_auth.py "
        f"and in {clash}"
    )


def test_an_alias_is_found_by_get_and_may_not_shadow_another_id(tmp_path: Path) -> None:
    rule_module(tmp_path / "ok", "aml970_renamed", "AML970", aliases=("AML170",))
    rules = load_rules([tmp_path / "ok"], entry_points=False)
    renamed = rules.get("aml170")
    assert renamed is not None and renamed.meta.id == "AML970"
    rule_module(tmp_path / "bad", "aml971_shadow", "AML971", aliases=("AML302",))
    with pytest.raises(RuleDefinitionError, match="duplicate rule id AML302"):
        load_rules([tmp_path / "bad"], entry_points=False)


def test_a_broken_local_module_is_reported_and_the_rest_load(tmp_path: Path) -> None:
    rule_module(tmp_path, "aml980_good", "AML980")
    (tmp_path / "aml981_syntax.py").write_text("def check(:\n")
    (tmp_path / "aml982_empty.py").write_text("X = 1\n")
    rule_module(tmp_path, "aml983_bad_meta", "AML98")
    rules = load_rules([tmp_path], entry_points=False)
    assert rules.ids()[-1] == "AML980"
    problems = {Path(p.origin).name: p.error for p in rules.problems}
    assert set(problems) == {"aml981_syntax.py", "aml982_empty.py", "aml983_bad_meta.py"}
    assert problems["aml981_syntax.py"].startswith("SyntaxError: ")
    assert problems["aml982_empty.py"] == (
        f"RuleDefinitionError: {tmp_path / 'aml982_empty.py'} defines no RULE or RULES"
    )
    assert problems["aml983_bad_meta.py"] == (
        "RuleDefinitionError: rule 'AML98': id must be 'AML' followed by three digits "
        "('AMLP' and two for a path)"
    )
    assert str(rules.problems[0]).startswith("rule plugin ")
    assert " was skipped: " in str(rules.problems[0])


def test_a_missing_rules_dir_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(RuleDefinitionError, match="does-not-exist does not exist"):
        load_rules([tmp_path / "does-not-exist"], entry_points=False)


def test_entry_point_plugins_load_and_a_broken_one_is_reported_by_name_and_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    rule_module(site / "good_plugin", "__init__", "AML990")
    (site / "broken_plugin.py").write_text("raise ImportError('needs a library that is absent')\n")
    fake_distribution(
        site,
        "aml_audit_test_plugins",
        {"good": "good_plugin", "broken": "broken_plugin", "ghost": "no_such_module:RULES"},
    )
    monkeypatch.syspath_prepend(str(site))
    rules = load_rules()
    assert "AML990" in rules.ids()
    assert rules.get("AML990").origin == "good (good_plugin)"  # type: ignore[union-attr]
    assert sorted((p.origin, p.error) for p in rules.problems) == [
        ("broken (broken_plugin)", "ImportError: needs a library that is absent"),
        ("ghost (no_such_module:RULES)", "ModuleNotFoundError: No module named 'no_such_module'"),
    ]


def test_an_entry_point_may_name_a_rule_or_a_list_of_rules(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    rule_module(site, "plugin_one", "AML991")
    rule_module(site, "plugin_two_impl", "AML992")
    (site / "plugin_two.py").write_text(
        "from plugin_two_impl import RULE\nALL = (RULE,)\nNOT_A_RULE = 42\n"
    )
    fake_distribution(
        site,
        "aml_audit_more_plugins",
        {"one": "plugin_one:RULE", "listed": "plugin_two:ALL", "wrong": "plugin_two:NOT_A_RULE"},
    )
    monkeypatch.syspath_prepend(str(site))
    rules = load_rules()
    assert rules.ids() == [*BUILTIN, "AML991", "AML992"]
    assert [(p.origin, p.error) for p in rules.problems] == [
        (
            "wrong (plugin_two:NOT_A_RULE)",
            "RuleDefinitionError: wrong (plugin_two:NOT_A_RULE) is not a Rule, a list of Rules "
            "or a rule module",
        )
    ]


def test_a_plugin_claiming_a_builtin_id_is_an_error_naming_both(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    rule_module(site, "dup_plugin", "AML302")
    fake_distribution(site, "aml_audit_dup_plugin", {"dup": "dup_plugin"})
    monkeypatch.syspath_prepend(str(site))
    with pytest.raises(RuleDefinitionError) as info:
        load_rules()
    assert str(info.value) == (
        "duplicate rule id AML302: defined in rules/data/aml302_keyvault_purge_protection.py "
        "and in dup (dup_plugin)"
    )


def test_rules_in_rejects_what_is_not_a_rule() -> None:
    with pytest.raises(RuleDefinitionError, match="x is not a Rule"):
        registry.rules_in(42, "x")
