"""A grade-all output folder written directly (gradebook.csv in grade-all's columns, reports/ and
feedback/), for the passback's tests that need a class's grades but not a grading: the LMS side
is what they test, in seconds."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from autograder.report.gradebook import columns


def write(out: Path, grades: dict[str, tuple[float, float] | str], canvas_ids: dict[str, str] | None = None) -> Path:
    """student -> (total, max_score), or the error that kept them ungraded."""
    (out / "reports").mkdir(parents=True)
    (out / "feedback").mkdir()
    with open(out / "gradebook.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns([]))
        writer.writeheader()
        for student, grade in grades.items():
            if isinstance(grade, str):
                writer.writerow({"student": student, "status": "error", "error": grade})
                continue
            total, maximum = grade
            writer.writerow({"student": student, "status": "graded", "auto_score": f"{total:g}",
                             "auto_max": f"{maximum:g}", "written_score": "0", "written_max": "0",
                             "written_pending": "0", "total": f"{total:g}", "max_score": f"{maximum:g}", "error": ""})
            (out / "feedback" / f"{student}.html").write_text(f"<p>{student}: {total:g}/{maximum:g}</p>")
    for student in grades:
        record = {"student": student, **({"canvas_user_id": canvas_ids[student]}
                                         if student in (canvas_ids or {}) else {})}
        (out / "reports" / f"{student}.json").write_text(json.dumps(record))
    return out
