"""When each student submitted, from records the student cannot write, in this order:

1. the instructor's times file (`--times`; late.read_times);
2. the LMS's own record: Canvas's `submitted_at` (lms/canvas_times.py); Canvas's download
   names, whose files carry Canvas's time and whose LATE marker says whether Canvas counted the
   work late (batch.discover keeps a class zip's member times, read as UTC); Gradescope's
   `submission_metadata.json` beside `submission/` (in a class whose every folder is shaped as
   Gradescope's /autograder); Gradescope's class export, whose `submission_metadata.yml` at its
   root holds every submission folder's `:created_at:`; Classroom 50's `scores.csv` at the root
   of what `gh teacher download` wrote (`datetime`, newest first per username);
3. nbgrader's `timestamp.txt`, only at `submitted/<student>/<assignment>/timestamp.txt`, where
   `nbgrader submit` writes it and `nbgrader collect` copies it (a time without a zone is UTC,
   as nbgrader reads it);
4. else the newest modification time of the submitted files, with a warning.

The class's layout decides where a record is read, never a file's name: a file named like one of
these among a student's own files is never read as a time, and is reported. nbgrader's stamp is
the one record that sits among the student's files; another `timestamp.txt` there is a
conflict, reported and settled on the later time, never in the student's favour.
"""

from __future__ import annotations

import csv
import json
import os
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path

from autograder.intake import SubmissionError, open_file
from autograder.late import created_at, utc

KEPT = (".py", ".ipynb", ".zip")
# The names of the records above: a class zip keeps them, a student's own copy is never read.
TIME_FILES = ("timestamp.txt", "submission_metadata.json", "submission_metadata.yml", "scores.csv")
STAMP_BYTES = 200  # nbgrader's stamp is one line: a longer file is not one

# Each student's `submitted_from`, in the gradebook and on the feedback page.
TIMES_FILE = "the instructor's times file"
CANVAS_API = "Canvas's submitted_at"
CANVAS_FILES = "the Canvas files' time"
GRADESCOPE = "Gradescope's submission_metadata.json"
GRADESCOPE_EXPORT = "Gradescope's submission_metadata.yml"
CLASSROOM50 = "Classroom 50's datetime"
NBGRADER = "nbgrader's timestamp.txt"
FILE_TIMES = "the files' modification time (no record of the submission)"
NOTHING = "nothing submitted"


@dataclass(frozen=True)
class Place:
    """Where the class's layout keeps one student's submission time."""

    source: str  # GRADESCOPE, GRADESCOPE_EXPORT, CLASSROOM50 or NBGRADER
    path: Path
    key: str = ""  # the student's folder name, in a class-wide record


@dataclass(frozen=True)
class Stamp:
    at: datetime | None
    source: str
    warning: str = ""  # for the terminal: a conflict, a record that cannot be read, a planted file


def layout(root: Path, nbgrader: bool, folders: list[Path]) -> str:
    """Which record the class's download keeps beside the students' files ("" for none)."""
    if nbgrader:
        return NBGRADER
    if (root / "submission_metadata.yml").is_file():
        return GRADESCOPE_EXPORT
    if (root / "scores.csv").is_file() and {"username", "datetime"} <= header(root / "scores.csv"):
        return CLASSROOM50  # not any scores.csv: the manual scores may sit beside the class
    # Gradescope's /autograder shape, submission/ and the metadata beside it, only when every
    # folder has it: one student cannot give their own folder that shape and be believed.
    if folders and all((f / "submission").is_dir() and (f / "submission_metadata.json").is_file() for f in folders):
        return GRADESCOPE
    return ""


def header(path: Path) -> set[str]:
    try:
        with open(path, newline="", encoding="utf-8") as handle:
            return set(next(csv.reader(handle), []))
    except (OSError, ValueError, csv.Error):
        return set()


def own_files(folder: Path, kind: str) -> Path:
    """The part of a student's folder that is the student's own work."""
    return folder / "submission" if kind == GRADESCOPE else folder


def place(folder: Path, kind: str, root: Path, assignment: str | None) -> Place | None:
    """Where `kind` keeps the time of the student whose folder is `folder`."""
    if kind == NBGRADER:
        # Without --assignment, the one folder nbgrader collect made for the student.
        inner = [p for p in folder.iterdir() if not p.name.startswith(".")] if not assignment else [folder / assignment]
        found = len(inner) == 1 and inner[0].is_dir() and not inner[0].is_symlink()
        return Place(NBGRADER, inner[0] / "timestamp.txt") if found else None
    if kind == GRADESCOPE:
        return Place(GRADESCOPE, folder / "submission_metadata.json")
    if kind in (GRADESCOPE_EXPORT, CLASSROOM50):
        return Place(kind, root / ("submission_metadata.yml" if kind == GRADESCOPE_EXPORT else "scores.csv"),
                     folder.name)
    return None


def when(entry, given: Stamp | None = None) -> Stamp:
    """The time of one student's submission and where it came from; `given` is the
    instructor's or Canvas's (stamps), which comes first."""
    if given:
        return given
    place_, origin = entry.place, entry.origin
    planted = {p: p.relative_to(folder).as_posix() for folder in origin if folder.is_dir()
               for p in sorted(folder.rglob("*")) if p.name in TIME_FILES and p.is_file()
               and (place_ is None or p != place_.path)}
    notes = [f"{', '.join(list(planted.values())[:5])} among the student's own files: not read as a time"] \
        if planted else []
    if entry.canvas_user_id is not None:
        newest = newest_mtime(origin)
        return Stamp(newest, CANVAS_FILES if newest else NOTHING, "; ".join(notes))
    if place_ is not None:
        at, problem = read(place_)
        stamps_ = [p for p in planted if p.name == "timestamp.txt"]
        if at is not None and place_.source == NBGRADER and stamps_:
            return conflict(at, {p: planted[p] for p in stamps_})
        if at is not None:
            return Stamp(at, place_.source, "; ".join(notes))
        notes.insert(0, problem)
    newest = newest_mtime(origin)
    return Stamp(newest, FILE_TIMES if newest else NOTHING, "; ".join(notes))


def conflict(at: datetime, others: dict[Path, str]) -> Stamp:
    """nbgrader's stamp and more timestamp.txt files among the student's: the latest time of
    them all, so that a planted stamp can never make work earlier."""
    latest = max([at, *(t for t in (parse_nbgrader(readable(p)) for p in others) if t)])
    return Stamp(latest, f"{NBGRADER}, in conflict with {len(others)} other: the later time",
                 f"conflict: {', '.join(list(others.values())[:5])} beside nbgrader's timestamp.txt, among the "
                 f"student's own files; the later time taken ({latest.isoformat()})")


def read(place_: Place) -> tuple[datetime | None, str]:
    """The time a record keeps for one student, or why there is none."""
    if not os.path.lexists(place_.path):
        return None, f"{place_.source}: not found"
    try:
        if place_.source == NBGRADER:
            at = parse_nbgrader(head(place_.path))
        elif place_.source == GRADESCOPE:
            with open_file(place_.path) as stream:  # beside the student's files: never through a link
                at = created_at(json.loads(stream.read()))
        elif place_.source == GRADESCOPE_EXPORT:
            at = gradescope_export(place_.path).get(place_.key)
        else:
            at = classroom50(place_.path, place_.key)
    except (OSError, ValueError, SubmissionError) as exc:  # yaml's and csv's errors are raised as ValueErrors
        return None, f"{place_.path.name} cannot be read ({type(exc).__name__}: {str(exc)[:200]})"
    return at, "" if at else f"{place_.path.name} has no time for {place_.key or 'this submission'}"


def readable(path: Path) -> str:
    """A planted stamp's text, or "" where it is not a regular file."""
    try:
        return head(path)
    except (OSError, SubmissionError):
        return ""


def head(path: Path) -> str:
    """The start of a stamp, read as the submission's files are: not through a link, and only
    from a regular file."""
    with open_file(path) as stream:
        return stream.read(STAMP_BYTES).decode("utf-8", errors="replace").strip()


def parse_nbgrader(text: str) -> datetime | None:
    """nbgrader writes `%Y-%m-%d %H:%M:%S.%f %Z`, the zone a name (UTC by default) or an offset."""
    import dateutil.parser
    import dateutil.tz

    parts = text.split(" ")
    try:
        if len(parts) == 3:
            zone = dateutil.tz.tzoffset(None, offset_seconds(parts[2])) if parts[2][:1] in "+-" \
                else dateutil.tz.gettz(parts[2])
            return utc(dateutil.parser.parse(" ".join(parts[:2])).replace(tzinfo=zone))
        return utc(dateutil.parser.parse(text))
    except (ValueError, OverflowError):
        return None


def offset_seconds(text: str) -> int:
    sign = -1 if text.startswith("-") else 1
    digits = text[1:].replace(":", "")
    return sign * (int(digits[:2]) * 3600 + int(digits[2:4] or 0) * 60)


@lru_cache(maxsize=4)
def gradescope_export(path: Path) -> dict[str, datetime]:
    """submission folder -> `:created_at:`, from a Gradescope class export's metadata (YAML
    written from Ruby: its keys keep Ruby's leading colon)."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with open(path, encoding="utf-8") as handle:
        try:
            data = yaml.load(handle, Loader=loader)
        except yaml.YAMLError as exc:
            raise ValueError(str(exc).splitlines()[0]) from None
    found = {}
    for folder, submission in (data or {}).items() if isinstance(data, dict) else ():
        value = submission.get(":created_at", submission.get("created_at")) if isinstance(submission, dict) else None
        if isinstance(value, str):
            value = created_at({"created_at": value})
        if isinstance(value, datetime):
            found[str(folder)] = utc(value)
    return found


@lru_cache(maxsize=4)
def classroom50_times(path: Path) -> dict[str, datetime]:
    """username -> the newest submission's `datetime` in `gh teacher download`'s scores.csv
    (one row per submission, newest first; a student without one has an empty cell)."""
    found: dict[str, datetime] = {}
    with open(path, newline="", encoding="utf-8") as handle:
        try:
            for row in csv.DictReader(handle):
                user, text = (row.get("username") or "").strip().lower(), (row.get("datetime") or "").strip()
                if user and text and user not in found:
                    found[user] = utc(datetime.fromisoformat(text))
        except csv.Error as exc:
            raise ValueError(str(exc)) from None
    return found


def classroom50(path: Path, folder: str) -> datetime | None:
    """The time of the repository `gh teacher download` cloned as <classroom>-<assignment>-<username>."""
    users = [u for u in classroom50_times(path) if folder.lower().endswith(f"-{u}")]
    return classroom50_times(path)[max(users, key=len)] if users else None


def newest_mtime(origin: tuple[Path, ...]) -> datetime | None:
    files = [p for path in origin for p in ([path] if path.is_file() else path.rglob("*"))
             if p.is_file() and p.suffix.lower() in KEPT and ".ipynb_checkpoints" not in p.parts]
    if not files:
        return None
    return datetime.fromtimestamp(max(p.stat().st_mtime for p in files), tz=timezone.utc)


def stamps(entries: list, times: dict[str, datetime] | None = None,
           canvas: str | None = None) -> tuple[dict[str, Stamp], list[str]]:
    """Every student's Stamp, with the times file first and Canvas's record next, and the
    warnings for the terminal: records that cannot be used, files planted among a student's
    own, and the students whose time is only their files'."""
    given: dict[str, Stamp] = {}
    warnings: list[str] = []
    if canvas is not None:
        from autograder.lms.canvas_times import submitted_at

        found, missing = submitted_at(canvas, entries)
        given |= {student: Stamp(at, CANVAS_API) for student, at in found.items()}
        missing = {s: why for s, why in missing.items() if s not in (times or {})}
        if missing:
            warnings.append(f"Canvas's submitted_at is not used for {len(missing)} student(s), whose time comes "
                            "from the download: " + "; ".join(f"{s}: {why}" for s, why in sorted(missing.items())[:10]))
    given |= {student: Stamp(at, TIMES_FILE) for student, at in (times or {}).items()}
    found_ = {e.student: when(e, given.get(e.student)) for e in entries}
    warnings += [f"{student}: {stamp.warning}" for student, stamp in found_.items() if stamp.warning]
    fallback = sorted(s for s, stamp in found_.items() if stamp.source == FILE_TIMES)
    if fallback:
        warnings.append(f"no record of when {len(fallback)} student(s) submitted ({', '.join(fallback[:10])}"
                        f"{', ...' if len(fallback) > 10 else ''}): their time is their files' modification time, "
                        "which copying the folders (cp -r) or an unzip that drops times changes; --times sets it")
    return found_, warnings
