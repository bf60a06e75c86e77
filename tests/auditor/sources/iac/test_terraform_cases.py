"""Data-driven Terraform cases (tests/data/iac/terraform/cases/<case>/): each directory is read
as lint reads it, and the TemplateResources (bodies, lines, suppressions, conditions) and file
problems must equal the case's `expected.json` exactly.

The expected files were written from the azurerm provider documentation and reviewed by hand;
`AML_AUDIT_UPDATE_GOLDEN=1` rewrites them (then review the diff). Each resource block's
`# expect: AMLnnn status` comment records the verdict `aml-audit lint` gives it (`none`: no
result from that rule).
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from auditor.sources.iac.model import ReadOptions, ReadResult, Unresolved
from auditor.sources.iac.terraform import TerraformReader
from tests.auditor.sources.iac.lint_helpers import lint
from tests.conftest import REPO_ROOT

CASES = REPO_ROOT / "tests" / "data" / "iac" / "terraform" / "cases"
UPDATE = os.environ.get("AML_AUDIT_UPDATE_GOLDEN") == "1"


def plain(value: Any) -> Any:
    if isinstance(value, Unresolved):
        return {"$unresolved": value.expression, "reason": value.reason}
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def serialize(result: ReadResult) -> dict[str, Any]:
    return {
        "resources": [
            {
                "id": r.id,
                "type": r.type,
                "path": r.path,
                "block": [r.block.start_line, r.block.end_line],
                "body": plain(r.body),
                "positions": {
                    k: [s.start_line, s.end_line] for k, s in sorted(r.positions.items())
                },
                "suppressions": [[s.rule_id, s.reason, s.line] for s in r.suppressions],
                "condition": r.condition,
            }
            for r in sorted(result.resources, key=lambda r: (r.path, r.block.start_line, r.id))
        ],
        "problems": [[p.path, p.line, p.code, p.message] for p in result.problems],
        "skipped": list(result.skipped),
    }


def read_case(case: Path) -> ReadResult:
    files = sorted(
        p
        for p in case.rglob("*")
        if p.is_file() and TerraformReader().claims(p, p.read_text(encoding="utf-8")[:512])
    )
    return TerraformReader().read(files, REPO_ROOT, ReadOptions())


@pytest.mark.parametrize("case", sorted(p.name for p in CASES.iterdir() if p.is_dir()))
def test_case_reads_as_expected(case: str) -> None:
    folder = CASES / case
    got = serialize(read_case(folder))
    expected_file = folder / "expected.json"
    if UPDATE:
        expected_file.write_text(
            json.dumps(got, indent=2, sort_keys=False) + "\n", encoding="utf-8"
        )
    expected = json.loads(expected_file.read_text(encoding="utf-8"))
    assert got == expected


EXPECT = re.compile(r"#\s*expect:\s*(.+)$")


def expected_verdicts(case: Path) -> Counter[tuple[str, int, str, str]]:
    """(file, block line, rule, status) from each `# expect: AML201 fail, ...` comment, which
    sits on the first line of the resource block it is about; status `none` means no result."""
    found: Counter[tuple[str, int, str, str]] = Counter()
    for path in sorted(case.rglob("*.tf")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            match = EXPECT.search(line)
            if match is None:
                continue
            for item in match.group(1).split(","):
                rule, status = item.split()
                shown = path.relative_to(REPO_ROOT).as_posix()
                found[(shown, number, rule, status)] += 1
    return found


@pytest.mark.parametrize("case", sorted(p.name for p in CASES.iterdir() if p.is_dir()))
def test_case_gives_the_expected_verdicts(case: str) -> None:
    """`aml-audit lint` on the case: each expected (rule, resource, status) is given, and no
    other status for those rules on those resources."""
    folder = CASES / case
    expected = expected_verdicts(folder)
    rules = ",".join(sorted({rule for (_, _, rule, _) in expected}))
    scan = lint(folder.relative_to(REPO_ROOT), root=REPO_ROOT, select=rules)
    blocks = {r.id: (r.path, r.block.start_line) for r in read_case(folder).resources}
    got: Counter[tuple[str, int, str, str]] = Counter()
    for result in scan.results:
        if result.resource_id in blocks:
            path, line = blocks[result.resource_id]
            got[(path, line, result.rule_id, str(result.status))] += 1
    judged = {(path, line, rule) for (path, line, rule, _) in expected}
    # `AMLnnn none`: the rule gives no result on that resource (runtime-only facts, resources
    # a rule judges only where a workspace uses them).
    wanted = Counter({k: v for k, v in expected.items() if k[3] != "none"})
    assert Counter({k: v for k, v in got.items() if k[:3] in judged}) == wanted


def test_a_malformed_file_is_a_gap_naming_its_line_and_the_rest_is_judged() -> None:
    folder = (CASES / "malformed").relative_to(REPO_ROOT)
    scan = lint(folder, root=REPO_ROOT, select="AML302")
    [gap] = scan.gaps
    assert gap.message.startswith(f"{folder.as_posix()}/broken.tf:6: ")
    assert "is not valid HCL (unexpected '= false')" in gap.message
    # What the broken file would deploy is unknown: the gap (on the file) makes the run
    # incomplete, and the vault in the good file is still judged.
    assert gap.scope == f"{folder.as_posix()}/broken.tf"
    assert not scan.complete
    assert sorted((r.rule_id, r.resource_name, r.status.value) for r in scan.results) == [
        ("AML302", "kv-fine", "fail"),
    ]


def test_secrets_in_azapi_bodies_stop_at_the_input_boundary() -> None:
    """An azapi body is used as written, so a deployment's literal environment variable or a
    connection's key reaches the reader; the lint source's sanitizer withholds them before any
    rule or report sees the inventory."""
    from auditor.plan.options import lint_target
    from auditor.plan.run import build_lint_source

    folder = (CASES / "azapi_children").relative_to(REPO_ROOT)
    read_text = json.dumps(serialize(read_case(CASES / "azapi_children")))
    assert "Pa55w0rd-in-plain-sight" in read_text and "never-copied" in read_text
    inventory = build_lint_source(lint_target((folder,), root=REPO_ROOT)).collect()
    collected = json.dumps([r.raw for r in inventory], default=str)
    assert "Pa55w0rd-in-plain-sight" not in collected
    assert "never-copied" not in collected


def test_a_plan_is_judged_with_its_resolved_values_on_its_lines() -> None:
    """cases/plan_json/tfplan.json, as `terraform show -json` writes a plan: count expanded,
    references between planned resources followed through its `configuration`."""
    folder = (CASES / "plan_json").relative_to(REPO_ROOT)
    scan = lint(folder, root=REPO_ROOT, select="AML104,AML201,AML302")
    assert {(r.rule_id, r.resource_name, r.status.value) for r in scan.results} == {
        ("AML104", "ci-0", "pass"),
        ("AML104", "ci-1", "pass"),
        ("AML201", "mlw-plan", "fail"),
        ("AML302", "kv-plan", "fail"),
    }
    [public] = [r for r in scan.results if r.rule_id == "AML201"]
    assert public.location is not None
    assert (public.location.uri, public.location.start_line) == (
        f"{folder.as_posix()}/tfplan.json",
        41,
    )
