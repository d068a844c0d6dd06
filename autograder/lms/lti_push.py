"""`autograder lti push GRADED_DIR --config lti.toml`: grade-all's grades to any LMS that speaks
LTI 1.3 Advantage (Moodle, Canvas, Blackboard, Brightspace, Sakai), outside any launch.

The course's students come from Names and Role Provisioning (lms/lti_nrps.py) and are matched as
lms/roster.py says; the line item, what the LMS has now and the scores go through Assignment and
Grade Services (lms/lti_ags.py), with one access token (lms/lti_client.py). The grade, the
never-lower rule and the table are lms/passback.py's, as for `canvas push`. Each score is
posted with scoreGiven and scoreMaximum on the line item's scale, a comment, the time,
activityProgress Completed and gradingProgress FullyGraded, to the student's LTI user id.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from autograder.lms import lti_ags, lti_nrps
from autograder.lms.graded import read
from autograder.lms.lti_client import Client
from autograder.lms.lti_registration import Registration
from autograder.lms.passback import GRADE_REFUSED, WOULD_POST, Line, comment_text, judged, scaled
from autograder.lms.reach import Unreachable
from autograder.lms.roster import match

LMS, FIELDS = "LMS", "user id, SIS id or e-mail"


@dataclass
class Passback:
    lines: list[Line]
    unmatched: dict[str, str]  # student -> why
    line_item: str  # which line item, or that --yes makes one


def push(out: Path, registration: Registration, *, yes: bool = False, allow_lower: bool = False,
         feedback_url: str | None = None, roster: dict[str, str] | None = None) -> Passback:
    graded = read(out)
    client = Client(registration)
    people = lti_nrps.students(client, registration)
    item = lti_ags.find_line_item(client, registration)
    wanted = registration.line_item
    top = max((g.max_score for g in graded if g.max_score), default=None)
    maximum = lti_ags.maximum_of(item) if item else wanted.score_maximum or top
    now = lti_ags.results(client, registration, item) if item else {}
    matched, unmatched = match(graded, people, lms=LMS, fields=FIELDS, roster=roster)
    lines, to_post = [], []
    for g in graded:
        person, post = matched.get(g.student), scaled(g, maximum)
        if person is None:
            lines.append(Line(g.student, unmatched[g.student], None, post, "unmatched"))
            continue
        line = Line(g.student, person.shown, now.get(person.id), post,
                    judged(g, post, now.get(person.id), allow_lower=allow_lower, lms=LMS))
        lines.append(line)
        if line.action == WOULD_POST:
            to_post.append((line, g, person))
    if item:
        described = f"line item {item.get('label', '')!r} at {item['id']}, out of {maximum:g}"
    else:
        described = (f"no line item has resourceId {wanted.resource_id!r} or label {wanted.label!r}: --yes makes "
                     f"{wanted.label!r}" + (f", out of {maximum:g}" if maximum else ""))
    if not yes or not to_post:
        return Passback(lines, unmatched, described)
    if item is None:
        item = lti_ags.create_line_item(client, registration, maximum)
        described = f"line item {wanted.label!r} made at {item['id']}, out of {maximum:g}"
    posted = 0
    for line, g, person in to_post:
        try:
            lti_ags.post_score(client, registration, item, person.id, line.post, maximum,
                               comment_text(g, line.post, maximum, feedback_url))
        except Unreachable as exc:
            if exc.status not in GRADE_REFUSED:
                raise Unreachable(f"{exc} ({posted} of {len(to_post)} grades were posted before it; "
                                  "a second run leaves those unchanged)") from exc
            line.action = f"failed: {str(exc).partition(': ')[2]}"
            continue
        line.action = "posted"
        posted += 1
    return Passback(lines, unmatched, described)
