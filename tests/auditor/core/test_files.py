"""core.files: every way a user's JSON file can fail is one line naming the file."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.controls.baseline import BaselineError, load_baseline
from auditor.simulator.errors import TenantError
from auditor.simulator.tenant_file import load_tenant


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("[" * 100_000, "JSON nested too deeply to read"),
        ('{"n": ' + "9" * 5000 + "}", "not valid JSON: Exceeds the limit (4300 digits)"),
    ],
    ids=["deep", "huge-number"],
)
def test_a_baseline_or_tenant_python_cannot_parse_is_a_one_line_error(
    tmp_path: Path, content: str, problem: str
) -> None:
    path = tmp_path / "file.json"
    path.write_text(content, encoding="utf-8")
    for load, error in ((load_baseline, BaselineError), (load_tenant, TenantError)):
        with pytest.raises(error) as raised:
            load(path)
        assert str(raised.value).startswith(f"{path}: {problem}")
