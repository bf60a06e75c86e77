"""examples/iac: the same small ML estate, vulnerable and fixed, in ARM JSON, Bicep, Terraform and
Azure ML CLI v2 YAML. Each estate's exact verdicts (rule, resource, status); nothing failing in
the fixed ones; the four formats agreeing apart from what a format cannot say, each exception
listed with its reason; and the README's excerpt of `aml-audit lint examples/iac`."""

from __future__ import annotations

import json
import re

import pytest

from auditor.evaluate.results import ScanResult
from tests.auditor.sources.iac.lint_helpers import lint
from tests.conftest import REPO_ROOT, run_cli

EXAMPLES = REPO_ROOT / "examples" / "iac"
FORMATS = ("arm", "bicep", "terraform", "ml-yaml")

Verdict = tuple[str, str, str]  # rule, resource name, status ("fail", "pass", ...)

# The vulnerable estate as ARM JSON says it: every rule that can fail on it fails ...
FAILING = {
    ("AML101", "ep-churn"),  # authMode Key
    ("AML104", "ci-analyst"),  # disableLocalAuth false
    ("AML105", "conn-blob"),  # authType AccountKey
    ("AML106", "mlw-churn"),  # systemDatastoresAuthMode accessKey
    ("AML108", "crchurn"),  # adminUserEnabled
    ("AML109", "stchurn"),  # allowSharedKeyAccess
    ("AML110", "mlw-churn"),  # no user-assigned identity
    ("AML201", "mlw-churn"),  # publicNetworkAccess Enabled
    ("AML203", "mlw-churn"),  # managed network Disabled
    ("AML204", "ep-churn"),
    ("AML205", "blue"),
    ("AML206", "ci-analyst"),
    ("AML207", "ci-analyst"),
    ("AML208", "ci-analyst"),  # no subnet, no managed network
    ("AML210", "kv-churn"),
    ("AML217", "stchurn"),  # no publicNetworkAccess or networkAcls: open to every network
    ("AML219", "crchurn"),  # no publicNetworkAccess or networkRuleSet (Basic SKU): likewise
    ("AML302", "kv-churn"),
    ("AML303", "kv-churn"),
    ("AML304", "kv-churn"),  # access policies
    ("AML305", "cmk"),
    ("AML306", "cmk"),
    ("AML308", "mlw-churn"),  # the CMK's vault can lose the key
    ("AML311", "blue"),  # DB_PASSWORD
    ("AML312", "conn-blob"),
    ("AML313", "conn-blob"),
    ("AML316", "stchurn"),  # allowBlobPublicAccess not said: anonymous access is allowed
    ("AML401", "ci-analyst"),
    ("AML501", "mlw-churn"),  # its diagnostic setting sends metrics only
    ("AML502", "ep-churn"),
    ("AML503", "blue"),
    ("AML504", "kv-churn"),
}
# ... and these pass: it is encrypted with a CMK that is enabled and not expiring, and key auth
# is not AML token auth.
PASSING_WHEN_VULNERABLE = {("AML102", "ep-churn"), ("AML301", "mlw-churn"), ("AML309", "mlw-churn")}
# Fixed, every one of them passes, except AML312/AML313, which judge only connections that store
# a secret (the fixed connection uses Microsoft Entra ID): no result.
NO_RESULT_WHEN_FIXED = {("AML312", "conn-blob"), ("AML313", "conn-blob")}

ARM_VULNERABLE = {(rule, name, "fail") for rule, name in FAILING} | {
    (rule, name, "pass") for rule, name in PASSING_WHEN_VULNERABLE
}
ARM_FIXED = {
    (rule, name, "pass")
    for rule, name in (FAILING | PASSING_WHEN_VULNERABLE) - NO_RESULT_WHEN_FIXED
}

# The Azure ML CLI declares only what `az ml <thing> create -f` creates: the workspace, endpoint,
# deployment, compute instance and connection. The vault, key, storage, registry, diagnostic
# settings and private endpoint are not CLI YAML.
CLI_RESOURCES = {"mlw-churn", "ep-churn", "blue", "ci-analyst", "conn-blob"}

# What a format cannot say, by format and estate: (rule, resource) -> (its verdict there, why).
OUTSIDE_THE_FILES = (
    "the CLI workspace takes its vault, key, storage and registry by id: they are not in the "
    "files, so the rules that follow them are not assessed (on the workspace, where ARM judges "
    "the registry and storage account themselves)"
)
NO_DIAGNOSTICS = "the CLI cannot declare diagnostic settings, so logging is not assessed"
# What the CLI YAML estate cannot say, vulnerable or fixed.
CLI_ESTATE: dict[tuple[str, str], tuple[str, str]] = {
    ("AML108", "mlw-churn"): ("not_assessed", OUTSIDE_THE_FILES),
    ("AML109", "mlw-churn"): ("not_assessed", OUTSIDE_THE_FILES),
    ("AML308", "mlw-churn"): ("not_assessed", OUTSIDE_THE_FILES),
    ("AML309", "mlw-churn"): ("not_assessed", OUTSIDE_THE_FILES),
    ("AML217", "mlw-churn"): ("not_assessed", OUTSIDE_THE_FILES),
    ("AML219", "mlw-churn"): ("not_assessed", OUTSIDE_THE_FILES),
    ("AML316", "mlw-churn"): ("not_assessed", OUTSIDE_THE_FILES),
    ("AML501", "mlw-churn"): ("not_assessed", NO_DIAGNOSTICS),
    ("AML502", "ep-churn"): ("not_assessed", NO_DIAGNOSTICS),
}
EXCEPTIONS: dict[tuple[str, str], dict[tuple[str, str], tuple[str, str]]] = {
    ("terraform", "vulnerable"): {
        ("AML303", "kv-churn"): (
            "pass",
            "azurerm cannot turn a vault's soft delete off (always on since provider 3.0)",
        ),
    },
    ("ml-yaml", "vulnerable"): {
        **CLI_ESTATE,
        ("AML208", "ci-analyst"): (
            "not_assessed",
            "the workspace a compute is created in is --workspace-name, not in the file, so "
            "whether it has a managed network is unknown",
        ),
    },
    ("ml-yaml", "fixed"): {
        **CLI_ESTATE,
        ("AML104", "ci-analyst"): (
            "suppressed",
            "the compute instance YAML has no local-auth setting; the file accepts the finding "
            "inline with that reason",
        ),
    },
}


def verdicts(scan: ScanResult) -> set[Verdict]:
    return {(r.rule_id, r.resource_name, r.status.value) for r in scan.results}


def lint_example(fmt: str, estate: str) -> set[Verdict]:
    return verdicts(lint(EXAMPLES / fmt / estate, root=REPO_ROOT))


def expected(fmt: str, estate: str) -> set[Verdict]:
    arm = ARM_VULNERABLE if estate == "vulnerable" else ARM_FIXED
    if fmt == "ml-yaml":
        arm = {v for v in arm if v[1] in CLI_RESOURCES}
    exceptions = {key: status for key, (status, _) in EXCEPTIONS.get((fmt, estate), {}).items()}
    judged = {(rule, name, exceptions.pop((rule, name), status)) for rule, name, status in arm}
    # The rest are results ARM gives on another resource: AML108/AML109/AML217/AML219/AML316 judge
    # the registry and storage account where they are in the files, the workspace's reference
    # where they are not.
    return judged | {(rule, name, status) for (rule, name), status in exceptions.items()}


@pytest.mark.parametrize("estate", ["vulnerable", "fixed"])
@pytest.mark.parametrize("fmt", FORMATS)
def test_each_estate_gives_exactly_the_arm_verdicts_apart_from_the_listed_exceptions(
    fmt: str, estate: str
) -> None:
    assert lint_example(fmt, estate) == expected(fmt, estate)


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_fixed_estate_has_no_failing_result(fmt: str) -> None:
    assert not {v for v in lint_example(fmt, "fixed") if v[2] == "fail"}


def test_every_exception_is_a_real_difference() -> None:
    """An exception that matches the ARM verdict is not an exception: drop it."""
    for (fmt, estate), table in EXCEPTIONS.items():
        arm = ARM_VULNERABLE if estate == "vulnerable" else ARM_FIXED
        for (rule, name), (status, reason) in table.items():
            assert (rule, name, status) not in arm and reason, (fmt, estate, rule)


def test_the_readme_shows_what_lint_prints_on_the_examples() -> None:
    """The README's excerpt of `aml-audit lint examples/iac` is lines of the real output."""
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```console\n\$ aml-audit lint examples/iac\n(.*?)```", readme, re.S)
    assert block is not None, "the README shows `aml-audit lint examples/iac`"
    done = run_cli("lint", "examples/iac")
    assert done.returncode == 1, done.stderr
    shown = [line for line in block.group(1).splitlines() if line.strip() and line != "..."]
    output = [line.rstrip() for line in done.stdout.splitlines()]
    missing = [line for line in shown if line.rstrip() not in output]
    assert not missing, missing
    assert len(shown) >= 5


def test_nothing_in_the_examples_is_a_real_secret() -> None:
    """The vulnerable estate holds a literal password on purpose; no report shows it."""
    done = run_cli("lint", "examples/iac", "--format", "json")
    assert "Winter-2026-churn!" not in done.stdout
    assert any(
        p.read_text(encoding="utf-8").count("Winter-2026-churn!")
        for p in (EXAMPLES / "arm" / "vulnerable").glob("*.json")
    )


def test_examples_are_laid_out_by_format_and_estate() -> None:
    found = {p.relative_to(EXAMPLES).parts[:2] for p in EXAMPLES.rglob("*") if p.is_file()}
    found.discard(("README.md",))
    assert found == {(fmt, estate) for fmt in FORMATS for estate in ("vulnerable", "fixed")}


def test_each_failing_result_says_its_file_and_line_in_markdown_and_sarif() -> None:
    markdown = run_cli("lint", "examples/iac/ml-yaml/vulnerable", "--format", "markdown").stdout
    assert "`ep-churn`<br><sub>`examples/iac/ml-yaml/vulnerable/endpoint.yml:3`</sub>" in markdown
    sarif = json.loads(
        run_cli("lint", "examples/iac/ml-yaml/vulnerable", "--format", "sarif").stdout
    )
    located = {
        (
            r["ruleId"],
            loc["physicalLocation"]["artifactLocation"]["uri"],
            loc["physicalLocation"]["region"]["startLine"],
        )
        for r in sarif["runs"][0]["results"]
        for loc in r["locations"]
    }
    assert ("AML101", "examples/iac/ml-yaml/vulnerable/endpoint.yml", 3) in located
    assert ("AML311", "examples/iac/ml-yaml/vulnerable/deployment.yml", 10) in located
