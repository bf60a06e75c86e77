"""The report view: the one place reports redact, and what it works out once for every format."""

from __future__ import annotations

import dataclasses
import io

import pytest

from auditor.evaluate.results import ScanResult, Suppression
from auditor.inventory.resources import Gap
from auditor.reporters.interface import Format, ReportOptions
from auditor.reporters.view import build_view, type_label, view_of
from auditor.rulekit.meta import Evidence, Status
from tests.auditor.estate import KV_FRAUD, SUB2, estate_scan

ACCOUNT_KEY = "DefaultEndpointsProtocol=https;AccountName=a;AccountKey=c2VjcmV0c2VjcmV0c2VjcmV0"
TOKEN = "ghp_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8"


def _leaky_scan() -> ScanResult:
    """The estate scan with a credential in every string a report may show. The engine and the
    sources no longer redact results or warnings: only the view stands between them and a report."""
    scan = estate_scan()
    first, second, *rest = scan.results
    first = dataclasses.replace(
        first,
        status=Status.FAIL,
        resource_name=TOKEN,
        message=f"quotes {ACCOUNT_KEY}",
        context=(f"note {TOKEN}",),
        evidence=(Evidence("properties.x", {"conn": ACCOUNT_KEY}, "a reference"),),
    )
    second = dataclasses.replace(
        second,
        status=Status.SUPPRESSED,
        suppression=Suppression(f"accepted, ticket {TOKEN}"),
    )
    return dataclasses.replace(
        scan,
        results=(first, second, *rest),
        resolved=(dataclasses.replace(first, message=f"was {TOKEN}"),),
        warnings=(f"plugin failed: {ACCOUNT_KEY}",),
        sources=(f"snapshot https://x.blob.core.windows.net/s.json?sv=1&sig={TOKEN}",),
    )


@pytest.mark.parametrize("fmt", list(Format), ids=lambda f: f.label)
def test_no_format_shows_a_credential_from_any_field(fmt: Format) -> None:
    stream = io.StringIO()
    fmt.reporter().render(_leaky_scan(), stream, ReportOptions(verbose=True))
    text = stream.getvalue()
    assert "AccountKey=c2Vj" not in text
    assert TOKEN not in text
    assert "redacted: looks like a" in text


def test_the_view_redacts_a_copy_and_leaves_the_scan_as_it_was() -> None:
    scan = _leaky_scan()
    view = build_view(scan)
    assert scan.results[0].message == f"quotes {ACCOUNT_KEY}"
    shown = view.scan.results[0]
    assert shown.message == "quotes [redacted: looks like a storage connection string]"
    assert shown.resource_name == "[redacted: looks like a GitHub token]"
    assert shown.evidence[0].observed == {
        "conn": "[redacted: looks like a storage connection string]"
    }
    assert view.scan.warnings == (
        "plugin failed: [redacted: looks like a storage connection string]",
    )


def test_the_view_is_built_once_per_scan() -> None:
    scan = estate_scan()
    assert view_of(scan) is view_of(scan)
    assert view_of(estate_scan()) is not view_of(scan)


def test_counts_verdict_and_subscriptions_come_from_the_results_and_gaps() -> None:
    scan = estate_scan()
    gap = Gap(SUB2, None, 403, "AuthorizationFailed", "denied")
    view = build_view(dataclasses.replace(scan, gaps=(gap,)))
    assert view.by_status == scan.by_status()
    assert view.failing_by_severity == scan.by_severity()
    assert not view.complete
    assert view.any_denied
    assert view.gaps[0].failure() == "HTTP 403 AuthorizationFailed"
    assert view.gaps[0].what == "everything"
    assert SUB2.rsplit("/", 1)[-1] in view.subscriptions
    assert {r.resource_id for r in view.failing} == {
        r.resource_id for r in scan.results if r.status is Status.FAIL
    }


def test_a_gap_without_an_http_status_names_its_code_alone() -> None:
    gap = Gap("/subscriptions/s", "Microsoft.KeyVault/vaults", None, "Timeout", "slow")
    assert gap.failure() == "Timeout"
    assert gap.failure(lambda code: f"`{code}`") == "`Timeout`"


def test_type_labels() -> None:
    assert type_label("Microsoft.KeyVault/vaults") == "key vault"
    assert type_label("Microsoft.Foo/someThings") == "some things"
    assert "kv-fraud" in KV_FRAUD
