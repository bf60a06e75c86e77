"""Public quickstart templates (tests/data/iac/real/SOURCE.md), linted as a user would lint a
clone of them: the exact verdict of every rule on every resource they deploy."""

from __future__ import annotations

from pathlib import Path

from tests.auditor.sources.iac.lint_helpers import lint, verdicts
from tests.conftest import REPO_ROOT, TEST_DATA

REAL = (TEST_DATA / "iac" / "real").relative_to(REPO_ROOT)


def test_machine_learning_create() -> None:
    """A workspace with a new storage account, key vault and Application Insights, from its
    parameters file (workspace name GEN-UNIQUE); names from uniqueString(resourceGroup().id)
    still connect the workspace to its vault and storage account."""
    scan = lint(REAL / "machine-learning-create", root=REPO_ROOT)
    workspace, vault, storage = "GEN-UNIQUE", "kv9cd134ecc9e2b", "sa9cd134ecc9e2b"
    assert verdicts(scan) == {
        ("AML106", workspace, "fail"),  # systemDatastoresAuthMode absent: AccessKey
        ("AML109", storage, "fail"),  # allowSharedKeyAccess absent: Shared Key allowed
        ("AML217", storage, "fail"),  # no networkAcls: every network allowed
        ("AML316", storage, "fail"),  # allowBlobPublicAccess absent: anonymous access permitted
        ("AML110", workspace, "fail"),  # identity systemAssigned only
        ("AML201", workspace, "fail"),  # publicNetworkAccess absent: Enabled
        ("AML203", workspace, "fail"),  # no managed network
        ("AML210", vault, "fail"),  # no firewall
        ("AML301", workspace, "fail"),  # encryption.status Disabled (the parameter's default)
        ("AML302", vault, "fail"),  # no purge protection
        ("AML303", vault, "pass"),
        ("AML304", vault, "fail"),  # access policies
        ("AML501", workspace, "fail"),  # no diagnostic setting in the files
        ("AML504", vault, "fail"),
    }
    assert scan.gaps == ()
    [public] = [r for r in scan.results if r.rule_id == "AML201"]
    assert public.location is not None
    assert (public.location.uri, public.location.start_line, public.location.end_line) == (
        "tests/data/iac/real/machine-learning-create/azuredeploy.json",
        223,
        256,
    )


def test_compute_instance_in_a_workspace_outside_the_files() -> None:
    scan = lint(REAL / "machine-learning-compute-create-computeinstance", root=REPO_ROOT)
    compute = "GEN-UNIQUE-8"
    assert verdicts(scan) == {
        ("AML104", compute, "fail"),  # disableLocalAuth absent
        ("AML206", compute, "fail"),  # no subnet (the vnet parameters are empty), public IP
        ("AML207", compute, "pass"),  # sshSettings absent: SSH disabled
        # No subnet, and the workspace (whose managed network would decide) is not in the files.
        ("AML208", compute, "not_assessed"),
        # `schedules` reads a parameter the template does not declare: not known.
        ("AML401", compute, "not_assessed"),
    }
    messages = {r.rule_id: r.message for r in scan.results}
    assert "not defined in the linted files" in messages["AML208"]
    assert "parameter 'schedules' is not declared" in messages["AML401"]


def test_both_at_once_are_the_union(tmp_path: Path) -> None:
    one = verdicts(lint(REAL / "machine-learning-create", root=REPO_ROOT))
    two = verdicts(lint(REAL / "machine-learning-compute-create-computeinstance", root=REPO_ROOT))
    both = lint(
        REAL / "machine-learning-create",
        REAL / "machine-learning-compute-create-computeinstance",
        root=REPO_ROOT,
    )
    assert verdicts(both) == one | two
