"""Which of the LMS's students each graded student is, for `canvas push` and `lti push`.

A Canvas download name carries the Canvas user id, which decides where the LMS knows those ids.
Any other name grade-all recorded (a folder name, an nbgrader student id, a Moodle name) is
compared, written without spaces or punctuation and without case, with everything the LMS tells
of each student: ids, logins, SIS ids, the e-mail address and its part before the @, and the name
in either order ("Jane Doe", "Doe, Jane" and Canvas's download name "doejane" all match `janedoe`
or `doejane`). It must fit exactly one student. Where the LMS withholds names and e-mail
addresses, a roster file the instructor writes (student,user) gives the LMS's id, e-mail or SIS
id to compare instead of the graded name.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from autograder.exits import ExitError
from autograder.lms.graded import Graded

ROSTER_COLUMNS = ("student", "user")


@dataclass(frozen=True)
class Person:
    """One student of the LMS's course."""

    id: str  # what the LMS's grade calls take: the Canvas user id, the LTI user id
    shown: str  # name and id, for the table
    keys: frozenset[str]  # everything a graded name may be for this student, squashed
    download_id: str | None = None  # the id the LMS's download names carry (Canvas's user id)


def squashed(text: str) -> str:
    return re.sub(r"[^0-9a-z@.]+", "", text.lower()) if "@" in text else re.sub(r"[^0-9a-z]+", "", text.lower())


def keys(*, exact: Iterable[str] = (), email: str = "", names: Iterable[str] = ()) -> frozenset[str]:
    """Ids and logins as they are, the e-mail address and its part before the @, each name in
    its order and reversed; squashed, the empty ones left out."""
    found = {*exact, email, email.split("@")[0]}
    for name in names:
        found |= {name, " ".join(reversed(name.split()))}
    return frozenset(squashed(k) for k in found if k and k.strip()) - {""}


def read_roster(path: Path) -> dict[str, str]:
    """student -> what identifies them in the LMS, from a CSV with the columns student,user.
    Names that grade-all did not grade are allowed: a class list holds everyone."""
    try:
        with open(path, newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            missing = set(ROSTER_COLUMNS) - set(reader.fieldnames or [])
            if missing:
                raise ExitError(f"{path}: the columns {', '.join(sorted(missing))} are missing (expected student,user)")
            rows = [(line, (row["student"] or "").strip(), (row["user"] or "").strip())
                    for line, row in enumerate(reader, start=2)]
    except OSError as exc:
        raise ExitError(f"{path}: {exc.strerror or exc}") from exc
    roster: dict[str, str] = {}
    for line, student, user in rows:
        if not student or not user:
            raise ExitError(f"{path}: line {line}: both student and user are needed")
        if student in roster:
            raise ExitError(f"{path}: line {line}: a second line for {student}")
        roster[student] = user
    return roster


def match(graded: list[Graded], people: list[Person], *, lms: str, fields: str,
          roster: dict[str, str] | None = None) -> tuple[dict[str, Person], dict[str, str]]:
    """student -> Person, and student -> why unmatched. `lms` names the LMS in the reasons,
    `fields` what a name is compared with there."""
    by_download = {p.download_id: p for p in people if p.download_id}
    by_key: dict[str, list[Person]] = {}
    for person in people:
        for key in person.keys:
            by_key.setdefault(key, []).append(person)
    matched, unmatched = {}, {}
    for g in graded:
        if g.canvas_user_id and by_download:
            if g.canvas_user_id in by_download:
                matched[g.student] = by_download[g.canvas_user_id]
            else:
                unmatched[g.student] = f"{lms} user {g.canvas_user_id} is not a student of this course"
            continue
        given = (roster or {}).get(g.student)
        found = {p.id: p for p in by_key.get(squashed(given or g.student), [])}
        if len(found) == 1:
            matched[g.student] = next(iter(found.values()))
        elif given:
            unmatched[g.student] = f"the roster's {given!r} fits {len(found) or 'no'} {lms} student" + \
                ("s" if len(found) != 1 else "")
        else:
            unmatched[g.student] = f"{len(found)} {lms} students fit this name" if found else \
                f"no {lms} student has this name, {fields}"
    return matched, unmatched
