"""Times as ARM and Key Vault write them, read strictly, and the one judgement of an expiry.

A value that is not a time ("Unknown", 0 where a date-time is due, [], {}, true) is never read as
one: it is `None`, and the rule that asked says it cannot judge it. An expiry is judged the same
way everywhere (connection expiryTime, Key Vault `attributes.exp`): absent means never, a past
time has expired, and a time more than `NEVER_AFTER` after the scan is a stand-in for "never"
(9999-12-31 is the usual one), not a lifetime.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from auditor.inventory.arm import MISSING

NEVER_AFTER = timedelta(days=100 * 365)
"""An expiry further off than this (about a century) is a placeholder for "never expires"."""

# ISO 8601 / RFC 3339 as ARM writes it: a date, optionally a time with up to 7 fractional digits
# (.NET's ticks) and a zone (Z or an offset); a time without a zone is UTC, as ARM means it.
_ISO = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})"
    r"(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?)?"
    r"(Z|[+-]\d{2}:?\d{2})?$",
    re.IGNORECASE,
)


def parse_datetime(value: Any) -> datetime | None:
    """An ISO 8601 date-time string as an aware UTC datetime; None for anything else."""
    if not isinstance(value, str):
        return None
    match = _ISO.match(value.strip())
    if match is None:
        return None
    year, month, day, hour, minute, second, fraction, zone = match.groups()
    try:
        parsed = datetime(
            int(year),
            int(month),
            int(day),
            int(hour or 0),
            int(minute or 0),
            int(second or 0),
            int((fraction or "0")[:6].ljust(6, "0")),
            tzinfo=UTC,
        )
        if zone and zone.upper() != "Z":
            sign = 1 if zone[0] == "+" else -1
            digits = zone[1:].replace(":", "")
            offset = timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
            parsed = (parsed.replace(tzinfo=None) - sign * offset).replace(tzinfo=UTC)
    except (ValueError, OverflowError):
        return None
    return parsed


def parse_epoch(value: Any) -> datetime | None:
    """Epoch seconds (a number, or a numeric string as exports write it) as an aware UTC
    datetime; None for anything else, including booleans and times no calendar holds."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        try:
            value = float(value.strip())
        except ValueError:
            return None
    if not isinstance(value, int | float):
        return None
    try:
        return datetime.fromtimestamp(value, UTC)
    except (OverflowError, OSError, ValueError):
        return None


# An ISO 8601 duration as ARM writes one (idleTimeBeforeShutdown "PT30M"): days and a time part.
_DURATION = re.compile(
    r"^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$", re.IGNORECASE
)


def parse_duration(value: Any) -> timedelta | None:
    """An ISO 8601 duration of days, hours, minutes and seconds ("PT60M", "P1DT2H") as a
    timedelta; None for anything else ("Unknown", "60", "P", "PT", a number)."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    match = _DURATION.match(text)
    if match is None or text.upper() in ("P", "PT") or text.upper().endswith("T"):
        return None
    days, hours, minutes, seconds = match.groups()
    return timedelta(
        days=int(days or 0),
        hours=int(hours or 0),
        minutes=int(minutes or 0),
        seconds=float(seconds or 0),
    )


class ExpiryState(enum.Enum):
    NEVER = "never"  # absent or null: no expiry recorded
    UNREADABLE = "unreadable"  # a value that is not a time
    EXPIRED = "expired"  # at or before the scan
    PLACEHOLDER = "placeholder"  # further than NEVER_AFTER: a stand-in for never
    EXPIRES = "expires"  # a real lifetime


@dataclass(frozen=True, slots=True)
class Expiry:
    state: ExpiryState
    when: datetime | None = None

    @property
    def shown(self) -> str:
        """The time as reports show it (ISO 8601, UTC)."""
        return self.when.isoformat() if self.when is not None else ""


def judge_expiry(value: Any, when: datetime | None, now: datetime) -> Expiry:
    """What an expiry value means at the scan's time `now`. `when` is the value as parsed (by
    `parse_datetime` or `parse_epoch`); `value` is the raw value, to tell absent from junk."""
    if value is MISSING or value is None:
        return Expiry(ExpiryState.NEVER)
    if when is None:
        return Expiry(ExpiryState.UNREADABLE)
    if when <= now:
        return Expiry(ExpiryState.EXPIRED, when)
    if when - now > NEVER_AFTER:
        return Expiry(ExpiryState.PLACEHOLDER, when)
    return Expiry(ExpiryState.EXPIRES, when)


def whole_days(delta: timedelta) -> int:
    """A duration as messages say it: the nearest whole number of days (an event 12 days less a
    few seconds ago is "12 days ago"). Judgements compare the duration itself, never this."""
    return round(delta.total_seconds() / 86400)
