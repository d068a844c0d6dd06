"""A generated class for grade-all: reference copies, partial work (stubs in place of some
modules), broken submissions and hostile ones, in every form a class arrives in (folders, zips,
notebooks). Used by tests/test_grade_all.py and bench/grade_all_throughput.py."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOLUTIONS, EXERCISES, HOSTILE = ROOT / "solutions", ROOT / "exercises", ROOT / "tests" / "hostile"
ITEMS = ("q01", "q07", "q08")  # complete, reliable items: the class is graded on these only
MODULES = {"q01": "q01_accuracy_loss.py", "q07": "q07_zip_pairs.py", "q08": "q08_view.py"}
# Attacks that finish quickly; each stands in for q01 beside honest q07 and q08.
ATTACKS = ("always_equal", "exit_at_import", "fake_result_files", "patch_harness", "read_the_reference",
           "write_outside", "env_snooping", "os_exit_in_function")
PARTIAL = (("q07",), ("q08",), ("q01",), ("q07", "q08"), ("q01", "q08"), ("q07",), ("q08",), ("q01", "q07"))


def modules(folder: Path, stubbed: tuple[str, ...] = (), only: tuple[str, ...] = ITEMS) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for item in only:
        source = EXERCISES if item in stubbed else SOLUTIONS
        shutil.copyfile(source / MODULES[item], folder / MODULES[item])
    return folder


def zipped(folder: Path, archive: Path, wrapper: str = "") -> Path:
    with zipfile.ZipFile(archive, "w") as zf:
        for path in sorted(folder.iterdir()):
            zf.write(path, f"{wrapper}/{path.name}" if wrapper else path.name)
    shutil.rmtree(folder)
    return archive


def notebook(path: Path, answered: bool = True) -> Path:
    import nbformat

    nb = nbformat.v4.new_notebook()
    for item in ITEMS:
        nb.cells.append(nbformat.v4.new_code_cell((SOLUTIONS / MODULES[item]).read_text()))
        cell = nbformat.v4.new_markdown_cell(f"My answer for {item}." if answered else "YOUR ANSWER HERE")
        cell.metadata["nbgrader"] = {"schema_version": 3, "grade": True, "solution": True, "locked": False,
                                     "grade_id": f"{item}_written", "points": 1}
        nb.cells.append(cell)
    nbformat.write(nb, path)
    return path


def good_class(root: Path, n: int) -> Path:
    """n reference copies: the steady workload for throughput figures."""
    for i in range(n):
        modules(root / f"good_{i:02d}")
    return root


def mixed_class(root: Path) -> dict[str, str]:
    """30 submissions; returns student -> kind (good, partial:<items stubbed>, broken:<how>, hostile:<attack>)."""
    root.mkdir(parents=True, exist_ok=True)
    kinds = {}
    for i in range(1, 7):
        modules(root / f"good_{i:02d}")
        kinds[f"good_{i:02d}"] = "good"
    for i in (1, 2):  # LMS-style: a zip, the first wrapped in a folder
        zipped(modules(root / f"tmp_zip_{i}"), root / f"good_zip_{i}.zip", wrapper="work" if i == 1 else "")
        kinds[f"good_zip_{i}"] = "good"
    notebook(root / "good_notebook.ipynb")
    kinds["good_notebook"] = "good"
    for i, stubbed in enumerate(PARTIAL, 1):
        modules(root / f"partial_{i:02d}", stubbed=stubbed)
        kinds[f"partial_{i:02d}"] = "partial:" + ",".join(stubbed)
    syntax = modules(root / "broken_syntax")
    (syntax / MODULES["q01"]).write_text("def mnist_loss(predictions, targets)\n    return 0\n")
    modules(root / "broken_missing", only=("q01",))
    (root / "broken_badzip.zip").write_bytes(b"this is not a zip archive\n" * 10)
    (root / "broken_empty").mkdir()
    (root / "broken_notebook.ipynb").write_text('{"cells": [ this is not json')
    kinds.update({f"broken_{how}": f"broken:{how}" for how in ("syntax", "missing", "badzip", "empty", "notebook")})
    for attack in ATTACKS:
        folder = modules(root / f"hostile_{attack}")
        shutil.copyfile(HOSTILE / f"{attack}.py", folder / MODULES["q01"])
        kinds[f"hostile_{attack}"] = f"hostile:{attack}"
    assert len(kinds) == 30, len(kinds)
    return kinds
