"""The late policy: a due date, a share of the score lost per started day late, a cap, a grace
period, and per-student extensions, read from a TOML file:

    due = "2026-12-14T23:59:00+01:00"
    penalty_per_day = 0.10     # share of the score lost per started day late
    max_penalty = 0.50
    grace_minutes = 15
    [extensions]               # per student: a new due date
    alice = "2026-12-16T23:59:00+01:00"

The grace period moves the due date (a student's own, extended or not) later; every day, or
part of one, past that costs penalty_per_day, up to max_penalty. grade-all applies it to each
student's total, and Gradescope's run_autograder to the score of one submission.
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

from autograder.exits import ExitError

DAY = timedelta(days=1)
KEYS = {"due", "penalty_per_day", "max_penalty", "grace_minutes", "extensions"}


class PolicyError(ExitError):
    """The policy file cannot be used; the message names every problem."""


@dataclass(frozen=True)
class Policy:
    due: datetime
    penalty_per_day: float = 0.0
    max_penalty: float = 1.0
    grace_minutes: float = 0.0
    extensions: dict[str, datetime] = field(default_factory=dict)

    def due_for(self, names) -> tuple[datetime, bool]:
        """The due date for a submission by these names (a group's members, a person's
        aliases): the latest extension among them, else the policy's; and whether extended."""
        extended = [self.extensions[n] for n in names if n in self.extensions]
        return (max(extended), True) if extended else (self.due, False)

    def assess(self, submitted: datetime, names, *, known_late: bool | None = None) -> dict:
        """What the policy makes of a submission made at `submitted`: the fields a report keeps.
        `known_late` is the LMS's own verdict where it gives one (Canvas's LATE marker): False
        is on time whatever the time says, True at least a started day late unless extended."""
        due, extended = self.due_for(names)
        deadline = due + timedelta(minutes=self.grace_minutes)
        days = max(0, math.ceil((submitted - deadline) / DAY))
        if known_late is False:
            days = 0
        elif known_late and not extended:
            days = max(days, 1)
        share = round(min(self.max_penalty, days * self.penalty_per_day), 6)
        return {"submitted_at": submitted.isoformat(), "due": due.isoformat(), "extended": extended,
                "grace_minutes": self.grace_minutes, "days_late": days, "penalty": share,
                "penalty_per_day": self.penalty_per_day, "max_penalty": self.max_penalty}


def read_policy(path: Path) -> Policy:
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise PolicyError(f"{path}: {exc}") from None
    problems = [f"unknown setting {key!r}" for key in sorted(set(data) - KEYS)]
    due = moment(data["due"], "due", problems) if "due" in data else None
    if "due" not in data:
        problems.append("no due date (due = ...)")
    shares = {}
    for key, default in (("penalty_per_day", 0.0), ("max_penalty", 1.0)):
        value = data.get(key, default)
        if not isinstance(value, (int, float)) or isinstance(value, bool) or not 0 <= value <= 1:
            problems.append(f"{key} must be a share between 0 and 1, not {value!r}")
        shares[key] = value
    grace = data.get("grace_minutes", 0)
    if not isinstance(grace, (int, float)) or isinstance(grace, bool) or grace < 0:
        problems.append(f"grace_minutes must be a number of minutes, 0 or more, not {grace!r}")
    extensions = data.get("extensions", {})
    if not isinstance(extensions, dict):
        problems.append("[extensions] must be a table of student = due date")
        extensions = {}
    moved = {str(name): moment(value, f"the extension for {name}", problems) for name, value in extensions.items()}
    if problems:
        raise PolicyError(f"{path}: " + "; ".join(problems))
    return Policy(due, float(shares["penalty_per_day"]), float(shares["max_penalty"]), float(grace), moved)


class TimesError(ExitError):
    """The times file cannot be used; the message names every bad line."""


def read_times(path: Path) -> dict[str, datetime]:
    """student -> when they submitted, from the instructor's CSV with the columns
    student,submitted_at (ISO 8601 with its offset, as an LMS export gives it). A bad line
    refuses the whole file: a time the instructor meant cannot be guessed."""
    import csv

    try:
        with open(path, newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            missing = {"student", "submitted_at"} - set(reader.fieldnames or [])
            if missing:
                raise TimesError(f"{path}: the columns {', '.join(sorted(missing))} are missing "
                                 "(expected student,submitted_at)")
            rows = list(enumerate(reader, start=2))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise TimesError(f"{path}: {exc}") from None
    times: dict[str, datetime] = {}
    problems: list[str] = []
    for line, row in rows:
        student, text = (row["student"] or "").strip(), (row["submitted_at"] or "").strip()
        found: list[str] = []
        when = moment(text, f"line {line}", found)
        if not student:
            problems.append(f"line {line}: no student")
        elif student in times:
            problems.append(f"line {line}: a second time for {student}")
        elif when is None:
            problems += found
        else:
            times[student] = when
    if problems:
        raise TimesError(f"{path}: " + "; ".join(problems))
    return times


def moment(value, what: str, problems: list[str]) -> datetime | None:
    """A date and time with its offset, as TOML writes it or as a string; a time without an
    offset is refused, since the same clock time differs by hours between the places involved."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            problems.append(f"{what}: {value!r} is not a date and time like 2026-12-14T23:59:00+01:00")
            return None
    if not isinstance(value, datetime):
        problems.append(f"{what}: {value!r} is not a date and time like 2026-12-14T23:59:00+01:00")
        return None
    if value.tzinfo is None:
        problems.append(f"{what}: {value.isoformat()} has no UTC offset (write it like 2026-12-14T23:59:00+01:00)")
        return None
    return value


def utc(moment: datetime) -> datetime:
    """A time read without an offset (file times, zip members, nbgrader's default) is UTC."""
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment


def created_at(metadata) -> datetime | None:
    """The submission time in Gradescope's submission_metadata.json."""
    try:
        return utc(datetime.fromisoformat(metadata["created_at"]))
    except (KeyError, TypeError, ValueError):
        return None


def explain(late: dict, total: float | None = None) -> str:
    """One sentence for the student and the instructor: when, against which due date, and the
    penalty's arithmetic."""
    due = "extended due date" if late["extended"] else "due date"
    grace = f" plus {late['grace_minutes']:g} minutes' grace" if late["grace_minutes"] else ""
    zone = datetime.fromisoformat(late["due"]).tzinfo
    when = f"Submitted {shown(late['submitted_at'], zone)}"
    if late.get("submitted_from"):
        when += f" ({late['submitted_from']})"
    if not late["days_late"]:
        return f"{when}, by the {due} {shown(late['due'])}{grace}: no late penalty."
    capped = " (the cap)" if late["penalty"] < late["days_late"] * late["penalty_per_day"] else ""
    text = (f"{when}, after the {due} {shown(late['due'])}{grace}: {late['days_late']} started day(s) late "
            f"at {late['penalty_per_day']:.0%} a day, a penalty of {late['penalty']:.0%}{capped} of the score")
    if total is not None:
        text += f": {total:g} - {total * late['penalty']:g} = {total * (1 - late['penalty']):g}"
    return text + "."


def shown(iso: str, zone=None) -> str:
    """A time as people read it, in the due date's zone: the two are compared at a glance."""
    moment = datetime.fromisoformat(iso)
    return (moment.astimezone(zone) if zone else moment).strftime("%Y-%m-%d %H:%M %z")
