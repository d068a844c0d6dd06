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
