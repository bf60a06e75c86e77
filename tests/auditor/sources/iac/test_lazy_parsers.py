"""Linting one file starts fast: the readers' parsers are imported only for the formats present,
and lint never loads the Azure SDK or the live collector."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import cli_env

HEAVY = ("azure", "requests", "jsonschema", "jinja2", "cryptography")
PARSERS = ("json_source_map", "hcl2", "pycep", "lark", "ruamel", "yaml", "pathspec")


def _loaded(code: str, cwd: Path) -> list[str]:
    names = HEAVY + PARSERS
    script = (
        f"{code}\nimport sys, json\nheads = {{m.split('.')[0] for m in sys.modules}}\n"
        f"print(json.dumps(sorted(heads & set({names!r}))))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=cwd, env=cli_env(), capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    loaded: list[str] = json.loads(done.stdout.splitlines()[-1])
    return loaded


def test_loading_the_readers_imports_no_parser(tmp_path: Path) -> None:
    code = "from auditor.sources.iac.readers import load_readers\nload_readers()"
    assert _loaded(code, tmp_path) == []


def test_linting_one_arm_file_imports_its_parser_only(tmp_path: Path) -> None:
    template = {
        "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
        "resources": [
            {
                "type": "Microsoft.KeyVault/vaults",
                "apiVersion": "2023-07-01",
                "name": "kv",
                "properties": {"enablePurgeProtection": True},
            }
        ],
    }
    (tmp_path / "main.json").write_text(json.dumps(template))
    code = (
        "import contextlib, io\nfrom auditor.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n    main(['lint', 'main.json'])"
    )
    assert _loaded(code, tmp_path) == ["json_source_map"]


def test_only_the_readers_of_the_formats_present_are_imported(tmp_path: Path) -> None:
    code = (
        "import sys\nfrom pathlib import Path\n"
        "from auditor.sources.iac.readers import load_readers\n"
        "readers = load_readers([Path('main.bicep'), Path('notes.txt')])\n"
        "assert [type(r).__name__ for r in readers] == ['BicepReader'], readers\n"
        "assert not {'auditor.sources.iac.arm_json', 'auditor.sources.iac.terraform'} "
        "& set(sys.modules)"
    )
    assert _loaded(code, tmp_path) == []
