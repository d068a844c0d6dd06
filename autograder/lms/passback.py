"""What a grade passback does for each student, whatever the LMS: the grade scaled to the LMS's
points, the never-lower rule, the comment, and the table the dry run (and the real run) prints.

The grade given is the gradebook's (final under a late policy, else the total) scaled to the
LMS's points possible. Without --yes nothing is written. A grade lower than the one the LMS has
is never posted without --allow-lower; an ungraded student (an error row) is never posted at all.
"""

from __future__ import annotations

from dataclasses import dataclass

from autograder.lms.graded import Graded

WOULD_POST = "would post"
# The LMS turned down one grade: that student's line says so and the others are posted. Any other
# failure (401, 404, 5xx, no connection) would fail them all: the push stops there.
GRADE_REFUSED = (400, 403, 409, 422)


@dataclass
class Line:
    student: str
    user: str  # the LMS user's name and id, or why there is none
    now: float | None
    post: float | None
    action: str  # would post, posted, unchanged, refused (lower), not graded, unmatched, failed: ...


def scaled(g: Graded, possible: float | None) -> float | None:
    if g.score is None:
        return None
    if possible and g.max_score:
        return round(g.score / g.max_score * possible, 2)
    return round(g.score, 2)


def judged(g: Graded, post: float | None, now: float | None, *, allow_lower: bool, lms: str) -> str:
    """WOULD_POST, or why this student's grade is left as the LMS has it."""
    if post is None:
        return f"not graded: {g.error}" if g.error else "not graded"
    if now is not None and abs(post - now) < 0.005:
        return "unchanged"
    if now is not None and post < now and not allow_lower:
        return f"refused: lower than {lms}'s grade (--allow-lower posts it)"
    return WOULD_POST


def comment_text(g: Graded, posted: float, possible: float | None, feedback_url: str | None,
                 attached: bool = False) -> str:
    text = f"Autograder: {posted:g}" + (f"/{possible:g}" if possible else "") + " points."
    if feedback_url:
        return f"{text} Your feedback page: {feedback_url.rstrip('/')}/{g.student}.html"
    return f"{text} Your feedback page is attached." if attached and g.feedback else text


def table(lines: list[Line], dry_run: bool, lms: str) -> str:
    import io

    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    shown = Table(title="dry run: nothing posted (--yes posts)" if dry_run else f"posted to {lms}")
    for name in ("student", f"{lms} user", f"{lms} now", "to post", "action"):
        shown.add_column(name)
    for line in lines:
        cells = (line.student, line.user, "-" if line.now is None else f"{line.now:g}",
                 "-" if line.post is None else f"{line.post:g}", line.action)
        shown.add_row(*(Text(c) for c in cells))  # names are the students' own: never markup
    console = Console(file=io.StringIO(), width=140, record=True)
    console.print(shown)
    return console.export_text()
