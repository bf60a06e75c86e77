"""Finds rules: the built-in ones (loaded by path, see auditor/core/paths.py), third-party bundles
from the `aml_auditor.rules` entry-point group, and local modules from `--rules-dir`.

A third-party or local module that fails to load is reported by name and skipped; two rules with
one id is an error that names both modules.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import logging
import sys
import types
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from auditor.core import paths
from auditor.core.errors import RuleDefinitionError
from auditor.evaluate.paths import PATHS, AttackPath
from auditor.rulekit.rule import Rule

log = logging.getLogger(__name__)

ENTRY_POINT_GROUP = "aml_auditor.rules"
_BUILTIN_PACKAGE = "auditor_builtin_rules"


@dataclass(frozen=True, slots=True)
class LoadProblem:
    origin: str  # an entry point's name or a module path
    error: str

    def __str__(self) -> str:
        return f"rule plugin {self.origin} was skipped: {self.error}"


@dataclass(frozen=True, slots=True)
class RuleSet:
    rules: tuple[Rule, ...]
    problems: tuple[LoadProblem, ...] = ()
    paths: tuple[AttackPath, ...] = ()  # the built-in attack paths (AMLP01 ...)

    def get(self, rule_id: str) -> Rule | AttackPath | None:
        """The rule (or attack path) with this id or alias."""
        wanted = rule_id.strip().upper()
        candidates: list[Rule | AttackPath] = [*self.rules, *self.paths]
        for rule in candidates:
            if rule.meta.id == wanted or wanted in rule.meta.aliases:
                return rule
        return None

    def ids(self) -> list[str]:
        return [r.meta.id for r in self.rules]


def rules_in(obj: object, origin: str) -> list[Rule]:
    """The rules an entry point or module offers: a Rule, an iterable of Rules, or a module with
    `RULE` and/or `RULES`."""
    if isinstance(obj, Rule):
        return [_with_origin(obj, origin)]
    if isinstance(obj, types.ModuleType):
        found: list[Rule] = []
        if hasattr(obj, "RULE"):
            found += rules_in(obj.RULE, origin)
        if hasattr(obj, "RULES"):
            found += rules_in(obj.RULES, origin)
        if not found:
            raise RuleDefinitionError(f"{origin} defines no RULE or RULES")
        return found
    if isinstance(obj, Iterable) and not isinstance(obj, str | bytes):
        found = []
        for item in obj:
            found += rules_in(item, origin)
        return found
    raise RuleDefinitionError(f"{origin} is not a Rule, a list of Rules or a rule module")


def _with_origin(rule: Rule, origin: str) -> Rule:
    return rule if rule.origin else Rule(rule.meta, rule.check, origin)


def _load_module(path: Path, module_name: str) -> types.ModuleType:
    spec = importlib.util.spec_from_file_location(module_name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        sys.modules.pop(module_name, None)
        raise
    return module


def _rule_files(directory: Path) -> Iterator[Path]:
    for path in sorted(directory.rglob("*.py")):
        if not path.name.startswith("_") and "__pycache__" not in path.parts:
            yield path


def _module_name(prefix: str, directory: Path, path: Path) -> str:
    relative = path.relative_to(directory).with_suffix("")
    return ".".join([prefix, *relative.parts])


def load_builtin() -> list[Rule]:
    """Built-in rules. A broken one is our bug, so it raises rather than being skipped."""
    directory = paths.builtin_rules_dir()
    if _BUILTIN_PACKAGE not in sys.modules:
        sys.modules[_BUILTIN_PACKAGE] = types.ModuleType(_BUILTIN_PACKAGE)
    rules: list[Rule] = []
    for path in _rule_files(directory):
        name = _module_name(_BUILTIN_PACKAGE, directory, path)
        module = sys.modules.get(name) or _load_module(path, name)
        rules += rules_in(module, str(path.relative_to(directory.parent)))
    return rules


def load_directory(directory: Path, problems: list[LoadProblem]) -> list[Rule]:
    rules: list[Rule] = []
    prefix = "aml_audit_local_rules_" + str(abs(hash(str(directory.resolve()))))
    for path in _rule_files(directory):
        try:
            module = _load_module(path, _module_name(prefix, directory, path))
            rules += rules_in(module, str(path))
        except Exception as exc:  # a broken local rule must not stop the scan
            problems.append(LoadProblem(str(path), f"{type(exc).__name__}: {exc}"))
    return rules


def load_entry_points(problems: list[LoadProblem]) -> list[Rule]:
    rules: list[Rule] = []
    for ep in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP):
        origin = f"{ep.name} ({ep.value})"
        try:
            rules += rules_in(ep.load(), origin)
        except Exception as exc:  # a broken plugin is reported by name and skipped
            problems.append(LoadProblem(origin, f"{type(exc).__name__}: {exc}"))
    return rules


def check_unique(rules: Iterable[Rule]) -> None:
    seen: dict[str, Rule] = {}
    for rule in rules:
        for key in (rule.meta.id, *rule.meta.aliases):
            if key in seen:
                raise RuleDefinitionError(
                    f"duplicate rule id {key}: defined in {seen[key].origin} and in {rule.origin}"
                )
            seen[key] = rule


def load_rules(
    rules_dirs: Iterable[Path] = (), *, entry_points: bool = True, builtin: bool = True
) -> RuleSet:
    problems: list[LoadProblem] = []
    rules = load_builtin() if builtin else []
    if entry_points:
        rules += load_entry_points(problems)
    for directory in rules_dirs:
        if not directory.is_dir():
            raise RuleDefinitionError(f"rules directory {directory} does not exist")
        rules += load_directory(directory, problems)
    check_unique(rules)
    for problem in problems:
        log.warning("%s", problem)
    return RuleSet(
        tuple(sorted(rules, key=lambda r: r.meta.id)), tuple(problems), PATHS if builtin else ()
    )
