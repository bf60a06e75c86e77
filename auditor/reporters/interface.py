"""The reporter contract: `render(scan, stream, options)`, and the one list of built-in formats."""

from __future__ import annotations

import enum
import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, TextIO

from auditor.errors import AuditorError
from auditor.model import ScanResult


class ReporterError(AuditorError):
    """A report could not be written."""


@dataclass(frozen=True, slots=True)
class ReportOptions:
    verbose: bool = False
    color: bool = False
    sarif_category: str = "aml-audit/"
    markdown_limit: int = 50  # failing lines before "... and N more"


class Reporter(Protocol):
    def render(self, scan: ScanResult, stream: TextIO, options: ReportOptions) -> None: ...


class Format(enum.Enum):
    """Every built-in format: value = (module under auditor.reporters, file extensions)."""

    CONSOLE = ("console", ())
    JSON = ("json_report", (".json",))
    MARKDOWN = ("markdown", (".md", ".markdown"))
    HTML = ("html", (".html", ".htm"))

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
        suffix = path.suffix.lower()
        for member in cls:
            if suffix in member.extensions:
                return member
        known = ", ".join(e for f in cls for e in f.extensions)
        raise ReporterError(
            f"{path}: cannot tell the report format from the extension '{suffix}' "
            f"(use one of {known})"
        )
