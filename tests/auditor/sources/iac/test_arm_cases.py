"""Data-driven ARM JSON cases: each template in tests/data/iac/arm/ says, in its own top-level
`metadata` (which ARM accepts and ignores), which rules it is for and the exact results they give
(rule, resource name, status): fail, pass, not_assessed, and no result at all (a resource the
rule does not apply to, a resource whose condition is false, a rule lint does not judge).

The property names and values are those of the ARM template reference
(learn.microsoft.com/azure/templates/microsoft.machinelearningservices/workspaces,
.../workspaces/onlineendpoints, .../workspaces/batchendpoints, .../workspaces/computes,
microsoft.keyvault/vaults, microsoft.storage/storageaccounts, microsoft.insights/
diagnosticsettings, microsoft.resources/deployments) and the template syntax reference
(learn.microsoft.com/azure/azure-resource-manager/templates/syntax: copy, condition, nested
templates with expressionEvaluationOptions, languageVersion 2.0)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.auditor.sources.iac.lint_helpers import lint, verdicts
from tests.conftest import REPO_ROOT, TEST_DATA

CASES = sorted((TEST_DATA / "iac" / "arm").glob("*.json"))


def _expectation(path: Path) -> dict[str, object]:
    document = json.loads(path.read_text(encoding="utf-8"))
    expectation: dict[str, object] = document["metadata"]["aml-audit-test"]
    return expectation


@pytest.mark.parametrize(
    "path", [p for p in CASES if "aml-audit-test" in p.read_text()], ids=lambda p: p.stem
)
def test_case_gives_exactly_its_expected_results(path: Path) -> None:
    expectation = _expectation(path)
    scan = lint(path.relative_to(REPO_ROOT), root=REPO_ROOT, select=str(expectation["select"]))
    expected = {tuple(item) for item in expectation["expect"]}  # type: ignore[attr-defined]
    assert verdicts(scan) == expected
    assert scan.gaps == ()


def test_every_case_file_is_a_case() -> None:
    assert len([p for p in CASES if "aml-audit-test" in p.read_text()]) >= 8
