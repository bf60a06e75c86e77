"""Configuration from `[tool.aml-audit]` in pyproject.toml or the top level of aml-audit.toml.

Keys are the `Config` fields with `-` for `_`, described by auditor/schemas/config.schema.json,
which every file is checked against; an unknown key is an error naming it (a typo in a security
tool's config must not silently weaken the scan). Command-line options override the file.
"""

from __future__ import annotations

import dataclasses
import tomllib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, time
from pathlib import Path
from types import MappingProxyType
from typing import Any

from auditor.controls.suppressions import SuppressionEntry, parse_suppressions
from auditor.core.errors import ConfigError
from auditor.core.schemas import validate
from auditor.rulekit.meta import RuleMeta, Severity

# The severities, most severe first, and "never" (no failing result fails the run).
FAIL_ON_CHOICES = (*(s.label for s in sorted(Severity, reverse=True)), "never")


def parse_fail_on(text: str) -> Severity | None:
    """A fail-on setting as a threshold: a Severity, or None for `never`."""
    return None if text.strip().lower() == "never" else Severity.parse(text)


@dataclass(frozen=True, slots=True)
class RuleSettings:
    """`[rules.AML114]`: settings for one rule, as written; checked against the rule's declared
    settings (`resolve_rule_settings`) once the rules are loaded."""

    rule: str  # as written (case-insensitive; an old alias works)
    values: Mapping[str, Any]
    where: str  # `aml-audit.toml [rules.AML114]`, for the one-line error


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
    rules: tuple[RuleSettings, ...] = ()  # per-rule settings, `[rules.AML114] max_age_days = 60`
    path: Path | None = field(default=None, compare=False)  # where it was read from

    @property
    def threshold(self) -> Severity | None:
        """The lowest failing severity that fails the run; None for `never`."""
        return parse_fail_on(self.fail_on)

    @property
    def base(self) -> Path:
        """The folder paths in the file are relative to (the working folder without a file)."""
        return self.path.parent if self.path else Path.cwd()

    @property
    def rule_dirs(self) -> tuple[Path, ...]:
        """The file's rules-dir entries, resolved against its folder."""
        return tuple(self.base / d for d in self.rules_dir)


def _rule_ids(value: str | list[str]) -> tuple[str, ...]:
    items = value.split(",") if isinstance(value, str) else value
    return tuple(v.strip().upper() for v in items if v.strip())


def sarif_category(value: str, where: str) -> str:
    """A GitHub code scanning category: one word, no spaces (`aml-audit/prod/`); for the option,
    as the config schema checks the key."""
    if not value.strip() or any(c.isspace() for c in value.strip()):
        raise ConfigError(
            f"{where}: the SARIF category must be a non-empty string without spaces, "
            f"such as 'aml-audit/prod/' (got {value!r})"
        )
    return value.strip()


def _as_json(value: Any) -> Any:
    """The TOML document as JSON Schema sees it: TOML dates and times become ISO strings."""
    if isinstance(value, dict):
        return {k: _as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_json(v) for v in value]
    if isinstance(value, date | time):
        return value.isoformat()
    return value


def _parse(table: Any, where: str, file_label: str = "") -> Config:
    """The config table, checked against auditor/schemas/config.schema.json."""
    document = _as_json(table)
    validate(document, "config", where, ConfigError, first_index=1)
    values: dict[str, Any] = {}
    for key, value in document.items():
        name = key.replace("-", "_")
        if name in ("select", "ignore"):
            values[name] = _rule_ids(value)
        elif name == "rules_dir":
            values[name] = (value,) if isinstance(value, str) else tuple(value)
        elif name == "suppress":
            values[name] = parse_suppressions(value, where, file_label)
        elif name == "fail_on":
            values[name] = value.lower()
        elif name == "rules":
            values[name] = tuple(
                RuleSettings(rule, MappingProxyType(dict(table)), f"{where} [rules.{rule}]")
                for rule, table in value.items()
            )
        elif name in ("baseline", "sarif_category"):
            values[name] = value.strip()
        else:
            values[name] = value
    return Config(**values)


def resolve_rule_settings(
    entries: Sequence[RuleSettings], meta_of: Callable[[str], RuleMeta | None]
) -> dict[str, dict[str, Any]]:
    """Rule id -> its configured settings, each checked against the setting the rule declares:
    an unknown rule, an unknown setting or a value of the wrong type is a one-line ConfigError
    naming the file and the table. `meta_of` finds a loaded rule's metadata by id or alias."""
    resolved: dict[str, dict[str, Any]] = {}
    for entry in entries:
        meta = meta_of(entry.rule)
        if meta is None:
            raise ConfigError(
                f"{entry.where}: no loaded rule has the id {entry.rule!r} "
                "(`aml-audit rules` lists the known ids)"
            )
        known = ", ".join(s.name for s in meta.settings) or "none"
        for name, value in entry.values.items():
            setting = meta.setting(name)
            if setting is None:
                raise ConfigError(
                    f"{entry.where}: {meta.id} has no setting {name!r} (its settings: {known}; "
                    f"`aml-audit explain {meta.id}` describes them)"
                )
            try:
                resolved.setdefault(meta.id, {})[name] = setting.parse(value)
            except ValueError as exc:
                raise ConfigError(f"{entry.where}: {exc}") from None
    return resolved


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
            tool = document.get("tool")
            table = tool.get("aml-audit") if isinstance(tool, dict) else None
            if table is None:
                if explicit is not None:
                    raise ConfigError(f"{path}: has no [tool.aml-audit] table")
                continue
            where, label = f"{path} [tool.aml-audit]", f"{path.name} tool.aml-audit."
        else:
            table, where, label = document, str(path), f"{path.name} "
        config = _parse(table, where, label)
        return dataclasses.replace(config, path=path)
    return Config()
