"""The grading report's shape, declared once: what grading.py builds, `grade --format json`
writes, and report/, batch/, deploy/ and lms/ read. Reports stay plain dicts in memory and on
disk; these TypedDicts name their keys for readers and type checkers."""

from __future__ import annotations

from typing import Any, Literal, NotRequired, TypedDict


class Check(TypedDict):
    """One check's outcome, in student-facing words."""

    name: str  # the check function's name less test_, with its parameters: "timed_training[linear]"
    score: float  # max_score when passed, 0 when not
    max_score: float
    passed: bool
    hidden: bool  # a check of checks/hidden/, which students do not get
    message: str  # why it failed (capped), or a passed check's notes; "" for none


class Written(TypedDict):
    """An item's written part, for a person to grade."""

    max_score: float
    answer: str | None  # None: not answered (left empty or as the placeholder)


class Item(TypedDict):
    score: float  # the sum of its checks' scores: the written part is not in it
    max_score: float
    checks: list[Check]
    written: Written | None  # None: the item has no written part


class CellError(TypedDict):
    """A notebook cell that failed, named as Jupyter shows it (it shows no cell numbers)."""

    cell: int  # the index of the cell in the notebook
    section: str
    where: str  # the cell, by its first line
    message: str


class Provenance(TypedDict):
    """Where a report was made."""

    isolation: str  # runner.isolation's level
    network: str  # what student code could reach
    writes: str  # where student code could write besides its own folder
    device: str
    torch: str
    version: str  # the grader's


class Report(Provenance):
    """One submission graded (grading.grade)."""

    score: float  # the auto-graded checks' total
    max_score: float
    items: dict[str, Item]  # item id -> its outcome
    # Item id -> the figures and series its checks kept: left out of `--format json` unless
    # --artifacts (grade-all asks, for the feedback pages).
    artifacts: NotRequired[dict[str, dict[str, Any]]]
    # Where the grader has no hidden checks (the student bundle): "absent", and each item's
    # points when graded with them.
    hidden_checks: NotRequired[Literal["absent"]]
    graded_max_score: NotRequired[dict[str, float]]
    cell_errors: NotRequired[list[CellError]]  # a notebook's or Jupyter kernel's cells only


class Cost(TypedDict):
    """What grading one student used (batch/run.py)."""

    wall_s: float
    timed_out: bool
    # Measured by the grading process: absent where it died or ran out of time.
    cpu_s_reaped: NotRequired[float]
    max_rss_mb_one_process: NotRequired[float]


# When the download says the work was handed in ("from" is a keyword, hence this syntax).
Submitted = TypedDict("Submitted", {"at": str | None, "from": str, "marked_late": bool})


class Record(TypedDict):
    """A student's file in grade-all's OUT/reports/: who and what was graded, and either why
    there is no report (error) or, with error None, every key of the Report besides."""

    student: str
    submission: str  # where the work came from, for the instructor
    error: str | None
    error_kind: Literal["submission", "grader", "timeout"] | None
    graded_at: NotRequired[str]  # absent where grade-all itself failed on the student
    cost: Cost | None
    submitted: NotRequired[Submitted]  # added by grade_all, from the download, before the record is written
    canvas_user_id: NotRequired[str]
    late: NotRequired[dict[str, Any] | None]  # with a late policy: late.Policy.assess's verdict, and whence the time
