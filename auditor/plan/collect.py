"""collect_snapshot: read a live tenant and write its inventory as a snapshot file, the plan of
`aml-audit collect` (`scan --snapshot` of the file later gives the same results)."""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime
from pathlib import Path

from auditor.core.errors import AuditorError
from auditor.inventory.inventory import Inventory
from auditor.plan.options import LiveTarget
from auditor.plan.run import ProgressDisplay, build_live_source


def collect_snapshot(
    target: LiveTarget, output: Path, progress: ProgressDisplay | None = None
) -> Inventory:
    """Collects `target` and writes `output`; returns what was collected.

    The output is checked before the (possibly long) collection, and written under a temporary
    name first, so a failed write never leaves a half-written snapshot under the real name.
    """
    from auditor.sources.snapshot import write_snapshot

    if output.is_dir():
        raise AuditorError(f"{output}: is a directory; pass a file name such as estate.json")
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise AuditorError(f"{output}: cannot write the snapshot ({exc.strerror or exc})") from None
    source = build_live_source(target)
    collected_at = datetime.now(UTC).isoformat(timespec="seconds")
    with progress([source]) if progress is not None else contextlib.nullcontext():
        inventory = source.collect()
    partial = output.with_name(output.name + ".partial")
    try:
        write_snapshot(inventory, partial, collected_at)
        partial.replace(output)
    except OSError as exc:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
        raise AuditorError(f"{output}: cannot write the snapshot ({exc.strerror or exc})") from None
    return inventory
