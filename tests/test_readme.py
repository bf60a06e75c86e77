"""The README's quick start is a promise: two commands, the demo audit and the test command that
.ci/run runs too. The demo command itself is run by tests/auditor/commands/test_live_cli.py."""

from __future__ import annotations

import re
from pathlib import Path

from auditor.controls.config import load_config
from auditor.evaluate.registry import load_rules
from tests.conftest import REPO_ROOT

README = (REPO_ROOT / "README.md").read_text(encoding="utf-8")


def quick_start() -> list[str]:
    section = README.split("## Quick start", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block is not None
    return [line for line in block.group(1).splitlines() if line.strip()]


def test_the_quick_start_is_two_commands_the_demo_and_the_tests() -> None:
    install_and_demo, tests = quick_start()  # exactly two lines
    assert install_and_demo == "pip install -e '.[test]' && aml-audit demo"
    assert tests == "python -m pytest"


def test_ci_runs_the_readme_test_command() -> None:
    ci = (REPO_ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert quick_start()[1] in [line.strip() for line in ci]


def test_the_readme_catalogue_lists_every_built_in_rule() -> None:
    listed = set(re.findall(r"^\| (AML\d{3}) \|", README, re.M))
    assert listed == {rule.meta.id for rule in load_rules(entry_points=False).rules}


def test_the_readme_configuration_example_is_valid(tmp_path: Path) -> None:
    block = re.search(r"```toml\n(.*?)```", README, re.S)
    assert block is not None
    (tmp_path / "aml-audit.toml").write_text(block.group(1), encoding="utf-8")
    config = load_config(cwd=tmp_path)
    assert config.fail_on == "high"
    assert config.ignore == ("AML110",)
    [entry] = config.suppress
    assert (entry.rule, entry.expires and entry.expires.isoformat()) == ("AML201", "2027-03-31")
    assert entry.reason.startswith("Sandbox workspaces")


def test_the_quick_start_leaves_nothing_untracked_and_the_docs_need_nothing_beside_the_clone() -> (
    None
):
    import subprocess

    # `aml-audit demo` writes aml-audit-demo/ in the clone: ignored, so `git status` stays clean.
    ignored = subprocess.run(
        ["git", "check-ignore", "-q", "aml-audit-demo/report.html"], cwd=REPO_ROOT, check=False
    )
    assert ignored.returncode == 0
    # A user's clone has no reference folder beside it: the docs link public sources instead.
    for doc in [REPO_ROOT / "README.md", *sorted((REPO_ROOT / "docs").glob("*.md"))]:
        text = doc.read_text(encoding="utf-8")
        assert not re.search(r"(?<![\w-])(/work/)?shared/", text), doc.name
