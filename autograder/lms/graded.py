"""What grade-all left in its output folder, read back per student for the LMS: the score to
give (the gradebook's final score under a late policy, else its total), the maximum, the Canvas
user id that Canvas's download names carried, and the feedback page."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

from autograder.report.gradebook import plain_cell


@dataclass
class Graded:
    student: str
    score: float | None  # None: not graded (an error row), nothing to give
    max_score: float | None
    canvas_user_id: str | None
    feedback: Path | None
    error: str = ""


def read(out: Path) -> list[Graded]:
    out = Path(out)
    path = out / "gradebook.csv"
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing: run `autograder grade-all ... --out {out}` first")
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    found = []
    for row in rows:
        student = plain_cell(row["student"])
        report = out / "reports" / f"{student}.json"
        record = json.loads(report.read_text()) if report.is_file() else {}
        page = out / "feedback" / f"{student}.html"
        graded = row["status"] == "graded"
        score = row.get("final") or row["total"]
        found.append(Graded(student, float(score) if graded else None, float(row["max_score"]) if graded else None,
                            record.get("canvas_user_id"), page if page.is_file() else None,
                            plain_cell(row.get("error") or "")))
    return found
