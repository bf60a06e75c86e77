"""Measured defaults of live collection, in one light module (the CLI reads them to build its
options without importing the Azure SDK)."""

from __future__ import annotations

# Requests in flight at once. Chosen by measurement (bench/live_scan.py; docs/live-collection.md):
# enough to keep ten throttled subscriptions at ARM's refill rate with 50 ms latency, while the
# CPU, not waiting, stays the limit on a 2-core machine.
DEFAULT_CONCURRENCY = 32
MAX_CONCURRENCY = 256

# ARM's documented read limits per subscription and principal (a token bucket).
ARM_READ_BURST = 250
ARM_READ_REFILL_PER_SECOND = 25.0
