"""Canvas's own record of when each student submitted (`submitted_at`), for grade-all's late
policy: read through canvasapi as `canvas push` reads the course (lms/canvas_push.connect),
kept by grade-all as a file (OUT/inputs/canvas.json) so that a rerun needs no token, and
matched to grade-all's students as `canvas push` matches them (lms/roster.py)."""

from __future__ import annotations

import json
from datetime import datetime
from types import SimpleNamespace

from autograder.late import moment
from autograder.lms.canvas_push import FIELDS, LMS, connect, person
from autograder.lms.roster import match

USER_FIELDS = ("id", "name", "sortable_name", "login_id", "sis_user_id", "email")  # what lms.canvas_push.person reads


def fetch(url: str, token: str, course: str, assignment: str) -> str:
    """The course's students with the time of their submission to the assignment (null where
    they have not submitted), as the JSON text grade-all keeps."""
    _, _, users, submissions = connect(url, token, course, assignment)
    record = [{field: getattr(user, field, None) for field in USER_FIELDS}
              | {"submitted_at": getattr(submissions.get(str(user.id)), "submitted_at", None)} for user in users]
    return json.dumps(record, indent=1) + "\n"


def submitted_at(text: str, students: list) -> tuple[dict[str, datetime], dict[str, str]]:
    """student -> Canvas's submitted_at, for those Canvas knows and who submitted; and
    student -> why not, for the others. `students` have .student and .canvas_user_id."""
    users = {str(user["id"]): user for user in json.loads(text)}
    matched, missing = match(students, [person(SimpleNamespace(**user)) for user in users.values()],
                             lms=LMS, fields=FIELDS)
    times = {}
    for student, found in matched.items():
        problems: list[str] = []
        when = users[found.id]["submitted_at"]
        at = moment(when, "its submitted_at", problems) if when else None
        if at:
            times[student] = at
        else:
            missing[student] = f"{found.shown}: {problems[0] if problems else 'no submission in Canvas'}"
    return times, missing
