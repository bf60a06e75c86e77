"""Mutation test: junk in any property a rule reads never crashes it and never turns a fail or a
not_assessed into a pass.

For every rule and every case of it in tests/rules/cases/ that gives a resource `fail` or
`not_assessed`, the paths the rule reads are found by watching it work (every `arm.get_path` call
during the case's evaluation, on any resource of the inventory, mapped back to the path from that
resource's root), never listed by hand. Each path, and each object on the way to it, is then set
to each junk value (null, [], "", 0, {}, "unknown-value") and removed, the mutant passes through
the input boundary (sanitize) like any source's resource, and the rule runs again:

- it must not raise (the engine would turn the exception into a not_assessed that says "could not
  evaluate", which is what is checked, so a crash is caught even though the scan survives it);
- the resource that failed or was not assessed must not pass. Exceptions: a value that is now
  absent (removed, null, or {} where an object or nothing was) may pass when the result's
  evidence names the default it applied (a rule applies a default only where the service
  documents it); a list with fewer entries (empty, null or removed, or one entry removed) is a
  valid value, so a fail those entries caused may rightly pass; and the few values VALID_VALUES
  names are valid for their property (a Unix time of 0, an empty map of environment variables).
  Those are still checked for crashes.

One test per (rule, resource type, path, junk value), run over every case that reads that path.
Where a rule turns junk into a pass today, the combination is listed in KNOWN_JUNK_PASSES with the
reason, as a strict xfail: the fix flips it and the table must shrink with it.
"""

# The xfail reasons keep their wording, however long.
# ruff: noqa: E501

from __future__ import annotations

import copy
import importlib
import json
import tempfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from auditor.evaluate import engine
from auditor.evaluate.registry import load_rules
from auditor.evaluate.results import Result
from auditor.inventory import arm
from auditor.inventory.inventory import Inventory
from auditor.inventory.resources import Resource
from auditor.rulekit import diagnostics
from auditor.rulekit import rule as rule_module
from auditor.rulekit.rule import Rule, RuleContext
from auditor.sources.sanitize import sanitize_resource
from auditor.sources.snapshot import SnapshotSource

CASES_DIR = Path(__file__).parent / "cases"
RULES = load_rules(entry_points=False)

Path_ = tuple[str | int, ...]

REMOVED = "removed"
JUNK: dict[str, Any] = {
    "null": None,
    "[]": [],
    '""': "",
    "0": 0,
    "{}": {},
    '"unknown-value"': "unknown-value",
}
VALUES = (*JUNK, REMOVED)

# The few "junk" values that are valid values of one property, so a pass on them is right. Every
# other value of every path is junk.
VALID_VALUES: dict[tuple[str, str, str, str], str] = (
    {
        (
            rule,
            f"microsoft.machinelearningservices/workspaces/{endpoints}/deployments",
            path,
            value,
        ): ("no environment variables: an empty (or null) map holds no literal secret")
        for rule in ("AML311",)
        for endpoints in ("onlineendpoints", "batchendpoints")
        for path in ("properties.environmentVariables",)
        for value in ("{}", "null")
    }
    | {
        (
            "AML601",
            "microsoft.machinelearningservices/workspaces/serverlessendpoints",
            "properties.contentSafety",
            "{}",
        ): (
            "an empty contentSafety object sets no contentSafetyStatus, so the documented default"
            " applies (model-catalog-content-safety: content filtering is 'enabled by default')"
        ),
        (
            "AML207",
            "microsoft.machinelearningservices/workspaces/computes",
            "properties.properties.sshSettings",
            "{}",
        ): (
            "empty sshSettings set no sshPublicAccess, whose REST-spec default is Disabled"
            " (ComputeInstanceSshSettings)"
        ),
        (
            "AML207",
            "microsoft.machinelearningservices/workspaces/computes",
            "properties.properties",
            "{}",
        ): (
            "an empty compute properties object sets no SSH settings: on an instance the REST-spec"
            " default of sshPublicAccess (Disabled) applies"
        ),
        (
            "AML219",
            "microsoft.containerregistry/registries",
            "properties.networkRuleSet.ipRules",
            "[]",
        ): (
            "an empty ipRules list is no IP rules (NetworkRuleSet.ipRules: IPRule[]): behind a"
            " Deny default action nothing is let back in"
        ),
        ("AML309", "microsoft.keyvault/vaults/keys", "properties.attributes", "{}"): (
            "empty key attributes: enabled absent is on (keys are created enabled unless"
            " `az keyvault key create --disabled`), and no exp or nbf limits the key"
        ),
        ("AML309", "microsoft.keyvault/vaults/keys", "properties.attributes.exp", "null"): (
            "exp null is exp not set (Key Vault KeyAttributes: 'exp: Expiry date in UTC', optional):"
            " a key without an expiry, as without one (AML305 judges lifetimes)"
        ),
        ("AML309", "microsoft.keyvault/vaults/keys", "properties.attributes.nbf", "0"): (
            "0 is a Unix time (1970-01-01): a not-before in the past, so the key is valid"
        ),
        ("AML309", "microsoft.keyvault/vaults/keys", "properties.attributes.nbf", REMOVED): (
            "nbf is optional: a key without one is valid from its creation"
        ),
        ("AML309", "microsoft.keyvault/vaults/keys", "properties.attributes.nbf", "null"): (
            "nbf null is nbf not set (Key Vault KeyAttributes: 'nbf: Not before date in UTC', optional):"
            " valid from its creation, as without one"
        ),
    }
    | {
        (rule, "microsoft.authorization/roleassignments", "properties.condition", value): (
            "a role assignment without a condition is null (RoleAssignmentProperties.condition, "
            "2022-04-01: the condition is optional; ARM returns null when none is set): the grant "
            "is unconditional"
        )
        for rule in ("AML117", "AML315")
        for value in ("null", REMOVED)
    }
    | {
        (
            "AML117",
            "microsoft.authorization/denyassignments",
            "properties.doNotApplyToChildScopes",
            value,
        ): (
            "DenyAssignmentProperties.doNotApplyToChildScopes: 'Determines if the deny assignment "
            "applies to child scopes. Default value is false.' Unset, it applies to child scopes"
        )
        for value in ("null", REMOVED)
    }
)

# Where a rule turns junk into a pass today: (rule, resource type, path, junk values, why). Each
# combination is a strict xfail, so the fix that lands on main flips it and its row must go.
# "issue 9 item N" is the item of issue 9 the fix belongs to.
_JUNK_PASSES: list[tuple[str, str, str, tuple[str, ...], str]] = []
KNOWN_JUNK_PASSES: dict[tuple[str, str, str, str], str] = {
    (rule, resource_type, path, value): reason
    for rule, resource_type, path, values, reason in _JUNK_PASSES
    for value in values
}


# -- reading a case -------------------------------------------------------------------------------


def _inventory(case: Mapping[str, Any]) -> Inventory:
    """The case's inventory, read through a snapshot file exactly as tests/rules/test_cases.py
    reads it (the same input boundary)."""
    document = {key: case.get(key, []) for key in ("resources", "gaps", "missing", "listed")}
    with tempfile.TemporaryDirectory() as folder:
        snapshot = Path(folder) / "case.json"
        snapshot.write_text(json.dumps(document), encoding="utf-8")
        return SnapshotSource(snapshot).collect()


def _now(case: Mapping[str, Any]) -> datetime | None:
    return datetime.fromisoformat(case["now"]) if "now" in case else None


def _evaluate(
    rule: Rule, inventory: Inventory, now: datetime | None, settings: Mapping[str, Any]
) -> list[Result]:
    """The engine's own evaluation of one rule (so whatever the engine decides before a rule's
    check, such as properties never collected, is part of what is tested)."""
    ctx = RuleContext(inventory) if now is None else RuleContext(inventory, now)
    return engine.evaluate_rule(rule, inventory, ctx, settings)


def _crashed(rule: Rule, result: Result) -> bool:
    return result.message.startswith(f"rule {rule.meta.id} could not evaluate")


# -- finding the paths a rule reads ---------------------------------------------------------------


def _node_index(inventory: Inventory) -> dict[int, tuple[Resource, Path_]]:
    """Every JSON object and array inside each resource, by identity: where a rule's read of a
    nested object (a private endpoint connection, a schedule) sits in its resource."""
    index: dict[int, tuple[Resource, Path_]] = {}

    def walk(resource: Resource, node: Any, at: Path_) -> None:
        if isinstance(node, Mapping):
            index[id(node)] = (resource, at)
            for key, value in node.items():
                walk(resource, value, (*at, key))
        elif isinstance(node, list):
            index[id(node)] = (resource, at)
            for i, value in enumerate(node):
                walk(resource, value, (*at, i))

    for resource in inventory:
        walk(resource, resource.raw, ())
    return index


def _resolved(document: Any, dotted: str) -> Path_:
    """The keys of `dotted` as the document spells them (paths are case-insensitive); a key the
    document lacks keeps the spelling the rule asked for."""
    keys: list[str | int] = []
    node = document
    for key in dotted.split("."):
        actual = key
        if isinstance(node, Mapping):
            actual = next((k for k in node if isinstance(k, str) and k.lower() == key.lower()), key)
            node = node.get(actual)
        else:
            node = None
        keys.append(actual)
    return tuple(keys)


@contextmanager
def _watching_reads(inventory: Inventory) -> Iterator[set[tuple[str, str, Path_]]]:
    """The (resource id, resource type, path) of every read a rule makes through arm.get_path
    (Resource.get and the kit's helpers use it), and every object on the way to it."""
    index = _node_index(inventory)
    reads: set[tuple[str, str, Path_]] = set()
    original: Callable[[Any, str], Any] = arm.get_path

    def recording(document: Any, path: str) -> Any:
        found = index.get(id(document))
        if found is not None:
            resource, base = found
            full = (*base, *_resolved(document, path))
            for end in range(1, len(full) + 1):
                reads.add((resource.id, resource.type, full[:end]))
        return original(document, path)

    original_uncollected = rule_module.uncollected_properties

    def uncollected(resource: Resource) -> str | None:
        # Whether a resource's `properties` were collected is read without get_path when they
        # were (a dict lookup): recorded here, so junk in `properties` is tried too.
        raw = resource.raw if isinstance(resource.raw, Mapping) else {}
        key = next(
            (k for k in raw if isinstance(k, str) and k.lower() == "properties"), "properties"
        )
        reads.add((resource.id, resource.type, (key,)))
        return original_uncollected(resource)

    patch = pytest.MonkeyPatch()
    patch.setattr(arm, "get_path", recording)
    patch.setattr(diagnostics, "get_path", recording)
    patch.setattr(rule_module, "uncollected_properties", uncollected)
    try:
        yield reads
    finally:
        patch.undo()


# -- mutants --------------------------------------------------------------------------------------


def _mutated(raw: Mapping[str, Any], path: Path_, value: str) -> dict[str, Any] | None:
    """A copy of `raw` with `value` at `path` (missing objects on the way are created), or
    removed; None when the path runs through something that is not an object or array."""
    document: dict[str, Any] = copy.deepcopy(dict(raw))
    node: Any = document
    for key in path[:-1]:
        if isinstance(key, int):
            if not isinstance(node, list) or key >= len(node):
                return None
            node = node[key]
            continue
        if not isinstance(node, dict):
            return None
        if node.get(key) is None and value != REMOVED:
            node[key] = {}
        if key not in node:
            return None
        node = node[key]
    last = path[-1]
    if isinstance(last, int):
        if not isinstance(node, list) or last >= len(node):
            return None
        if value == REMOVED:
            del node[last]
        else:
            node[last] = copy.deepcopy(JUNK[value])
        return document
    if not isinstance(node, dict):
        return None
    if value == REMOVED:
        if last not in node:
            return None
        del node[last]
    else:
        node[last] = copy.deepcopy(JUNK[value])
    return document


def _kind_at(raw: Mapping[str, Any], path: Path_) -> type | None:
    """What the original holds at `path`: dict, list, None when absent (or null), else object
    (a scalar, or the path runs through one)."""
    node: Any = raw
    for key in path:
        if isinstance(key, int):
            if not isinstance(node, list) or key >= len(node):
                return object
        elif not isinstance(node, Mapping):
            return object
        elif key not in node:
            return None
        node = node[key]
    if node is None:
        return None
    if isinstance(node, Mapping):
        return dict
    return list if isinstance(node, list) else object


def dotted(path: Path_) -> str:
    text = ""
    for key in path:
        text += f"[{key}]" if isinstance(key, int) else (f".{key}" if text else key)
    return text


# -- the cases, found once at collection ----------------------------------------------------------


@dataclass(frozen=True)
class Probe:
    """One case of a rule in which `targets` failed or were not assessed, and the inventory."""

    case_name: str
    inventory: Inventory
    now: datetime | None
    targets: Mapping[str, str]  # normalised resource id -> status before mutation
    settings: Mapping[str, Any]  # the rule's configured settings in the case


def _settings(rule: Rule, case: Mapping[str, Any]) -> dict[str, Any]:
    settings = {}
    for name, value in case.get("settings", {}).items():
        setting = rule.meta.setting(name)
        assert setting is not None, name
        settings[name] = setting.parse(value)
    return settings


def _case_modules() -> Iterator[tuple[str, list[dict[str, Any]]]]:
    for module_path in sorted(CASES_DIR.glob("aml*.py")):
        module = importlib.import_module(f"tests.rules.cases.{module_path.stem}")
        yield module.RULE, module.CASES


def _discover() -> tuple[
    dict[tuple[str, str, str], list[tuple[Probe, str, Path_]]], dict[str, int]
]:
    """(rule, resource type, path) -> the probes (and resource id, raw path) that read it; and the
    number of cases each rule has that give a fail or not_assessed."""
    reads_by_key: dict[tuple[str, str, str], list[tuple[Probe, str, Path_]]] = {}
    probes_per_rule: dict[str, int] = {}
    for rule_id, cases in _case_modules():
        rule = RULES.get(rule_id)
        assert rule is not None, rule_id
        probes_per_rule.setdefault(rule_id, 0)
        for case in cases:
            inventory = _inventory(case)
            with _watching_reads(inventory) as reads:
                results = _evaluate(rule, inventory, _now(case), _settings(rule, case))
            targets = {
                arm.normalize_id(r.resource_id): r.status.value
                for r in results
                if r.status.value in ("fail", "not_assessed")
                and inventory.get(r.resource_id) is not None
            }
            if not targets:
                continue
            probes_per_rule[rule_id] += 1
            probe = Probe(case["name"], inventory, _now(case), targets, _settings(rule, case))
            for resource_id, resource_type, path in sorted(reads, key=repr):
                key = (rule_id, arm.normalize_type(resource_type), dotted(path))
                reads_by_key.setdefault(key, []).append((probe, resource_id, path))
    return reads_by_key, probes_per_rule


READS, PROBES_PER_RULE = _discover()


def _params() -> list[Any]:
    params = []
    for (rule_id, resource_type, path), _ in sorted(READS.items()):
        for value in VALUES:
            marks = []
            reason = KNOWN_JUNK_PASSES.get((rule_id, resource_type, path, value))
            if reason is not None:
                marks.append(pytest.mark.xfail(strict=True, reason=reason))
            params.append(
                pytest.param(
                    rule_id,
                    resource_type,
                    path,
                    value,
                    id=f"{rule_id}:{resource_type}:{path}={value}",
                    marks=marks,
                )
            )
    return params


def _cites_default(result: Result) -> bool:
    return any("default" in str(e.observed).lower() for e in result.evidence)


@pytest.mark.parametrize(("rule_id", "resource_type", "path", "value"), _params())
def test_junk_never_crashes_or_passes(
    rule_id: str, resource_type: str, path: str, value: str
) -> None:
    rule = RULES.get(rule_id)
    assert rule is not None
    problems: list[str] = []
    tried = 0
    for probe, resource_id, raw_path in READS[(rule_id, resource_type, path)]:
        resource = probe.inventory.get(resource_id)
        assert resource is not None
        mutated = _mutated(resource.raw, raw_path, value)
        if mutated is None:
            continue
        tried += 1
        absent_now = value in (REMOVED, "null") or (
            value == "{}" and _kind_at(resource.raw, raw_path) in (dict, None)
        )
        # Fewer entries in a list (an empty, null or removed list, or one entry removed) is a
        # valid value, not junk: a fail the entries caused may rightly pass.
        fewer_entries = (
            value in ("[]", "null", REMOVED) and _kind_at(resource.raw, raw_path) is list
        ) or (value == REMOVED and isinstance(raw_path[-1], int))
        valid = (rule_id, resource_type, path, value) in VALID_VALUES
        mutant = replace(resource, raw=sanitize_resource(mutated, resource.type))
        inventory = Inventory(
            probe.inventory,
            probe.inventory.gaps,
            probe.inventory.missing,
            probe.inventory.listed,
            sources=probe.inventory.sources,
            scopes=probe.inventory.scopes,
        )
        inventory.add(mutant)  # the same id: the mutant replaces the original
        for result in _evaluate(rule, inventory, probe.now, probe.settings):
            where = f"{probe.case_name!r}: {result.resource_id}"
            if _crashed(rule, result):
                problems.append(f"{where} crashed: {result.message}")
                continue
            before = probe.targets.get(arm.normalize_id(result.resource_id))
            if before is None or result.status.value != "pass":
                continue
            if fewer_entries or valid or (absent_now and _cites_default(result)):
                continue  # a valid value, or the documented default of an absent value
            problems.append(f"{where} was {before}, now passes: {result.message}")
    assert not problems, "\n".join(problems)
    assert tried or value == REMOVED or _unreachable(rule_id, resource_type, path)


def _unreachable(rule_id: str, resource_type: str, path: str) -> bool:
    """A path whose every occurrence runs through a scalar cannot take a value; only removal
    (which needs the key present) may find nothing to do."""
    for probe, resource_id, raw_path in READS[(rule_id, resource_type, path)]:
        resource = probe.inventory.get(resource_id)
        if resource is not None and _mutated(resource.raw, raw_path, "null") is not None:
            return False
    return True


def test_every_rule_is_probed_on_a_read_path() -> None:
    """Coverage: every rule has a case that fails or is not assessed and reads some path."""
    probed = {rule_id for rule_id, _, _ in READS}
    assert {r.meta.id for r in RULES.rules} - probed == set()


def test_known_junk_passes_name_real_probes() -> None:
    """Every row of the xfail table names a (rule, type, path, value) this test generates."""
    generated = {(*key, value) for key in READS for value in VALUES}
    assert set(KNOWN_JUNK_PASSES) - generated == set()
    assert set(VALID_VALUES) - generated == set()
    assert set(VALID_VALUES) & set(KNOWN_JUNK_PASSES) == set()
