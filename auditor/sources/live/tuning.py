"""Measured defaults of live collection, in one light module (the CLI reads them to build its
options without importing the Azure SDK)."""

from __future__ import annotations

# Requests in flight at once. Chosen by measurement (bench/live_scan.py, docs/live-collection.md):
# the lowest wall time on the benchmark tenant at 50 ms latency. Fewer workers wait on latency;
# more only contend for the interpreter lock (the scanner is CPU-bound beyond ~32).
DEFAULT_CONCURRENCY = 32
MAX_CONCURRENCY = 256

# ARM's documented read limits per subscription and principal (a token bucket).
ARM_READ_BURST = 250
ARM_READ_REFILL_PER_SECOND = 25.0

# How a scan finds resources (`--discovery`): `arm` lists every collection through ARM; `graph`
# and `auto` first ask Resource Graph which collections hold anything and skip the empty ones,
# listing through ARM wherever the graph does not answer completely (`graph` warns when it falls
# back, `auto` only logs it).
DISCOVERY_MODES = ("auto", "graph", "arm")
DEFAULT_DISCOVERY = "auto"
