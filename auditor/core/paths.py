"""Where the built-in rules and report templates are, from a source tree or an installed wheel.

The wheel carries them as `auditor/_builtin/{rules,templates}` (see pyproject.toml); a source
checkout has them at the top of the tree, beside `auditor/`.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent  # auditor/, from auditor/core/paths.py


def _first_existing(*candidates: Path) -> Path:
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    return candidates[0]


def builtin_rules_dir() -> Path:
    return _first_existing(_PACKAGE / "_builtin" / "rules", _PACKAGE.parent / "rules")


def templates_dir() -> Path:
    return _first_existing(
        _PACKAGE / "_builtin" / "templates", _PACKAGE.parent / "reports" / "templates"
    )
