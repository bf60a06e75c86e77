"""`scan --shard K/N` of a snapshot and `aml-audit merge`: the merged shards equal one full scan,
controls apply to the whole, and reports that cannot be one scan are refused with one line."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from auditor import __version__
from auditor.core.schemas import load_schema
from auditor.inventory.shard import shard_of
from auditor.simulator import Simulator, demo_tenant, generate_tenant
from auditor.simulator.demo.base import DEV as DEMO_DEV
from auditor.simulator.demo.base import PROD as DEMO_PROD
from auditor.simulator.tenant import new_guid
from auditor.sources.snapshot import write_snapshot
from tests.auditor.conftest import Run
from tests.auditor.sources.live.live_support import live_source
from tests.conftest import REPO_ROOT, run_cli

pytestmark = pytest.mark.slow  # collects from the simulator

SCHEMA = load_schema("json-report")
LOCKED = new_guid("merge-test/locked")


@pytest.fixture(scope="module")
def estate(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A snapshot of a generated tenant of six subscriptions (one unreadable), collected from
    the simulator as `aml-audit collect` does."""
    tenant = generate_tenant(
        5, 2, online_endpoints=1, deployments=1, computes=1, connections=1, keys=1, secrets=1
    )
    tenant.add_subscription(LOCKED, "locked", unreadable=True)
    path = tmp_path_factory.mktemp("merge") / "estate.json"
    with Simulator(tenant) as sim:
        inventory = live_source(sim).collect()
    write_snapshot(inventory, path, datetime.now(UTC).isoformat(timespec="seconds"))
    yield path


def report(path: Path) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    jsonschema.validate(
        document, SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    return document


def outcomes(path: Path) -> list[dict[str, Any]]:
    """The report's results whole, in its order: merged shards equal the full scan in every
    field (message, evidence, location...), not only in rule, resource and status."""
    results: list[dict[str, Any]] = report(path)["results"]
    return results


def shards(aml: Callable[..., Run], estate: Path, tmp_path: Path, count: int) -> list[Path]:
    paths = []
    for index in range(1, count + 1):
        out = tmp_path / f"shard-{index}.json"
        run = aml("scan", "--snapshot", str(estate), "--shard", f"{index}/{count}", "-o", str(out))
        assert run.code in (0, 1, 3), run.stderr
        paths.append(out)
    return paths


def test_the_merged_shards_equal_one_full_scan_result_for_result(
    aml: Callable[..., Run], estate: Path, tmp_path: Path
) -> None:
    full = aml("scan", "--snapshot", str(estate), "-o", str(tmp_path / "full.json"))
    parts = shards(aml, estate, tmp_path, 3)
    outputs = [tmp_path / f"all.{ext}" for ext in ("json", "html", "sarif", "md")]
    merged = aml("merge", *map(str, parts), *(a for o in outputs for a in ("-o", str(o))))
    assert merged.code == full.code == 1, merged.stderr
    assert outcomes(tmp_path / "all.json") == outcomes(tmp_path / "full.json")
    whole, joined = report(tmp_path / "full.json"), report(tmp_path / "all.json")
    assert joined["gaps"] == whole["gaps"]  # the locked subscription's, once
    assert joined["scan"]["scopes"] == whole["scan"]["scopes"]
    assert joined["scan"]["complete"] is whole["scan"]["complete"] is False
    assert joined["summary"] == whole["summary"]
    assert joined["scan"]["shard"] is None
    # Each shard scanned its own subscriptions only, and every shard holds some.
    recorded = [report(p)["scan"] for p in parts]
    assert [s["shard"] for s in recorded] == ["1/3", "2/3", "3/3"]
    for index, scan in enumerate(recorded, start=1):
        assert scan["scopes"]
        assert all(shard_of(scope, 3) == index for scope in scan["scopes"])
    for output in outputs:
        assert output.stat().st_size > 0


def test_a_missing_shard_is_a_gap_and_the_merge_incomplete(
    aml: Callable[..., Run], estate: Path, tmp_path: Path
) -> None:
    parts = shards(aml, estate, tmp_path, 3)
    out = tmp_path / "all.json"
    run = aml("merge", str(parts[0]), str(parts[2]), "-o", str(out), "--fail-on", "critical")
    assert run.code == 3, run.stderr
    gaps = [(g["scope"], g["code"], g["message"]) for g in report(out)["gaps"]]
    assert (
        "/subscriptions",
        "ShardMissing",
        "shard 2/3 was not merged: the subscriptions it holds were not audited "
        "(pass its report, or re-run its job)",
    ) in gaps
    assert "INCOMPLETE" in run.stdout


def test_suppressions_baseline_and_fail_on_apply_to_the_merged_estate(
    aml: Callable[..., Run], estate: Path, tmp_path: Path
) -> None:
    full = tmp_path / "full.json"
    aml("scan", "--snapshot", str(estate), "-o", str(full))
    failing = [r for r in report(full)["results"] if r["status"] == "fail"]
    target = failing[0]
    # Shards scanned with the suppression in their config: the merge re-applies its own.
    (tmp_path / "aml-audit.toml").write_text(
        f'[[suppress]]\nrule = "{target["rule_id"]}"\nresource = "{target["resource_id"]}"\n'
        'reason = "accepted by the platform team"\n',
        encoding="utf-8",
    )
    parts = shards(aml, estate, tmp_path, 2)
    (tmp_path / "aml-audit.toml").unlink()
    out = tmp_path / "merged.json"
    run = aml("merge", *map(str, parts), "--baseline", str(full), "-o", str(out))
    assert run.code == 1
    merged = report(out)
    statuses = {(r["rule_id"], r["resource_id"]): r for r in merged["results"]}
    unsuppressed = statuses[(target["rule_id"], target["resource_id"])]
    assert (unsuppressed["status"], unsuppressed["suppression"]) == ("fail", None)
    assert {r["baseline"] for r in merged["results"] if r["status"] == "fail"} == {"known"}
    assert merged["scan"]["warnings"] == []  # no shard's "matched no failing result"
    # With the config at merge time, the finding is suppressed in the merged report.
    (tmp_path / "aml-audit.toml").write_text(
        f'[[suppress]]\nrule = "{target["rule_id"]}"\nresource = "{target["resource_id"]}"\n'
        'reason = "accepted by the platform team"\n',
        encoding="utf-8",
    )
    run = aml("merge", *map(str, parts), "-o", str(out), "--fail-on", "critical")
    suppressed = {(r["rule_id"], r["resource_id"]): r["status"] for r in report(out)["results"]}
    assert suppressed[(target["rule_id"], target["resource_id"])] == "suppressed"
    assert run.code == 3  # nothing critical fails; the locked subscription is a gap


def _edited(source: Path, dest: Path, edit: Callable[[dict[str, Any]], None]) -> Path:
    document = json.loads(source.read_text(encoding="utf-8"))
    edit(document)
    dest.write_text(json.dumps(document), encoding="utf-8")
    return dest


def _refusal(aml: Callable[..., Run], *args: str) -> str:
    run = aml("merge", *args)
    assert run.code == 2
    assert run.stdout == ""
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1, run.stderr
    return lines[0]


def test_reports_that_cannot_be_one_scan_are_refused_with_one_line(
    aml: Callable[..., Run], estate: Path, tmp_path: Path
) -> None:
    one, two = shards(aml, estate, tmp_path, 2)
    other_version = _edited(
        two, tmp_path / "v.json", lambda d: d["tool"].__setitem__("version", "9.9.9")
    )
    assert _refusal(aml, str(one), str(other_version)) == (
        f"aml-audit: error: {other_version}: written by aml-audit 9.9.9, {one} by 0.1.0: merge "
        "reports of one version (run every shard with the same aml-audit)"
    )
    assert _refusal(aml, str(one), str(one)) == (
        f"aml-audit: error: {one}: shard 1/2 is also {one}: pass each shard's report once"
    )
    unsharded = _edited(one, tmp_path / "u.json", lambda d: d["scan"].__setitem__("shard", None))
    scope = report(one)["scan"]["scopes"][0]
    assert _refusal(aml, str(one), str(unsharded)) == (
        f"aml-audit: error: {unsharded}: scanned {scope}, which {one} scanned too: merged "
        "reports must cover separate subscriptions (use --shard K/N)"
    )
    of_three = _edited(two, tmp_path / "3.json", lambda d: d["scan"].__setitem__("shard", "2/3"))
    assert _refusal(aml, str(one), str(of_three)) == (
        "aml-audit: error: the reports are shards of different splits (K/2, K/3): merge the "
        "shards of one split"
    )
    fewer = _edited(
        two, tmp_path / "r.json", lambda d: d["scan"].__setitem__("rules", d["scan"]["rules"][1:])
    )
    first_rule = report(two)["scan"]["rules"][0]
    assert _refusal(aml, str(one), str(fewer)) == (
        f"aml-audit: error: {fewer}: evaluated other rules than {one} ({first_rule} differ): run "
        "every shard with the same --select, --ignore, --rules-dir and config"
    )

    def older(document: dict[str, Any]) -> None:
        document["schema_version"] = "1.1"
        for key in ("scopes", "shard", "rules"):
            del document["scan"][key]
        for result in document["results"]:
            del result["first_seen"]

    old = _edited(one, tmp_path / "old.json", older)
    assert _refusal(aml, str(old), str(two)) == (
        f"aml-audit: error: {old}: report schema version 1.1 does not record the scopes it "
        "scanned (needed for a merge, from schema 1.2 on); re-create it with this version of "
        "aml-audit"
    )
    assert _refusal(aml, str(one), str(two), "-o", str(two)) == (
        f"aml-audit: error: {two}: is a report this merge reads; write the merged report elsewhere"
    )
    assert _refusal(aml, str(tmp_path / "absent.json")) == (
        f"aml-audit: error: {tmp_path / 'absent.json'}: report not found (pass the JSON reports "
        "the shard scans wrote with -o)"
    )


def test_a_bad_shard_is_one_line_and_exit_2(estate: Path) -> None:
    run = run_cli("scan", "--snapshot", str(estate), "--shard", "3/2")
    assert run.returncode == 2
    assert run.stderr == (
        "aml-audit: error: --shard: shard 3/2 is not K/N with 1 <= K <= N <= 1000\n"
    )


SAS = "https://x.blob.core.windows.net/c?sv=2020-08-04&sig=SeCrEtSiG0123456789abcdefXYZ"
SAS_MARKER = "[redacted: looks like a shared access signature]"


def test_a_credential_in_a_hand_edited_shard_report_reaches_no_merged_report(
    aml: Callable[..., Run], estate: Path, tmp_path: Path
) -> None:
    """A report is input to the merge like a snapshot to a scan: what aml-audit wrote is
    redacted, but a hand-edited or forged one is not, and its evidence and gap codes were
    written into every merged report as they were."""
    (one,) = shards(aml, estate, tmp_path, 1)
    document = report(one)
    failing = next(r for r in document["results"] if r["status"] == "fail" and r["evidence"])
    failing["evidence"][0]["expected"] = f"expected {SAS}"
    failing["evidence"][0]["path"] = f"path {SAS}"
    document["gaps"][0]["code"] = f"code {SAS}"
    one.write_text(json.dumps(document), encoding="utf-8")
    outputs = [tmp_path / f"all.{ext}" for ext in ("json", "html", "sarif", "md")]
    merged = aml("merge", str(one), *(a for o in outputs for a in ("-o", str(o))))
    assert merged.code == 1, merged.stderr
    for text in (merged.stdout, merged.stderr, *(o.read_text(encoding="utf-8") for o in outputs)):
        assert "SeCrEtSiG" not in text
    joined = report(tmp_path / "all.json")
    (result,) = [r for r in joined["results"] if r["fingerprint"] == failing["fingerprint"]]
    assert result["evidence"][0]["expected"] == f"expected {SAS_MARKER}"
    assert result["evidence"][0]["path"] == f"path {SAS_MARKER}"
    assert joined["gaps"][0]["code"] == f"code {SAS_MARKER}"


def test_a_lint_report_is_refused_not_merged_as_a_scan(
    aml: Callable[..., Run], estate: Path, tmp_path: Path
) -> None:
    """`lint` reports have a placeholder subscription and inline suppressions the merge cannot
    re-read from the files: merged, the suppressed AML104 of the fixed CLI compute came back as a
    failing result. Alone or with a shard, a lint report is refused with one line."""
    linted = tmp_path / "lint.json"
    aml("lint", str(REPO_ROOT / "examples" / "iac"), "-o", str(linted), cwd=REPO_ROOT)
    suppressed = [r for r in report(linted)["results"] if r["status"] == "suppressed"]
    assert [(r["rule_id"], r["suppression"]["source"]) for r in suppressed] == [
        ("AML104", "inline examples/iac/ml-yaml/fixed/compute-instance.yml:4")
    ]
    refusal = (
        f"aml-audit: error: {linted}: written by `aml-audit lint`: merge joins the JSON reports "
        "of `aml-audit scan` (`scan --shard K/N -o shard.json`); a lint report is complete as "
        "it is"
    )
    assert _refusal(aml, str(linted), "-o", str(tmp_path / "out.json")) == refusal
    (one, _) = shards(aml, estate, tmp_path, 2)
    assert _refusal(aml, str(one), str(linted)) == refusal
    assert not (tmp_path / "out.json").exists()


def test_shards_of_another_aml_audit_version_than_the_merge_are_refused(
    aml: Callable[..., Run], estate: Path, tmp_path: Path
) -> None:
    """The merge gives the shards' results this version's rule metadata, suppressions and
    baseline matching, and used to label the result with the shards' version: neither that
    version's scan nor this one's."""
    one, two = shards(aml, estate, tmp_path, 2)

    def older(document: dict[str, Any]) -> None:
        document["tool"]["version"] = "0.0.9"

    old_one = _edited(one, tmp_path / "old-1.json", older)
    old_two = _edited(two, tmp_path / "old-2.json", older)
    assert _refusal(aml, str(old_one), str(old_two), "-o", str(tmp_path / "all.json")) == (
        f"aml-audit: error: {old_one}: written by aml-audit 0.0.9, and this is aml-audit "
        f"{__version__}: merge with the version the shards ran (pip install aml-auditor==0.0.9)"
    )
    assert not (tmp_path / "all.json").exists()


def _demo_with_prod_storage_in_dev(tmp_path: Path) -> tuple[dict[str, Any], int]:
    """The demo tenant as a snapshot, the prod workspace's storage account moved to the dev
    subscription, and a shard count that puts the two subscriptions in different shards."""
    with Simulator(demo_tenant()) as sim:
        inventory = live_source(sim).collect()
    collected = tmp_path / "demo.json"
    write_snapshot(inventory, collected, datetime.now(UTC).isoformat(timespec="seconds"))
    count = next(n for n in range(2, 9) if shard_of(DEMO_PROD, n) != shard_of(DEMO_DEV, n))
    storage = f"/subscriptions/{DEMO_PROD}/resourceGroups/rg-shared/providers/Microsoft.Storage/"
    text = collected.read_text(encoding="utf-8")
    assert storage + "storageAccounts/stcontosomlprod" in text
    moved: dict[str, Any] = json.loads(text.replace(storage, storage.replace(DEMO_PROD, DEMO_DEV)))
    return moved, count


def test_an_attack_path_through_a_resource_of_another_shard_is_the_full_scans(
    aml: Callable[..., Run], tmp_path: Path
) -> None:
    """A workspace may use a storage account of another subscription (Azure ML supports it once
    the other subscription registers Microsoft.MachineLearningServices). The shard of the
    workspace reports its attack path, whose links are the storage's results, judged by the
    storage's shard: AMLP04 used to lose the storage's links (AML109, AML217), and with them its
    fingerprint, in the merge."""
    document, count = _demo_with_prod_storage_in_dev(tmp_path)
    estate = tmp_path / "estate.json"
    estate.write_text(json.dumps(document), encoding="utf-8")

    aml("scan", "--snapshot", str(estate), "-o", str(tmp_path / "full.json"))
    parts = shards(aml, estate, tmp_path, count)
    aml("merge", *map(str, parts), "-o", str(tmp_path / "all.json"))
    path = [r for r in outcomes(tmp_path / "full.json") if r["rule_id"] == "AMLP04"]
    assert [(s["rule"], s["resource_name"]) for s in path[0]["steps"]] == [
        ("AML106", "mlw-contoso-prod"),
        ("AML109", "stcontosomlprod"),
        ("AML217", "stcontosomlprod"),
        (None, "ci-exposed"),
    ]
    assert outcomes(tmp_path / "all.json") == outcomes(tmp_path / "full.json")


def test_a_path_that_holds_only_through_another_shards_resource_is_not_lost(
    aml: Callable[..., Run], tmp_path: Path
) -> None:
    """As above, with the workspace reaching its storage by identity (AML106 passes): the path
    holds only through the storage account's own results, and the merge used to have no AMLP04
    on the workspace at all, where the full scan has a critical one."""
    document, count = _demo_with_prod_storage_in_dev(tmp_path)
    (workspace,) = [r for r in document["resources"] if r.get("name") == "mlw-contoso-prod"]
    workspace["properties"]["systemDatastoresAuthMode"] = "identity"
    estate = tmp_path / "estate.json"
    estate.write_text(json.dumps(document), encoding="utf-8")

    aml("scan", "--snapshot", str(estate), "-o", str(tmp_path / "full.json"))
    aml("merge", *map(str, shards(aml, estate, tmp_path, count)), "-o", str(tmp_path / "all.json"))
    for name in ("full.json", "all.json"):
        found = [
            (r["status"], [(s["rule"], s["resource_name"]) for s in r["steps"]])
            for r in outcomes(tmp_path / name)
            if (r["rule_id"], r["resource_name"]) == ("AMLP04", "mlw-contoso-prod")
        ]
        assert found == [
            (
                "fail",
                [
                    ("AML109", "stcontosomlprod"),
                    ("AML217", "stcontosomlprod"),
                    (None, "ci-exposed"),
                ],
            )
        ], name
