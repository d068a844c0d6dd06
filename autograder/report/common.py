"""What every writer of a report says the same way: the state of a written answer, and how much
of a check's message reaches a student."""

from __future__ import annotations

from autograder import catalogue
from autograder.report.schema import Report, Written

# Student code can put what it receives (hidden inputs included) into an exception message, so
# a check's message is cut to this many characters, in the report and in every format made
# from it (docs/security.md).
SHOWN_MESSAGE_CHARS = 1000
ELLIPSIS = "..."

NOT_ANSWERED = "not answered"
PENDING = "pending manual grading"


def capped(message: str, cap: int = SHOWN_MESSAGE_CHARS) -> str:
    message = message or ""
    return message if len(message) <= cap else message[: cap - len(ELLIPSIS)] + ELLIPSIS


def written_state(written: Written | None, manual: float | None = None) -> tuple[str, float | None]:
    """(state, score) of an item's written part: an unanswered one is worth 0, an answered one
    is pending until an instructor's score is merged in (`grade-all --manual`)."""
    if written is None:
        return "none", None
    if manual is not None:
        return "graded", float(manual)
    if not written.get("answer"):
        return NOT_ANSWERED, 0.0
    return PENDING, None


def title(item_id: str) -> str:
    return catalogue.item(item_id).title if item_id in catalogue.BY_ID else item_id


def hidden_absent(report: Report) -> str | None:
    """What a total means where the hidden checks are not installed (the student bundle)."""
    if report.get("hidden_checks") != "absent":
        return None
    text = ("This copy of the grader has no hidden checks, so the total counts the public checks only. "
            "When the work is graded, hidden checks with other inputs run too")
    graded = report.get("graded_max_score") or {}
    if not graded:
        return text + "."
    each = f" ({', '.join(f'{i}: {p:g}' for i, p in graded.items())})" if len(graded) <= 5 else ""
    return text + f", and these items are worth {sum(graded.values()):g} points{each}."
