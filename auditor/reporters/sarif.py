"""SARIF 2.1.0 for GitHub code scanning (`--format sarif`, `-o results.sarif`).

What GitHub needs, and the choices made for it (docs/reports.md explains them to users):

- One run per file; `automationDetails.id` is the category (`--sarif-category`), so uploads of
  different scopes do not close each other's alerts.
- A result for each failing and each suppressed evaluation. Passing ones are absent: that is how
  GitHub learns an alert was fixed. Suppressed results carry `suppressions` (every result carries
  the array, empty when not suppressed, as SARIF asks when a tool evaluates suppressions at all).
- Every result has a physical location with a relative, scheme-less path (GitHub rejects the whole
  upload otherwise). A resource read from a file in the working tree points at that file and line;
  a live resource has no file, so its path is derived from its id: `azure/<subscription>/<group>/
  <provider>/<type>/<name>`, lower case (ARM ids are case-insensitive, alerts must not be).
- `partialFingerprints` come from the engine's fingerprint (rule id + normalized resource id), so an
  alert survives re-runs, id case changes and line shifts in a snapshot file.
- What could not be read or judged (gaps, not-assessed evaluations) is an error-level
  `toolExecutionNotification`: SARIF's way to say the results are not complete. The invocation
  still says `executionSuccessful: true`, because the tool ran to its end; GitHub treats `false`
  as a failed analysis and discards every result in the upload.
- GitHub's limits (25,000 results per run, 10 MB gzipped): beyond them the most severe results are
  kept, a notification says how many were left out, and `render` returns the same note for the CLI
  to show on stderr (reporters never print).
"""

from __future__ import annotations

import codecs
import hashlib
import io
import json
import os
import re
import zlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Any, TextIO
from urllib.parse import quote, unquote, urlparse

from auditor.core.jsontext import compact_json
from auditor.evaluate.results import Result, ScanResult
from auditor.inventory import arm
from auditor.reporters.catalogue import fenced
from auditor.reporters.interface import ReporterError, ReportOptions
from auditor.reporters.view import GapView, ReportView, RuleHelp, view_of
from auditor.rulekit.meta import Severity, Status

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
TOOL_NAME = "aml-auditor"
INFORMATION_URI = "https://github.com/aml-auditor/aml-auditor"

MAX_RESULTS = 25_000  # GitHub rejects a run with more
MAX_GZIP_BYTES = 10_000_000  # GitHub rejects a larger upload (10 MB, gzipped); decimal MB is safe

LEVEL = {
    Severity.CRITICAL: "error",
    Severity.HIGH: "error",
    Severity.MEDIUM: "warning",
    Severity.LOW: "warning",
    Severity.INFO: "note",
}
# GitHub bands security-severity like CVSS: >= 9.0 critical, 7.0-8.9 high, 4.0-6.9 medium, below
# that low. INFO is CVSS "None" (0.0): no security impact on its own; it still sorts below LOW.
SECURITY_SEVERITY = {
    Severity.CRITICAL: "9.5",
    Severity.HIGH: "8.0",
    Severity.MEDIUM: "5.5",
    Severity.LOW: "3.0",
    Severity.INFO: "0.0",
}
# Rules judge declared configuration deterministically, but an absent property is judged by the
# service's documented default, which can differ by api-version: "high", not "very-high".
PRECISION = "high"
MAX_TAGS = 10  # GitHub keeps only the first 10 tags of a rule

FINGERPRINT_KEY = "amlAuditFingerprint/v1"
MCSB_URI = "https://learn.microsoft.com/security/benchmark/azure/overview"

# Notification descriptors (`tool.driver.notifications`), referenced by index.
UNREADABLE, NOT_ASSESSED, TRUNCATED = 0, 1, 2
NOTIFICATIONS: tuple[tuple[str, str, str], ...] = (
    (
        "unreadable-scope",
        "A scope or resource type could not be read",
        "The scan could not read part of the estate (an HTTP error, a timeout, an unresolvable "
        "value). Nothing under it was judged: the results are incomplete, not passing.",
    ),
    (
        "not-assessed",
        "A rule could not judge a resource",
        "The rule could not decide whether the resource passes or fails, because data it needs "
        "was unreadable or unresolvable. This is never a pass.",
    ),
    (
        "results-truncated",
        "Results left out to fit GitHub's limits",
        "GitHub code scanning accepts at most 25,000 results per run and 10 MB gzipped. The most "
        "severe results were kept; the JSON report has them all.",
    ),
)

_ALLOWED_SEGMENT = re.compile(r"^[a-z0-9._()-]+$")
_DISALLOWED_CHARS = re.compile(r"[^a-z0-9._()-]")
_WINDOWS_RESERVED = {"con", "prn", "aux", "nul"} | {
    f"{p}{n}" for p in ("com", "lpt") for n in "123456789"
}
_ID_KEYWORDS = {"subscriptions", "resourcegroups", "providers", "tenants", "managementgroups"}


# --- paths --------------------------------------------------------------------------------------


@lru_cache(maxsize=4096)  # subscriptions, groups and providers repeat across thousands of ids
def _path_segment(segment: str) -> str:
    """One id segment as a path segment that GitHub, URIs and file systems all accept.

    Lower case; characters outside `a-z 0-9 . _ ( ) -`, a trailing dot and Windows device names
    are replaced, and the segment then gets `~` and a short hash of the original, so two different
    names never end up at the same path (`~` never occurs in a segment that was left alone).
    """
    lowered = segment.strip().lower()
    if (
        _ALLOWED_SEGMENT.match(lowered)
        and not lowered.endswith(".")
        and lowered.split(".")[0] not in _WINDOWS_RESERVED
    ):
        return lowered
    cleaned = _DISALLOWED_CHARS.sub("_", lowered).rstrip(".") or "_"
    digest = hashlib.sha256(lowered.encode("utf-8")).hexdigest()[:8]
    return f"{cleaned}~{digest}"


def artifact_path(resource_id: str) -> str:
    """A relative path standing for a resource that has no source file, stable and unique per id.

    `/subscriptions/S/resourceGroups/G/providers/Microsoft.X/t/n[/t2/n2...]` becomes
    `azure/s/g/microsoft.x/t/n[/t2/n2...]`; a subscription `azure/s`, a group `azure/s/g`. Any other
    shape (subscription-level or extension resources, management groups) keeps every id segment:
    `azure/subscriptions/s/providers/...`, which cannot collide with the short form because a
    subscription id is never one of ARM's keywords.
    """
    parts = [p for p in resource_id.strip().split("/") if p]
    short: list[str] | None = None
    if (
        len(parts) >= 2
        and parts[0].lower() == "subscriptions"
        and parts[1].lower() not in _ID_KEYWORDS
    ):
        if len(parts) == 2:
            short = [parts[1]]
        elif len(parts) >= 4 and parts[2].lower() == "resourcegroups":
            rest = parts[4:]
            if not rest:
                short = [parts[1], parts[3]]
            elif (
                len(rest) >= 4
                and rest[0].lower() == "providers"
                and len(rest) % 2 == 0
                and all(t.lower() != "providers" for t in rest[2::2])
            ):
                short = [parts[1], parts[3], *rest[1:]]
    segments = short if short is not None else parts
    return "azure/" + "/".join(_path_segment(s) for s in segments)


@lru_cache(maxsize=1024)
def _relative_file(uri: str, root: Path) -> str | None:
    """`uri` (a path or file: URI) relative to `root`, as a URI reference; None if outside it.
    Cached: every resource of a snapshot is read from the same file."""
    if "://" in uri or uri.lower().startswith("file:"):
        parsed = urlparse(uri)
        if parsed.scheme.lower() != "file":
            return None
        uri = unquote(parsed.path)
    path = Path(uri)
    if not path.is_absolute():
        path = root / path
    normalized = Path(os.path.normpath(path))
    try:
        relative = normalized.relative_to(Path(os.path.normpath(root.absolute())))
    except ValueError:
        return None
    posix = PurePosixPath(*relative.parts).as_posix()
    if posix in ("", ".") or posix.startswith("../"):
        return None
    return quote(posix, safe="/")


# --- text ---------------------------------------------------------------------------------------


def rule_name(title: str) -> str:
    """PascalCase from a title: 'Workspace is reachable from the internet' -> 'WorkspaceIs...'."""
    words = re.findall(r"[A-Za-z0-9]+", title.replace("'", "").replace("’", ""))
    return "".join(w[:1].upper() + w[1:] for w in words) or "Rule"


def _plain(text: str) -> str:
    """Message text with square brackets escaped: SARIF reads `[text](target)` as a link, and
    resource names are attacker-controlled."""
    return text.replace("[", "\\[").replace("]", "\\]")


def _short_value(value: Any, limit: int = 200) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _help(rule: RuleHelp) -> dict[str, str]:
    meta, fix, refs = rule.meta, rule.remediation, rule.meta.references
    text = [meta.rationale, "", "How to fix: " + fix.description]
    markdown = [meta.rationale, "", "## How to fix", "", fix.description]
    if fix.az.strip():
        text += ["", "Azure CLI:", fix.az]
        markdown += ["", "Azure CLI:", "", "\n".join(fenced(fix.az.rstrip(), "sh"))]
    if fix.bicep.strip():
        text += ["", "Bicep:", fix.bicep]
        markdown += ["", "Bicep:", "", "\n".join(fenced(fix.bicep.rstrip(), "bicep"))]
    if refs.docs or refs.policy or refs.mcsb:
        text += ["", "References:"]
        markdown += ["", "## References", ""]
        for url in refs.docs:
            text.append(f"- {url}")
            markdown.append(f"- <{url}>")
        for guid, url in rule.policies:
            definition = f"/providers/Microsoft.Authorization/policyDefinitions/{guid}"
            text.append(f"- Azure Policy: {definition}")
            markdown.append(f"- Azure Policy: [`{guid}`]({url})")
        if refs.mcsb:
            controls = ", ".join(refs.mcsb)
            text.append(f"- Microsoft cloud security benchmark: {controls}")
            markdown.append(f"- [Microsoft cloud security benchmark]({MCSB_URI}): {controls}")
    return {"text": "\n".join(text), "markdown": "\n".join(markdown)}


def _rule_descriptor(rule: RuleHelp) -> dict[str, Any]:
    meta = rule.meta
    tags = ["security", meta.category, "azure", "azure-machine-learning"]
    tags += [f"external/mcsb/{c.lower()}" for c in meta.references.mcsb]
    return {
        "id": meta.id,
        "name": rule_name(meta.title),
        "shortDescription": {"text": meta.title},
        "fullDescription": {"text": meta.rationale},
        "help": _help(rule),
        "helpUri": meta.references.docs[0] if meta.references.docs else INFORMATION_URI,
        "defaultConfiguration": {"level": LEVEL[meta.severity]},
        "properties": {
            "tags": list(dict.fromkeys(tags))[:MAX_TAGS],
            "precision": PRECISION,
            "security-severity": SECURITY_SEVERITY[meta.severity],
        },
    }


def _fallback_meta(result: Result) -> dict[str, Any]:
    """A descriptor for a result whose rule metadata the scan does not carry (not expected)."""
    return {
        "id": result.rule_id,
        "name": rule_name(result.title),
        "shortDescription": {"text": result.title},
        "fullDescription": {"text": result.title},
        "help": {"text": result.title, "markdown": result.title},
        "helpUri": INFORMATION_URI,
        "defaultConfiguration": {"level": LEVEL[result.severity]},
        "properties": {
            "tags": ["security"],
            "precision": PRECISION,
            "security-severity": SECURITY_SEVERITY[result.severity],
        },
    }


# --- results ------------------------------------------------------------------------------------


def _evidence(result: Result) -> list[dict[str, Any]]:
    return [e.to_json() for e in result.evidence]


def _message(result: Result, evidence: Sequence[Mapping[str, Any]]) -> str:
    """The rule's message, the resource id (GitHub shows no other trace of a live resource's
    identity next to the alert) and the evidence, in plain text."""
    message = result.message.rstrip()
    if not message.endswith((".", "!", "?")):
        message += "."
    parts = [message, f"Resource: {result.resource_id}."]
    if evidence:
        items = [
            f"{e['path']} is {_short_value(e['observed'])} (expected {e['expected']})"
            for e in evidence
        ]
        parts.append("Evidence: " + "; ".join(items) + ".")
    return _plain(" ".join(parts))


def _location(result: Result, root: Path) -> dict[str, Any]:
    region: dict[str, Any] = {"startLine": 1}
    artifact: dict[str, Any] | None = None
    source = result.location
    if source is not None and source.kind == "file":
        relative = _relative_file(source.uri, root)
        if relative is not None:
            artifact = {"uri": relative, "uriBaseId": "%SRCROOT%"}
            start = source.start_line if source.start_line and source.start_line > 0 else 1
            region = {"startLine": start}
            if source.end_line and source.end_line >= start:
                region["endLine"] = source.end_line
    if artifact is None:
        artifact = {"uri": artifact_path(result.resource_id)}
    return {
        "physicalLocation": {"artifactLocation": artifact, "region": region},
        "logicalLocations": [_logical(result.resource_id, result.resource_name)],
    }


def _logical(resource_id: str, name: str) -> dict[str, Any]:
    return {
        "fullyQualifiedName": resource_id,
        "name": name or arm.name_of(resource_id),
        "kind": "resource",
    }


def _suppressions(result: Result) -> list[dict[str, Any]]:
    if result.status is not Status.SUPPRESSED:
        return []
    # Written beside the resource in the linted file (`inline <file>:<line>`): SARIF's inSource.
    inline = result.suppression is not None and result.suppression.source.startswith("inline ")
    kind = "inSource" if inline else "external"
    suppression: dict[str, Any] = {"kind": kind, "status": "accepted"}
    if result.suppression is not None:
        suppression["justification"] = result.suppression.reason
        properties: dict[str, Any] = {"source": result.suppression.source}
        if result.suppression.expires is not None:
            properties["expires"] = result.suppression.expires.isoformat()
        suppression["properties"] = properties
    return [suppression]


def _result(result: Result, occurrence: int, root: Path) -> dict[str, Any]:
    """A SARIF result; its `ruleIndex` is filled in once the run's rules are known."""
    fingerprint = result.fingerprint
    evidence = _evidence(result)
    sarif: dict[str, Any] = {
        "ruleId": result.rule_id,
        "ruleIndex": -1,
        "level": LEVEL[result.severity],
        "message": {"text": _message(result, evidence)},
        "locations": [_location(result, root)],
        "partialFingerprints": {
            "primaryLocationLineHash": f"{fingerprint[:16]}:{occurrence}",
            FINGERPRINT_KEY: fingerprint if occurrence == 1 else f"{fingerprint}:{occurrence}",
        },
        "suppressions": _suppressions(result),
    }
    if result.baseline in ("new", "known"):
        sarif["baselineState"] = "new" if result.baseline == "new" else "unchanged"
    properties: dict[str, Any] = {
        "status": result.status.value,
        "severity": result.severity.label,
        "security-severity": SECURITY_SEVERITY[result.severity],
        "resourceId": result.resource_id,
        "resourceType": result.resource_type,
        "fingerprint": fingerprint,
        "evidence": evidence,
    }
    if result.context:
        properties["context"] = list(result.context)
    if result.first_seen is not None:  # with --history: when this finding was first recorded
        properties["firstSeen"] = result.first_seen.isoformat()
    if result.steps:
        _add_chain(sarif, properties, result, root)
    sarif["properties"] = properties
    return sarif


def _add_chain(sarif: dict[str, Any], properties: dict[str, Any], path: Result, root: Path) -> None:
    """An attack path's steps: each a related location, and one code flow through them in order
    (GitHub draws a result's code flow as the chain of its locations)."""
    related: list[dict[str, Any]] = []
    flow: list[dict[str, Any]] = []
    for number, step in enumerate(path.steps, start=1):
        rule = step.rule_id or "role assignments"
        text = _plain(
            f"Step {step.stage}, {step.title}: {rule} ({step.status.value}) on "
            f"{step.resource_id}. {step.message}"
        )
        at = Result(
            rule_id=step.rule_id or path.rule_id,
            title=step.title,
            severity=path.severity,
            status=step.status,
            resource_id=step.resource_id,
            resource_type=step.resource_type,
            resource_name=step.resource_name,
            message=step.message,
        )
        location = {**_location(at, root), "message": {"text": text}}
        related.append({"id": number, **location})
        flow.append({"location": location, "executionOrder": number, "nestingLevel": 0})
    sarif["relatedLocations"] = related
    sarif["codeFlows"] = [
        {
            "message": {"text": _plain(f"{path.rule_id}: {path.message}")},
            "threadFlows": [{"locations": flow}],
        }
    ]
    properties["steps"] = [s.to_json() for s in path.steps]


# --- notifications ------------------------------------------------------------------------------


def _descriptor_ref(index: int) -> dict[str, Any]:
    return {"id": NOTIFICATIONS[index][0], "index": index}


def _gap_notification(gap: GapView) -> dict[str, Any]:
    what = gap.resource_type or "resources"
    # ARM's messages end with a full stop of their own: one sentence end, not "credentials..".
    message = gap.message.rstrip().rstrip(".")
    detail = f": {message}" if message else ""
    text = (
        f"Could not read {what} under {gap.scope} ({gap.failure()}){detail}. "
        "Nothing there was assessed."
    )
    return {
        "level": "error",
        "message": {"text": _plain(text)},
        "descriptor": _descriptor_ref(UNREADABLE),
        "locations": [{"logicalLocations": [_logical(gap.scope, arm.name_of(gap.scope))]}],
        "properties": gap.gap.to_json(),
    }


def _not_assessed_notification(result: Result, rule_index: int) -> dict[str, Any]:
    text = f"{result.rule_id} not assessed on {result.resource_id}: {result.message}"
    return {
        "level": "error",
        "message": {"text": _plain(text)},
        "descriptor": _descriptor_ref(NOT_ASSESSED),
        "associatedRule": {"id": result.rule_id, "index": rule_index},
        "locations": [{"logicalLocations": [_logical(result.resource_id, result.resource_name)]}],
        "properties": {"resourceId": result.resource_id, "fingerprint": result.fingerprint},
    }


# --- the log ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Reported:
    result: Result
    occurrence: int  # of this rule on this resource, in the scan's order
    root: Path

    @property
    def sarif(self) -> dict[str, Any]:
        """Made when written, and not kept: of an estate's 80,000 failing results GitHub takes
        25,000, and those are 50 MB as SARIF objects."""
        return _result(self.result, self.occurrence, self.root)


def normalize_category(category: str) -> str:
    """GitHub reads `automationDetails.id` as `category/run-id`; a trailing `/` makes all of it
    the category (as the upload action does with its `category` input)."""
    cleaned = category.strip()
    if not cleaned or any(c.isspace() for c in cleaned):
        raise ReporterError(
            f"SARIF category {category!r} must be a non-empty word without spaces, "
            "e.g. 'aml-audit/prod/'"
        )
    return cleaned if cleaned.endswith("/") else cleaned + "/"


def _reported(view: ReportView, root: Path) -> list[_Reported]:
    """Failing and suppressed results; a rule that says several things about one resource has
    them numbered (1, 2, ...) in the fingerprints, in the scan's deterministic order."""
    seen: dict[tuple[str, str], int] = {}
    reported = []
    for result in view.scan.results:
        if result.status not in (Status.FAIL, Status.SUPPRESSED):
            continue
        key = (result.rule_id, arm.normalize_id(result.resource_id))
        seen[key] = seen.get(key, 0) + 1
        reported.append(_Reported(result, seen[key], root))
    return reported


def _truncation_note(kept: Sequence[_Reported], total: int, limits: tuple[int, int]) -> str:
    lowest = min((r.result.severity for r in kept), default=None)
    floor = f"; the lowest severity kept is {lowest.label}" if lowest is not None else ""
    max_results, max_bytes = limits
    return (
        f"SARIF report holds {len(kept)} of {total} failing and suppressed results: GitHub code "
        f"scanning accepts at most {max_results:,} results per run and {max_bytes:,} bytes "
        f"gzipped, so the {total - len(kept)} least severe were left out{floor}. "
        "The JSON report has them all."
    )


def _build_log(
    view: ReportView,
    category: str,
    kept: Sequence[_Reported],
    total: int,
    limits: tuple[int, int] = (MAX_RESULTS, MAX_GZIP_BYTES),
) -> tuple[_Log, list[str]]:
    """The SARIF log for `kept` (a subset of the reportable results), and its notes."""
    scan, metas, not_assessed = view.scan, view.rule_help, view.not_assessed
    rule_ids = sorted({r.result.rule_id for r in kept} | {r.rule_id for r in not_assessed})
    index = {rule_id: i for i, rule_id in enumerate(rule_ids)}
    examples: dict[str, Result] = {}
    for result in (*(r.result for r in kept), *not_assessed):
        examples.setdefault(result.rule_id, result)
    rules = [
        _rule_descriptor(metas[rid]) if rid in metas else _fallback_meta(examples[rid])
        for rid in rule_ids
    ]
    notes: list[str] = []
    notifications = [_gap_notification(g) for g in view.gaps]
    notifications += [_not_assessed_notification(r, index[r.rule_id]) for r in not_assessed]
    if len(kept) < total:
        note = _truncation_note(kept, total, limits)
        notes.append(note)
        notifications.append(
            {"level": "error", "message": {"text": note}, "descriptor": _descriptor_ref(TRUNCATED)}
        )
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": TOOL_NAME,
                "version": scan.tool_version,
                "semanticVersion": scan.tool_version,
                "informationUri": INFORMATION_URI,
                "rules": rules,
                "notifications": [
                    {
                        "id": nid,
                        "shortDescription": {"text": short},
                        "fullDescription": {"text": full},
                        "help": {"text": full, "markdown": full},
                    }
                    for nid, short, full in NOTIFICATIONS
                ],
            }
        },
        "automationDetails": {"id": category},
        "invocations": [
            {
                # The tool ran to its end. Incompleteness is said by error-level notifications;
                # GitHub would discard the whole upload if this were false.
                "executionSuccessful": True,
                "startTimeUtc": _utc(scan.started_at.isoformat()),
                "endTimeUtc": _utc(scan.finished_at.isoformat()),
                "toolExecutionNotifications": notifications,
            }
        ],
        "results": _RESULTS_PLACE,
        "properties": {
            "complete": scan.complete and len(kept) == total,
            "sources": list(scan.sources),
            "resultsTotal": total,
            "resultsReported": len(kept),
            "warnings": list(scan.warnings),
        },
    }
    document = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
    results = [(r, index[r.result.rule_id]) for r in kept]
    return _Log(document, results), notes


def _utc(iso: str) -> str:
    return iso[:-6] + "Z" if iso.endswith("+00:00") else iso


PRETTY_UP_TO = 1_000  # results; larger logs are written compact (json's C encoder, ~6x faster)

# Where a log's results go: an estate's 25,000 results are written one at a time, not as a
# document (a list no JSON text holds unescaped: a quote inside a string is always \").
_RESULTS_PLACE: list[Any] = []
_RESULTS_MEMBER = '"results":[]'


@dataclass(frozen=True, slots=True)
class _Log:
    """A SARIF document without its results, and the results (each with its rule's index)."""

    document: dict[str, Any]
    results: list[tuple[_Reported, int]]

    def pieces(self) -> Iterator[str]:
        """The log's text, in pieces: the same text as the whole document dumped compact."""
        # The same text as the standard library's compact dump (the document holds no float):
        # an estate's log without its results is 12 MB of notifications.
        before, after = compact_json(self.document).split(_RESULTS_MEMBER, 1)
        yield before + '"results":['
        separator = ""
        for reported, rule_index in self.results:
            yield separator + compact_json({**reported.sarif, "ruleIndex": rule_index})
            separator = ","
        yield "]" + after + "\n"

    def text_pieces(self) -> Iterator[str]:
        """The text as written: a small log indented, in one piece; a large one compact."""
        if len(self.results) > PRETTY_UP_TO:
            yield from self.pieces()
            return
        results = [{**r.sarif, "ruleIndex": i} for r, i in self.results]
        runs = [{**self.document["runs"][0], "results": results}]
        yield json.dumps({**self.document, "runs": runs}, indent=2, ensure_ascii=False) + "\n"

    def gzipped(self, limit: int) -> bytes:
        """The text gzipped, as far as the limit needs it: at the quickest level first (a third
        of the time); level 6, the upload's, compresses JSON at least as well, so only when the
        quick one does not fit is level 6 tried. A large log is compressed as it is made, never
        held whole as text: `write` decompresses what this returns."""
        quick = self._gzipped(1)
        return quick if len(quick) <= limit else self._gzipped(6)

    def _gzipped(self, level: int) -> bytes:
        compressor = zlib.compressobj(level, zlib.DEFLATED, 31)  # 31: a gzip member
        # zlib lets go of the interpreter while it compresses: one worker compresses each chunk,
        # in order, while the next is made (an estate's 50 MB log, on a core otherwise idle).
        with ThreadPoolExecutor(max_workers=1) as worker:
            parts = [
                worker.submit(compressor.compress, chunk.encode("utf-8"))
                for chunk in _chunks(self.text_pieces(), _CHUNK_CHARACTERS)
            ]
            compressed = [part.result() for part in parts]
        return b"".join([*compressed, compressor.flush()])

    def write(self, stream: TextIO, gzipped: bytes) -> None:
        """Writes the text that `gzipped` (from `gzipped`) holds, a little at a time."""
        inflater = zlib.decompressobj(31)
        decoder = codecs.getincrementaldecoder("utf-8")()
        for start in range(0, len(gzipped), 1 << 16):
            data = inflater.decompress(gzipped[start : start + (1 << 16)])
            stream.write(decoder.decode(data))
        stream.write(decoder.decode(inflater.flush(), final=True))


_CHUNK_CHARACTERS = 1 << 20


def _chunks(pieces: Iterable[str], size: int) -> Iterator[str]:
    """`pieces` joined into runs of at least `size` characters (the last may be shorter)."""
    run: list[str] = []
    length = 0
    for piece in pieces:
        run.append(piece)
        length += len(piece)
        if length >= size:
            yield "".join(run)
            run, length = [], 0
    if run:
        yield "".join(run)


def _priority(items: Iterable[_Reported]) -> list[int]:
    """Positions of `items`, most important first: severity, then failing before suppressed."""
    listed = list(items)
    return sorted(
        range(len(listed)),
        key=lambda i: (-listed[i].result.severity, listed[i].result.status is not Status.FAIL, i),
    )


def write_sarif(
    scan: ScanResult,
    stream: TextIO,
    category: str = "aml-audit/",
    *,
    max_results: int = MAX_RESULTS,
    max_gzip_bytes: int = MAX_GZIP_BYTES,
    source_root: Path | None = None,
) -> list[str]:
    """Writes the SARIF log of `scan` within GitHub's limits, and returns notes for the user (why
    results were left out). Keeps the most severe results when it must leave some out."""
    root = source_root if source_root is not None else Path.cwd()
    category = normalize_category(category)
    view = view_of(scan)
    reported = _reported(view, root)
    order = _priority(reported)
    keep = min(len(reported), max_results)
    while True:
        kept = [reported[i] for i in sorted(order[:keep])]
        log, notes = _build_log(view, category, kept, len(reported), (max_results, max_gzip_bytes))
        gzipped = log.gzipped(max_gzip_bytes)
        size = len(gzipped)
        if size <= max_gzip_bytes:
            log.write(stream, gzipped)
            return notes
        if keep == 0:
            notes.append(
                f"SARIF report is {size:,} bytes gzipped even without results (GitHub accepts "
                f"{max_gzip_bytes:,}): too many gaps or not-assessed evaluations to list"
            )
            log.write(stream, gzipped)
            return notes
        # Shrink in proportion to the overshoot, with a margin, and always by at least one.
        keep = min(keep - 1, int(keep * max_gzip_bytes / size * 0.95))
        keep = max(keep, 0)


def render_sarif(
    scan: ScanResult,
    category: str = "aml-audit/",
    *,
    max_results: int = MAX_RESULTS,
    max_gzip_bytes: int = MAX_GZIP_BYTES,
    source_root: Path | None = None,
) -> tuple[str, list[str]]:
    """The SARIF text of `write_sarif`, and its notes."""
    stream = io.StringIO()
    notes = write_sarif(
        scan,
        stream,
        category,
        max_results=max_results,
        max_gzip_bytes=max_gzip_bytes,
        source_root=source_root,
    )
    return stream.getvalue(), notes


class SarifReporter:
    def __init__(
        self,
        max_results: int = MAX_RESULTS,
        max_gzip_bytes: int = MAX_GZIP_BYTES,
        source_root: Path | None = None,
    ) -> None:
        self.max_results = max_results
        self.max_gzip_bytes = max_gzip_bytes
        self.source_root = source_root  # None: the working directory at render time

    def render(self, scan: ScanResult, stream: TextIO, options: ReportOptions) -> list[str]:
        return write_sarif(
            scan,
            stream,
            options.sarif_category,
            max_results=self.max_results,
            max_gzip_bytes=self.max_gzip_bytes,
            source_root=self.source_root,
        )


REPORTER = SarifReporter()
