"""The simulator is the optional corner: only `demo` and `simulate` load it, and with it
cryptography, when they run; the CLI and every command module start without them."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import cli_env

PROBE = """
import importlib, pkgutil, sys
import auditor.cli, auditor.commands
for module in pkgutil.iter_modules(auditor.commands.__path__, "auditor.commands."):
    importlib.import_module(module.name)
print(sorted(m for m in sys.modules if m.startswith(("auditor.simulator", "cryptography"))))
"""


def test_the_cli_and_its_commands_import_neither_the_simulator_nor_cryptography() -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE], env=cli_env(), capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
