"""docs/configuration.md covers every configuration key, and its examples load."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from auditor.controls.config import Config, load_config

CONFIG_DOC = Path(__file__).resolve().parents[3] / "docs" / "configuration.md"


def test_the_configuration_doc_lists_every_key() -> None:
    documented = set(
        re.findall(r"^\| `([a-z-]+)` \|", CONFIG_DOC.read_text(encoding="utf-8"), re.M)
    )
    keys = {f.name.replace("_", "-") for f in dataclasses.fields(Config) if f.name != "path"}
    assert keys <= documented, f"undocumented config keys: {sorted(keys - documented)}"


def test_the_configuration_doc_examples_load(tmp_path: Path) -> None:
    blocks = re.findall(r"```toml\n(.*?)```", CONFIG_DOC.read_text(encoding="utf-8"), re.S)
    assert blocks
    for block in blocks:
        path = tmp_path / "aml-audit.toml"
        path.write_text(block, encoding="utf-8")
        config = load_config(path)
        assert [e.label for e in config.suppress] == [
            "aml-audit.toml suppress[1]",
            "aml-audit.toml suppress[2]",
        ]
