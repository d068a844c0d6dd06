"""Notebook metadata cannot move points: a student who edits nbgrader's metadata (points,
grade_id, checksum), deletes or edits the locked test cells, marks a test cell as a solution or
their own code cell as a test gains nothing. Points and checks come from the catalogue; the
notebook only says which cells are its tests (whose checks the grader's own replace) and where
the written answers are.

The notebooks are the release filled in with the reference (tests/nbgrader_course.py), cut to
the setup and three items so that grading them is quick, graded together by grade-all."""

import copy
import json
import re
import subprocess
import sys

import nbformat
import pytest

from conftest import ROOT
from nbgrader_course import filled_in

from autograder.authoring import notebook as release_notebook

pytestmark = pytest.mark.slow

ITEMS = ("q01", "q07", "q08")
RELEASE = ROOT / "release" / "lesson4" / "lesson4.ipynb"
HEADING = re.compile(r"#+\s*(q\d\d)\b")


def cut(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The cells before the first item (setup) and those of ITEMS' sections."""
    kept, section = [], None
    for cell in nb.cells:
        heading = HEADING.match(cell.source.lstrip()) if cell.cell_type == "markdown" else None
        section = heading.group(1) if heading else section
        if section is None or section in ITEMS:
            kept.append(cell)
    nb = copy.deepcopy(nb)
    nb.cells = kept
    return nb


def graded_cells(nb):
    return [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")]


def locked_tests(nb):
    return [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade") and c.cell_type == "code"
            and not c.metadata["nbgrader"].get("solution")]


def inflated(nb):
    """Every graded cell worth a hundred times its points, the items' ids swapped, checksums changed."""
    nb = copy.deepcopy(nb)
    swap = {"q01": "q07", "q07": "q01"}
    for cell in graded_cells(nb):
        meta = cell.metadata["nbgrader"]
        meta["points"] = meta.get("points", 1) * 100
        meta["grade_id"] = swap.get(meta["grade_id"][:3], meta["grade_id"][:3]) + meta["grade_id"][3:]
        meta["checksum"] = "0" * 32
    return nb


def without_tests(nb):
    nb = copy.deepcopy(nb)
    nb.cells = [c for c in nb.cells if c not in locked_tests(nb)]
    return nb


def unlocked_as_solutions(nb):
    """The locked test cells unlocked, marked as solutions, and rewritten to pass whatever runs."""
    nb = copy.deepcopy(nb)
    for cell in locked_tests(nb):
        cell.metadata["nbgrader"].update(solution=True, locked=False, points=1000)
        cell.source = "def check(*args, **kwargs):\n    return True\n\n" + cell.source
    return nb


def own_cell_as_test(nb, item_id: str):
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade_id") == f"{item_id}_solution":
            meta.update(grade=True, solution=False, locked=True, points=1000)
    return nb


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    released = nbformat.read(RELEASE, 4)
    filled = cut(filled_in(released, nbformat.read(release_notebook.source_path(ROOT), 4)))
    blank = cut(released)
    students = {"honest": filled, "inflated": inflated(filled), "no_tests": without_tests(filled),
                "tests_as_solutions": unlocked_as_solutions(filled), "q07_cell_as_test": own_cell_as_test(filled, "q07"),
                "blank_inflated": unlocked_as_solutions(inflated(blank))}
    base = tmp_path_factory.mktemp("metadata")
    for student, nb in students.items():
        (base / "class").mkdir(exist_ok=True)
        nbformat.write(nb, str(base / "class" / f"{student}.ipynb"))
    done = subprocess.run([sys.executable, "-P", "-m", "autograder", "grade-all", str(base / "class"), "--out",
                           str(base / "out"), "--items", ",".join(ITEMS), "--device", "cpu", "--workers", "2"],
                          capture_output=True, text=True, timeout=1800, cwd=base)
    assert done.returncode == 0, done.stderr[-3000:]
    found = {p.stem: json.loads(p.read_text()) for p in (base / "out" / "reports").glob("*.json")}
    assert not [s for s, r in found.items() if r.get("error")], {s: r["error"] for s, r in found.items()}
    return found


def outcome(report: dict, item_id: str) -> tuple:
    item = report["items"][item_id]
    return item["score"], item["max_score"], [(c["name"], c["passed"], c["max_score"]) for c in item["checks"]]


def test_the_honest_notebook_gets_full_marks(reports):
    assert all(reports["honest"]["items"][i]["score"] == reports["honest"]["items"][i]["max_score"] > 0 for i in ITEMS)


@pytest.mark.parametrize("student", ["inflated", "no_tests", "tests_as_solutions"])
def test_changed_metadata_or_test_cells_change_nothing(reports, student):
    assert [outcome(reports[student], i) for i in ITEMS] == [outcome(reports["honest"], i) for i in ITEMS]
    assert reports[student]["max_score"] == reports["honest"]["max_score"]


def test_a_blank_notebook_with_inflated_points_and_passing_tests_scores_nothing(reports):
    blank = reports["blank_inflated"]
    assert blank["score"] == 0
    assert [blank["items"][i]["max_score"] for i in ITEMS] == [reports["honest"]["items"][i]["max_score"] for i in ITEMS]


def test_a_solution_marked_as_a_test_is_not_run_and_costs_its_item(reports):
    marked = reports["q07_cell_as_test"]
    assert marked["items"]["q07"]["score"] == 0
    assert [outcome(marked, i) for i in ("q01", "q08")] == [outcome(reports["honest"], i) for i in ("q01", "q08")]
