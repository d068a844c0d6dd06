"""`autograder grade --format`: every output but the terminal table, as text to print or save."""

from __future__ import annotations

import json
import os

from autograder.report.schema import Report

# What `grade --format` and `render --format` write, beside grade's terminal table.
FILE_FORMATS = {
    "json": "the report",
    "gradescope": "Gradescope's results.json",
    "junit": "JUnit XML",
    "html": "the feedback page",
    "classroom": "GitHub Classroom's result",
    "classroom50": "Classroom 50's result.json",
}


def problem(fmt: str) -> str | None:
    """Why `fmt` cannot be written here, asked before grading rather than after; None if it can."""
    if fmt == "classroom50":
        from autograder.report import classroom50

        return classroom50.problem(os.environ)
    return None


def render(report: Report, fmt: str, *, name: str, seconds: float = 0.0, artifacts: bool = False) -> str:
    if fmt == "json":
        # Figures are base64 PNGs: large, and wanted only by the feedback pages (grade-all asks).
        shown = report if artifacts else {k: v for k, v in report.items() if k != "artifacts"}
        return json.dumps(shown, indent=2) + "\n"
    if fmt == "gradescope":
        from autograder.report import gradescope

        return json.dumps(gradescope.results(report, seconds), indent=2) + "\n"
    if fmt == "classroom":
        from autograder.report import classroom

        return json.dumps(classroom.result(report), indent=2) + "\n"
    if fmt == "classroom50":
        from autograder.report import classroom50

        return json.dumps(classroom50.result(report, os.environ), indent=2) + "\n"
    if fmt == "junit":
        from autograder.report import junit

        return junit.document(report, name)
    if fmt == "html":
        from autograder.report import html

        return html.render(report, name)
    raise ValueError(f"unknown format {fmt}")
