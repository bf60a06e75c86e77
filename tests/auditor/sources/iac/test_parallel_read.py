"""Many files are read on every core with exactly the results of reading them in one process; a
small run never starts a worker."""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path

import pytest

from auditor.inventory.resources import Gap, Resource
from auditor.sources.iac import parallel
from auditor.sources.iac.model import Reader, ReadOptions, ReadResult
from auditor.sources.iac.source import LintSource
from auditor.sources.iac.terraform import TerraformReader

EXAMPLES = Path(__file__).resolve().parents[4] / "examples" / "iac"


def estate_copies(root: Path, copies: int) -> None:
    """`copies` copies of the example estates in all four formats, one folder each."""
    for index in range(copies):
        for fmt in ("arm", "bicep", "terraform", "ml-yaml"):
            for estate in ("vulnerable", "fixed"):
                shutil.copytree(EXAMPLES / fmt / estate, root / f"{index:02d}" / fmt / estate)
    # Files that cannot be read, so gaps take part too.
    (root / "00" / "terraform" / "broken").mkdir()
    (root / "00" / "terraform" / "broken" / "main.tf").write_text('resource "x" {\n  a = \n}\n')
    (root / "01" / "arm" / "broken").mkdir()
    schema = "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#"
    (root / "01" / "arm" / "broken" / "main.json").write_text(f'{{"$schema": "{schema}",\n')


def collected(
    root: Path, monkeypatch: pytest.MonkeyPatch, threshold: int
) -> tuple[list[Resource], list[Gap]]:
    monkeypatch.setattr(parallel, "PARALLEL_FROM_FILES", threshold)
    monkeypatch.setattr(parallel, "cores", lambda: 2)
    inventory = LintSource((root,), root).collect()
    return list(inventory), list(inventory.gaps)


def test_reading_on_two_cores_gives_what_one_process_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    estate_copies(tmp_path, 3)
    serial = collected(tmp_path, monkeypatch, 10**9)
    shared = collected(tmp_path, monkeypatch, 1)
    assert shared == serial
    resources, gaps = shared
    assert [g.code for g in gaps] == ["MalformedJson", "HclSyntaxError"]
    # Each copy of the estate moved to a resource group of its own, in the same order.
    assert len({r.id for r in resources}) == len(resources)


def test_a_large_run_is_split_into_jobs_for_two_workers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    estate_copies(tmp_path, 3)
    monkeypatch.setattr(parallel, "PARALLEL_FROM_FILES", 1)
    monkeypatch.setattr(parallel, "cores", lambda: 2)
    source = LintSource((tmp_path,), tmp_path)
    calls: list[tuple[int, int]] = []
    real = parallel.run

    def spy(
        readers: Sequence[Reader],
        jobs: Sequence[parallel.Job],
        workers: int,
        root: Path,
        options: ReadOptions,
    ) -> list[ReadResult | BaseException]:
        calls.append((len(jobs), workers))
        return real(readers, jobs, workers, root, options)

    monkeypatch.setattr(parallel, "run", spy)
    source.collect()
    ((jobs, workers),) = calls
    # Bicep and CLI YAML are one job each; ARM's and Terraform's folders are split.
    assert workers == 2
    assert jobs > 4


def test_one_file_is_read_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from auditor.sources.iac.readers import load_readers

    monkeypatch.setattr(parallel, "cores", lambda: 2)
    template = tmp_path / "main.json"
    shutil.copy(EXAMPLES / "arm" / "fixed" / "main.json", template)
    jobs, workers = parallel.plan(
        load_readers([template]), {0: [template]}, tmp_path, ReadOptions()
    )
    assert (jobs, workers) == ([parallel.Job(0, (template,))], 0)


class _Failing:
    name = "arm"

    def claims(self, path: Path, head: str) -> bool:
        return True

    def parts(self, files: Sequence[Path], root: Path, options: ReadOptions) -> list[list[Path]]:
        return [[f] for f in files]

    def read(self, files: Sequence[Path], root: Path, options: ReadOptions) -> ReadResult:
        if any(f.name == "bad.json" for f in files):
            raise ValueError("cannot cope")
        return ReadResult(skipped=tuple(f.name for f in files))


def test_a_job_whose_reader_raises_in_a_worker_becomes_reader_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parallel, "PARALLEL_FROM_FILES", 1)
    monkeypatch.setattr(parallel, "cores", lambda: 2)
    monkeypatch.setattr(parallel, "JOBS_PER_WORKER", 2)  # 4 jobs of one file
    for name in ("a.json", "b.json", "bad.json", "c.json"):
        (tmp_path / name).write_text("{}")
    source = LintSource((tmp_path,), tmp_path, readers=[_Failing()])
    inventory = source.collect()
    assert [(g.scope, g.code) for g in inventory.gaps] == [("bad.json", "ReaderError")]
    assert "ValueError: cannot cope" in inventory.gaps[0].message
    assert source.skipped == ["a.json", "b.json", "c.json"]


def test_terraform_parts_are_its_plans_then_its_folders(tmp_path: Path) -> None:
    for folder in ("b", "a"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "main.tf").write_text('locals {\n  x = "y"\n}\n')
    (tmp_path / "a" / "terraform.tfvars").write_text('x = "z"\n')
    plan = tmp_path / "plan.json"
    plan.write_text('{"format_version": "1.2", "planned_values": {}}')
    files = [tmp_path / "b" / "main.tf", tmp_path / "a" / "terraform.tfvars", plan]
    files.insert(1, tmp_path / "a" / "main.tf")
    parts = TerraformReader().parts(files, tmp_path, ReadOptions())
    assert parts == [
        [plan],
        [tmp_path / "a" / "main.tf", tmp_path / "a" / "terraform.tfvars"],
        [tmp_path / "b" / "main.tf"],
    ]


def test_terraform_that_calls_a_local_module_is_one_part(tmp_path: Path) -> None:
    (tmp_path / "mod").mkdir()
    (tmp_path / "mod" / "main.tf").write_text('variable "x" {}\n')
    (tmp_path / "main.tf").write_text('module "m" {\n  source = "./mod"\n  x      = 1\n}\n')
    files = [tmp_path / "main.tf", tmp_path / "mod" / "main.tf"]
    assert TerraformReader().parts(files, tmp_path, ReadOptions()) == [files]


def test_arm_parts_are_runs_of_files_that_share_no_folder(tmp_path: Path) -> None:
    from auditor.sources.iac.arm_json import ArmJsonReader

    a, b, c = tmp_path / "a", tmp_path / "a" / "b", tmp_path / "c"
    files = [a / "main.json", b / "x.json", a / "z.json", c / "main.json", c / "p.json"]
    assert ArmJsonReader().parts(files, tmp_path, ReadOptions()) == [files[:3], files[3:]]
    given = ReadOptions(parameters=(c / "p.json",))
    assert ArmJsonReader().parts(files, tmp_path, given) == [files]


def test_bicep_parts_are_its_files_unless_one_calls_a_module(tmp_path: Path) -> None:
    from auditor.sources.iac.bicep.reader import BicepReader

    b, a = tmp_path / "b.bicep", tmp_path / "a.bicep"
    b.write_text("param name string = 'x'\n")
    a.write_text("// no module here\nparam name string = 'y'\n")
    assert BicepReader().parts([b, a], tmp_path, ReadOptions()) == [[a], [b]]
    b.write_text("module other './a.bicep' = {\n  name: 'other'\n}\n")
    assert BicepReader().parts([b, a], tmp_path, ReadOptions()) == [[b, a]]
    param = tmp_path / "a.bicepparam"
    param.write_text("using './a.bicep'\n")
    b.write_text("param name string = 'x'\n")
    assert BicepReader().parts([b, a, param], tmp_path, ReadOptions()) == [[b, a, param]]
