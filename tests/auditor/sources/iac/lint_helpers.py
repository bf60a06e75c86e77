"""Lint files in this process, as `aml-audit lint` does (the same plan and run_scan)."""

from __future__ import annotations

from pathlib import Path

from auditor.controls.config import Config
from auditor.evaluate.results import Result, ScanResult
from auditor.plan.options import lint_target, plan_scan
from auditor.plan.run import build_lint_source, run_scan


def lint(
    *paths: Path, root: Path, select: str | None = None, parameters: tuple[Path, ...] = ()
) -> ScanResult:
    target = lint_target(tuple(paths), parameters=parameters, root=root)
    options = plan_scan(Config(), lint=target, select=select, progress=False)
    return run_scan(options, sources=[build_lint_source(target)]).scan


def verdicts(scan: ScanResult) -> set[tuple[str, str, str]]:
    return {(r.rule_id, r.resource_name, r.status.value) for r in scan.results}


def result(scan: ScanResult, rule_id: str, name: str) -> Result:
    [found] = [r for r in scan.results if r.rule_id == rule_id and r.resource_name == name]
    return found
