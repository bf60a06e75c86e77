"""The scan history: what is recorded, first and last seen, changes between scans, the schema
version, two writers at once, and a writer killed in the middle of a scan."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from auditor.cli import main
from auditor.controls import history
from auditor.controls.history import (
    SCHEMA_VERSION,
    HistoryError,
    open_history,
    record_scan,
)
from auditor.evaluate import engine
from auditor.evaluate.results import Result, ScanResult
from auditor.rulekit.meta import Severity, Status
from tests.conftest import REPO_ROOT, cli_env

SUB = "00000000-0000-0000-0000-0000000000a1"
SUB_B = "00000000-0000-0000-0000-0000000000b2"
DAY0 = datetime(2026, 3, 1, 6, 0, tzinfo=UTC)


def vault_id(name: str, sub: str = SUB) -> str:
    return f"/subscriptions/{sub}/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/{name}"


def result(rule: str, resource: str, status: Status, severity: Severity = Severity.HIGH) -> Result:
    return Result(
        rule_id=rule,
        title="t",
        severity=severity,
        status=status,
        resource_id=resource,
        resource_type="Microsoft.KeyVault/vaults",
        resource_name=resource.rsplit("/", 1)[-1],
        message="m",
        fingerprint=engine.fingerprint(rule, resource),
    )


def scan(
    day: int, *results: Result, scopes: tuple[str, ...] = (f"/subscriptions/{SUB}",)
) -> ScanResult:
    started = DAY0 + timedelta(days=day)
    return ScanResult(
        results=tuple(results),
        gaps=(),
        rules=(),
        sources=("snapshot:estate.json",),
        started_at=started,
        finished_at=started + timedelta(seconds=5),
        tool_version="0.1.0",
        scopes=scopes,
    )


A, B, C = vault_id("kv-a"), vault_id("kv-b"), vault_id("kv-c")


def test_a_finding_is_first_seen_when_it_first_failed_and_open_until_it_passes(
    tmp_path: Path,
) -> None:
    db = tmp_path / "history.sqlite"
    record_scan(scan(0, result("AML302", A, Status.FAIL), result("AML302", B, Status.PASS)), db)
    second = record_scan(
        scan(
            3,
            result("AML302", A, Status.SUPPRESSED),
            result("AML302", B, Status.FAIL, Severity.MEDIUM),
        ),
        db,
    )
    # The report of the second scan: each open finding with when it was first recorded failing.
    assert [(r.resource_id, r.first_seen) for r in second.results] == [
        (A, DAY0),
        (B, DAY0 + timedelta(days=3)),
    ]
    assert [(p.started_at, p.failing, p.complete) for p in second.trend] == [
        (DAY0, (("critical", 0), ("high", 1), ("medium", 0), ("low", 0), ("info", 0)), True),
        (
            DAY0 + timedelta(days=3),
            (("critical", 0), ("high", 1), ("medium", 1), ("low", 0), ("info", 0)),
            True,
        ),
    ]
    record_scan(scan(10, result("AML302", A, Status.PASS), result("AML302", B, Status.FAIL)), db)
    history = open_history(db, create=False)
    try:
        found = {f.resource_id: f for f in history.findings(rule_id="aml302")}
        assert set(found) == {A, B}
        a, b = found[A], found[B]
        assert (a.first_seen, a.last_seen, a.latest_status, a.open, a.open_days) == (
            DAY0,
            DAY0 + timedelta(days=3),
            "pass",
            False,
            None,
        )
        assert (b.first_seen, b.last_seen, b.latest_status, b.open_days) == (
            DAY0 + timedelta(days=3),
            DAY0 + timedelta(days=10),
            "fail",
            7.0,
        )
        assert [f.resource_id for f in history.findings(fingerprint=a.fingerprint)] == [A]
        assert [f.resource_id for f in history.findings(resource="KV-B")] == [B]
        assert history.findings(resource="kv_") == []  # LIKE wildcards are taken literally
    finally:
        history.close()


def test_the_diff_of_two_scans_says_what_is_new_and_what_was_resolved(tmp_path: Path) -> None:
    db = tmp_path / "h.sqlite"
    other_sub = vault_id("kv-far", SUB_B)
    record_scan(
        scan(
            0,
            result("AML302", A, Status.FAIL),
            result("AML302", B, Status.FAIL),
            result("AML302", C, Status.FAIL),
            result("AML302", other_sub, Status.FAIL),
        ),
        db,
    )
    record_scan(
        scan(
            1,
            result("AML302", A, Status.FAIL),
            result("AML302", B, Status.PASS),
            result("AML210", A, Status.FAIL, Severity.MEDIUM),
        ),
        db,
    )
    history = open_history(db)
    try:
        diff = history.diff(1, 2)
    finally:
        history.close()
    assert [(c.rule_id, c.resource_id, c.status) for c in diff.new] == [("AML210", A, "fail")]
    # B passes; C is gone from a subscription that was scanned; the other subscription was not
    # scanned the second time, so its finding is not called resolved.
    assert [(c.resource_id, c.status) for c in diff.resolved] == [(B, "pass"), (C, "absent")]
    assert diff.still_failing == 1


@pytest.mark.slow  # child processes
def test_a_database_from_a_newer_aml_audit_is_refused_with_one_line(tmp_path: Path) -> None:
    db = tmp_path / "h.sqlite"
    open_history(db).close()
    with sqlite3.connect(db) as connection:
        connection.execute("INSERT INTO schema_version (version) VALUES (?)", (SCHEMA_VERSION + 1,))
    run = subprocess.run(
        [sys.executable, "-m", "auditor", "history", "--history", str(db)],
        env=cli_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 2
    assert run.stderr == (
        f"aml-audit: error: {db}: history database schema version {SCHEMA_VERSION + 1} was "
        f"written by a newer aml-audit (this one reads up to {SCHEMA_VERSION}): upgrade "
        "aml-audit\n"
    )


def test_a_file_that_is_no_history_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "app.sqlite"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE users (name TEXT)")
    with pytest.raises(HistoryError) as caught:
        open_history(other)
    assert str(caught.value) == (
        f"{other}: is an SQLite database but not an aml-audit history; pass another path"
    )
    text = tmp_path / "notes.txt"
    text.write_text("not a database at all, just some text long enough" * 20)
    with pytest.raises(HistoryError) as caught:
        open_history(text)
    assert str(caught.value) == (f"{text}: cannot open the history (file is not a database)")
    assert text.read_text().startswith("not a database")  # a user's file is never modified


def test_an_empty_file_read_as_a_history_is_refused_and_left_empty(tmp_path: Path) -> None:
    empty = tmp_path / "notes.sqlite"
    empty.touch()
    run = subprocess.run(
        [sys.executable, "-m", "auditor", "history", "--history", str(empty)],
        env=cli_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (run.returncode, run.stdout) == (2, "")
    assert run.stderr == (
        f"aml-audit: error: {empty}: is empty, not a history database (record scans with "
        f"`aml-audit scan --history {empty}`)\n"
    )
    assert empty.stat().st_size == 0  # a user's file is never modified


def test_a_new_database_opened_while_another_job_reads_it_waits_instead_of_failing(
    tmp_path: Path,
) -> None:
    # Two scheduled jobs starting on a new database: while one holds the write lock (switching the
    # file to WAL), the other's switch reads, then cannot take the lock, and SQLite answers it at
    # once with "database is locked" (a reader waiting to write could deadlock, so no busy wait).
    db = tmp_path / "new.sqlite"
    other = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")  # the other job's write lock
    release = threading.Timer(0.3, other.execute, ("COMMIT",))
    release.start()
    try:
        history = open_history(db)
    finally:
        release.join()
        other.close()
    mode = history.db.execute("PRAGMA journal_mode").fetchone()[0]
    version = history.db.execute("SELECT max(version) FROM schema_version").fetchone()[0]
    history.close()
    assert (mode, version) == ("wal", SCHEMA_VERSION)


def test_a_scan_the_history_cannot_record_is_reported_all_the_same_and_exits_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Another job holds the database's write lock for longer than the busy timeout: the scan,
    # perhaps an hour of collection, must not be lost with its history.
    db = tmp_path / "busy.sqlite"
    open_history(db).close()
    other = sqlite3.connect(db, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # the other job's write lock, held throughout
    monkeypatch.setattr(history, "BUSY_TIMEOUT_MS", 200)
    report = tmp_path / "report.json"
    snapshot = REPO_ROOT / "examples" / "estate.json"
    try:
        code = main(["scan", "--snapshot", str(snapshot), "--history", str(db), "-o", str(report)])
    finally:
        other.close()
    error = f"{db}: cannot write to the history (database is locked)"
    assert code == 2
    assert capsys.readouterr().err == f"aml-audit: error: {error}\n"
    written = json.loads(report.read_text(encoding="utf-8"))
    assert f"this scan was not recorded in the history: {error}" in written["scan"]["warnings"]
    assert ("AML302", "fail") in {(r["rule_id"], r["status"]) for r in written["results"]}
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT count(*) FROM scans").fetchone()[0] == 0


# Records scans in a child process. `pause` makes the results of the last scan a sequence that
# stops half-way through the insert (touching a marker file) so the parent can kill it there.
WRITER = r"""
import sys, time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from auditor.controls.history import open_history
from auditor.evaluate import engine
from auditor.evaluate.results import Result, ScanResult
from auditor.rulekit.meta import Severity, Status

db, name, pause = Path(sys.argv[1]), sys.argv[2], sys.argv[5]
scans, size = int(sys.argv[3]), int(sys.argv[4])
VAULTS = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/"

class Stalling(tuple):
    def __iter__(self):
        for number, item in enumerate(tuple.__iter__(self)):
            if number == len(self) // 2:
                Path(pause).touch()
                time.sleep(120)
            yield item

def results(n, stall):
    made = tuple(
        Result("AML302", "t", Severity.HIGH, Status.FAIL, rid, "Microsoft.KeyVault/vaults", "kv",
               "m", fingerprint=engine.fingerprint("AML302", rid))
        for rid in (f"{VAULTS}Microsoft.KeyVault/vaults/{name}-{i}" for i in range(n))
    )
    return Stalling(made) if stall else made

history = open_history(db)
for number in range(scans):
    stall = pause != "-" and number == scans - 1
    now = datetime.now(UTC)
    history.record(ScanResult(results(size, stall), (), (), (name,), now, now, "0.1.0"))
history.close()
"""


def _writer(db: Path, name: str, scans: int, size: int, pause: str = "-") -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db), name, str(scans), str(size), pause],
        env=cli_env(),
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.slow  # child processes
def test_two_writers_at_once_both_record_every_scan(tmp_path: Path) -> None:
    db = tmp_path / "shared.sqlite"
    writers = [_writer(db, name, 15, 400) for name in ("nightly", "hourly")]
    for writer in writers:
        _, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err
    with sqlite3.connect(db) as connection:
        per_source = connection.execute(
            "SELECT sources, count(*) FROM scans GROUP BY sources ORDER BY sources"
        ).fetchall()
        rows = connection.execute("SELECT count(*) FROM results").fetchone()[0]
        mode = connection.execute("PRAGMA journal_mode").fetchone()[0]
    assert per_source == [('["hourly"]', 15), ('["nightly"]', 15)]
    assert rows == 30 * 400
    assert mode == "wal"


@pytest.mark.slow  # child processes
def test_a_writer_killed_mid_scan_loses_nothing_already_recorded(tmp_path: Path) -> None:
    db = tmp_path / "crash.sqlite"
    marker = tmp_path / "half-way"
    # Two scans: the first is committed; the second stops half-way through its results.
    writer = _writer(db, "job", 2, 20_000, str(marker))
    deadline = time.monotonic() + 60
    while not marker.exists():
        assert writer.poll() is None, writer.communicate()
        assert time.monotonic() < deadline, "the writer never reached the middle of its insert"
        time.sleep(0.05)
    os.kill(writer.pid, signal.SIGKILL)
    writer.wait(timeout=30)
    assert writer.returncode == -signal.SIGKILL

    history = open_history(db, create=False)
    try:
        scans = history.scans()
        assert [s.id for s in scans] == [1]  # the partial scan is absent
        assert scans[0].failing[1] == ("high", 20_000)
        assert history.db.execute("SELECT count(*) FROM results").fetchone()[0] == 20_000
        assert history.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        history.close()
    # And the database takes the next scan as usual.
    record_scan(scan(1, result("AML302", A, Status.FAIL)), db)
    history = open_history(db, create=False)
    try:
        assert sorted(s.id for s in history.scans()) == [1, 2]
    finally:
        history.close()


def test_a_finding_gone_because_its_subscription_could_not_be_read_is_not_resolved(
    tmp_path: Path,
) -> None:
    # The second scan was asked to read the subscription but got a 403 for it (or for the vaults
    # of one resource group): the engine gives each rule a not_assessed result at the unreadable
    # scope, and the vaults under it have no result at all. They are unknown, not fixed.
    db = tmp_path / "h.sqlite"
    other_rg = vault_id("kv-b").replace("/resourceGroups/rg/", "/resourceGroups/rg-other/")
    record_scan(
        scan(
            0,
            result("AML302", A, Status.FAIL),
            result("AML210", A, Status.FAIL),
            result("AML302", other_rg, Status.FAIL),
        ),
        db,
    )
    unreadable_rg = f"/subscriptions/{SUB}/resourceGroups/RG-OTHER"
    record_scan(
        scan(
            1,
            result("AML302", f"/subscriptions/{SUB}", Status.NOT_ASSESSED),
            result("AML302", unreadable_rg, Status.NOT_ASSESSED),
        ),
        db,
    )
    history = open_history(db)
    try:
        diff = history.diff(1, 2)
    finally:
        history.close()
    # AML210 judged the subscription (no gap result for it): its finding on A is gone, resolved.
    assert [(c.rule_id, c.resource_id, c.status) for c in diff.resolved] == [
        ("AML210", A, "absent")
    ]
    assert (diff.new, diff.still_failing) == ((), 0)


def test_a_finding_whose_resource_is_gone_from_a_later_scan_of_its_subscription_is_not_open(
    tmp_path: Path,
) -> None:
    # B's vault was deleted after the first scan: the diff calls its finding resolved, and so
    # must `history --finding` and `--rule` (it used to stay "open" with its last status, fail).
    db = tmp_path / "h.sqlite"
    far, unread = vault_id("kv-far", SUB_B), vault_id("kv-unread")
    record_scan(
        scan(
            0,
            *(result("AML302", r, Status.FAIL) for r in (A, B, unread, far)),
            scopes=(f"/subscriptions/{SUB}", f"/subscriptions/{SUB_B}"),
        ),
        db,
    )
    # Then SUB alone: B is gone; on day 2 its resource group could not be read for AML302.
    record_scan(
        scan(1, result("AML302", A, Status.FAIL), result("AML302", unread, Status.FAIL)), db
    )
    record_scan(
        scan(
            2,
            result("AML302", A, Status.FAIL),
            result("AML302", f"/subscriptions/{SUB}/resourceGroups/rg", Status.NOT_ASSESSED),
        ),
        db,
    )
    history = open_history(db, create=False)
    try:
        diff = history.diff(1, 2)
        found = {
            f.resource_id: (f.latest_status, f.latest_scan, f.open, f.open_days)
            for f in history.findings(rule_id="AML302")
        }
    finally:
        history.close()
    assert [(c.resource_id, c.status) for c in diff.resolved] == [(B, "absent")]
    assert found == {
        A: ("fail", DAY0 + timedelta(days=2), True, 2.0),
        B: ("absent", DAY0 + timedelta(days=1), False, None),
        unread: ("fail", DAY0 + timedelta(days=1), True, 1.0),  # day 2 could not tell
        far: ("fail", DAY0, True, 0.0),  # its subscription was not scanned again: still open
    }


def test_a_finding_the_earlier_scan_could_not_see_is_not_new_once_it_failed_before(
    tmp_path: Path,
) -> None:
    # A 403 on the subscription one day: the next day its findings come back. They are the same
    # old findings, not new ones (a daily job alerting on `new` would raise them all again); a
    # finding never recorded failing before is new, whatever the earlier scan could read.
    db = tmp_path / "h.sqlite"
    both = (f"/subscriptions/{SUB}", f"/subscriptions/{SUB_B}")
    far, fresh = vault_id("kv-far", SUB_B), vault_id("kv-fresh")
    brand_new_sub = vault_id("kv-new-sub", "00000000-0000-0000-0000-0000000000c3")
    record_scan(
        scan(0, result("AML302", A, Status.FAIL), result("AML302", far, Status.FAIL), scopes=both),
        db,
    )
    record_scan(
        scan(
            1,
            result("AML302", f"/subscriptions/{SUB}", Status.NOT_ASSESSED),
            result("AML302", far, Status.FAIL),
            scopes=both,
        ),
        db,
    )
    record_scan(
        scan(
            2,
            *(result("AML302", r, Status.FAIL) for r in (A, far, fresh, brand_new_sub)),
            scopes=(*both, "/subscriptions/00000000-0000-0000-0000-0000000000c3"),
        ),
        db,
    )
    # An hourly job scanning SUB alone, then the nightly one scanning both.
    record_scan(scan(3, result("AML302", A, Status.FAIL), result("AML302", fresh, Status.FAIL)), db)
    record_scan(
        scan(4, *(result("AML302", r, Status.FAIL) for r in (A, far, fresh)), scopes=both), db
    )
    history = open_history(db)
    try:
        after_gap, after_hourly = history.diff(2, 3), history.diff(4, 5)
    finally:
        history.close()
    assert [c.resource_id for c in after_gap.new] == [fresh, brand_new_sub]
    # Still failing: far and A (A's old finding, back after the gap) ...
    assert (after_gap.resolved, after_gap.still_failing) == ((), 2)
    # ... A, fresh, and far (outside what the hourly scan scanned, failing before it).
    assert (after_hourly.new, after_hourly.resolved, after_hourly.still_failing) == ((), (), 3)


def test_the_codes_stored_for_statuses_and_severities_never_change() -> None:
    # Results store a status and a severity as their index in these tuples: a database written by
    # an older aml-audit is read by a newer one. A new status or severity is appended (or gets a
    # migration), never inserted: otherwise every recorded scan would be silently misread.
    assert history.STATUSES == ("fail", "pass", "not_assessed", "suppressed")
    assert history.SEVERITIES == ("critical", "high", "medium", "low", "info")
