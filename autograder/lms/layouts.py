"""The gradebook in the import layouts of Canvas and Moodle (`grade-all --gradebook-format`).

Canvas (Grades, Import): the columns Student, ID, SIS User ID, SIS Login ID and Section, then
one column per assignment, headed by its name, or "Name (id)" to fill an existing assignment;
a "Points Possible" row under the header. Canvas matches a row by ID (the Canvas user id, known
from Canvas's download names), else by SIS User ID or SIS Login ID: a student without a Canvas
id is written with their grade-all name as SIS Login ID.

Moodle (Grades, Import, CSV file): any columns; the import page maps one column to a user field
(username or e-mail address) and the others to grade items. Username is the grade-all name,
Email address filled where that name is one; the grade column is "<name> (Real)", as Moodle's
own export heads it, and Feedback says how a late penalty was computed.

Students who could not be graded get an empty cell: both LMSs leave an empty cell's grade as it is.
"""

from __future__ import annotations

import csv
from pathlib import Path

from autograder.lms.graded import Graded, read


def points(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def canvas_rows(grades: list[Graded], column: str) -> list[list[str]]:
    top = max((g.max_score for g in grades if g.max_score is not None), default=None)
    rows = [["Student", "ID", "SIS User ID", "SIS Login ID", "Section", column],
            ["Points Possible", "", "", "", "", points(top)]]
    for g in grades:
        rows.append([g.student, g.canvas_user_id or "", "", "" if g.canvas_user_id else g.student, "", points(g.score)])
    return rows


def moodle_rows(grades: list[Graded], column: str, notes: dict[str, str]) -> list[list[str]]:
    rows = [["Username", "Email address", f"{column} (Real)", "Feedback"]]
    for g in grades:
        rows.append([g.student, g.student if "@" in g.student else "", points(g.score), notes.get(g.student, "")])
    return rows


def write(out: Path, fmt: str, column: str, notes: dict[str, str]) -> Path:
    """OUT/gradebook_<fmt>.csv from the gradebook just written; returns its path."""
    grades = read(out)
    rows = canvas_rows(grades, column) if fmt == "canvas" else moodle_rows(grades, column, notes)
    path = Path(out) / f"gradebook_{fmt}.csv"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return path
