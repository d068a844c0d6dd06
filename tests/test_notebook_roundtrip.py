"""The notebook track end to end, with real nbgrader and a real gradebook.

In a throw-away course folder: `nbgrader generate_assignment`, then three submissions, the
release filled in with the reference code and model answers, the blank release, and the filled
one partly wrong (two classic mistakes, and a helper of q07's redefined in q09's section), graded
by `nbgrader autograde` (each test cell calls check() in the kernel, which grades in the sandbox)
and by `autograder grade` on the same notebooks. Both graders must agree, item by item.
Also here: `autograder check` on both tracks (a folder of modules and a notebook).

nbgrader scores a test cell all or nothing, and the grader per check: an item agrees when the
grader gives it full marks and nbgrader its points, or the grader less and nbgrader zero. Both
grade an item on the state its test cell sees (issue 21).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import nbformat
import nbgrader_course
import pytest
from conftest import EXERCISES, SOLUTIONS, run_grade
from nbgrader_course import autograde, filled_in, hand_in, nbgrader_scores, partly_wrong

from autograder import catalogue
from autograder.authoring import notebook, release
from autograder.authoring.notebook import ASSIGNMENT

pytestmark = pytest.mark.slow

ROOT = SOLUTIONS.parent


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """The course folder after autograding both students, and the seconds each step took."""
    folder = release.make_course(tmp_path_factory.mktemp("course"), notebook.source_path(ROOT))
    released = release.generate(folder)
    submissions = {
        "filled": filled_in(nbformat.read(released, 4), nbformat.read(notebook.source_path(ROOT), 4)),
        "blank": nbformat.read(released, 4),
    }
    submissions["partly_wrong"] = partly_wrong(submissions["filled"])
    seconds = {}
    for student, nb in submissions.items():
        hand_in(folder, student, nb)
        seconds[f"nbgrader autograde {student}"] = autograde(folder, student)
    return SimpleNamespace(folder=folder, seconds=seconds)


def submitted(course, student: str) -> Path:
    return nbgrader_course.submitted(course.folder, student)


@pytest.fixture(scope="module")
def reports(course):
    """`autograder grade` on the same two notebooks."""
    seconds = course.seconds
    out = {}
    for student in ("filled", "blank", "partly_wrong"):
        start = time.perf_counter()
        out[student] = run_grade(submitted(course, student))
        seconds[f"autograder grade {student}"] = time.perf_counter() - start
    print("\n" + "\n".join(f"{step}: {s:.1f} s" for step, s in seconds.items()))
    return out


def autograded_outputs(course, student: str, grade_id: str) -> str:
    """What a cell printed when nbgrader autograded it, to explain a disagreement."""
    nb = nbformat.read(course.folder / "autograded" / student / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", 4)
    cell = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)
    return "\n".join(f"[{o.get('name', o.output_type)}] " + (o.get("text") or f"{o.get('ename')}: {o.get('evalue')}")
                     for o in cell.outputs)[-3000:]


def test_both_graders_agree_item_by_item(course, reports):
    for student, report in reports.items():
        scores = nbgrader_scores(course.folder, student)
        for item_id, item in report["items"].items():
            auto, points = scores[f"{item_id}_tests"]
            assert points == item["max_score"], (student, item_id, "the test cell's points differ from the checks'")
            expected = points if item["score"] == item["max_score"] else 0
            assert auto == expected, (f"{student} {item_id}: nbgrader gave {auto}, autograder grade "
                                      f"{item['score']}/{item['max_score']}; the test cell said:\n"
                                      + autograded_outputs(course, student, f"{item_id}_tests"))


def test_the_filled_notebook_gets_full_marks(course, reports):
    scores = nbgrader_scores(course.folder, "filled")
    failed = sorted(name for name, (auto, points) in scores.items() if name.endswith("_tests") and auto != points)
    assert failed == [], f"nbgrader gave less than full marks to {failed}"
    report = reports["filled"]
    assert report["score"] == report["max_score"] == sum(p for n, (_, p) in scores.items() if n.endswith("_tests"))
    assert report.get("cell_errors") == []
    for item in catalogue.ITEMS:
        written = report["items"][item.id]["written"]
        assert (written is not None and written["answer"]) if item.written else written is None
    # Written answers wait for a person in nbgrader too.
    assert all(auto is None for name, (auto, _) in scores.items() if name.endswith("_written"))


def test_the_blank_release_scores_zero(course, reports):
    scores = nbgrader_scores(course.folder, "blank")
    assert all(auto == 0 for name, (auto, _) in scores.items() if name.endswith("_tests"))
    report = reports["blank"]
    assert report["score"] == 0 and report["max_score"] == reports["filled"]["max_score"]
    assert all(i["written"] is None or i["written"]["answer"] is None for i in report["items"].values())


def test_partly_wrong_work_totals_nbgraders_and_the_partial_credit_of_the_rest(course, reports):
    """The grader's total is nbgrader's plus the checks passed in the items nbgrader scored 0;
    q07 has full marks from both, as its test cell saw its helper before q09 redefined it."""
    report, scores = reports["partly_wrong"], nbgrader_scores(course.folder, "partly_wrong")
    partial = {i: item["score"] for i, item in report["items"].items() if item["score"] < item["max_score"]}
    assert sorted(partial) == ["q03", "q08"] and all(score > 0 for score in partial.values()), partial
    nbgrader_total = sum(auto for name, (auto, _) in scores.items() if name.endswith("_tests"))
    assert report["score"] == nbgrader_total + sum(partial.values()) < report["max_score"]


def test_the_committed_release_grades_to_zero():
    report = run_grade(release.release_path(ROOT), "--items", "q07")
    assert report["score"] == 0 and report["max_score"] > 0
    assert all("not implemented" in c["message"] for c in report["items"]["q07"]["checks"])


def check(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-P", "-m", "autograder", "check", *args],
                          capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("track", ["modules", "notebook"])
def test_check_runs_the_public_checks_on_both_tracks(course, reports, tmp_path, track):
    """`autograder check q07 PATH`: all pass on finished work, all fail on the untouched one."""
    if track == "modules":
        done, untouched = SOLUTIONS, EXERCISES
    else:
        done, untouched = shutil.copy(submitted(course, "filled"), tmp_path / "done.ipynb"), release.release_path(ROOT)
    passed, failed = check("q07", str(done)), check("q07", str(untouched))
    assert passed.returncode == 0 and failed.returncode == 1, passed.stderr + failed.stderr
    public = [c for c in reports["filled"]["items"]["q07"]["checks"] if not c["hidden"]]
    assert "FAIL" not in passed.stdout and passed.stdout.count("pass ") == len(public), passed.stdout
    assert "pass " not in failed.stdout and failed.stdout.count("FAIL ") == len(public), failed.stdout
    assert "not implemented" in failed.stdout
