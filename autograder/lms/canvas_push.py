"""`autograder canvas push GRADED_DIR --course ID --assignment ID`: grade-all's grades to Canvas,
through canvasapi (Canvas's own Python client).

Students are matched as lms/roster.py says, with each Canvas student's login id, SIS user id,
e-mail address and name; the grade, the never-lower rule and the table are lms/passback.py's.
Canvas cannot be reached, or refuses to show the course, assignment, students or submissions:
one line naming the address and what to check (lms/reach.py), before anything is posted.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from pathlib import Path

from autograder.lms.graded import read
from autograder.lms.passback import GRADE_REFUSED, WOULD_POST, Line, comment_text, judged, scaled
from autograder.lms.reach import connection_failure, refusal
from autograder.lms.roster import Person, keys, match

TOKEN_VARIABLE, URL_VARIABLE = "CANVAS_API_TOKEN", "CANVAS_API_URL"
LMS, FIELDS = "Canvas", "login, SIS id or e-mail"
WHERE = f"${URL_VARIABLE} or --url"
HINTS = {
    401: f"check ${TOKEN_VARIABLE}: a token made in this Canvas (Account, Settings, New access token), not expired",
    403: "the token's user may not do this: use the token of a teacher of this course",
    404: f"check the address ({WHERE}), --course and --assignment",
}
COURSE_HINTS = {**HINTS, 404: f"check --course (the number after /courses/ in the course's address) and {WHERE}"}
ASSIGNMENT_HINTS = {**HINTS, 404: "check --assignment (the number after /assignments/ in the assignment's address)"}


def person(user) -> Person:
    # sortable_name, "Doe, Jane", is how Canvas's download names write a student
    given = {f: str(getattr(user, f, "") or "") for f in ("login_id", "sis_user_id", "sortable_name", "email", "name")}
    found = keys(exact=(given["login_id"], given["sis_user_id"], given["sortable_name"]), email=given["email"],
                 names=(given["name"],))
    return Person(str(user.id), f"{user.name} ({user.id})", found, download_id=str(user.id))


def status(exc) -> int | None:
    """The HTTP status of a canvasapi exception: its class says it, or its message does (5xx)."""
    from canvasapi import exceptions

    for kind, code in ((exceptions.InvalidAccessToken, 401), (exceptions.Unauthorized, 401),
                       (exceptions.RateLimitExceeded, 429), (exceptions.Forbidden, 403),
                       (exceptions.ResourceDoesNotExist, 404), (exceptions.BadRequest, 400),
                       (exceptions.Conflict, 409), (exceptions.UnprocessableEntity, 422)):
        if isinstance(exc, kind):
            return code
    found = re.search(r"status code (\d{3})", str(exc))
    return int(found[1]) if found else None


def said(exc) -> str:
    """What Canvas said, where it said more than its status: its errors' messages."""
    message = getattr(exc, "message", exc)
    if isinstance(message, list):
        return "; ".join(str(m.get("message", m)) if isinstance(m, dict) else str(m) for m in message)
    return str(message)


@contextmanager
def asking(url: str, hints: dict[int, str] = HINTS, passed: tuple = ()):
    """Canvas at url: not reached, or refusing, as one line (lms/reach.py); a refusal with a
    status in `passed` is left to the caller."""
    from canvasapi.exceptions import CanvasException
    from requests.exceptions import RequestException

    try:
        yield
    except RequestException as exc:
        raise connection_failure(url, exc, WHERE) from exc
    except CanvasException as exc:
        code = status(exc)
        if code in passed:
            raise
        raise refusal(url, code, hints, "" if code == 404 or (code or 0) >= 500 else said(exc)) from exc


def connect(url: str, token: str, course: str, assignment: str) -> tuple[str, object, list, dict[str, object]]:
    """The assignment's address and the assignment, the course's students and their submissions
    by Canvas user id: all that canvas push and grade-all (lms/canvas_times.py) read of Canvas."""
    from canvasapi import Canvas

    course_url = f"{url.rstrip('/')}/api/v1/courses/{course}"
    assignment_url = f"{course_url}/assignments/{assignment}"
    with asking(course_url, COURSE_HINTS):
        course_ = Canvas(url, token).get_course(course)
    with asking(assignment_url, ASSIGNMENT_HINTS):
        assignment_ = course_.get_assignment(assignment)
    with asking(f"{course_url}/search_users"):
        users = list(course_.get_users(enrollment_type=["student"], include=["email"]))
    with asking(f"{assignment_url}/submissions"):
        submissions = {str(s.user_id): s for s in assignment_.get_submissions()}
    return assignment_url, assignment_, users, submissions


def push(out: Path, *, url: str, token: str, course: str, assignment: str, yes: bool = False,
         allow_lower: bool = False, comment_feedback: bool = False, feedback_url: str | None = None,
         students: list[str] | None = None) -> tuple[list[Line], dict[str, str]]:
    """The line per student (what was, or would be, done) and the unmatched students."""
    from canvasapi.exceptions import CanvasException

    graded = [g for g in read(out) if not students or g.student in students]
    assignment_url, assignment_, users, submissions = connect(url, token, course, assignment)
    possible = getattr(assignment_, "points_possible", None)
    people = [person(u) for u in users]
    matched, unmatched = match(graded, people, lms=LMS, fields=FIELDS)
    lines = []
    for g in graded:
        user = matched.get(g.student)
        if user is None:
            lines.append(Line(g.student, unmatched[g.student], None, scaled(g, possible), "unmatched"))
            continue
        submission = submissions.get(user.id)
        now = getattr(submission, "score", None) if submission else None
        post = scaled(g, possible)
        line = Line(g.student, user.shown, now, post, judged(g, post, now, allow_lower=allow_lower, lms=LMS))
        if yes and line.action == WOULD_POST:
            try:
                with asking(f"{assignment_url}/submissions/{user.id}", passed=(None, *GRADE_REFUSED)):
                    submission = submission or assignment_.get_submission(user.id)
                    comment = {"text_comment": comment_text(g, post, possible, feedback_url, attached=True)} \
                        if comment_feedback else None
                    submission.edit(submission={"posted_grade": post}, **({"comment": comment} if comment else {}))
                    if comment_feedback and not feedback_url and g.feedback:
                        submission.upload_comment(g.feedback)
                line.action = "posted"
            except CanvasException as exc:
                line.action = f"failed: {exc}"
        lines.append(line)
    return lines, unmatched
