"""core.schemas: one-line errors from JSON Schemas, worded by the schema's x-message."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from auditor.core import schemas
from auditor.core.errors import AuditorError, ConfigError

SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "additionalProperties": False,
    "x-message": {
        "type": "must be an object",
        "additionalProperties": "unknown key '{key}' (known keys: {known}; refused: {unexpected})",
    },
    "properties": {
        "name": {"$ref": "#/$defs/text"},
        "level": {"type": "string", "enum": ["low", "high"], "x-message": "'{key}' is {value}"},
        "tags": {"type": "array", "items": {"type": "string"}, "x-message": "'{key}' bad"},
        "items": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id"],
                "properties": {"id": {"type": "integer", "x-message": "{path} must be a number"}},
                "x-message": {"required": "'{key}' is required"},
            },
        },
        "plain": {"type": "integer"},
    },
    "$defs": {"text": {"type": "string", "x-message": "'{key}' must be text {like {this}}"}},
}


@pytest.fixture
def schema(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    real = schemas.load_schema

    def load(name: str) -> dict[str, Any]:
        return SCHEMA if name == "test" else real(name)

    monkeypatch.setattr(schemas, "load_schema", load)
    schemas._validator.cache_clear()
    yield "test"
    schemas._validator.cache_clear()


@pytest.mark.parametrize(
    ("document", "line"),
    [
        ([], "must be an object"),
        (
            {"nmae": 1, "zz": 2},
            "unknown key 'nmae' (known keys: name, level, tags, items, plain; refused: nmae, zz)",
        ),
        # a $ref is followed; braces other than the fill-ins are literal
        ({"name": 3}, "'name' must be text {like {this}}"),
        ({"level": "mid"}, "'level' is 'mid'"),
        # the message of the subschema describing `tags`, at the path of `tags`, not tags[1]
        ({"tags": ["a", 2]}, "'tags' bad"),
        ({"items": [{"id": 1}, {}]}, "items[1]: 'id' is required"),
        ({"items": [{"id": "x"}]}, "items[0].id must be a number"),
        # no x-message: jsonschema's own words after the failing value's path
        ({"plain": "x"}, "plain: 'x' is not of type 'integer'"),
        # the first problem in the document wins, shallow before deep
        ({"items": [{"id": "x"}], "name": 3}, "'name' must be text {like {this}}"),
        ({"items": [{}, {"id": "x"}]}, "items[0]: 'id' is required"),
    ],
)
def test_validate_words_the_problem_as_the_schema_says(
    schema: str, document: Any, line: str
) -> None:
    with pytest.raises(ConfigError) as info:
        schemas.validate(document, schema, "file.toml", ConfigError)
    assert str(info.value) == f"file.toml: {line}"
    assert schemas.errors(document, schema)[0] == line


def test_items_can_be_numbered_from_one(schema: str) -> None:
    with pytest.raises(AuditorError) as info:
        schemas.validate({"items": [{"id": 1}, {}]}, schema, "f", first_index=1)
    assert str(info.value) == "f: items[2]: 'id' is required"
    assert schemas.json_path(["suppress", 0, "expires"], first_index=1) == "suppress[1].expires"
    assert schemas.json_path([0, "a"]) == "[0].a"
    assert schemas.json_path([]) == ""


def test_a_valid_document_passes(schema: str) -> None:
    schemas.validate({"name": "x", "items": [{"id": 1}]}, schema, "f")
    assert schemas.errors({"name": "x"}, schema) == []


def test_errors_lists_every_problem_most_relevant_first(schema: str) -> None:
    assert schemas.errors({"items": [{"id": "x"}], "name": 3, "plain": "x"}, schema) == [
        "'name' must be text {like {this}}",
        "plain: 'x' is not of type 'integer'",
        "items[0].id must be a number",
    ]


@pytest.mark.parametrize("name", ["config", "snapshot"])
def test_the_shipped_schemas_are_valid_and_documented(name: str) -> None:
    import jsonschema

    schema = schemas.load_schema(name)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$id"].endswith(f"/auditor/schemas/{name}.schema.json")
    assert schema["title"] and schema["description"]
    path = Path(schemas.__file__).parents[1] / "schemas" / f"{name}.schema.json"
    assert json.loads(path.read_text(encoding="utf-8")) == schema


def test_jsonschema_is_imported_only_when_a_file_is_validated() -> None:
    import subprocess
    import sys

    code = (
        "import sys, auditor.core.schemas, auditor.controls.config, auditor.sources.snapshot; "
        "print('jsonschema' in sys.modules)"
    )
    root = Path(__file__).resolve().parents[3]
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root
    )
    assert out.stdout.strip() == "False"


def test_the_schemas_name_the_severities_the_code_defines() -> None:
    # Severity is defined once, in auditor.rulekit.meta; the schemas are data and repeat it, so
    # they are held to it here.
    import re

    from auditor.controls.config import FAIL_ON_CHOICES
    from auditor.rulekit.meta import Severity

    labels = [s.label for s in sorted(Severity, reverse=True)]
    report = schemas.load_schema("json-report")
    assert report["$defs"]["severity"]["enum"] == labels
    fail_on = schemas.load_schema("config")["properties"]["fail-on"]
    assert all(re.fullmatch(fail_on["pattern"], c.upper()) for c in FAIL_ON_CHOICES)
    assert not re.fullmatch(fail_on["pattern"], "severe")
    assert fail_on["x-message"].endswith(", ".join(FAIL_ON_CHOICES))
