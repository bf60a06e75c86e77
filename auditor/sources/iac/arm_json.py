"""ARM JSON templates (`$schema` ...deploymentTemplate.json#) read into template resources.

The parser: json-source-map (MIT, pure Python, no dependencies) gives the line and column of
every value and key by its JSON pointer, from the same text the standard `json` module parses.
The alternatives: the standard library's json keeps no positions; Checkov's and cfn-lint's
decoders subclass `json.JSONDecoder` to mark lines, code we would own; tree-sitter-json needs a
compiled grammar and is slower to start. json-source-map is imported only when a template is read.

What is read, following the template syntax reference (learn.microsoft.com/azure/
azure-resource-manager/templates/syntax):

- parameters: a value from the paired parameters file (`<name>.parameters.json` beside the
  template, else `azuredeploy.parameters.json` in its folder, or `--parameters FILE`), else the
  `defaultValue`, else unknown; a Key Vault `reference` in a parameters file is unknown;
- variables (and their `copy` arrays), evaluated on use (arm_expressions.py);
- resources: an array, or (languageVersion 2.0, Bicep's compiled output) an object of symbolic
  names, where `existing: true` declares a resource deployed elsewhere; child resources nested in
  a parent's `resources` (short `type` and `name`, or full ones); extension resources (`scope`, or
  the old `<type>/providers/<extension>` form); `condition` (false: not deployed; unknown:
  judged, the condition quoted); `copy` (expanded when the count is known, else judged once,
  noted as a condition); `dependsOn` is ignored;
- inline nested deployments (`Microsoft.Resources/deployments` with `properties.template`): the
  parameters passed in, evaluated in the outer template, and `expressionEvaluationOptions.scope`
  `inner` (the nested template's own parameters and variables) or `outer` (the default: the
  outer template's); `resourceGroup` and `subscriptionId` place its resources. A `templateLink`
  leaves the files: what it deploys is unknown.

Inline suppressions are written in the resource's `metadata`, which ARM accepts on any resource
and ignores: `"metadata": {"aml-audit:ignore": {"AML201": "reason"}}` (a reason is required).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from auditor.inventory import arm
from auditor.sources.iac.arm_expressions import (
    Default,
    Evaluator,
    ExpressionError,
    Scope,
    Unknown,
    is_property_copy,
    stand_in,
)
from auditor.sources.iac.model import (
    FileProblem,
    InlineSuppression,
    ReadOptions,
    ReadResult,
    Span,
    TemplateResource,
    Unresolved,
    relative,
)

log = logging.getLogger(__name__)

SUPPRESS_KEY = "aml-audit:ignore"
DEPLOYMENTS = "microsoft.resources/deployments"
# Members of a template resource that are template syntax, not part of what ARM returns.
_TEMPLATE_ONLY = frozenset(
    {
        "apiversion",
        "dependson",
        "condition",
        "copy",
        "comments",
        "resources",
        "metadata",
        "scope",
        "existing",
        "import",
    }
)


def _schema(head: str) -> str:
    lowered = head.lower()
    if "deploymenttemplate.json" in lowered:
        return "template"
    if "deploymentparameters.json" in lowered:
        return "parameters"
    return ""


class ArmJsonReader:
    name = "arm"
    suffixes = (".json", ".jsonc")

    def claims(self, path: Path, head: str) -> bool:
        return '"$schema"' in head and _schema(head) != ""

    def parts(self, files: Sequence[Path], root: Path, options: ReadOptions) -> list[list[Path]]:
        """Parts that read alone give what reading all the files gives (parallel.py): the
        shortest runs of `files`, in order, that share no folder with another run (a template's
        parameters file is found in its own folder); all the files as one part when
        `--parameters` names a file, which every template then takes."""
        if options.parameters:
            return [list(files)]
        last = {path.parent: index for index, path in enumerate(files)}
        parts: list[list[Path]] = []
        run: list[Path] = []
        end = -1
        for index, path in enumerate(files):
            run.append(path)
            end = max(end, last[path.parent])
            if index == end:
                parts.append(run)
                run = []
        return parts

    def read(self, files: Sequence[Path], root: Path, options: ReadOptions) -> ReadResult:
        resources: list[TemplateResource] = []
        problems: list[FileProblem] = []
        skipped: list[str] = []
        documents: dict[Path, _Document] = {}
        for path in (*files, *options.parameters):
            if path in documents:
                continue
            document = _load(path, root)
            if isinstance(document, FileProblem):
                problems.append(document)
            else:
                documents[path] = document
        templates = [d for d in documents.values() if d.kind == "template" and d.path in files]
        paired: set[Path] = set()
        for template in templates:
            chosen = _parameters_for(template, documents, options)
            if chosen is not None:
                paired.add(chosen.path)
            reading = _Template(template, chosen)
            resources += reading.resources()
            problems += reading.problems
        for document in documents.values():
            unpaired = document.kind != "template" and document.path not in paired
            if unpaired and document.path in files:
                skipped.append(document.shown)
        return ReadResult(tuple(resources), tuple(problems), tuple(skipped))


@dataclass
class _Document:
    path: Path
    shown: str  # POSIX, relative to the working directory
    data: Any
    text: str
    kind: str  # "template" | "parameters" | ""
    _pointers: dict[str, Any] | None = None

    def pointers(self) -> dict[str, Any]:
        if self._pointers is None:
            from json_source_map import calculate  # type: ignore[import-untyped]

            try:
                self._pointers = calculate(self.text)
            except Exception:  # positions are a help: a file json reads is never lost for them
                log.debug("no positions for %s", self.path, exc_info=True)
                self._pointers = {}
        return self._pointers

    def span(self, pointer: str) -> Span | None:
        entry = self.pointers().get(pointer)
        if entry is None:
            return None
        start = entry.key_start or entry.value_start
        return Span(start.line + 1, entry.value_end.line + 1)

    def line(self, pointer: str) -> int | None:
        span = self.span(pointer)
        return span.start_line if span is not None else None


def _load(path: Path, root: Path) -> _Document | FileProblem:

    shown = relative(path, root)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        return FileProblem(shown, None, "UnreadableFile", f"cannot be read ({exc})")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return FileProblem(
            shown,
            exc.lineno,
            "MalformedJson",
            f"not valid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}; fix the "
            "syntax (comments are not read)",
        )
    except RecursionError:
        return FileProblem(shown, None, "MalformedJson", "nested too deeply to read")
    kind = _schema(str(data.get("$schema", ""))) if isinstance(data, dict) else ""
    return _Document(path, shown, data, text, kind)


def _parameters_for(
    template: _Document, documents: Mapping[Path, _Document], options: ReadOptions
) -> _Document | None:
    """--parameters FILE, else `<name>.parameters.json` beside the template, else the folder's
    `azuredeploy.parameters.json`."""
    for path in options.parameters:
        document = documents.get(path)
        if document is not None:
            return document
    stem = template.path.name
    for suffix in (".json", ".jsonc"):
        if stem.lower().endswith(suffix):
            stem = stem[: -len(suffix)]
    folder = template.path.parent
    for candidate in (folder / f"{stem}.parameters.json", folder / "azuredeploy.parameters.json"):
        document = documents.get(candidate)
        if document is None and candidate.is_file():
            loaded = _load(candidate, template.path.parent)
            document = loaded if isinstance(loaded, _Document) else None
        if document is not None and document.kind == "parameters":
            return document
    return None


def _escape(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")


@dataclass
class _Context:
    """Where resources of one (possibly nested) template land."""

    evaluator: Evaluator
    condition: str | None = None  # an enclosing condition that could not be decided


@dataclass
class _Template:
    document: _Document
    parameters_file: _Document | None
    problems: list[FileProblem] = field(default_factory=list)

    def resources(self) -> list[TemplateResource]:
        data = self.document.data
        given: Any = {}
        if self.parameters_file is not None and isinstance(self.parameters_file.data, dict):
            given = self.parameters_file.data.get("parameters") or {}
        scope = self._scope(data, given if isinstance(given, dict) else {}, None, "")
        return list(self._walk_template(data, "", _Context(Evaluator(scope))))

    # -- parameters ---------------------------------------------------------------------------

    def _scope(
        self,
        template: Mapping[str, Any],
        given: Mapping[str, Any],
        outer: Evaluator | None,
        where: str,
        resource_group: str | None = None,
        subscription: str | None = None,
    ) -> Scope:
        declared = template.get("parameters")
        values: dict[str, Any] = {}
        scope = Scope(values, {})
        if resource_group is not None:
            scope.resource_group = resource_group
        if subscription is not None:
            scope.subscription = subscription
        evaluator = Evaluator(scope)
        variables = template.get("variables")
        scope.variables = variables if isinstance(variables, dict) else {}
        if isinstance(declared, dict):
            for name, spec in declared.items():
                values[name] = self._parameter(name, spec, given, outer, evaluator, where)
        return scope

    def _parameter(
        self,
        name: str,
        spec: Any,
        given: Mapping[str, Any],
        outer: Evaluator | None,
        own: Evaluator,
        where: str,
    ) -> Any:
        supplied = next((v for k, v in given.items() if k.lower() == name.lower()), None)
        if isinstance(supplied, dict):
            if "value" in supplied:
                value = supplied["value"]
                if outer is not None:  # a nested deployment's parameters: the outer template's
                    return _identity(outer, value)
                return value
            if "reference" in supplied:
                return Unknown(
                    f"parameter '{name}' is a Key Vault reference, read only at deployment",
                    f"{{parameters('{name}')}}",
                )
        if isinstance(spec, dict) and "defaultValue" in spec:
            return Default(spec["defaultValue"])  # evaluated on use: it may name a later one
        return Unknown(
            f"parameter '{name}' has no value: give it a defaultValue, a parameters file or "
            "--parameters",
            f"{{parameters('{name}')}}",
        )

    # -- resources ----------------------------------------------------------------------------

    def _walk_template(
        self, template: Mapping[str, Any], pointer: str, context: _Context
    ) -> Iterator[TemplateResource]:
        declared = template.get("resources")
        if isinstance(declared, list):
            items = [(f"{pointer}/resources/{i}", r) for i, r in enumerate(declared)]
        elif isinstance(declared, dict):  # languageVersion 2.0: symbolic names
            items = [(f"{pointer}/resources/{_escape(k)}", r) for k, r in declared.items()]
        else:
            items = []
        for at, item in items:
            if isinstance(item, dict):
                yield from self._resource(item, at, context, parent=None)

    def _resource(
        self,
        item: Mapping[str, Any],
        pointer: str,
        context: _Context,
        parent: tuple[str, list[str]] | None,
    ) -> Iterator[TemplateResource]:
        if item.get("existing") is True:  # declared to be referenced, deployed elsewhere
            return
        evaluator = context.evaluator
        loop = item.get("copy")
        if isinstance(loop, dict):
            count = _evaluated(evaluator, loop.get("count"))
            loop_name = str(loop.get("name") or "")
            if isinstance(count, int) and not isinstance(count, bool):
                for index in range(max(count, 0)):
                    inner = Evaluator(evaluator.scope.with_copy(loop_name, index))
                    yield from self._one(item, pointer, _Context(inner, context.condition), parent)
                return
            unknown = Unknown("copy count unknown", "{copyIndex()}")
            inner = Evaluator(evaluator.scope.with_copy(loop_name, unknown))
            note = f"copy loop '{loop_name}' with count {_quote(loop.get('count'))} (judged once)"
            yield from self._one(
                item, pointer, _Context(inner, _both(context.condition, note)), parent
            )
            return
        yield from self._one(item, pointer, context, parent)

    def _one(
        self,
        item: Mapping[str, Any],
        pointer: str,
        context: _Context,
        parent: tuple[str, list[str]] | None,
    ) -> Iterator[TemplateResource]:
        evaluator = context.evaluator
        condition = context.condition
        if "condition" in item:
            decided = _evaluated(evaluator, item["condition"])
            if isinstance(decided, (Unknown, Unresolved)):
                condition = _both(condition, f"condition {_quote(item['condition'])}")
            elif not _truthy(decided):
                return  # not deployed
        raw_type = _evaluated(evaluator, item.get("type"))
        raw_name = _identity(evaluator, item.get("name"))
        if not isinstance(raw_type, str):
            self.problems.append(
                FileProblem(
                    self.document.shown,
                    self.document.line(pointer),
                    "TemplateError",
                    "a resource without a type: give each resource its `type`",
                )
            )
            return
        names = stand_in(raw_name).split("/") if raw_name is not None else ["?"]
        resource_type, names = _full(raw_type, names, parent)
        if resource_type.lower() == DEPLOYMENTS:
            yield from self._deployment(item, pointer, _Context(evaluator, condition))
            return
        resource_id = self._id(item, resource_type, names, evaluator)
        body = self._body(item, resource_id, resource_type, names, evaluator)
        yield TemplateResource(
            id=resource_id,
            type=arm.type_of(resource_id) or resource_type,
            body=body,
            path=self.document.shown,
            block=self.document.span(pointer) or Span(1, 1),
            positions=self._positions(item, pointer),
            suppressions=self._suppressions(item, pointer),
            condition=condition,
        )
        children = item.get("resources")
        if isinstance(children, list):
            for index, child in enumerate(children):
                if isinstance(child, dict):
                    yield from self._resource(
                        child,
                        f"{pointer}/resources/{index}",
                        _Context(evaluator, condition),
                        parent=(resource_type, names),
                    )

    def _id(
        self, item: Mapping[str, Any], resource_type: str, names: list[str], evaluator: Evaluator
    ) -> str:
        provider, *levels = resource_type.split("/")
        if "providers" in [level.lower() for level in levels]:
            # The old extension form: `Microsoft.X/ws/providers/diagnosticSettings`, name
            # `ws/Microsoft.Insights/setting`.
            split = [level.lower() for level in levels].index("providers")
            target_levels = levels[:split]
            target_names = names[: len(target_levels)]
            extension_provider = (
                names[len(target_levels)] if len(names) > len(target_levels) else "?"
            )
            extension_levels = levels[split + 1 :]
            extension_names = names[len(target_levels) + 1 :]
            target = _path(provider, target_levels, target_names)
            extension = _path(extension_provider, extension_levels, extension_names)
            return f"{self._group(evaluator)}/{target}/{extension}"
        path = _path(provider, levels, names)
        scope = item.get("scope")
        if scope is not None:
            target = stand_in(_identity(evaluator, scope))
            if not target.startswith("/"):  # Bicep's relative form: `Microsoft.X/ws/name`
                target_provider, *rest = target.split("/")
                target = (
                    f"{self._group(evaluator)}/{_path(target_provider, rest[0::2], rest[1::2])}"
                )
            return f"{target.rstrip('/')}/{path}"
        return f"{self._group(evaluator)}/{path}"

    @staticmethod
    def _group(evaluator: Evaluator) -> str:
        scope = evaluator.scope
        return f"/subscriptions/{scope.subscription}/resourceGroups/{scope.resource_group}"

    def _body(
        self,
        item: Mapping[str, Any],
        resource_id: str,
        resource_type: str,
        names: list[str],
        evaluator: Evaluator,
    ) -> dict[str, Any]:
        body: dict[str, Any] = {}
        for key, value in item.items():
            lowered = key.lower()
            if lowered in _TEMPLATE_ONLY or lowered in ("type", "name"):
                continue
            body[key] = _evaluated(evaluator, value)
        body["id"] = resource_id
        body["name"] = names[-1] if names else "?"
        body["type"] = arm.type_of(resource_id) or resource_type
        return body

    def _positions(self, item: Mapping[str, Any], pointer: str) -> dict[str, Span]:
        positions: dict[str, Span] = {}

        def walk(value: Any, at: str, path: str) -> None:
            span = self.document.span(at)
            if span is not None and path:
                positions[path] = span
            if isinstance(value, dict):
                for key, inner in value.items():
                    walk(
                        inner,
                        f"{at}/{_escape(key)}",
                        f"{path}.{key.lower()}" if path else key.lower(),
                    )
            elif isinstance(value, list):
                for index, inner in enumerate(value):
                    walk(inner, f"{at}/{index}", f"{path}.{index}")

        for key, value in item.items():
            if key.lower() not in _TEMPLATE_ONLY:
                walk(value, f"{pointer}/{_escape(key)}", key.lower())
        return positions

    def _suppressions(self, item: Mapping[str, Any], pointer: str) -> tuple[InlineSuppression, ...]:
        metadata = item.get("metadata")
        if not isinstance(metadata, dict):
            return ()
        key = next((k for k in metadata if k.lower() == SUPPRESS_KEY), None)
        if key is None:
            return ()
        entries = metadata[key]
        at = f"{pointer}/metadata/{_escape(key)}"
        if not isinstance(entries, dict):
            self.problems.append(
                FileProblem(
                    self.document.shown,
                    self.document.line(at),
                    "BadSuppression",
                    f'"{SUPPRESS_KEY}" must be an object of rule ids and reasons, e.g. '
                    '{"AML201": "public by design: a demo workspace"}',
                )
            )
            return ()
        found = []
        for rule_id, reason in entries.items():
            line = self.document.line(f"{at}/{_escape(rule_id)}") or 1
            if not isinstance(reason, str) or not reason.strip():
                self.problems.append(
                    FileProblem(
                        self.document.shown,
                        line,
                        "SuppressionWithoutReason",
                        f"the suppression of {rule_id} has no reason: say why the finding is "
                        "accepted",
                    )
                )
                continue
            found.append(InlineSuppression(rule_id.strip().upper(), reason.strip(), line))
        return tuple(found)

    # -- nested deployments -------------------------------------------------------------------

    def _deployment(
        self, item: Mapping[str, Any], pointer: str, context: _Context
    ) -> Iterator[TemplateResource]:
        properties = item.get("properties")
        if not isinstance(properties, dict):
            return
        template = properties.get("template")
        if not isinstance(template, dict):
            return  # a templateLink (or a template spec): what it deploys is not in the files
        outer = context.evaluator
        group = _identity(outer, item["resourceGroup"]) if "resourceGroup" in item else None
        subscription = (
            _identity(outer, item["subscriptionId"]) if "subscriptionId" in item else None
        )
        group_name = stand_in(group) if group is not None else outer.scope.resource_group
        subscription_id = (
            stand_in(subscription) if subscription is not None else outer.scope.subscription
        )
        options = properties.get("expressionEvaluationOptions")
        inner = isinstance(options, dict) and str(options.get("scope", "")).lower() == "inner"
        if inner:
            given = properties.get("parameters")
            scope = self._scope(
                template,
                given if isinstance(given, dict) else {},
                outer,
                pointer,
                resource_group=group_name,
                subscription=subscription_id,
            )
        else:  # outer: the nested template's expressions are the outer template's
            scope = Scope(
                outer.scope.parameters,
                outer.scope.variables,
                group_name,
                subscription_id,
                outer.scope.copy_indexes,
                outer.scope._variable_values,
                outer.scope._evaluating,
            )
        yield from self._walk_template(
            template,
            f"{pointer}/properties/template",
            _Context(Evaluator(scope), context.condition),
        )


def _evaluated(evaluator: Evaluator, raw: Any) -> Any:
    """`raw` with its expressions evaluated; what cannot be known becomes Unresolved, quoting the
    expression as written. Each string is evaluated on its own, so one bad expression (a
    parameter the template never declares) leaves only its own value unknown."""
    if isinstance(raw, dict):
        out: dict[str, Any] = {}
        for key, item in raw.items():
            if key.lower() == "copy" and isinstance(item, list) and is_property_copy(item):
                for loop in item:
                    out[str(loop["name"])] = _guarded(evaluator.property_copy, loop, loop)
                continue
            out[evaluator.key(key)] = _evaluated(evaluator, item)
        return out
    if isinstance(raw, list):
        return [_evaluated(evaluator, item) for item in raw]
    return _guarded(evaluator.value, raw, raw)


def _guarded(evaluate: Any, argument: Any, raw: Any) -> Any:
    try:
        value = evaluate(argument)
    except (ExpressionError, RecursionError) as exc:
        shown = raw if isinstance(raw, str) else json.dumps(raw, default=str)
        return Unresolved(shown, f"it is not an expression this tool can read: {exc}")
    return _unresolved(value, raw)


def _identity(evaluator: Evaluator, raw: Any) -> Any:
    """A name, scope or resource group: what is unknown keeps its stand-in (arm_expressions)."""
    try:
        return evaluator.value(raw)
    except (ExpressionError, RecursionError):
        return Unknown("not a readable expression", str(raw))


def _unresolved(value: Any, raw: Any) -> Any:
    if isinstance(value, Unknown):
        return Unresolved(raw if isinstance(raw, str) else f"[{value.stand_in}]", value.reason)
    if isinstance(value, dict):
        return {
            k: _unresolved(v, raw.get(k, v) if isinstance(raw, dict) else v)
            for k, v in value.items()
        }
    if isinstance(value, list):
        originals = raw if isinstance(raw, list) and len(raw) == len(value) else value
        return [_unresolved(v, r) for v, r in zip(value, originals, strict=True)]
    return value


def _truthy(value: Any) -> bool:
    if isinstance(value, str):
        return value.lower() == "true"
    return bool(value)


def _quote(raw: Any) -> str:
    return raw if isinstance(raw, str) else json.dumps(raw)


def _both(first: str | None, second: str) -> str:
    return second if first is None else f"{first} and {second}"


def _full(
    raw_type: str, names: list[str], parent: tuple[str, list[str]] | None
) -> tuple[str, list[str]]:
    """A child's full type and names: under a parent, a short type (`onlineEndpoints`) and name
    (`ep`) extend the parent's; a full type names the whole path itself."""
    if parent is None or ("/" in raw_type and "." in raw_type.split("/")[0]):
        return raw_type, names
    parent_type, parent_names = parent
    return f"{parent_type}/{raw_type}", [*parent_names, *names]


def _path(provider: str, levels: Sequence[str], names: Sequence[str]) -> str:
    pairs = "/".join(
        f"{level}/{name}"
        for level, name in zip(levels, [*names, *(["?"] * len(levels))], strict=False)
    )
    return f"providers/{provider}/{pairs}"
