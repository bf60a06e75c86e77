"""`aml-audit simulate` in a child process: prints how to reach it, serves, stops on SIGTERM."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from tests.conftest import cli_env, run_cli


def start(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "auditor", "simulate", *args],
        env=cli_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.slow
def test_simulate_serves_a_tenant_file_until_sigterm(tmp_path: Path) -> None:
    from auditor.simulator import save_tenant
    from tests.auditor.simulator.conftest import SUB, small_tenant

    tenant_file = tmp_path / "tenant.json"
    save_tenant(small_tenant(), tenant_file)
    process = start("--tenant", str(tenant_file), "--json", "--page-size", "3")
    try:
        assert process.stdout is not None
        details = json.loads(process.stdout.readline())
        assert details["subscriptions"] == [SUB, "22222222-2222-4222-8222-222222222222"]
        assert details["url"].startswith("https://127.0.0.1:")
        response = requests.get(
            f"{details['url']}/subscriptions/{SUB}/providers/"
            "Microsoft.MachineLearningServices/workspaces?api-version=2025-09-01",
            headers={"Authorization": f"Bearer {details['token']}"},
            verify=details["ca_file"],
            timeout=10,
        )
        assert [w["name"] for w in response.json()["value"]] == ["ws-0", "ws-1", "ws-2"]
    finally:
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=20)
    assert process.returncode == 0
    assert err.strip().endswith("simulator stopped")
    assert not Path(details["ca_file"]).exists()


@pytest.mark.slow
def test_simulate_prints_how_to_scan_it() -> None:
    process = start("--scale", "1")
    try:
        assert process.stdout is not None
        lines = [process.stdout.readline() for _ in range(9)]
    finally:
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=20)
    text = "".join(lines)
    assert "subscriptions" in text
    assert "export AML_AUDIT_ACCESS_TOKEN=" in text
    assert "export REQUESTS_CA_BUNDLE=" in text
    assert "aml-audit scan --arm-endpoint https://127.0.0.1:" in text


@pytest.mark.slow
def test_simulate_rejects_a_bad_tenant_file_in_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "tenant.json"
    bad.write_text('{"subscriptions": []}')
    result = run_cli("simulate", "--tenant", str(bad))
    assert result.returncode == 2
    assert result.stderr == (f"aml-audit: error: {bad}: subscriptions: must be a non-empty list\n")
    assert result.stdout == ""
