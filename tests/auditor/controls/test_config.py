"""Configuration: [tool.aml-audit] in pyproject.toml or aml-audit.toml; unknown keys and bad values
are errors naming the file and the key."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from auditor.controls.config import Config, load_config
from auditor.core.errors import ConfigError
from auditor.core.schemas import load_schema
from auditor.rulekit.meta import Severity


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_no_file_means_defaults(tmp_path: Path) -> None:
    config = load_config(cwd=tmp_path)
    assert config == Config()
    assert (config.fail_on, config.threshold, config.path) == ("low", Severity.LOW, None)


def test_pyproject_table(tmp_path: Path) -> None:
    write(
        tmp_path / "pyproject.toml",
        '[project]\nname = "x"\n\n[tool.aml-audit]\n'
        'select = ["aml101", "AML201"]\nignore = "AML301, aml302"\nfail-on = "HIGH"\n'
        'rules-dir = "our-rules"\n',
    )
    config = load_config(cwd=tmp_path)
    assert config == Config(
        select=("AML101", "AML201"),
        ignore=("AML301", "AML302"),
        fail_on="high",
        rules_dir=("our-rules",),
    )
    assert config.path == tmp_path / "pyproject.toml"
    assert config.threshold is Severity.HIGH


def test_a_pyproject_without_the_table_is_ignored(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[project]\nname = "x"\n')
    assert load_config(cwd=tmp_path) == Config()


def test_aml_audit_toml_wins_over_pyproject(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool.aml-audit]\nfail-on = "high"\n')
    write(tmp_path / "aml-audit.toml", 'fail-on = "never"\nrules-dir = ["a", "b"]\n')
    config = load_config(cwd=tmp_path)
    assert (config.fail_on, config.threshold, config.rules_dir) == ("never", None, ("a", "b"))
    assert config.path == tmp_path / "aml-audit.toml"


def test_an_explicit_file(tmp_path: Path) -> None:
    explicit = write(tmp_path / "ci.toml", 'select = ["AML101"]\n')
    assert load_config(explicit, cwd=tmp_path / "elsewhere").select == ("AML101",)


@pytest.mark.parametrize(
    ("name", "text", "problem"),
    [
        (
            "aml-audit.toml",
            'fail-on = "severe"\n',
            "'fail-on' must be one of critical, high, medium, low, info, never",
        ),
        (
            "aml-audit.toml",
            "fail-on = 3\n",
            "'fail-on' must be one of critical, high, medium, low, info, never",
        ),
        (
            "aml-audit.toml",
            "select = [1, 2]\n",
            "'select' must be a list of rule ids (or a comma-separated string)",
        ),
        (
            "aml-audit.toml",
            "ignore = true\n",
            "'ignore' must be a list of rule ids (or a comma-separated string)",
        ),
        ("aml-audit.toml", "rules-dir = 1\n", "'rules-dir' must be a path or a list of paths"),
    ],
)
def test_bad_keys_and_values_name_the_file_and_key(
    tmp_path: Path, name: str, text: str, problem: str
) -> None:
    path = write(tmp_path / name, text)
    with pytest.raises(ConfigError) as info:
        load_config(cwd=tmp_path)
    assert str(info.value) == f"{path}: {problem}"


@pytest.mark.parametrize("key", ["fail_on", "selct"])
def test_an_unknown_key_is_an_error_naming_it_and_the_known_keys(tmp_path: Path, key: str) -> None:
    path = write(tmp_path / "aml-audit.toml", f'{key} = "high"\n')
    with pytest.raises(ConfigError) as info:
        load_config(cwd=tmp_path)
    message = str(info.value)
    assert message.startswith(f"{path}: unknown key '{key}' (known keys: ")
    # (other capabilities add keys; these four are issue 2's)
    assert {"fail-on", "ignore", "rules-dir", "select"} <= set(
        message.split("known keys: ")[1].rstrip(")").split(", ")
    )


def test_unknown_key_in_pyproject_names_the_table(tmp_path: Path) -> None:
    path = write(tmp_path / "pyproject.toml", "[tool.aml-audit]\nbaseline-file = 'x'\n")
    with pytest.raises(ConfigError) as info:
        load_config(cwd=tmp_path)
    assert str(info.value).startswith(f"{path} [tool.aml-audit]: unknown key 'baseline-file' ")


def test_unreadable_config_files(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"missing.toml: configuration file not found$"):
        load_config(tmp_path / "missing.toml")
    broken = write(tmp_path / "aml-audit.toml", "select = [\n")
    with pytest.raises(ConfigError, match=r"aml-audit.toml: not valid TOML: "):
        load_config(cwd=tmp_path)
    broken.unlink()
    with pytest.raises(ConfigError, match=r"has no \[tool.aml-audit\] table"):
        load_config(write(tmp_path / "pyproject.toml", "[project]\n"))
    with pytest.raises(ConfigError, match=r": cannot read the configuration file \("):
        load_config(tmp_path)


def test_the_schema_describes_exactly_the_config_keys() -> None:
    schema = load_schema("config")
    keys = {f.name.replace("_", "-") for f in dataclasses.fields(Config) if f.name != "path"}
    assert set(schema["properties"]) == keys
    assert list(schema["properties"]) == sorted(keys)  # "known keys: ..." lists them in order
    assert all(p.get("description") for p in schema["properties"].values())


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (
            '[tool.aml-audit]\nfail-on = ["high"]\n',
            "'fail-on' must be one of critical, high, medium, low, info, never",
        ),
        ("[tool]\naml-audit = 3\n", "must be a table"),
        ("tool = 3\n", None),  # no table: the pyproject is not ours
    ],
)
def test_pyproject_table_errors(tmp_path: Path, text: str, problem: str | None) -> None:
    path = write(tmp_path / "pyproject.toml", text)
    if problem is None:
        assert load_config(cwd=tmp_path) == Config()
        return
    with pytest.raises(ConfigError) as info:
        load_config(cwd=tmp_path)
    assert str(info.value) == f"{path} [tool.aml-audit]: {problem}"
