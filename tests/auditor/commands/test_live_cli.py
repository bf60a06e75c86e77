"""`aml-audit scan` (live), `collect` and `demo` as a user runs them: a child process, the real
SDK, the ARM simulator over HTTPS, a token in AML_AUDIT_ACCESS_TOKEN, its CA in
REQUESTS_CA_BUNDLE."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from auditor.core.redact import literal_secret_reason
from auditor.reporters.interface import Format
from auditor.simulator import Simulator, demo_tenant, shapes
from auditor.simulator.tenant import Tenant
from tests.auditor.sources.live.live_support import small_tenant
from tests.conftest import REPO_ROOT, cli_env, run_cli

pytestmark = pytest.mark.slow

OPENAI_KEY = "sk-proj-Zx81LmQp0rT5vW2yB7nC4dF6gH9jK3sA"


@pytest.fixture
def demo() -> Iterator[Simulator]:
    with Simulator(demo_tenant()) as sim:
        yield sim


def scan_live(sim: Simulator, *args: str, token: str | None = None, **kw: Any) -> Any:
    env = {"AML_AUDIT_ACCESS_TOKEN": token or sim.token, "REQUESTS_CA_BUNDLE": str(sim.ca_file)}
    return run_cli(*args, "--arm-endpoint", sim.url, "--auth", "token", env=env, **kw)


def triples(report: Path) -> set[tuple[str, str, str]]:
    document = json.loads(report.read_text(encoding="utf-8"))
    return {(r["rule_id"], r["resource_id"], r["status"]) for r in document["results"]}


def test_an_unreadable_subscription_makes_results_not_assessed_and_exit_3(tmp_path: Path) -> None:
    tenant, ref = small_tenant()
    with Simulator(tenant) as sim:
        result = scan_live(sim, "scan", "--select", "AML302", "-o", str(tmp_path / "r.json"))
    assert result.returncode == 3, result.stderr
    assert triples(tmp_path / "r.json") == {
        ("AML302", ref["vault"], "pass"),
        ("AML302", f"/subscriptions/{ref['b']}", "not_assessed"),
    }
    gaps = json.loads((tmp_path / "r.json").read_text())["gaps"]
    assert {(g["scope"], g["resource_type"], g["status"]) for g in gaps} == {
        (f"/subscriptions/{ref['b']}", t, 403)
        for t in (
            "Microsoft.Authorization/denyAssignments",
            "Microsoft.Authorization/roleAssignments",
            "Microsoft.Authorization/roleDefinitions",
            "Microsoft.Authorization/roleEligibilityScheduleInstances",
            "Microsoft.Insights/eventtypes/values",
            "Microsoft.CognitiveServices/accounts",
            "Microsoft.KeyVault/vaults",
            "Microsoft.MachineLearningServices/registries",
            "Microsoft.MachineLearningServices/workspaces",
            "Microsoft.Search/searchServices",
            "Microsoft.Security/pricings",
        )
    }
    assert "INCOMPLETE" in result.stdout


def test_a_rejected_token_is_one_line_with_a_hint_and_exit_2() -> None:
    tenant, _ = small_tenant()
    with Simulator(tenant) as sim:
        # Well-formed and not expired, but not one the simulator issued.
        forged = "eyJhbGciOiJub25lIn0.eyJleHAiOjQxMDI0NDQ4MDB9.c2lnbmF0dXJl"  # exp: year 2100
        result = scan_live(sim, "scan", token=forged)
        log = sim.request_log
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(
        "aml-audit: error: ARM rejected the credential (HTTP 401 InvalidAuthenticationToken"
    )
    assert "AML_AUDIT_ACCESS_TOKEN" in lines[0]
    assert "Traceback" not in result.stderr
    assert {r.status for r in log} == {401}


def test_collect_then_scan_of_the_snapshot_equals_the_live_scan(
    demo: Simulator, tmp_path: Path
) -> None:
    live = scan_live(demo, "scan", "-o", str(tmp_path / "live.json"))
    collected = scan_live(demo, "collect", "-o", str(tmp_path / "estate.json"))
    snapshot, report = str(tmp_path / "estate.json"), str(tmp_path / "s.json")
    offline = run_cli("scan", "--snapshot", snapshot, "-o", report)
    assert collected.returncode == 3, collected.stderr  # the demo has an unreadable subscription
    assert "wrote" in collected.stderr
    assert (live.returncode, offline.returncode) == (1, 1)

    def comparable(path: Path) -> tuple[list[Any], list[Any]]:
        document = json.loads(path.read_text(encoding="utf-8"))
        return document["results"], document["gaps"]

    live_results, live_gaps = comparable(tmp_path / "live.json")
    snapshot_results, snapshot_gaps = comparable(tmp_path / "s.json")
    assert snapshot_results == live_results  # every field: status, message, evidence, location
    assert snapshot_gaps == live_gaps
    assert len(live_results) > 100


def _tenant_with_literal_secrets() -> tuple[Tenant, list[str]]:
    tenant = demo_tenant()
    workspace = tenant.resources(["Microsoft.MachineLearningServices/workspaces"])[0]["id"]
    endpoint = tenant.add(shapes.online_endpoint(workspace, "ep-leaky"))["id"]
    secrets = [OPENAI_KEY, "hunter2-but-longer"]
    tenant.add(
        shapes.online_deployment(
            endpoint,
            "blue",
            properties={"environmentVariables": {"SETTING": secrets[0], "DB_PASSWORD": secrets[1]}},
        )
    )
    return tenant, secrets


def test_no_token_or_secret_reaches_any_output_even_at_debug_level(tmp_path: Path) -> None:
    tenant, secrets = _tenant_with_literal_secrets()
    with Simulator(tenant) as sim:
        token = sim.token
        scanned = scan_live(sim, "-vv", "scan", "-o", str(tmp_path / "r.json"))
        collected = scan_live(sim, "-vv", "collect", "-o", str(tmp_path / "estate.json"))
        log = sim.request_log
    assert scanned.returncode == 1, scanned.stderr[-2000:]
    assert "Authorization" in scanned.stderr  # azure-core's request logging is on at -vv...
    assert "REDACTED" in scanned.stderr  # ...with the header's value withheld
    outputs = {
        "scan stdout": scanned.stdout,
        "scan stderr": scanned.stderr,
        "collect stderr": collected.stderr,
        "report": (tmp_path / "r.json").read_text(),
        "snapshot": (tmp_path / "estate.json").read_text(),
    }
    for where, text in outputs.items():
        assert token not in text, where
        assert token.split(".")[1] not in text, where  # not even the token's payload
        for secret in secrets:
            assert secret not in text, where
    # The rule still sees the literal secrets, live and from the snapshot alike.
    report = json.loads(outputs["report"])
    (finding,) = [
        r
        for r in report["results"]
        if r["rule_id"] == "AML311" and r["resource_id"].endswith("/ep-leaky/deployments/blue")
    ]
    assert finding["status"] == "fail"
    # The same reasons the rule gives for the values themselves: withholding lost nothing.
    assert {(e["path"], e["observed"]) for e in finding["evidence"]} == {
        (
            "properties.environmentVariables.DB_PASSWORD",
            f"[value withheld: {literal_secret_reason('DB_PASSWORD', secrets[1])}]",
        ),
        (
            "properties.environmentVariables.SETTING",
            f"[value withheld: {literal_secret_reason('SETTING', secrets[0])}]",
        ),
    }
    # Reads only: GETs and the Resource Graph query, never a POST such as listKeys or
    # listsecrets.
    assert all(r.is_read for r in log)
    assert {r.method for r in log} == {"GET", "POST"}
    assert not [r.path for r in log if r.path.lower().endswith(("/listkeys", "/listsecrets"))]


def test_demo_audits_the_simulated_tenant_and_writes_every_format(tmp_path: Path) -> None:
    result = run_cli("demo", "--quiet", cwd=tmp_path)
    assert result.returncode == 1, result.stderr[-2000:]  # failing findings (and gaps)
    assert "INCOMPLETE" in result.stdout
    out = tmp_path / "aml-audit-demo"  # the default directory
    expected = {f"report{fmt.extensions[0]}" for fmt in Format if fmt.extensions}
    assert {p.name for p in out.iterdir()} == expected
    report = json.loads((out / "report.json").read_text())
    assert {r["status"] for r in report["results"]} >= {"fail", "pass", "not_assessed"}
    assert {g["status"] for g in report["gaps"]} == {403}


def test_collect_to_an_unwritable_place_is_one_line_and_exit_2(tmp_path: Path) -> None:
    tenant, _ = small_tenant()
    blocker = tmp_path / "file"
    blocker.write_text("")
    with Simulator(tenant) as sim:
        result = scan_live(sim, "collect", "-o", str(blocker / "estate.json"))
        requests = sim.request_log
    assert requests == []  # refused before the collection, not after it
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "cannot write the snapshot" in lines[0], result.stderr
    assert not list(tmp_path.glob("**/*.partial"))


@pytest.mark.parametrize("command", [("scan",), ("collect", "-o", "estate.json")])
def test_a_subscription_name_is_refused_before_anything_is_read(
    command: tuple[str, ...], tmp_path: Path
) -> None:
    tenant, _ = small_tenant()
    with Simulator(tenant) as sim:
        result = scan_live(sim, *command, "--subscription", "Contoso-Prod", cwd=tmp_path)
        requests = sim.request_log
    assert requests == []
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        "aml-audit: error: --subscription 'Contoso-Prod' is not a subscription id (expected a "
        "GUID such as 00000000-0000-0000-0000-000000000000; `az account list -o table` shows "
        "the ids of yours)\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_an_unreachable_endpoint_says_so_not_that_the_credential_reads_nothing(
    tmp_path: Path,
) -> None:
    import socket

    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    endpoint = f"https://127.0.0.1:{port}"
    env = {"AML_AUDIT_ACCESS_TOKEN": "x"}
    report = tmp_path / "r.json"
    result = run_cli(
        "scan", "--arm-endpoint", endpoint, "--auth", "token", "-o", str(report), env=env
    )
    assert result.returncode == 3, result.stderr
    assert result.stderr.startswith(
        f"WARNING auditor.sources.live: could not reach ARM at {endpoint} (ConnectionError: "
    )
    assert result.stderr.splitlines()[0].endswith(
        "nothing was collected; check --arm-endpoint and the network"
    )
    gaps = json.loads(report.read_text(encoding="utf-8"))["gaps"]
    assert [(g["scope"], g["status"], g["code"]) for g in gaps] == [
        ("/subscriptions", None, "ConnectionError")
    ]


# --- a failed sign-in -----------------------------------------------------------------------------


def _without_credentials(tmp_path: Path) -> dict[str, str]:
    """An environment in which no azure-identity credential can sign in: no AZURE_* variables, no
    `az`, `azd` or `pwsh` on PATH (the Python running the CLI is found by its full path)."""
    env = {k: v for k, v in cli_env().items() if not k.startswith(("AZURE_", "IDENTITY_", "MSI_"))}
    empty = tmp_path / "empty-path"
    empty.mkdir()
    env["PATH"] = str(empty)
    env["HOME"] = str(tmp_path)  # no shared token cache either
    return env


@pytest.mark.parametrize("auth", ["env", "cli", "default"])
def test_a_credential_that_cannot_sign_in_is_one_line_on_stderr_and_exit_2(
    tmp_path: Path, auth: str
) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "auditor", "scan", "-q", "--auth", auth],
        cwd=REPO_ROOT,
        env=_without_credentials(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 2, done.stderr
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("aml-audit: error: could not get an ARM token: "), lines[0]
    assert "azure.identity" not in done.stderr


def test_the_sdk_account_of_each_sign_in_attempt_is_shown_from_v_on(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "auditor", "-v", "scan", "-q", "--auth", "env"],
        cwd=REPO_ROOT,
        env=_without_credentials(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 2, done.stderr
    assert "WARNING azure.identity" in done.stderr
    assert done.stderr.splitlines()[-1].startswith("aml-audit: error: could not get an ARM token")


# --- nothing to judge ---------------------------------------------------------------------------


def test_a_live_scan_of_subscriptions_without_ml_resources_says_so_in_every_report(
    tmp_path: Path,
) -> None:
    tenant = Tenant()
    subscription = "3f1c2a9e-0000-4000-8000-0000000000aa"
    tenant.add_subscription(subscription)
    names = ("r.json", "r.md", "r.html", "r.sarif")
    outputs = [arg for name in names for arg in ("-o", str(tmp_path / name))]
    with Simulator(tenant) as sim:
        result = scan_live(sim, "scan", *outputs)
    # Every collection of the subscription was listed and answered: the estate really is empty,
    # so the scan is complete; every report says that nothing was judged.
    assert result.returncode == 0, result.stderr
    said = (
        f"no resource the rules check was found in /subscriptions/{subscription}: no Azure ML "
        "workspace, registry, key vault or AI account, so nothing was judged"
    )
    assert said in " ".join(result.stdout.split())
    for name in names:
        assert said in (tmp_path / name).read_text(encoding="utf-8"), name


def test_a_credential_that_reads_no_subscription_is_an_incomplete_scan(tmp_path: Path) -> None:
    with Simulator(Tenant()) as sim:
        result = scan_live(sim, "scan", "-o", str(tmp_path / "r.json"))
    assert result.returncode == 3, result.stderr
    report = json.loads((tmp_path / "r.json").read_text())
    assert [(g["scope"], g["code"]) for g in report["gaps"]] == [("/subscriptions", "NothingRead")]
    assert report["scan"]["warnings"] == [
        "nothing was audited: the credential can read no subscription: grant it the Reader role "
        "on the subscriptions to audit"
    ]
    assert "No failing results." not in result.stdout


def test_no_access_review_sends_none_of_its_requests(tmp_path: Path) -> None:
    tenant, _ = small_tenant()
    with Simulator(tenant) as sim:
        result = scan_live(
            sim, "scan", "--no-access-review", "--select", "AML302", "-o", str(tmp_path / "r.json")
        )
        paths = [r.path.lower() for r in sim.request_log]
    assert result.returncode == 3, result.stderr  # subscription b is still unreadable
    assert paths and not [p for p in paths if "microsoft.authorization" in p or "eventtypes" in p]
    gaps = json.loads((tmp_path / "r.json").read_text())["gaps"]
    assert {g["resource_type"] for g in gaps} == {
        "Microsoft.CognitiveServices/accounts",
        "Microsoft.KeyVault/vaults",
        "Microsoft.MachineLearningServices/registries",
        "Microsoft.MachineLearningServices/workspaces",
        "Microsoft.Search/searchServices",
        "Microsoft.Security/pricings",
    }
