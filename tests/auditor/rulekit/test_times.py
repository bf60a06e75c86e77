"""Times are read strictly, and an expiry is judged one way everywhere."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from auditor.inventory.arm import MISSING
from auditor.rulekit.times import (
    ExpiryState,
    judge_expiry,
    parse_datetime,
    parse_duration,
    parse_epoch,
)

NOW = datetime(2026, 11, 26, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "parsed"),
    [
        ("2027-01-01T00:00:00Z", datetime(2027, 1, 1, tzinfo=UTC)),
        ("2027-01-01", datetime(2027, 1, 1, tzinfo=UTC)),
        ("2021-04-01T22:00:00.0000000+00:00", datetime(2021, 4, 1, 22, tzinfo=UTC)),
        ("2027-01-01T00:00:00+05:30", datetime(2026, 12, 31, 18, 30, tzinfo=UTC)),
        ("Unknown", None),
        ("", None),
        ("2027-02-30", None),
        (0, None),
        ([], None),
        ({}, None),
        (True, None),
        (None, None),
    ],
)
def test_parse_datetime(value: Any, parsed: datetime | None) -> None:
    assert parse_datetime(value) == parsed


@pytest.mark.parametrize(
    ("value", "parsed"),
    [
        (0, datetime(1970, 1, 1, tzinfo=UTC)),
        ("1798243200", datetime(2026, 12, 26, tzinfo=UTC)),
        (True, None),
        ("Unknown", None),
        (1e20, None),
        (float("nan"), None),
        ([], None),
    ],
)
def test_parse_epoch(value: Any, parsed: datetime | None) -> None:
    assert parse_epoch(value) == parsed


@pytest.mark.parametrize(
    ("value", "state"),
    [
        (MISSING, ExpiryState.NEVER),
        (None, ExpiryState.NEVER),
        ("Unknown", ExpiryState.UNREADABLE),
        ("2025-01-01T00:00:00Z", ExpiryState.EXPIRED),
        ("2026-11-26T00:00:00Z", ExpiryState.EXPIRED),
        ("2027-06-01T00:00:00Z", ExpiryState.EXPIRES),
        ("9999-12-31T23:59:59Z", ExpiryState.PLACEHOLDER),
    ],
)
def test_judge_expiry(value: Any, state: ExpiryState) -> None:
    assert judge_expiry(value, parse_datetime(value), NOW).state is state


@pytest.mark.parametrize(
    ("value", "parsed"),
    [
        ("PT60M", timedelta(minutes=60)),
        ("P1DT2H", timedelta(days=1, hours=2)),
        ("pt15m", timedelta(minutes=15)),
        ("PT", None),
        ("P", None),
        ("Unknown", None),
        ("60", None),
        (60, None),
    ],
)
def test_parse_duration(value: Any, parsed: timedelta | None) -> None:
    assert parse_duration(value) == parsed
