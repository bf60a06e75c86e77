"""The lint source: infrastructure code on disk read into an Inventory, as a live tenant or a
snapshot is.

1. Discovery: each PATH (a file, or a directory walked with `.gitignore` files honoured, `.git`
   never entered) minus `--exclude` globs (gitignore syntax, relative to the working directory).
2. Dispatch: the first reader (readers.py) whose `claims(path, head)` accepts a file gets it; a
   reader gets all its files at once. Files no reader claims are skipped quietly (`skipped`).
3. Mapping: each TemplateResource becomes a Resource located in its file (POSIX path relative to
   the working directory, its block's lines, each property's lines, its inline suppressions, its
   undecided condition), through sanitize.py like every source's; each FileProblem a Gap naming
   the file and line, so the run goes on and exits incomplete (3).

Resources are identified under a placeholder subscription (model.template_id), so references
between linted files resolve and a result's fingerprint does not depend on lines. A resource a
template names but no linted file defines is unknown "because it is not defined in the linted
files", which rules turn into not_assessed with that reason.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from auditor.core.errors import ConfigError
from auditor.inventory import arm
from auditor.inventory.inventory import Inventory
from auditor.inventory.resource_types import DIAGNOSTIC_SETTINGS, INFRASTRUCTURE_FILES
from auditor.inventory.resources import Gap, Location, Resource
from auditor.sources.iac.model import (
    TEMPLATE_SUBSCRIPTION,
    FileProblem,
    Reader,
    ReadOptions,
    ReadResult,
    TemplateResource,
    relative,
)
from auditor.sources.sanitize import sanitize_resource

if TYPE_CHECKING:
    from pathspec import GitIgnoreSpec

log = logging.getLogger(__name__)

SCOPE = f"/subscriptions/{TEMPLATE_SUBSCRIPTION}"
NOT_IN_FILES = (
    "it is not defined in the linted files (an existing resource, or one deployed from "
    "elsewhere), so what it holds is unknown before deployment"
)
# Enough of a file for a reader to recognise its format (a `$schema` near the top).
HEAD_BYTES = 8192


@dataclass(frozen=True, slots=True)
class Discovered:
    files: tuple[Path, ...]  # absolute, in a stable order
    skipped: tuple[str, ...] = ()


def _spec(lines: Sequence[str]) -> GitIgnoreSpec:
    import pathspec  # only a lint walks directories

    return pathspec.GitIgnoreSpec.from_lines(lines)


class _Ignores:
    """The .gitignore files that apply under a directory: each one's patterns are relative to
    its own folder, and a deeper one is read when the walk enters its folder."""

    def __init__(self) -> None:
        self._specs: dict[Path, GitIgnoreSpec] = {}

    def load(self, folder: Path) -> None:
        ignore = folder / ".gitignore"
        if folder not in self._specs and ignore.is_file():
            try:
                text = ignore.read_text(encoding="utf-8", errors="replace")
            except OSError:
                return
            self._specs[folder] = _spec(text.splitlines())

    def load_ancestors(self, start: Path) -> None:
        """The .gitignore files of `start`'s folders up to its repository's root (the folder
        holding `.git`); none above a folder that is not in a repository."""
        chain = [start, *start.parents]
        top = next((i for i, folder in enumerate(chain) if (folder / ".git").exists()), None)
        for folder in chain[: (top + 1) if top is not None else 1]:
            self.load(folder)

    def ignored(self, path: Path, is_dir: bool) -> bool:
        for folder, spec in self._specs.items():
            try:
                inner = path.relative_to(folder).as_posix()
            except ValueError:
                continue
            if spec.match_file(inner + ("/" if is_dir else "")):
                return True
        return False


def discover(paths: Sequence[Path], root: Path, excludes: Sequence[str] = ()) -> Discovered:
    """The files under `paths`. A PATH that does not exist is a ConfigError (exit 2); a file
    named on the command line is read even when .gitignore lists it, not when --exclude does."""
    exclude = _spec(excludes) if excludes else None

    def excluded(path: Path, is_dir: bool) -> bool:
        if exclude is None:
            return False
        text = relative(path, root)
        return bool(exclude.match_file(text + ("/" if is_dir else "")))

    found: dict[Path, None] = {}
    for given in paths:
        path = (root / given).absolute() if not given.is_absolute() else given
        if not path.exists():
            raise ConfigError(
                f"{given}: no such file or directory (give files or folders of "
                "infrastructure code to lint)"
            )
        if path.is_file():
            if not excluded(path, False):
                found.setdefault(path)
            continue
        ignores = _Ignores()
        ignores.load_ancestors(path)
        for folder, dirs, names in os.walk(path):
            here = Path(folder)
            ignores.load(here)
            dirs[:] = sorted(
                d
                for d in dirs
                if d != ".git"
                and not ignores.ignored(here / d, True)
                and not excluded(here / d, True)
            )
            for name in sorted(names):
                file = here / name
                if not ignores.ignored(file, False) and not excluded(file, False):
                    found.setdefault(file)
    return Discovered(tuple(sorted(found, key=lambda p: relative(p, root))))


def _head(path: Path) -> str | None:
    try:
        with path.open("rb") as stream:
            data = stream.read(HEAD_BYTES)
    except OSError:
        return None
    if b"\0" in data:  # binary
        return None
    return data.decode("utf-8", errors="replace")


@dataclass
class LintSource:
    """`aml-audit lint PATH...`: implements sources.interface.Source."""

    paths: tuple[Path, ...]
    root: Path
    excludes: tuple[str, ...] = ()
    options: ReadOptions = field(default_factory=ReadOptions)
    readers: Sequence[Reader] | None = None  # None: readers.READERS
    # Filled by collect(): files that are not infrastructure code, for `--verbose`.
    skipped: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return "lint:" + ",".join(p.as_posix() for p in self.paths)

    def collect(self) -> Inventory:
        discovered = discover(self.paths, self.root, self.excludes)
        readers = (
            list(self.readers) if self.readers is not None else _load_readers(discovered.files)
        )
        claimed: dict[int, list[Path]] = {}
        skipped = list(discovered.skipped)
        for path in discovered.files:
            owner = self._owner(path, readers)
            if owner is None:
                skipped.append(relative(path, self.root))
            else:
                claimed.setdefault(owner, []).append(path)
        items: list[tuple[str, TemplateResource]] = []
        # Per item: whether its format can declare diagnostic settings (CLI YAML cannot).
        declares: list[bool] = []
        gaps: list[Gap] = []
        # Units (a template, a Terraform folder) a file of which could not be read: what it
        # declared is unknown, a diagnostic setting for the others included.
        broken: set[str] = set()
        for index, result in _read(readers, claimed, self.root, self.options):
            reader = readers[index]
            per_unit = reader.name in _DIRECTORY_UNITS
            items += ((_unit(item.path, per_unit), item) for item in result.resources)
            # A format that cannot declare diagnostic settings (CLI YAML) says nothing of them.
            declares += [getattr(reader, "declares_diagnostic_settings", True)] * len(
                result.resources
            )
            gaps += map(_gap, result.problems)
            broken.update(_unit(p.path, per_unit) for p in result.problems)
            skipped += result.skipped
        self.skipped = sorted(set(skipped))
        resources = [_resource(item) for item in separate_units(items)]
        # A file that could not be read may have declared a diagnostic setting for any resource
        # (a Bicep module's, another template's): then no resource is known to have none.
        listing = (
            [resource for resource, listed in zip(resources, declares, strict=True) if listed]
            if not broken
            else []
        )
        return Inventory(
            resources,
            gaps,
            listed=_listed(listing),
            sources=[self.name],
            scopes=[SCOPE],
            unknown_reason=NOT_IN_FILES,
        )

    def _owner(self, path: Path, readers: Sequence[Reader]) -> int | None:
        head: str | None = None
        for index, reader in enumerate(readers):
            suffixes: tuple[str, ...] | None = getattr(reader, "suffixes", None)
            if suffixes is not None and not path.name.lower().endswith(suffixes):
                continue
            if head is None:
                head = _head(path)
                if head is None:
                    return None
            if reader.claims(path, head):
                return index
        return None


def _read(
    readers: Sequence[Reader], claimed: dict[int, list[Path]], root: Path, options: ReadOptions
) -> Iterator[tuple[int, ReadResult]]:
    """Each reader's result, in the readers' order, read on every core when there are many files
    (parallel.py). A reader that raises does not sink the run: its files become ReaderError
    problems."""
    from auditor.sources.iac import parallel

    jobs, workers = parallel.plan(readers, claimed, root, options)
    outcomes = parallel.run(readers, jobs, workers, root, options)
    by_reader: dict[int, list[ReadResult]] = {}
    for job, outcome in zip(jobs, outcomes, strict=True):
        if isinstance(outcome, BaseException):
            name = readers[job.reader].name
            log.debug("reader %s raised", name, exc_info=outcome)
            outcome = ReadResult(
                (),
                tuple(
                    FileProblem(
                        relative(f, root),
                        None,
                        "ReaderError",
                        f"the {name} reader could not read it: {type(outcome).__name__}: {outcome}",
                    )
                    for f in job.files
                ),
                (),
            )
        by_reader.setdefault(job.reader, []).append(outcome)
    for index, results in by_reader.items():
        yield index, parallel.merged(results)


def is_infrastructure_code(path: Path) -> bool:
    """Whether a reader would claim the file at `path`."""
    head = _head(path)
    return head is not None and any(reader.claims(path, head) for reader in _load_readers([path]))


# Readers whose files deploy together per folder (a Terraform module): one unit per folder.
_DIRECTORY_UNITS = frozenset({"terraform"})


def _unit(path: str, per_directory: bool) -> str:
    return path.rsplit("/", 1)[0] if per_directory and "/" in path else path


def separate_units(items: Sequence[tuple[str, TemplateResource]]) -> list[TemplateResource]:
    """The resources, with the ids of a unit (a template, a Terraform folder) that declares an id
    another unit declared first moved to a resource group of its own: the vulnerable and the
    fixed copy of the same estate, side by side, must not replace each other's resources.

    The new resource group is the placeholder's name and a hash of the unit's path (stable, so a
    result's fingerprint survives edits), and every reference inside the unit moves with it."""
    owner: dict[str, str] = {}
    for unit, item in items:
        owner.setdefault(arm.normalize_id(item.id), unit)
    moved: dict[str, dict[str, str]] = {}
    for unit, item in items:
        if owner[arm.normalize_id(item.id)] != unit:
            group = arm.resource_group_of(item.id) or ""
            suffix = hashlib.sha256(unit.encode()).hexdigest()[:8]
            moved.setdefault(unit, {})[group.lower()] = f"{group}-{suffix}"
    if not moved:
        return [item for _, item in items]
    out = []
    for unit, item in items:
        groups = moved.get(unit)
        if groups is None:
            out.append(item)
            continue
        out.append(
            replace(
                item,
                id=_regroup(item.id, groups),
                body=_regroup_all(item.body, groups),
            )
        )
    return out


def _regroup(value: str, groups: Mapping[str, str]) -> str:
    prefix = f"/subscriptions/{TEMPLATE_SUBSCRIPTION}/resourcegroups/"
    if not value.lower().startswith(prefix):
        return value
    rest = value[len(prefix) :]
    group, _, tail = rest.partition("/")
    new = groups.get(group.lower())
    if new is None:
        return value
    return value[: len(prefix)] + new + ("/" + tail if tail or rest.endswith("/") else "")


def _regroup_all(value: Any, groups: Mapping[str, str]) -> Any:
    if isinstance(value, str):
        return _regroup(value, groups)
    if isinstance(value, Mapping):
        return {k: _regroup_all(v, groups) for k, v in value.items()}
    if isinstance(value, list):
        return [_regroup_all(v, groups) for v in value]
    return value


def _load_readers(files: Sequence[Path]) -> list[Reader]:
    from auditor.sources.iac.readers import load_readers

    return load_readers(files)


def _resource(item: TemplateResource) -> Resource:
    body = dict(item.body)
    name = arm.name_of(item.id)
    body.setdefault("id", item.id)
    body.setdefault("type", item.type)
    source = Location(
        "file",
        item.path,
        None,
        item.block.start_line,
        item.block.end_line,
        positions={k.lower(): (s.start_line, s.end_line) for k, s in item.positions.items()},
        suppressions=tuple(item.suppressions),
        condition=item.condition,
    )
    return Resource(
        id=item.id,
        type=item.type,
        name=name,
        raw=sanitize_resource(body, item.type),
        source=source,
    )


def _gap(problem: FileProblem) -> Gap:
    where = f"{problem.path}:{problem.line}" if problem.line else problem.path
    # Scoped to the file, of a type no rule judges: the gap makes no resource of another file
    # unreadable and gives no rule a not_assessed row; it is listed with the gaps and makes the
    # run incomplete (exit 3). What the file may have declared for its own unit's resources (a
    # diagnostic setting) is not taken as absent: see `broken` in collect().
    return Gap(
        problem.path, INFRASTRUCTURE_FILES, None, problem.code, f"{where}: {problem.message}"
    )


def _listed(resources: Sequence[Resource]) -> Iterator[tuple[str, str]]:
    """The linted files say everything they deploy: a resource without a diagnostic setting in
    them has none from them (one added by a policy or by hand later is outside the files)."""
    for resource in resources:
        yield resource.id, DIAGNOSTIC_SETTINGS
