"""The installed product: build the wheel, install it and the example plugin into a fresh virtual
environment, and run `aml-audit` from a directory that is not this checkout.

Dependencies (azure SDK, rich, jinja2, pip, hatchling) are reused from the running interpreter's
site-packages, appended after the venv's own (`pip install --no-deps`): what is under test is our
wheel — that it carries the built-in rules and templates inside `auditor/_builtin`, claims no
import name but `auditor`, and finds plugins through entry points — not the dependencies' wheels.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.auditor.estate import ESTATE, FIRST_FOUR
from tests.conftest import REPO_ROOT

pytestmark = pytest.mark.slow

BROKEN_PLUGIN_PYPROJECT = """
[build-system]
requires = ["hatchling"]
build-backend = "hatchling.build"

[project]
name = "aml-audit-broken-plugin"
version = "0.0.1"

[project.entry-points."aml_auditor.rules"]
broken = "aml_audit_broken_plugin"

[tool.hatch.build.targets.wheel]
packages = ["aml_audit_broken_plugin"]
"""


@dataclass(frozen=True)
class Installed:
    venv: Path
    wheel: Path
    workdir: Path  # somewhere else: not the checkout, no config file

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
        env["COLUMNS"] = "200"
        return subprocess.run(
            [str(self.venv / "bin" / args[0]), *args[1:]],
            cwd=self.workdir,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            stdin=subprocess.DEVNULL,
        )


def _check(run: subprocess.CompletedProcess[str]) -> subprocess.CompletedProcess[str]:
    assert run.returncode == 0, f"{run.args}\n{run.stdout}\n{run.stderr}"
    return run


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Installed]:
    base = tmp_path_factory.mktemp("wheel")
    dist = base / "dist"
    _check(
        subprocess.run(
            [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist)],
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            timeout=300,
        )
    )
    (wheel,) = dist.glob("aml_auditor-*.whl")
    broken = base / "broken-plugin"
    (broken / "aml_audit_broken_plugin").mkdir(parents=True)
    (broken / "pyproject.toml").write_text(BROKEN_PLUGIN_PYPROJECT)
    (broken / "aml_audit_broken_plugin" / "__init__.py").write_text(
        "raise RuntimeError('this plugin is broken on purpose')\n"
    )
    venv = base / "venv"
    _check(
        subprocess.run(
            [sys.executable, "-m", "venv", "--without-pip", str(venv)],
            capture_output=True,
            text=True,
            timeout=120,
        )
    )
    # The running interpreter's packages, after the venv's own. (`--system-site-packages` would
    # give the base interpreter's, which lack them when the tests run inside a virtualenv.)
    (venv_site,) = venv.glob("lib/python*/site-packages")
    host_sites = [p for p in sys.path if p.endswith("-packages") and Path(p).is_dir()]
    (venv_site / "_aml_audit_test_host.pth").write_text(
        "".join(f"import site; site.addsitedir({p!r})\n" for p in host_sites)
    )
    plugin = base / "plugin"  # a copy: building must not leave files in the checkout
    shutil.copytree(REPO_ROOT / "examples" / "plugin", plugin)
    # The host's pip, run by the venv's python, installs into the venv.
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install"]
    # --ignore-installed: the host may have aml-auditor too (CI installs it editable); pip must
    # still put the wheel in the venv.
    options = ["--quiet", "--no-deps", "--no-build-isolation", "--no-index", "--ignore-installed"]
    _check(
        subprocess.run(
            [*pip, *options, str(wheel), str(plugin), str(broken)],
            capture_output=True,
            text=True,
            timeout=300,
            env={**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"},
        )
    )
    workdir = base / "elsewhere"
    workdir.mkdir()
    shutil.copy(ESTATE, workdir / "estate.json")
    yield Installed(venv, wheel, workdir)


def test_the_wheel_ships_rules_and_templates_inside_auditor_only(installed: Installed) -> None:
    names = zipfile.ZipFile(installed.wheel).namelist()
    top_level = {name.split("/")[0] for name in names}
    assert top_level == {"auditor", f"{installed.wheel.name.rsplit('-', 3)[0]}.dist-info"}
    assert "auditor/_builtin/rules/identity/aml101_endpoint_key_auth.py" in names
    assert any(name.startswith("auditor/_builtin/templates/") for name in names)
    assert not any("__pycache__" in name for name in names)


def test_the_installed_package_is_the_wheel_with_its_builtin_rules(installed: Installed) -> None:
    run = _check(
        installed.run(
            "python",
            "-c",
            "import auditor, auditor.core.paths as p, json; print(json.dumps("
            "[auditor.__file__, str(p.builtin_rules_dir()), str(p.templates_dir())]))",
        )
    )
    module, rules_dir, templates_dir = (Path(p) for p in json.loads(run.stdout))
    package = module.parent
    assert package.is_relative_to(installed.venv), "auditor was imported from outside the venv"
    assert rules_dir == package / "_builtin" / "rules"
    assert (package / "_builtin" / "rules").is_dir()
    assert templates_dir == package / "_builtin" / "templates"
    assert templates_dir.is_dir()
    assert not list(installed.venv.glob("lib/python*/site-packages/rules"))  # django-rules' name


def test_rules_lists_builtin_and_plugin_rules_and_reports_the_broken_plugin(
    installed: Installed,
) -> None:
    run = _check(installed.run("aml-audit", "rules", "--format", "json"))
    ids = [m["id"] for m in json.loads(run.stdout)]
    assert set(FIRST_FOUR) <= set(ids)
    assert "AML901" in ids
    assert ids == sorted(ids)
    assert run.stderr == (
        "WARNING auditor.evaluate.registry: "
        "rule plugin broken (aml_audit_broken_plugin) was skipped: "
        "RuntimeError: this plugin is broken on purpose\n"
    )
    table = _check(installed.run("aml-audit", "rules")).stdout
    assert "Workspace has no owner tag" in table


def test_explain_from_the_installed_wheel(installed: Installed) -> None:
    out = _check(installed.run("aml-audit", "explain", "AML101")).stdout
    assert out.startswith("AML101  Endpoint accepts shared API keys\n")
    assert "  MCSB: IM-1" in out
    plugin = _check(installed.run("aml-audit", "explain", "AML901")).stdout
    assert plugin.startswith("AML901  Workspace has no owner tag\nseverity: low")


def test_scan_from_another_directory_with_builtin_and_plugin_rules(installed: Installed) -> None:
    run = installed.run(
        "aml-audit", "scan", "--snapshot", "estate.json", "--select",
        ",".join([*FIRST_FOUR, "AML901"]), "-o", "report.json",
    )  # fmt: skip
    assert run.returncode == 1, run.stderr
    document = json.loads((installed.workdir / "report.json").read_text())
    by_rule: dict[str, set[tuple[str, str]]] = {}
    for r in document["results"]:
        by_rule.setdefault(r["rule_id"], set()).add((r["resource_name"], r["status"]))
    assert sorted(by_rule) == [*FIRST_FOUR, "AML901"]
    assert by_rule["AML302"] == {
        ("kv-fraud", "fail"),
        ("kv-cmk", "pass"),
        ("00000000-0000-0000-0000-000000000002", "not_assessed"),
    }
    assert by_rule["AML901"] == {
        ("ws-fraud-public", "fail"),
        ("ws-risk-legacy", "fail"),
        ("proj-claims", "fail"),
        ("proj-orphan", "fail"),
        ("hub-secure", "pass"),
        ("00000000-0000-0000-0000-000000000002", "not_assessed"),
    }
    assert document["scan"]["warnings"] == [
        "rule plugin broken (aml_audit_broken_plugin) was skipped: "
        "RuntimeError: this plugin is broken on purpose"
    ]
