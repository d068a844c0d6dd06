"""`autograder canvas push GRADED_DIR --course ID --assignment ID`: grade-all's grades to Canvas,
through canvasapi (Canvas's own Python client).

Students are matched to the course's students by the Canvas user id that Canvas's download
names carry; the others by their grade-all name against each Canvas student's login id, SIS
user id, e-mail address (or its part before the @), and name, written without spaces or
punctuation in either order ("Jane Doe", "Doe, Jane" and Canvas's download name "doejane" all
match `janedoe` or `doejane`). A name that fits no student, or several, is listed as unmatched.

The grade given is the gradebook's (final under a late policy, else the total) scaled to the
assignment's points possible. Without --yes nothing is written: each student's line says what
would be posted and what Canvas has now. A grade lower than the one Canvas has is never posted
without --allow-lower; an ungraded student (an error row) is never posted at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from autograder.lms.graded import Graded, read

TOKEN_VARIABLE, URL_VARIABLE = "CANVAS_API_TOKEN", "CANVAS_API_URL"


@dataclass
class Line:
    student: str
    user: str  # the Canvas user's name and id, or why there is none
    now: float | None
    post: float | None
    action: str  # would post, posted, unchanged, refused (lower), not graded, unmatched, failed: ...


def squashed(text: str) -> str:
    return re.sub(r"[^0-9a-z@.]+", "", text.lower()) if "@" in text else re.sub(r"[^0-9a-z]+", "", text.lower())


def keys(user) -> set[str]:
    """Everything a grade-all name may be, for one Canvas user."""
    found = {str(getattr(user, field, "") or "") for field in ("login_id", "sis_user_id", "email")}
    email = str(getattr(user, "email", "") or "")
    found.add(email.split("@")[0])
    name = str(getattr(user, "name", "") or "")
    found.add(name)
    found.add(" ".join(reversed(name.split())))
    sortable = str(getattr(user, "sortable_name", "") or "")  # "Doe, Jane": Canvas's download names
    found.add(sortable)
    return {squashed(k) for k in found if k.strip()} - {""}


def match(graded: list[Graded], users: list) -> tuple[dict[str, object], dict[str, str]]:
    """student -> Canvas user, and student -> why unmatched."""
    by_id = {str(u.id): u for u in users}
    by_key: dict[str, list] = {}
    for user in users:
        for key in keys(user):
            by_key.setdefault(key, []).append(user)
    matched, unmatched = {}, {}
    for g in graded:
        if g.canvas_user_id:
            if g.canvas_user_id in by_id:
                matched[g.student] = by_id[g.canvas_user_id]
            else:
                unmatched[g.student] = f"Canvas user {g.canvas_user_id} is not a student of this course"
            continue
        found = {u.id: u for u in by_key.get(squashed(g.student), [])}
        if len(found) == 1:
            matched[g.student] = next(iter(found.values()))
        else:
            unmatched[g.student] = f"{len(found)} Canvas students fit this name" if found else \
                "no Canvas student has this name, login, SIS id or e-mail"
    return matched, unmatched


def scaled(g: Graded, possible: float | None) -> float | None:
    if g.score is None:
        return None
    if possible and g.max_score:
        return round(g.score / g.max_score * possible, 2)
    return round(g.score, 2)


def comment_text(g: Graded, posted: float, possible: float | None, feedback_url: str | None) -> str:
    text = f"Autograder: {posted:g}" + (f"/{possible:g}" if possible else "") + " points."
    if feedback_url:
        return f"{text} Your feedback page: {feedback_url.rstrip('/')}/{g.student}.html"
    return f"{text} Your feedback page is attached." if g.feedback else text


def push(out: Path, *, url: str, token: str, course: str, assignment: str, yes: bool = False,
         allow_lower: bool = False, comment_feedback: bool = False, feedback_url: str | None = None,
         students: list[str] | None = None) -> tuple[list[Line], dict[str, str]]:
    """The line per student (what was, or would be, done) and the unmatched students."""
    from canvasapi import Canvas
    from canvasapi.exceptions import CanvasException

    graded = [g for g in read(out) if not students or g.student in students]
    course_ = Canvas(url, token).get_course(course)
    assignment_ = course_.get_assignment(assignment)
    possible = getattr(assignment_, "points_possible", None)
    users = list(course_.get_users(enrollment_type=["student"], include=["email"]))
    submissions = {str(s.user_id): s for s in assignment_.get_submissions()}
    matched, unmatched = match(graded, users)
    lines = []
    for g in graded:
        user = matched.get(g.student)
        if user is None:
            lines.append(Line(g.student, unmatched[g.student], None, scaled(g, possible), "unmatched"))
            continue
        submission = submissions.get(str(user.id))
        now = getattr(submission, "score", None) if submission else None
        post = scaled(g, possible)
        line = Line(g.student, f"{user.name} ({user.id})", now, post, "would post")
        if post is None:
            line.action = f"not graded: {g.error}" if g.error else "not graded"
        elif now is not None and abs(post - now) < 0.005:
            line.action = "unchanged"
        elif now is not None and post < now and not allow_lower:
            line.action = "refused: lower than Canvas's grade (--allow-lower posts it)"
        elif yes:
            try:
                submission = submission or assignment_.get_submission(user.id)
                comment = {"text_comment": comment_text(g, post, possible, feedback_url)} if comment_feedback else None
                submission.edit(submission={"posted_grade": post}, **({"comment": comment} if comment else {}))
                if comment_feedback and not feedback_url and g.feedback:
                    submission.upload_comment(g.feedback)
                line.action = "posted"
            except CanvasException as exc:
                line.action = f"failed: {exc}"
        lines.append(line)
    return lines, unmatched


def table(lines: list[Line], dry_run: bool) -> str:
    import io

    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    shown = Table(title="dry run: nothing posted (--yes posts)" if dry_run else "posted to Canvas")
    for name in ("student", "Canvas user", "Canvas now", "to post", "action"):
        shown.add_column(name)
    for line in lines:
        cells = (line.student, line.user, "-" if line.now is None else f"{line.now:g}",
                 "-" if line.post is None else f"{line.post:g}", line.action)
        shown.add_row(*(Text(c) for c in cells))  # names are the students' own: never markup
    console = Console(file=io.StringIO(), width=140, record=True)
    console.print(shown)
    return console.export_text()
