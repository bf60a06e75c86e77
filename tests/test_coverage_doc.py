"""docs/coverage.md: generated from docs/coverage-anchors.json and the rules' metadata, current,
and consistent with the catalogue (scripts/gen_coverage_doc.py)."""

from __future__ import annotations

import json
import re
import subprocess
import sys

from auditor.evaluate.registry import load_rules
from tests.conftest import REPO_ROOT, cli_env

DOC = REPO_ROOT / "docs" / "coverage.md"
ANCHORS = json.loads((REPO_ROOT / "docs" / "coverage-anchors.json").read_text(encoding="utf-8"))
METAS = [rule.meta for rule in load_rules(entry_points=False).rules]
RULE_IDS = {m.id for m in METAS}


def test_docs_coverage_md_is_current() -> None:
    run = subprocess.run(
        [sys.executable, str(REPO_ROOT / "scripts" / "gen_coverage_doc.py"), "--check"],
        env=cli_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (run.returncode, run.stderr) == (0, "")


def test_every_defender_title_a_rule_names_is_an_anchor() -> None:
    anchored = {i["title"] for i in ANCHORS["items"] if i["anchor"] == "defender"}
    claimed = {(m.id, t) for m in METAS for t in m.references.defender}
    assert {(rule, t) for rule, t in claimed if t not in anchored} == set()


def test_every_anchor_has_a_source_and_one_verdict_and_names_real_rules() -> None:
    for item in ANCHORS["items"]:
        assert item["anchor"] in ("defender", "ml-baseline", "mcsb-v2-ai"), item
        assert item["source"].startswith("https://"), item
        kinds = [k for k in ("rules", "partly", "gap", "out_of_reach") if k in item]
        assert len(kinds) <= 1, item
        assert set(item.get("rules", [])) | set(item.get("partly", [])) <= RULE_IDS, item
        if "partly" in item:
            assert item["note"].strip(), item
        if item["anchor"] != "defender":
            assert kinds, f"{item['title']}: a baseline item says what covers it, or why not"


def test_rows_say_exactly_which_rules_cover_an_item() -> None:
    page = DOC.read_text(encoding="utf-8")
    row = next(line for line in page.splitlines() if "resources should use Azure Private" in line)
    assert re.search(r"\| covered \| AML213, AML216 \|", row), row
    row = next(line for line in page.splitlines() if "IM-7 Conditional Access" in line)
    assert "| out of reach for a Reader on ARM |" in row, row
    row = next(
        line for line in page.splitlines() if "Azure Key Vault should disable public" in line
    )
    assert "| partly covered | AML210 |" in row, row
