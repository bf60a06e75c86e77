"""The stages import only downwards (docs/architecture.md): every import in auditor/, module
level or inside a function, goes to the importing package itself, to a stage below it, or to the
package root (`auditor.__version__`). Rules import only the rule kit. No cycles can form."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT

# What each package may import, besides itself and the package root.
ALLOWED = {
    "core": set(),
    "schemas": set(),
    "inventory": {"core"},
    "sources": {"core", "inventory"},
    "simulator": {"core", "inventory"},
    "rulekit": {"core", "inventory"},
    "evaluate": {"core", "inventory", "rulekit"},
    "controls": {"core", "inventory", "rulekit", "evaluate"},
    "reporters": {"core", "inventory", "rulekit", "evaluate", "controls"},
    "plan": {"core", "inventory", "rulekit", "evaluate", "controls", "reporters", "sources"},
    "commands": {
        "core",
        "inventory",
        "rulekit",
        "evaluate",
        "controls",
        "reporters",
        "sources",
        "plan",
    },
    "cli": {"core", "commands"},
    "__main__": {"cli"},
}
# Only these modules may start the optional simulator.
SIMULATOR_USERS = {"auditor.commands.demo", "auditor.commands.simulate"}


def _imports(path: Path) -> list[str]:
    found: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append(node.module)
            found += [f"{node.module}.{alias.name}" for alias in node.names]
    return [name for name in found if name.split(".")[0] == "auditor"]


def _package(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else None


def _auditor_modules() -> list[tuple[str, Path]]:
    modules = []
    for path in sorted((REPO_ROOT / "auditor").rglob("*.py")):
        parts = path.relative_to(REPO_ROOT).with_suffix("").parts
        modules.append((".".join(p for p in parts if p != "__init__"), path))
    return modules


@pytest.mark.parametrize(("module", "path"), _auditor_modules(), ids=lambda v: str(v))
def test_imports_point_down_the_stages(module: str, path: Path) -> None:
    own = _package(module)
    if own is None:  # auditor/__init__.py
        assert _imports(path) == []
        return
    wrong = set()
    for target in _imports(path):
        package = _package(target)
        if package in (None, own, "__version__"):
            continue
        if package == "simulator" and module in SIMULATOR_USERS:
            continue
        if package not in ALLOWED[own]:
            wrong.add(target)
    assert not wrong, f"{module} reaches up or across the stages: {sorted(wrong)}"


def test_rules_import_only_the_rule_kit() -> None:
    for path in sorted((REPO_ROOT / "rules").rglob("*.py")):
        imported = {name for name in _imports(path) if not name.startswith("auditor.rulekit.")}
        assert imported <= {"auditor.rulekit"}, f"{path.name} imports {sorted(imported)}"
