"""Reading a JSON file a user hands us (snapshot, baseline report, tenant file): every way it can
fail is one typed error naming the file, in the wording of the format that asked."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from auditor.core.errors import AuditorError


def read_text(
    path: Path, error: Callable[[str], AuditorError], *, not_found: str, unreadable: str
) -> str:
    """The UTF-8 text at `path`, or `error("<path>: <not_found>")` or `error("<path>:
    <unreadable> (<the OS's reason>)")`."""
    try:
        return Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise error(f"{path}: {not_found}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise error(f"{path}: {unreadable} ({exc})") from None


def parse_json(
    text: str,
    path: Path,
    error: Callable[[str], AuditorError],
    invalid: str = "not valid JSON at line {line} column {column}: {message}",
) -> Any:
    """`text` (read from `path`) parsed; `invalid` is filled with the parser's line, column and
    message. Nesting and numbers Python cannot take are one-line errors too."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        problem = invalid.format(line=exc.lineno, column=exc.colno, message=exc.msg)
        raise error(f"{path}: {problem}") from None
    except RecursionError:
        raise error(f"{path}: JSON nested too deeply to read") from None
    except ValueError as exc:  # e.g. an integer of more digits than Python converts
        raise error(f"{path}: not valid JSON: {exc}") from None


def read_json(
    path: Path,
    error: Callable[[str], AuditorError],
    *,
    not_found: str,
    unreadable: str,
    invalid: str = "not valid JSON at line {line} column {column}: {message}",
) -> Any:
    """The parsed document at `path` (`read_text`, then `parse_json`)."""
    text = read_text(path, error, not_found=not_found, unreadable=unreadable)
    return parse_json(text, path, error, invalid)
