"""The developers' reference folder beside the checkout (`../shared`) is not part of a user's
clone: no test, benchmark, script or product code may read it. Data a test needs lives in
tests/data/, one folder per source, each with a SOURCE.md saying where it came from and under
which licence.

The check reads the code, not the prose: docstrings may cite the reference folder as where a
shape was learnt; code may not build a path into it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT, TEST_DATA

SCANNED = ("auditor", "rules", "tests", "bench", "scripts")
FORBIDDEN_NAMES = {"SHARED", "_find_shared"}  # the helpers tests/conftest.py used to export
SHARED_PATHS = ("../shared", "/work/shared")
PATH_BUILDERS = {"Path", "PurePath", "joinpath", "join"}


def _docstrings(tree: ast.Module) -> set[int]:
    """ids of the docstring constants of the module, its classes and functions."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def _is_shared(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and node.value in ("shared", "shared/")


def reads_of_shared(source: str) -> list[str]:
    """Every place in a module's code that reaches into the reference folder, as `line: what`."""
    tree = ast.parse(source)
    docstrings = _docstrings(tree)
    found = []
    for node in ast.walk(tree):
        line = getattr(node, "lineno", 0)
        if isinstance(node, ast.ImportFrom) and (node.module or "").endswith("conftest"):
            found += [f"{line}: imports {a.name}" for a in node.names if a.name in FORBIDDEN_NAMES]
        elif isinstance(node, ast.Attribute) and node.attr in FORBIDDEN_NAMES:
            found.append(f"{line}: uses .{node.attr}")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            text = node.value.replace("\\", "/")
            if id(node) not in docstrings and any(p in text for p in SHARED_PATHS):
                found.append(f"{line}: path {node.value!r}")
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
            if _is_shared(node.right):
                found.append(f'{line}: joins / "shared"')
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in PATH_BUILDERS and any(_is_shared(a) for a in node.args):
                found.append(f'{line}: builds a path with "shared"')
    return found


def _modules() -> list[Path]:
    here = Path(__file__).resolve()
    return sorted(
        path
        for folder in SCANNED
        for path in (REPO_ROOT / folder).rglob("*.py")
        if path.resolve() != here
    )


def test_no_code_reads_the_reference_folder() -> None:
    offenders = {
        str(path.relative_to(REPO_ROOT)): found
        for path in _modules()
        if (found := reads_of_shared(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}


@pytest.mark.parametrize(
    "code",
    [
        "from tests.conftest import REPO_ROOT, SHARED",
        "from tests.conftest import _find_shared",
        "import tests.conftest\nx = tests.conftest.SHARED",
        "from pathlib import Path\nx = Path(__file__).parent.parent / 'shared' / 'psrule'",
        "import os\nx = os.path.join('..', 'shared', 'sarif')",
        "from pathlib import Path\nx = Path('..', 'shared')",
        "x = open('../shared/psrule/expected_outcomes.json')",
        "x = '/work/shared/azpolicy/catalogue.json'",
    ],
)
def test_the_check_catches_each_way_in(code: str) -> None:
    assert reads_of_shared(code)


def test_the_check_leaves_prose_and_unrelated_names_alone() -> None:
    code = (
        '"""Shapes learnt from `/work/shared/armspecs`."""\n'
        "SHARED = 'properties.isSharedToAll'  # a rule's own constant\n"
        "def f(resource_group='shared'):\n"
        '    """See ../shared/psrule for the upstream fixtures."""\n'
        "    return resource_group\n"
    )
    assert reads_of_shared(code) == []


def test_every_vendored_source_says_where_it_came_from() -> None:
    folders = sorted(p for p in TEST_DATA.iterdir() if p.is_dir())
    assert folders, "tests/data holds the third-party data the tests read"
    assert [p.name for p in folders if not (p / "SOURCE.md").is_file()] == []
