"""A student's round in a real nbgrader course (made by autograder.authoring.release): the release
filled in with the reference solutions, handed in, autograded, and the gradebook read back.
Used by tests/test_notebook_roundtrip.py and bench/vs_nbgrader.py."""

from __future__ import annotations

import re
import time
from pathlib import Path

import nbformat

from autograder import catalogue
from autograder.authoring import release
from autograder.authoring.notebook import ASSIGNMENT, Reference

SOLUTIONS = Path(__file__).resolve().parents[1] / "solutions"
MARKER = re.compile(r"^\s*### (BEGIN|END) SOLUTION\s*$")


def filled_in(released: nbformat.NotebookNode, source: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The release as a student who knows the answers hands it in: each solution cell holds the
    reference code (without nbgrader's markers), each written cell the model answer."""
    code = {c.metadata["nbgrader"]["grade_id"]: c.source for c in source.cells if "nbgrader" in c.metadata}
    filled = nbformat.from_dict(released)
    for cell in filled.cells:
        meta = cell.metadata.get("nbgrader", {})
        if not meta.get("solution"):
            continue
        if cell.cell_type == "code":
            cell.source = "\n".join(line for line in code[meta["grade_id"]].splitlines() if not MARKER.match(line))
        else:
            module = catalogue.item(meta["grade_id"][:3]).module
            cell.source = Reference((SOLUTIONS / f"{module}.py").read_text()).strings["ANSWER"]
    return filled


MISTAKES = Path(__file__).resolve().parent / "mistakes"
# q07's functions call a helper, and q09's cell redefines it: each test cell sees its own section's.
PAIR = '''


def pair(x, y):
    return (x, y)


def pair_up(xs, ys):
    return [pair(x, y) for x, y in zip(xs, ys)]
'''
LATER_PAIR = "\n\ndef pair(x, y):  # another item's helper of the same name\n    return [x, y]\n"


def partly_wrong(filled: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The filled notebook with two classic mistakes (q03 returns a Python float, q08 assumes
    28x28 images: tests/mistakes), and q07's pair_up calling a helper that q09's cell redefines."""
    wrong = nbformat.from_dict(filled)
    for cell in wrong.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id == "q03_solution":
            cell.source = (MISTAKES / "q03_loss_vs_metric" / "returns_python_float.py").read_text()
        elif grade_id == "q08_solution":
            cell.source = (MISTAKES / "q08_view" / "hardcoded_28.py").read_text()
        elif grade_id == "q07_solution":
            cell.source += PAIR
        elif grade_id == "q09_solution":
            cell.source += LATER_PAIR
    return wrong


def submitted(course: Path, student: str) -> Path:
    return course / "submitted" / student / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"


def hand_in(course: Path, student: str, nb: nbformat.NotebookNode) -> Path:
    path = submitted(course, student)
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(path))
    return path


def autograde(course: Path, student: str) -> float:
    """Seconds `nbgrader autograde` takes for one student (again, when run again)."""
    start = time.perf_counter()
    release.nbgrader(course, "autograde", ASSIGNMENT, "--student", student, "--force")
    return time.perf_counter() - start


def nbgrader_scores(course: Path, student: str) -> dict[str, tuple[float | None, float]]:
    """grade_id -> (auto score, max score), read through nbgrader's own API."""
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        graded = gradebook.find_submission_notebook(ASSIGNMENT, ASSIGNMENT, student)
        return {g.name: (g.auto_score, g.max_score) for g in graded.grades}
