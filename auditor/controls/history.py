"""The scan history (`--history PATH`): every scan recorded in a SQLite database, so reports can say
how long a finding has been open and whether the estate is getting better.

- One database file, the standard library's sqlite3. The schema is versioned (`schema_version`)
  and brought up to date by MIGRATIONS when a newer aml-audit opens it; a database written by a
  newer aml-audit than this one is refused with a one-line error, never read half-understood.
- Safe for two scheduled jobs writing at once: WAL journal (readers never block the writer; the
  switch to it is retried, as SQLite does not wait for it), a busy timeout, and each scan written
  in one `BEGIN IMMEDIATE` transaction, so a scan is recorded whole or not at all. A writer
  killed mid-scan leaves the scans before it intact and no trace of the partial one (SQLite rolls
  the unfinished transaction back on the next open).
- What is recorded per scan: when, which tool version, the scopes and shard, completeness, the
  failing results by severity (for the trend), and each result by fingerprint: rule, resource,
  status and severity. Never a message or evidence: the history holds no value read from Azure.
"""

from __future__ import annotations

import bisect
import dataclasses
import json
import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from auditor.core.errors import AuditorError
from auditor.evaluate.results import ScanResult, TrendPoint
from auditor.inventory import arm
from auditor.rulekit.meta import Severity, Status

FAILING = (Status.FAIL.value, Status.SUPPRESSED.value)  # a suppressed result is still open
ABSENT = "absent"  # no result in a later scan of its subscription that could read it: resolved
SEVERITIES = tuple(s.label for s in sorted(Severity, reverse=True))  # critical .. info
BUSY_TIMEOUT_MS = 60_000  # another job's scan being written: wait for it, do not fail

# Each migration brings the schema from version N-1 to N (index N-1); only ever appended.
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (
        """CREATE TABLE scans (
            id INTEGER PRIMARY KEY,
            started_at TEXT NOT NULL,
            finished_at TEXT NOT NULL,
            tool_version TEXT NOT NULL,
            complete INTEGER NOT NULL,
            scopes TEXT NOT NULL,
            shard TEXT,
            sources TEXT NOT NULL,
            failing TEXT NOT NULL
        )""",
        "CREATE INDEX scans_started ON scans (started_at)",
        # One row per fingerprint ever recorded, kept up to date by each scan: what it is, when
        # it first and last failed, and its latest state. First-seen and finding queries read
        # this table instead of a year of results; results refer to it by its small id.
        """CREATE TABLE findings (
            id INTEGER PRIMARY KEY,
            fingerprint TEXT NOT NULL UNIQUE,
            rule_id TEXT NOT NULL,
            resource_id TEXT NOT NULL,
            severity INTEGER NOT NULL,
            first_failed TEXT,
            last_failed TEXT,
            latest_at TEXT NOT NULL,
            latest_status INTEGER NOT NULL
        )""",
        "CREATE INDEX findings_rule ON findings (rule_id)",
        # Every result of every scan: a few bytes each (codes of STATUSES and SEVERITIES).
        """CREATE TABLE results (
            scan_id INTEGER NOT NULL REFERENCES scans (id),
            finding_id INTEGER NOT NULL REFERENCES findings (id),
            status INTEGER NOT NULL,
            severity INTEGER NOT NULL,
            PRIMARY KEY (scan_id, finding_id)
        ) WITHOUT ROWID""",
    ),
)
STATUSES = tuple(s.value for s in Status)  # a result's status code is its index here

_FAILING_CODES = ", ".join(
    str(STATUSES.index(v)) for v in (Status.FAIL.value, Status.SUPPRESSED.value)
)
# The findings a scan saw again, brought up to date from its results in one statement: the
# earliest and latest failing times, and the state of the latest scan (whatever order scans are
# recorded in).
_UPDATE_FINDINGS = f"""
UPDATE findings SET
    first_failed = CASE
        WHEN r.status IN ({_FAILING_CODES})
             AND (findings.first_failed IS NULL OR :at < findings.first_failed) THEN :at
        ELSE findings.first_failed END,
    last_failed = CASE
        WHEN r.status IN ({_FAILING_CODES})
             AND (findings.last_failed IS NULL OR :at > findings.last_failed) THEN :at
        ELSE findings.last_failed END,
    severity = CASE WHEN :at >= findings.latest_at THEN r.severity ELSE findings.severity END,
    latest_status = CASE
        WHEN :at >= findings.latest_at THEN r.status ELSE findings.latest_status END,
    latest_at = max(findings.latest_at, :at)
FROM (SELECT finding_id, status, severity FROM results WHERE scan_id = :scan) AS r
WHERE findings.id = r.finding_id AND findings.id <= :known
"""
SCHEMA_VERSION = len(MIGRATIONS)


@dataclass(frozen=True, slots=True)
class Recorded:
    scan_id: int
    first_seen: dict[str, datetime]  # fingerprint -> first recorded failing, for this scan's open


class HistoryError(AuditorError):
    """The history database cannot be opened, read or written."""


@dataclass(frozen=True, slots=True)
class RecordedScan:
    id: int
    started_at: datetime
    tool_version: str
    complete: bool
    scopes: tuple[str, ...]
    shard: str | None
    failing: tuple[tuple[str, int], ...]  # (severity label, count), critical first

    @property
    def total(self) -> int:
        return sum(n for _, n in self.failing)

    def trend_point(self) -> TrendPoint:
        return TrendPoint(self.started_at, self.failing, self.complete)


@dataclass(frozen=True, slots=True)
class Finding:
    """One fingerprint over time: when it was first and last seen failing, and its latest state."""

    fingerprint: str
    rule_id: str
    resource_id: str
    severity: str
    first_seen: datetime
    last_seen: datetime  # the last scan it failed (or was suppressed) in
    # Its status in the latest scan that recorded it, or ABSENT: a later scan of its subscription
    # no longer had it (the resource is gone), as of that scan.
    latest_status: str
    latest_scan: datetime

    @property
    def open(self) -> bool:
        return self.latest_status in FAILING

    @property
    def open_days(self) -> float | None:
        """How long it has been failing, up to its latest scan; None once it no longer fails."""
        if not self.open:
            return None
        return (self.latest_scan - self.first_seen).total_seconds() / 86400


@dataclass(frozen=True, slots=True)
class Change:
    fingerprint: str
    rule_id: str
    resource_id: str
    severity: str
    status: str  # in the later scan ("absent" when it has no result there)


@dataclass(frozen=True, slots=True)
class Diff:
    before: RecordedScan
    after: RecordedScan
    new: tuple[Change, ...]  # failing after, not before
    resolved: tuple[Change, ...]  # failing before; passing after, or gone from a scope scanned
    still_failing: int  # failing after, and before (in A; where A could not tell, earlier)


class History:
    """An open history database (use `open_history`)."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self.db = connection
        self.path = path

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def _errors(self, doing: str) -> Iterator[None]:
        try:
            yield
        except sqlite3.Error as exc:
            raise HistoryError(f"{self.path}: cannot {doing} the history ({exc})") from None

    # ---- writing ---------------------------------------------------------------------------

    def record(self, scan: ScanResult) -> Recorded:
        """Records `scan` in one transaction; returns its id and when each of its failing (or
        suppressed) results was first seen. Results of one fingerprint are kept once (the
        last)."""
        failing = scan.by_severity(Status.FAIL)
        suppressed = scan.by_severity(Status.SUPPRESSED)
        counts = {label: failing[label] + suppressed[label] for label in SEVERITIES}
        rows = {
            r.fingerprint: (r.rule_id, r.resource_id, r.status.value, r.severity.label)
            for r in scan.results
        }
        started = _stamp(scan.started_at)
        with self._errors("write to"):
            self.db.execute("BEGIN IMMEDIATE")
            try:
                cursor = self.db.execute(
                    "INSERT INTO scans (started_at, finished_at, tool_version, complete, scopes, "
                    "shard, sources, failing) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        started,
                        _stamp(scan.finished_at),
                        scan.tool_version,
                        int(scan.complete),
                        json.dumps(list(scan.scopes)),
                        scan.shard.label if scan.shard else None,
                        json.dumps(list(scan.sources)),
                        json.dumps(counts),
                    ),
                )
                scan_id = int(cursor.lastrowid or 0)
                ids, known, first_seen = self._finding_ids(rows, started)
                self.db.executemany(
                    "INSERT INTO results (scan_id, finding_id, status, severity) "
                    "VALUES (?, ?, ?, ?)",
                    (
                        (scan_id, ids[fp], STATUSES.index(status), SEVERITIES.index(severity))
                        for fp, (_, _, status, severity) in rows.items()
                    ),
                )
                self.db.execute(_UPDATE_FINDINGS, {"at": started, "scan": scan_id, "known": known})
                self.db.execute("COMMIT")
            except BaseException:
                self.db.execute("ROLLBACK")
                raise
        return Recorded(scan_id, first_seen)

    def _finding_ids(
        self, rows: dict[str, tuple[str, str, str, str]], started: str
    ) -> tuple[dict[str, int], int, dict[str, datetime]]:
        """The id of each fingerprint's finding (the new ones added, with this scan's state),
        the highest id known before, and when each failing one was first seen."""
        ids: dict[str, int] = {}
        first: dict[str, str | None] = {}
        for chunk in _chunks(list(rows)):
            marks = ",".join("?" * len(chunk))
            for fp, finding_id, first_failed in self.db.execute(
                "SELECT fingerprint, id, first_failed FROM findings "
                f"WHERE fingerprint IN ({marks})",
                chunk,
            ):
                ids[fp] = finding_id
                first[fp] = first_failed
        known = self.db.execute("SELECT coalesce(max(id), 0) FROM findings").fetchone()[0]
        self.db.executemany(
            "INSERT INTO findings (fingerprint, rule_id, resource_id, severity, first_failed, "
            "last_failed, latest_at, latest_status) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                (
                    fp,
                    rule,
                    rid,
                    SEVERITIES.index(severity),
                    *((started,) * 2 if status in FAILING else (None,) * 2),
                    started,
                    STATUSES.index(status),
                )
                for fp, (rule, rid, status, severity) in rows.items()
                if fp not in ids
            ),
        )
        ids.update(self.db.execute("SELECT fingerprint, id FROM findings WHERE id > ?", (known,)))
        first_seen = {
            fp: datetime.fromisoformat(min(filter(None, (first.get(fp), started))))
            for fp, (_, _, status, _) in rows.items()
            if status in FAILING
        }
        return ids, int(known), first_seen

    # ---- reading ---------------------------------------------------------------------------

    def scans(self, last: int | None = None) -> list[RecordedScan]:
        """The recorded scans, oldest first (the `last` ones when given)."""
        query = (
            "SELECT id, started_at, tool_version, complete, scopes, shard, failing FROM scans "
            "ORDER BY started_at DESC, id DESC"
        )
        with self._errors("read"):
            rows = self.db.execute(query + (f" LIMIT {int(last)}" if last else "")).fetchall()
        return [_scan(row) for row in reversed(rows)]

    def scan(self, scan_id: int) -> RecordedScan:
        with self._errors("read"):
            row = self.db.execute(
                "SELECT id, started_at, tool_version, complete, scopes, shard, failing FROM scans "
                "WHERE id = ?",
                (scan_id,),
            ).fetchone()
        if row is None:
            raise HistoryError(
                f"{self.path}: no scan {scan_id} in the history (`aml-audit history` lists them)"
            )
        return _scan(row)

    def first_seen(self, fingerprints: Iterable[str]) -> dict[str, datetime]:
        """When each fingerprint was first recorded failing (or suppressed)."""
        wanted = list(dict.fromkeys(fingerprints))
        found: dict[str, datetime] = {}
        with self._errors("read"):
            for chunk in _chunks(wanted):
                marks = ",".join("?" * len(chunk))
                for fingerprint, first in self.db.execute(
                    "SELECT fingerprint, first_failed FROM findings "
                    f"WHERE fingerprint IN ({marks}) AND first_failed IS NOT NULL",
                    chunk,
                ):
                    found[fingerprint] = datetime.fromisoformat(first)
        return found

    def findings(
        self,
        fingerprint: str | None = None,
        rule_id: str | None = None,
        resource: str | None = None,
    ) -> list[Finding]:
        """Findings (fingerprints ever failing) matching the filters: the fingerprint, a rule id,
        a resource id (or a part of one, case-insensitively)."""
        where = ["first_failed IS NOT NULL"]
        args: list[str] = []
        if fingerprint:
            where.append("fingerprint = ?")
            args.append(fingerprint.strip().lower())
        if rule_id:
            where.append("rule_id = ?")
            args.append(rule_id.strip().upper())
        if resource:
            where.append("lower(resource_id) LIKE ? ESCAPE '\\'")
            escaped = resource.strip().lower()
            for special in ("\\", "%", "_"):
                escaped = escaped.replace(special, "\\" + special)
            args.append(f"%{escaped}%")
        with self._errors("read"):
            rows = self.db.execute(
                "SELECT fingerprint, rule_id, resource_id, severity, first_failed, last_failed, "
                f"latest_status, latest_at FROM findings WHERE {' AND '.join(where)} "
                "ORDER BY rule_id, lower(resource_id)",
                args,
            ).fetchall()
            gone = self._gone(
                [
                    (rule, rid, latest)
                    for _, rule, rid, _, _, _, status, latest in rows
                    if STATUSES[status] in FAILING
                ]
            )
        found = []
        for fp, rule, rid, severity, first, last, status, latest in rows:
            latest_status = STATUSES[status]
            if (rule, rid, latest) in gone:
                latest_status, latest = ABSENT, gone[rule, rid, latest]
            found.append(
                Finding(
                    fp,
                    rule,
                    rid,
                    SEVERITIES[severity],
                    datetime.fromisoformat(first),
                    datetime.fromisoformat(last),
                    latest_status,
                    datetime.fromisoformat(latest),
                )
            )
        return found

    def _gone(self, open_: list[tuple[str, str, str]]) -> dict[tuple[str, str, str], str]:
        """Of the open findings (rule, resource id, latest recorded), those a later scan of their
        subscription no longer had although it could read them for their rule (the diff's
        "absent": resolved), with the start of the first such scan."""
        if not open_:
            return {}
        later = self.db.execute(
            "SELECT id, started_at, scopes FROM scans WHERE started_at > ? ORDER BY started_at, id",
            (min(latest for _, _, latest in open_),),
        ).fetchall()
        scopes = {i: {arm.normalize_id(s) for s in json.loads(text)} for i, _, text in later}
        starts = [started for _, started, _ in later]
        unread: dict[int, set[tuple[str, str]]] = {}
        gone = {}
        for rule, rid, latest in open_:
            # `_could_read`, a scan's not-assessed scopes read only once its scopes hold the
            # finding; from the first scan after the finding's latest (most have none).
            for scan_id, started, _ in later[bisect.bisect_right(starts, latest) :]:
                if not _in_scopes(rid, scopes[scan_id]):
                    continue
                if scan_id not in unread:
                    unread[scan_id] = _unassessed_scopes(
                        _results(self.db, scan_id, unassessed=True)
                    )
                if not _under_unassessed(rule, rid, unread[scan_id]):
                    gone[rule, rid, latest] = started
                    break
        return gone

    def diff(self, before_id: int, after_id: int) -> Diff:
        before, after = self.scan(before_id), self.scan(after_id)
        with self._errors("read"):
            old = _results(self.db, before_id)
            now = _results(self.db, after_id)
        scoped = {arm.normalize_id(s) for s in after.scopes}
        unread = _unassessed_scopes(now)
        new, resolved = [], []
        still = 0
        unseen: list[Change] = []  # failing after; the earlier scan could not tell
        earlier_scoped = {arm.normalize_id(s) for s in before.scopes}
        earlier_unread = _unassessed_scopes(old)
        for fp, (rule, rid, status, severity) in now.items():
            if status not in FAILING:
                continue
            earlier = old.get(fp)
            if earlier is not None and earlier[2] in FAILING:
                still += 1
            elif (earlier is not None and earlier[2] == Status.PASS.value) or (
                earlier is None and _could_read(rule, rid, earlier_scoped, earlier_unread)
            ):
                new.append(Change(fp, rule, rid, severity, status))
            else:
                unseen.append(Change(fp, rule, rid, severity, status))
        # Not assessed in the earlier scan, or outside what it scanned: new only if it never
        # failed before the later scan (a finding back after a 403 is an old one).
        first = self.first_seen(c.fingerprint for c in unseen)
        for change in unseen:
            if change.fingerprint in first and first[change.fingerprint] < after.started_at:
                still += 1  # an old finding that A could not see: still failing, not new
            else:
                new.append(change)
        for fp, (rule, rid, status, severity) in old.items():
            if status not in FAILING:
                continue
            later = now.get(fp)
            if later is not None and later[2] == Status.PASS.value:
                resolved.append(Change(fp, rule, rid, severity, later[2]))
            elif later is None and _could_read(rule, rid, scoped, unread):
                resolved.append(Change(fp, rule, rid, severity, ABSENT))

        def order(c: Change) -> tuple[int, str, str]:
            return (SEVERITIES.index(c.severity), c.rule_id, c.resource_id.lower())

        return Diff(
            before, after, tuple(sorted(new, key=order)), tuple(sorted(resolved, key=order)), still
        )


def _stamp(moment: datetime) -> str:
    """A time as stored: ISO 8601 in UTC, so that text order is time order."""
    return moment.astimezone(UTC).isoformat()


def _in_scopes(resource_id: str, scopes: set[str]) -> bool:
    subscription = arm.subscription_of(resource_id)
    return subscription is not None and f"/subscriptions/{subscription.lower()}" in scopes


def _unassessed_scopes(results: dict[str, tuple[str, str, str, str]]) -> set[tuple[str, str]]:
    """(rule id, normalized id) of each not_assessed result: a scope the rule could not read
    (a subscription or resource group answering 403 gives one to every rule it covers)."""
    return {
        (rule, arm.normalize_id(rid))
        for rule, rid, status, _ in results.values()
        if status == Status.NOT_ASSESSED.value
    }


def _could_read(
    rule_id: str, resource_id: str, scopes: set[str], unread: set[tuple[str, str]]
) -> bool:
    """Whether a scan of `scopes`, `unread` its not-assessed scopes, could judge the rule on the
    resource: a finding such a scan does not have is gone, not unknown."""
    return _in_scopes(resource_id, scopes) and not _under_unassessed(rule_id, resource_id, unread)


def _under_unassessed(rule_id: str, resource_id: str, unread: set[tuple[str, str]]) -> bool:
    """Whether the rule was not assessed at `resource_id` or a scope above it: a finding absent
    there is unknown, not resolved."""
    if not unread:
        return False
    parts = arm.normalize_id(resource_id).split("/")
    return any((rule_id, "/".join(parts[:end])) in unread for end in range(2, len(parts) + 1))


def _results(
    db: sqlite3.Connection, scan_id: int, unassessed: bool = False
) -> dict[str, tuple[str, str, str, str]]:
    """The results of a scan by fingerprint (only its not_assessed ones if `unassessed`)."""
    only = f" AND r.status = {STATUSES.index(Status.NOT_ASSESSED.value)}" if unassessed else ""
    return {
        fp: (rule, rid, STATUSES[status], SEVERITIES[severity])
        for fp, rule, rid, status, severity in db.execute(
            "SELECT f.fingerprint, f.rule_id, f.resource_id, r.status, r.severity FROM results r "
            "JOIN findings f ON f.id = r.finding_id WHERE r.scan_id = ?" + only,
            (scan_id,),
        )
    }


def _chunks(items: list[str], size: int = 500) -> Iterator[list[str]]:
    """`items` in lists short enough for one `IN (...)` (SQLite caps a statement's variables)."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _scan(row: Sequence[object]) -> RecordedScan:
    scan_id, started, version, complete, scopes, shard, failing = row
    counts = json.loads(str(failing))
    return RecordedScan(
        id=int(str(scan_id)),
        started_at=datetime.fromisoformat(str(started)),
        tool_version=str(version),
        complete=bool(complete),
        scopes=tuple(json.loads(str(scopes))),
        shard=str(shard) if shard is not None else None,
        failing=tuple((label, int(counts.get(label, 0))) for label in SEVERITIES),
    )


def open_history(path: Path, *, create: bool = True) -> History:
    """The history at `path`, its schema brought up to date (created when absent and `create`)."""
    if not create and not path.is_file():
        raise HistoryError(
            f"{path}: no history database there (record scans with `aml-audit scan --history "
            f"{path}`)"
        )
    if not create and path.stat().st_size == 0:  # SQLite would make it one: a user's file
        raise HistoryError(
            f"{path}: is empty, not a history database (record scans with `aml-audit scan "
            f"--history {path}`)"
        )
    if path.exists() and not path.is_file():
        raise HistoryError(f"{path}: is not a file; pass the path of a history database")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    except (OSError, sqlite3.Error) as exc:
        raise HistoryError(f"{path}: cannot open the history database ({exc})") from None
    history = History(db, path)
    try:
        with history._errors("open"):
            db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            _use_wal(db)
            # FULL: a committed scan survives a crash of the process and of the machine (NORMAL in
            # WAL mode may roll the last commits back on power loss); one fsync a scan is cheap.
            db.execute("PRAGMA synchronous = FULL")
            _migrate(db, path)
    except BaseException:
        db.close()
        raise
    return history


def _use_wal(db: sqlite3.Connection) -> None:
    """Puts the database in WAL mode (persistent: once set, later opens only read it).

    The switch reads the file, then takes its write lock. While another job holds that lock (two
    jobs opening a new database in the same moment), SQLite answers "database is locked" at once
    rather than calling the busy handler, because a reader waiting to write could deadlock. So the
    switch is retried here, for as long as the busy timeout would have waited."""
    if db.execute("PRAGMA journal_mode").fetchone()[0] == "wal":
        return
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    pause = 0.005
    while True:
        try:
            db.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if exc.sqlite_errorcode & 0xFF != sqlite3.SQLITE_BUSY or time.monotonic() > deadline:
                raise
        time.sleep(pause)
        pause = min(pause * 2, 0.1)


def _version(db: sqlite3.Connection) -> int:
    exists = db.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"
    ).fetchone()
    if not exists:
        return 0
    row = db.execute("SELECT max(version) FROM schema_version").fetchone()
    return int(row[0] or 0)


def _migrate(db: sqlite3.Connection, path: Path) -> None:
    if _version(db) == SCHEMA_VERSION:  # the usual case: no write lock taken
        return
    db.execute("BEGIN IMMEDIATE")  # two jobs creating one database: one migrates, one waits
    try:
        current = _version(db)
        if current > SCHEMA_VERSION:
            raise HistoryError(
                f"{path}: history database schema version {current} was written by a newer "
                f"aml-audit (this one reads up to {SCHEMA_VERSION}): upgrade aml-audit"
            )
        if current == 0:
            tables = db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
            if tables:
                raise HistoryError(
                    f"{path}: is an SQLite database but not an aml-audit history; pass another path"
                )
            db.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
        for version in range(current + 1, SCHEMA_VERSION + 1):
            for statement in MIGRATIONS[version - 1]:
                db.execute(statement)
            db.execute("INSERT INTO schema_version (version) VALUES (?)", (version,))
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise


TREND_SCANS = 30  # how many recorded scans a report's trend chart shows


def record_scan(scan: ScanResult, path: Path) -> ScanResult:
    """Records `scan` in the history at `path` and returns it as reports show it with a history:
    each failing (or suppressed) result with when it was first seen, and the trend of the last
    TREND_SCANS scans (this one included)."""
    history = open_history(path)
    try:
        first = history.record(scan).first_seen
        trend = tuple(s.trend_point() for s in history.scans(last=TREND_SCANS))
    finally:
        history.close()
    results = tuple(
        dataclasses.replace(r, first_seen=first.get(r.fingerprint))
        if r.status.value in FAILING
        else r
        for r in scan.results
    )
    return dataclasses.replace(scan, results=results, trend=trend)
