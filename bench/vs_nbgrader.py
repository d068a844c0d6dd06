"""`autograder grade` of a whole submission against nbgrader's own `autograde`, in one run.

1. nbgrader autograde of a 31-item notebook holding the same solutions with plain `assert True`
   test cells (what grading in the kernel costs without this grader), side by side with
   `autograder grade solutions`. Issue 10's target: the grade takes no longer (ratio <= 1).
2. nbgrader autograde of our release notebook filled in with the solutions, whose test cells call
   check() (public, then hidden). Target: under 30 s. It takes minutes today: --skip-release.

    .venv/bin/python bench/vs_nbgrader.py [--repeat 3] [--skip-release]

Both are real nbgrader courses in a temporary folder, made as tests/test_notebook_roundtrip.py
makes its course (autograder.authoring.release, tests/nbgrader_course.py). Each autograde also
reads the gradebook back, so that a notebook which failed to grade cannot pass for a fast one.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

import nbformat
from timing import ROOT, against, autograder, machine, measure, median, side_by_side, table

sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from nbgrader_course import autograde, filled_in, hand_in, nbgrader_scores  # noqa: E402

from autograder.authoring import notebook, release  # noqa: E402

RELEASE_TARGET = 30.0
STUDENT = "student"


def with_plain_asserts(source: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The source notebook with every test cell reduced to `assert True` (points kept) and no
    check() imported: the same solutions, graded as a plain nbgrader assignment would be."""
    plain = nbformat.from_dict(source)
    for cell in plain.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", "")
        if grade_id.endswith("_tests"):
            cell.source = "assert True"
        elif grade_id == "setup":
            cell.source = "\n".join(line for line in cell.source.splitlines() if "autograder.notebook" not in line)
    return plain


def course_with_filled_student(folder: Path, source: nbformat.NotebookNode) -> Path:
    """An nbgrader course of `source`, its release generated, one student's filled copy handed in."""
    source_file = folder.with_suffix(".ipynb")
    nbformat.write(source, str(source_file))
    course = release.make_course(folder, source_file)
    released = release.generate(course)
    hand_in(course, STUDENT, filled_in(nbformat.read(released, 4), source))
    return course


def tests_score(course: Path) -> str:
    scores = [v for name, v in nbgrader_scores(course, STUDENT).items() if name.endswith("_tests")]
    return f"{sum(auto or 0 for auto, _ in scores):g}/{sum(points for _, points in scores):g}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-release", action="store_true",
                        help="leave out the autograde of our filled release notebook (minutes today)")
    args = parser.parse_args()
    print(machine())
    source = nbformat.read(notebook.source_path(ROOT), 4)
    with tempfile.TemporaryDirectory(prefix="vs-nbgrader-") as tmp:
        plain = course_with_filled_student(Path(tmp) / "plain", with_plain_asserts(source))
        assert_run = "nbgrader autograde, 31-item assert notebook"
        grade_run = "autograder grade solutions"
        grade_command = autograder("grade", str(ROOT / "solutions"), "--format", "json")
        runs = side_by_side({assert_run: lambda: autograde(plain, STUDENT), grade_run: grade_command}, args.repeat)
        graded = json.loads(runs[grade_run][-1].stdout)
        rows = [[assert_run, median(runs[assert_run]), tests_score(plain)],
                [grade_run, median(runs[grade_run]), f"{graded['score']:g}/{graded['max_score']:g}"]]
        if not args.skip_release:
            filled = course_with_filled_student(Path(tmp) / "release", source)
            once = measure(lambda: autograde(filled, STUDENT)).seconds
            rows.append(["nbgrader autograde, our release filled in (once)", once, tests_score(filled)])
        print(f"median of {args.repeat} interleaved runs (the release: one run)")
        table(["run", "seconds", "score"], rows)
        against("autograder grade / nbgrader autograde of the assert notebook",
                median(runs[grade_run]) / median(runs[assert_run]), 1.0, at_most=True, unit="x")
        if not args.skip_release:
            against("nbgrader autograde of our filled release", once, RELEASE_TARGET, at_most=True, unit=" s")
    print(machine())
    return 0


if __name__ == "__main__":
    sys.exit(main())
