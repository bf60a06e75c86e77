"""Whatever a file holds, the Bicep and CLI YAML readers answer with resources and problems,
never an exception: every prefix of every case and real file (a file cut off mid-edit) is read."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.sources.iac.bicep.reader import BicepReader
from auditor.sources.iac.ml_yaml import MlYamlReader
from auditor.sources.iac.model import ReadOptions
from tests.conftest import TEST_DATA

IAC = TEST_DATA / "iac"
BICEP = sorted(IAC.glob("bicep/*.bicep")) + sorted(IAC.glob("real/bicep/*/*.bicep"))
YAML = sorted(IAC.glob("yaml/*.yml")) + sorted(IAC.glob("real/yaml/*.yml"))


def prefixes(source: bytes, count: int = 40) -> list[bytes]:
    step = max(1, len(source) // count)
    return [source[:end] for end in range(0, len(source), step)]


@pytest.mark.parametrize("path", BICEP, ids=lambda p: p.name)
def test_bicep_cut_anywhere_is_read(path: Path, tmp_path: Path) -> None:
    for number, prefix in enumerate(prefixes(path.read_bytes())):
        cut = tmp_path / f"cut{number}.bicep"
        cut.write_bytes(prefix)
        result = BicepReader().read([cut], tmp_path, ReadOptions())
        assert all(p.path == cut.name for p in result.problems)


@pytest.mark.parametrize("path", YAML, ids=lambda p: p.name)
def test_yaml_cut_anywhere_is_read(path: Path, tmp_path: Path) -> None:
    for number, prefix in enumerate(prefixes(path.read_bytes())):
        cut = tmp_path / f"cut{number}.yml"
        cut.write_bytes(prefix)
        result = MlYamlReader().read([cut], tmp_path, ReadOptions())
        assert len(result.resources) + len(result.skipped) + len(result.problems) >= 1
