"""The reporter contract: `render(scan, stream, options)`, and the one list of built-in formats."""

from __future__ import annotations

import enum
import importlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, TextIO

from auditor.core.errors import AuditorError
from auditor.evaluate.results import ScanResult


class ReporterError(AuditorError):
    """A report could not be written."""


@dataclass(frozen=True, slots=True)
class ReportOptions:
    verbose: bool = False
    color: bool = False
    sarif_category: str = "aml-audit/"
    markdown_limit: int = 50  # failing lines before "... and N more"
    reports: tuple[str, ...] = ()  # the report files this scan writes, as the user named them


class Reporter(Protocol):
    def render(
        self, scan: ScanResult, stream: TextIO, options: ReportOptions
    ) -> Sequence[str] | None:
        """Writes the report to `stream`. May return notes for the user (e.g. SARIF left results
        out to fit GitHub's limits), which the CLI shows on stderr: reporters never print."""
        ...


class Format(enum.Enum):
    """Every built-in format: value = (module under auditor.reporters, file extensions)."""

    CONSOLE = ("console", ())
    JSON = ("json_report", (".json",))
    MARKDOWN = ("markdown", (".md", ".markdown"))
    HTML = ("html", (".html", ".htm"))
    SARIF = ("sarif", (".sarif", ".sarif.json"))

    @property
    def label(self) -> str:
        return self.name.lower()

    @property
    def extensions(self) -> tuple[str, ...]:
        extensions: tuple[str, ...] = self.value[1]
        return extensions

    def reporter(self) -> Reporter:
        module = importlib.import_module(f"auditor.reporters.{self.value[0]}")
        reporter: Reporter = module.REPORTER
        return reporter

    @classmethod
    def parse(cls, text: str) -> Format:
        try:
            return cls[text.strip().upper()]
        except KeyError:
            names = ", ".join(f.label for f in cls)
            raise ReporterError(f"unknown format {text!r} (choose from {names})") from None

    @classmethod
    def for_path(cls, path: Path) -> Format:
        """The format whose longest matching extension ends the name (`.sarif.json` is SARIF)."""
        name = path.name.lower()
        matches = [
            (len(e), member) for member in cls for e in member.extensions if name.endswith(e)
        ]
        if matches:
            return max(matches, key=lambda match: match[0])[1]
        known = ", ".join(e for f in cls for e in f.extensions)
        raise ReporterError(
            f"{path}: cannot tell the report format from the extension '{path.suffix.lower()}' "
            f"(use one of {known})"
        )
