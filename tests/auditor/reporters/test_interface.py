"""The one list of built-in formats: every member renders, and extensions pick formats."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from auditor.reporters.interface import Format, ReporterError, ReportOptions
from tests.auditor.estate import estate_scan


@pytest.mark.parametrize("fmt", list(Format), ids=lambda f: f.label)
def test_every_format_renders_the_estate(fmt: Format) -> None:
    stream = io.StringIO()
    fmt.reporter().render(estate_scan(), stream, ReportOptions())
    assert "kv-fraud" in stream.getvalue()


def test_formats_by_name_and_extension() -> None:
    assert Format.parse(" JSON ") is Format.JSON
    assert Format.for_path(Path("out/Results.JSON")) is Format.JSON
    with pytest.raises(ReporterError, match=r"^unknown format 'xml' \(choose from console, json"):
        Format.parse("xml")
    with pytest.raises(ReporterError) as info:
        Format.for_path(Path("report.xml"))
    assert str(info.value).startswith(
        "report.xml: cannot tell the report format from the extension '.xml' (use one of .json"
    )
