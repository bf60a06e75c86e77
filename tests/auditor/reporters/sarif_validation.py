"""Checks a SARIF log the way GitHub would: the OASIS schema, then GitHub's own ingestion rules.

- `schema_errors`: the official SARIF 2.1.0 JSON schema (draft-04) in tests/data/sarif.
- `github_limit_errors`: what GitHub documents but the multitool (5.7.0) does not check: a
  numeric `security-severity` in 0-10 (GitHub rejects "high"), and the hard limits of an upload
  (20 runs, 25,000 results per run, 25,000 rules, 20 tags per rule, 1,000 locations per result).
- `github_rule_errors`: `@microsoft/sarif-multitool validate` with every GitHub rule (GH1001-GH2012)
  turned on by tests/data/sarif/multitool-gh-strict.xml. The tool exits 0 even when it finds
  errors, so its output log is read: any error-level result, any error-level tool notification
  (it crashes on some inputs and reports that as a notification) or an unsuccessful execution
  counts.

The multitool is an npm package (`scripts/install-sarif-multitool.sh` puts it in a cache outside
the repository). It is found through AML_AUDIT_SARIF_MULTITOOL, then that script's cache
directory, then node_modules in the repository root. Where it is missing, `multitool()` returns
None: tests skip the GitHub check locally, and fail under CI (the `CI` variable set).
"""

from __future__ import annotations

import functools
import json
import os
import re
import subprocess
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

import jsonschema

from tests.conftest import REPO_ROOT, TEST_DATA

SARIF_DIR = TEST_DATA / "sarif"
SCHEMA = SARIF_DIR / "sarif-schema-2.1.0.json"
GITHUB_RULES = SARIF_DIR / "multitool-gh-strict.xml"
MULTITOOL_VERSION = "5.7.0"
MULTITOOL_ENV = "AML_AUDIT_SARIF_MULTITOOL"
_BINARY = Path("node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool")


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


@functools.cache
def _validator() -> jsonschema.Draft4Validator:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator.check_schema(schema)
    return jsonschema.Draft4Validator(schema)


def schema_errors(document: Mapping[str, Any]) -> list[str]:
    """Every schema violation, as `path: message`; empty when the log is valid."""
    errors = sorted(_validator().iter_errors(document), key=lambda e: list(e.absolute_path))
    return [f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}" for e in errors]


def github_limit_errors(document: Mapping[str, Any]) -> list[str]:
    errors = []
    runs = document.get("runs", [])
    if len(runs) > 20:
        errors.append(f"{len(runs)} runs (GitHub accepts 20 per file)")
    for r, run in enumerate(runs):
        rules = run.get("tool", {}).get("driver", {}).get("rules", [])
        results = run.get("results", [])
        if len(results) > 25_000:
            errors.append(f"runs[{r}]: {len(results)} results (GitHub accepts 25,000)")
        if len(rules) > 25_000:
            errors.append(f"runs[{r}]: {len(rules)} rules (GitHub accepts 25,000)")
        for i, rule in enumerate(rules):
            properties = rule.get("properties", {})
            if len(properties.get("tags", [])) > 20:
                errors.append(f"runs[{r}].rules[{i}]: more than 20 tags")
            score = properties.get("security-severity")
            if score is None:
                continue
            try:
                number = float(score) if isinstance(score, str) else None
            except ValueError:
                number = None
            if number is None or not 0.0 <= number <= 10.0:
                errors.append(
                    f"runs[{r}].rules[{i}]: security-severity {score!r} is not a number "
                    "from 0.0 to 10.0 in a string"
                )
        for i, result in enumerate(results):
            if len(result.get("locations", [])) > 1_000:
                errors.append(f"runs[{r}].results[{i}]: more than 1,000 locations")
    return errors


def multitool_candidates() -> list[Path]:
    cache = Path(
        os.environ.get("AML_AUDIT_CACHE_DIR")
        or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "aml-audit"
    )
    candidates = [cache / f"sarif-multitool-{MULTITOOL_VERSION}" / _BINARY, REPO_ROOT / _BINARY]
    explicit = os.environ.get(MULTITOOL_ENV)
    return ([Path(explicit)] if explicit else []) + candidates


def multitool() -> Path | None:
    for candidate in multitool_candidates():
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


RUNS_PER_FILE = 5  # more runs in one log is itself a GitHub error (GH1004)


def _packs(logs: Mapping[str, Mapping[str, Any]]) -> list[tuple[dict[str, Any], list[str]]]:
    """The logs packed into as few files as GitHub's rules allow, with the name of each run.

    The multitool spends ~0.5 s on every file it opens, so one file per log would make the
    check several times slower; a run is judged the same whether its log has one run or five.
    Logs are packed together only when everything but their runs is identical.
    """
    packs: list[tuple[dict[str, Any], list[str]]] = []
    for name, log in logs.items():
        top = {k: v for k, v in log.items() if k != "runs"}
        runs = list(log.get("runs", []))
        last = packs[-1] if packs else None
        if (
            last is None
            or {k: v for k, v in last[0].items() if k != "runs"} != top
            or len(last[1]) + len(runs) > RUNS_PER_FILE
            or not runs
        ):
            packs.append(({**top, "runs": []}, []))
            last = packs[-1]
        last[0]["runs"].extend(runs)
        last[1].extend([name] * max(len(runs), 1))
    return packs


def github_rule_errors(
    logs: Mapping[str, Mapping[str, Any]], workdir: Path
) -> dict[str, list[str]]:
    """GitHub's rules over every log in `logs` (name -> parsed SARIF), in one multitool run;
    the errors found, by log name. Raises if the tool is missing (callers skip or fail)."""
    tool = multitool()
    if tool is None:
        raise FileNotFoundError("Sarif.Multitool is not installed")
    workdir.mkdir(parents=True, exist_ok=True)
    run_names: dict[Path, list[str]] = {}
    for index, (document, names) in enumerate(_packs(logs)):
        path = (workdir / f"pack-{index:03d}.sarif").resolve()
        path.write_text(json.dumps(document, indent=1), encoding="utf-8")
        run_names[path] = names
    output = workdir / "multitool-output.log.sarif"
    completed = subprocess.run(
        [
            str(tool),
            "validate",
            *map(str, run_names),
            "--rule-kind",
            "Ghas;Sarif",
            "--config",
            str(GITHUB_RULES),
            "--output",
            str(output),
            "--log",
            "ForceOverwrite",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        # The validator needs no culture data: no libicu needed on slim machines.
        env={
            **os.environ,
            "DOTNET_CLI_TELEMETRY_OPTOUT": "1",
            "DOTNET_SYSTEM_GLOBALIZATION_INVARIANT": "1",
        },
    )
    if not output.is_file():
        raise RuntimeError(
            f"Sarif.Multitool wrote no log (exit {completed.returncode}): "
            f"{completed.stdout[-2000:]}{completed.stderr[-2000:]}"
        )
    log = json.loads(output.read_text(encoding="utf-8-sig"))
    errors: dict[str, list[str]] = {}
    for run in log.get("runs", []):
        for result in run.get("results", []):
            if result.get("level", "warning") != "error":
                continue
            message = result.get("message", {})
            arguments = [str(a) for a in message.get("arguments", [])]
            text = message.get("text") or " ".join(arguments)
            for name in _blame(result, arguments, run_names):
                errors.setdefault(name, []).append(f"{result.get('ruleId')}: {text}")
        for invocation in run.get("invocations", []):
            problems = [
                n.get("message", {}).get("text", "")[:500]
                for n in invocation.get("toolExecutionNotifications", [])
                + invocation.get("toolConfigurationNotifications", [])
                if n.get("level") == "error"
            ]
            if not invocation.get("executionSuccessful", True):
                problems.append("the multitool's execution was not successful")
            if problems:
                errors.setdefault("(multitool)", []).extend(problems)
    return errors


def _blame(
    result: Mapping[str, Any], arguments: list[str], run_names: dict[Path, list[str]]
) -> list[str]:
    """The logs a multitool finding is about: its file, and the run its JSON path names."""
    names = run_names.get(_analysis_target(result))
    if names is None:
        return ["(unknown file)"]
    pointer = re.match(r"runs\[(\d+)\]", arguments[0]) if arguments else None
    if pointer and int(pointer.group(1)) < len(names):
        return [names[int(pointer.group(1))]]
    return sorted(set(names))


def _analysis_target(result: Mapping[str, Any]) -> Path:
    try:
        uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    except (KeyError, IndexError):
        return Path("(unknown file)")
    return Path(unquote(urlparse(uri).path)).resolve()
