"""Ending the `aml-audit` process without freeing an estate's data one object at a time.

A scan's results and report view are millions of objects. Freeing them when the command returns
takes a quarter of a second at 50,000 resources, and the process is about to end anyway. So the
console entry point (`auditor.cli.console_main`) arms this module; a command then hands what it
built to `keep_until_exit`, and the process ends with `end_process` once every report is written:
when something was kept, standard streams and logging flushed, then `os._exit`, which leaves the
memory to the operating system (as mypy's command line does); otherwise `SystemExit` as usual.
Called in-process (`auditor.cli.main` from a test), nothing is armed, nothing is kept, and
everything is freed as usual.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
from typing import NoReturn

_kept: list[object] = []
_armed = False


def arm() -> None:
    """This process ends by `end_process`: what commands keep is freed by its end."""
    global _armed
    _armed = True


def keep_until_exit(value: object) -> None:
    """Keep `value` alive until the process ends, when it ends by `end_process`."""
    if _armed:
        _kept.append(value)


def end_process(code: int) -> NoReturn:
    """End the process with `code`. When a command kept something: flush what is buffered and
    end without tearing the interpreter down (only once the reports are written and closed:
    nothing else is flushed). Otherwise the usual way, `SystemExit`."""
    if not _kept:
        raise SystemExit(code)
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        # A reader that went away (`| head`) was already answered by the command's own flush.
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(code)
