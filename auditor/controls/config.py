"""Configuration from `[tool.aml-audit]` in pyproject.toml or the top level of aml-audit.toml.

Keys are the `Config` fields with `-` for `_`; an unknown key is an error naming it (a typo in a
security tool's config must not silently weaken the scan). Command-line options override the file.
"""

from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from auditor.controls.suppressions import SuppressionEntry, parse_suppressions
from auditor.core.errors import ConfigError
from auditor.rulekit.meta import Severity

FAIL_ON_CHOICES = ("critical", "high", "medium", "low", "info", "never")


@dataclass(frozen=True, slots=True)
class Config:
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    fail_on: str = "low"
    rules_dir: tuple[str, ...] = ()
    suppress: tuple[SuppressionEntry, ...] = ()
    baseline: str | None = None  # a previous JSON report; relative to the config file's folder
    fail_on_new_only: bool = False
    sarif_category: str = "aml-audit/"  # SARIF automationDetails.id: GitHub's analysis category
    path: Path | None = field(default=None, compare=False)  # where it was read from

    @property
    def threshold(self) -> Severity | None:
        """The lowest failing severity that fails the run; None for `never`."""
        return None if self.fail_on == "never" else Severity.parse(self.fail_on)


def _as_id_list(value: Any, key: str, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(
            f"{where}: '{key}' must be a list of rule ids (or a comma-separated string)"
        )
    return tuple(v.strip().upper() for v in value if v.strip())


def sarif_category(value: Any, where: str) -> str:
    """A GitHub code scanning category: one word, no spaces (`aml-audit/prod/`)."""
    if not isinstance(value, str) or not value.strip() or any(c.isspace() for c in value.strip()):
        raise ConfigError(
            f"{where}: the SARIF category must be a non-empty string without spaces, "
            f"such as 'aml-audit/prod/' (got {value!r})"
        )
    return value.strip()


def _parse(table: dict[str, Any], where: str, file_label: str = "") -> Config:
    fields = [f.name for f in dataclasses.fields(Config) if f.name != "path"]
    known = {name.replace("_", "-"): name for name in fields}
    values: dict[str, Any] = {}
    for key, value in table.items():
        if key not in known:
            raise ConfigError(
                f"{where}: unknown key '{key}' (known keys: {', '.join(sorted(known))})"
            )
        name = known[key]
        if name in ("select", "ignore"):
            values[name] = _as_id_list(value, key, where)
        elif name == "fail_on":
            if not isinstance(value, str) or value.lower() not in FAIL_ON_CHOICES:
                raise ConfigError(f"{where}: 'fail-on' must be one of {', '.join(FAIL_ON_CHOICES)}")
            values[name] = value.lower()
        elif name == "rules_dir":
            items = [value] if isinstance(value, str) else value
            if not isinstance(items, list) or not all(isinstance(v, str) for v in items):
                raise ConfigError(f"{where}: 'rules-dir' must be a path or a list of paths")
            values[name] = tuple(items)
        elif name == "suppress":
            values[name] = parse_suppressions(value, where, file_label)
        elif name == "baseline":
            if not isinstance(value, str) or not value.strip():
                raise ConfigError(f"{where}: 'baseline' must be the path of a JSON report")
            values[name] = value.strip()
        elif name == "fail_on_new_only":
            if not isinstance(value, bool):
                raise ConfigError(f"{where}: 'fail-on-new-only' must be true or false")
            values[name] = value
        elif name == "sarif_category":
            values[name] = sarif_category(value, f"{where}: 'sarif-category'")
        else:
            values[name] = value
    return Config(**values)


def load_config(explicit: Path | None = None, cwd: Path | None = None) -> Config:
    """Reads `explicit`, else ./aml-audit.toml, else ./pyproject.toml's [tool.aml-audit]."""
    base = cwd or Path.cwd()
    if explicit is not None:
        candidates = [explicit]
    else:
        candidates = [p for p in (base / "aml-audit.toml", base / "pyproject.toml") if p.is_file()]
    for path in candidates:
        try:
            document = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ConfigError(f"{path}: configuration file not found") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path}: cannot read the configuration file ({exc})") from None
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{path}: not valid TOML: {exc}") from None
        if path.name == "pyproject.toml":
            table = document.get("tool", {}).get("aml-audit")
            if table is None:
                if explicit is not None:
                    raise ConfigError(f"{path}: has no [tool.aml-audit] table")
                continue
            where, label = f"{path} [tool.aml-audit]", f"{path.name} tool.aml-audit."
        else:
            table, where, label = document, str(path), f"{path.name} "
        if not isinstance(table, dict):
            raise ConfigError(f"{where}: must be a table")
        config = _parse(table, where, label)
        return dataclasses.replace(config, path=path)
    return Config()
