"""The dependencies tell the truth: every third-party package the product (auditor/ and the
built-in rules/) imports is a declared runtime dependency, and every declared runtime dependency
is imported. Nothing is declared "just in case"; test-only packages live in the `test` extra."""

from __future__ import annotations

import ast
import importlib.metadata
import re
import sys
import tomllib

from tests.conftest import REPO_ROOT

PRODUCT = [REPO_ROOT / "auditor", REPO_ROOT / "rules"]


def _imported_modules() -> set[str]:
    """Top-level names of third-party imports (for azure.*, the package inside the namespace
    that several distributions share: azure.core, azure.identity, azure.mgmt.core)."""
    found: set[str] = set()
    for root in PRODUCT:
        for path in root.rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                names: list[str] = []
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                for name in names:
                    parts = name.split(".")
                    if parts[0] in sys.stdlib_module_names or parts[0] == "auditor":
                        continue
                    if parts[0] != "azure":
                        found.add(parts[0])
                    else:
                        found.add(".".join(parts[:3] if parts[1] == "mgmt" else parts[:2]))
    return found


def _distribution_of(module: str) -> str:
    """The distribution that provides `module` (azure.*: the one whose files hold that folder)."""
    if module.startswith("azure."):
        path = module.replace(".", "/")
        for dist in importlib.metadata.distributions():
            if any(str(f).startswith(path + "/") for f in dist.files or ()):
                return _normalize(dist.metadata["Name"])
        raise AssertionError(f"no installed distribution provides {module}")
    (dist,) = set(importlib.metadata.packages_distributions()[module])
    return _normalize(dist)


def _normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _declared() -> tuple[set[str], set[str]]:
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]

    def names(requirements: list[str]) -> set[str]:
        return {_normalize(re.split(r"[<>=!~;\[ ]", r, maxsplit=1)[0]) for r in requirements}

    return names(project["dependencies"]), names(project["optional-dependencies"]["test"])


def test_every_imported_package_is_declared_and_every_declared_one_imported() -> None:
    runtime, _ = _declared()
    imported = {_distribution_of(m) for m in _imported_modules()}
    assert imported - runtime == set(), "imported by the product but not declared"
    assert runtime - imported == set(), "declared as runtime dependencies but never imported"


def test_the_azure_management_sdks_are_test_dependencies_only() -> None:
    # Collection uses azure-mgmt-core's pipeline with raw GETs (README: Dependencies); the
    # generated clients check the simulator's and the collector's shapes in the tests.
    runtime, test = _declared()
    sdks = {"azure-mgmt-machinelearningservices", "azure-mgmt-keyvault"}
    assert sdks <= test
    assert not sdks & runtime
