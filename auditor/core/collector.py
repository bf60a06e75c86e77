"""Building an estate's data in bulk without the cyclic garbage collector looking on.

Reading a snapshot, evaluating the rules and building the report view each make millions of
objects that live on (resources, results, the view) and hold no reference cycles: a pass of the
collector over them finds nothing to free, and at estate size those passes cost several per cent
of the scan. So the collector is paused while they are made, and what the block made is then
moved out of its sight (`gc.freeze`) rather than looked over in one long pass when it is back.
Reference counting frees those objects as usual when they are no longer used.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic collector off while the block runs, and back as it was after (a caller that
    turned it off keeps it off). Garbage already there is collected first; then what the block
    made, and everything else alive, is frozen (see the module's docstring)."""
    enabled = gc.isenabled()
    if enabled:  # what is garbage already is collected, not frozen with the rest
        gc.collect()  # quick: what earlier blocks built is frozen already
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()
