"""The Markdown rule catalogue (auditor/reporters/catalogue.py) and docs/rules.md made from it."""

from __future__ import annotations

import subprocess
import sys

from auditor.evaluate.registry import load_rules
from auditor.reporters.catalogue import catalogue_page, rule_section, summary_table
from auditor.rulekit.meta import References, Remediation, RuleMeta, Severity
from tests.conftest import REPO_ROOT, cli_env

DOC = REPO_ROOT / "docs" / "rules.md"
_RULESET = load_rules(entry_points=False)
BUILTIN = [r.meta for r in _RULESET.rules] + [p.meta for p in _RULESET.paths]


def test_docs_rules_md_is_current() -> None:
    assert DOC.read_text(encoding="utf-8") == catalogue_page(BUILTIN), (
        "docs/rules.md is stale: run python scripts/gen_rules_doc.py"
    )


def test_the_script_checks_and_writes_the_page() -> None:
    run = subprocess.run(
        [sys.executable, str(REPO_ROOT / "scripts" / "gen_rules_doc.py"), "--check"],
        env=cli_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (run.returncode, run.stderr) == (0, "")


def test_every_rule_has_a_row_and_a_section() -> None:
    page = catalogue_page(BUILTIN)
    for meta in BUILTIN:
        assert f"| [{meta.id}](#{meta.id.lower()}) | {meta.severity.label} |" in page
        section = rule_section(meta)
        assert section in page
        assert section.startswith(f'<a id="{meta.id.lower()}"></a>\n### {meta.id}: {meta.title}\n')
        assert "\n```sh\naz " in section
        assert "\n```bicep\n" in section
        assert "**References**" in section


def _meta(**changes: object) -> RuleMeta:
    fields: dict[str, object] = {
        "id": "AML999",
        "title": "A | B",
        "severity": Severity.LOW,
        "resource_types": ("Example.Provider/things",),
        "category": "custom",
        "rationale": "Because\nit matters.",
        "remediation": Remediation("Fix it.", "az thing update", "resource x 'y@1' = {}"),
        "references": References(docs=("https://example.com/doc",)),
    }
    fields.update(changes)
    return RuleMeta(**fields)  # type: ignore[arg-type]


def test_table_cells_are_escaped_and_unknown_categories_come_last() -> None:
    meta = _meta()
    assert "| AML999 | low | custom | A \\| B | `Example.Provider/things` |" in summary_table(
        [meta]
    )
    page = catalogue_page([meta, BUILTIN[0]])
    assert page.index("## Identity and authentication") < page.index("## Custom")


def test_a_snippet_holding_a_fence_gets_a_longer_fence() -> None:
    meta = _meta(remediation=Remediation("Fix it.", "az x", "```\nresource x 'y@1' = {}\n```"))
    assert "````bicep\n```\nresource x 'y@1' = {}\n```\n````" in rule_section(meta)
