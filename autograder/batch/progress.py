"""A class's grading as it goes, wherever the students are graded (this machine's pool or a
cluster): each finished student's record is written at once, so that an interrupted run
resumes from there, and the progress bar moves on."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterator
from pathlib import Path

from autograder.batch.discover import Entry
from autograder.batch.run import CannotGrade
from autograder.files import write_atomic

Finished = Callable[[Entry, dict], None]


def internal_error(entry: Entry, exc: BaseException) -> dict:
    """The record of a student on whom grade-all itself failed: a bug of ours must not cost the others."""
    return {"student": entry.student, "submission": entry.source, "error_kind": "grader",
            "error": f"internal error of grade-all: {type(exc).__name__}: {exc}", "cost": None}


@contextlib.contextmanager
def progress(todo: list[Entry], reports: Path, facts: dict[str, dict], console) -> Iterator[Finished]:
    """Yields finished(entry, record), to call once per student as their record arrives."""
    from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn,
                               TimeRemainingColumn)

    columns = (TextColumn("grading"), BarColumn(), MofNCompleteColumn(), TextColumn("elapsed"), TimeElapsedColumn(),
               TextColumn("left"), TimeRemainingColumn(), TextColumn("{task.fields[last]}", markup=False))
    bar = Progress(*columns, console=console)
    task = bar.add_task("grading", total=len(todo), last="")

    def finished(entry: Entry, record: dict) -> None:
        write_atomic(reports / f"{entry.student}.json", json.dumps(record | facts[entry.student]) + "\n")
        if record.get("error"):  # names and messages come from students: never read as markup
            bar.console.print(f"{entry.student}: not graded: {record['error']}", markup=False, highlight=False)
        bar.update(task, advance=1, last=entry.student)

    bar.start()
    try:
        yield finished
    except CannotGrade:
        # No student can be graded here: the command's one line says why, and the bar goes without
        # a trace (Progress.stop would end it with a line of its own where stderr is no terminal).
        bar.live.transient = True
        bar.live.stop()
        raise
    except BaseException:
        bar.stop()
        raise
    bar.stop()
