"""The contract every source meets, and the errors sources raise."""

from __future__ import annotations

from typing import Protocol

from auditor.core.errors import AuditorError
from auditor.inventory.inventory import Inventory

# The gap code of a source that read nothing at all: an empty snapshot file, a credential that can
# read no subscription. Such a scan is incomplete (exit 3), never an all-clear: a broken export or
# a missing role must not turn a CI gate green.
NOTHING_READ = "NothingRead"
# Where that gap lies: everything a source could have read.
EVERYTHING = "/subscriptions"


class SourceError(AuditorError):
    """The input could not be read at all (a malformed file, a rejected credential)."""


class Source(Protocol):
    @property
    def name(self) -> str:
        """How reports name this source, e.g. `snapshot:estate.json` or `arm:https://...`."""
        ...

    def collect(self) -> Inventory: ...


class AuthenticationError(SourceError):
    """The credential was rejected (HTTP 401) or could not produce a token: the scan stops."""
