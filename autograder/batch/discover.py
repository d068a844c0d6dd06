"""Find one submission per student in what an instructor downloaded.

Accepted layouts (docs/instructors.md):
- a folder with one entry per student: a folder of modules, a notebook, or a .zip;
- nbgrader's `submitted/<student>/<assignment>/` (the course folder, or `submitted/` itself);
- a .zip of either, as an LMS downloads it, unpacked under intake.py's rules for members;
  Canvas's flat `<student>_<id>_<id>_<file>` names are grouped back per student (keeping the
  Canvas user id and the LATE marker) and Moodle's `<Name>_<id>_assignsubmission_file_` folders
  lose their suffix.

Discovery never reads a file's contents beyond listing names (and Canvas's flat files, read
by autograder.intake to regroup them) and never hands on a path through a link: the per-student
grading process reads the submission, so a broken one fails on its own row.
"""

from __future__ import annotations

import os
import re
import stat
import zipfile
from calendar import timegm
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from autograder.batch import submitted
from autograder.intake import SubmissionError, read_file, unpack, unreadable
from autograder.submission import modules_folder

CLASS_MAX_MEMBERS = 200_000
CLASS_MAX_TOTAL = 8 << 30  # a class of notebooks with outputs can be large; each member is still checked
KEPT = (".py", ".ipynb", ".zip")
CANVAS = re.compile(r"^(?P<student>[A-Za-z0-9-]+?)(?P<late>_late)?_(?P<user>\d+)_\d+_(?P<file>.+)$", re.IGNORECASE)
CANVAS_COPY = re.compile(r"-\d+(?=\.[A-Za-z]+$)")  # Canvas renames a re-upload q01.py to q01-1.py
MOODLE = re.compile(r"_\d+_assignsubmission_\w*$")


@dataclass
class Entry:
    student: str
    path: Path | None  # what `autograder grade` is given
    problem: str | None = None  # why there is nothing to grade, when path is None
    source: str = ""  # where it came from, for the instructor
    origin: tuple[Path, ...] = ()  # the student's own downloaded files or folder
    canvas_user_id: str | None = None  # from Canvas's download names
    marked_late: bool = False  # Canvas's LATE marker
    place: submitted.Place | None = None  # where the class's layout keeps the submission time

    def facts(self, stamp: submitted.Stamp | None = None) -> dict:
        """What the download (or the instructor's times, given as `stamp`) says beside the work
        itself, for the student's record."""
        stamp = stamp or submitted.when(self)
        facts = {"submitted": {"at": stamp.at.isoformat() if stamp.at else None, "from": stamp.source,
                               "marked_late": self.marked_late}}
        return facts | ({"canvas_user_id": self.canvas_user_id} if self.canvas_user_id else {})


def discover(root: Path, workdir: Path, assignment: str | None = None) -> tuple[list[Entry], list[str]]:
    """The class's submissions, one per student, sorted by student; `workdir` holds whatever
    had to be unpacked or regrouped and must outlive the grading."""
    root, warnings = Path(root), []
    if not root.exists():
        raise SubmissionError(f"{root} does not exist")
    if root.is_file():
        if root.suffix.lower() != ".zip":
            raise SubmissionError(f"{root} is neither a folder of submissions nor a .zip of them")
        archive = root
        root = unpack(archive, workdir / "unpacked", warnings, keep=KEPT + submitted.TIME_FILES,
                      max_members=CLASS_MAX_MEMBERS, max_total=CLASS_MAX_TOTAL)
        keep_member_times(archive, root)
        root = unwrap(root)
    nbgrader = (root / "submitted").is_dir() or root.name == "submitted"
    if (root / "submitted").is_dir():
        root = root / "submitted"  # an nbgrader course folder
    if list(root.glob("q[0-9][0-9]_*.py")) and not any(CANVAS.match(p.name) for p in root.glob("*.py")):
        raise SubmissionError(f"{root} holds item modules itself: it is one submission; grade it with "
                              "`autograder grade`, or put each student's work in a folder of its own")
    entries = []
    kind = submitted.layout(root, nbgrader, [p for p in visible(root) if p.is_dir() and not p.is_symlink()])
    for child in sorted(visible(root)):
        if child.is_symlink() and child.is_dir():  # a linked notebook or zip is refused by its grading
            entries.append(Entry(student_name(child.name), None, f"{child.name} {unreadable(stat.S_IFLNK, child.name)}",
                                 child.name))
        elif child.is_dir():
            own = submitted.own_files(child, kind)
            path, problem = resolve(own, assignment)
            origin = own / assignment if assignment else own
            entries.append(Entry(student_name(child.name), path, problem, child.name, (origin,),
                                 place=submitted.place(child, kind, root, assignment)))
        elif child.suffix.lower() in (".ipynb", ".zip") and not CANVAS.match(child.name):
            entries.append(Entry(student_name(child.stem), child, None, child.name, (child,)))
    entries += canvas_entries(root, workdir / "canvas", warnings)
    entries.sort(key=lambda e: e.student)
    return unique(entries), warnings


def keep_member_times(archive: Path, root: Path) -> None:
    """Unpacked files carry their zip member's time (an LMS stamps it with the submission's),
    read as UTC since zip times have no zone."""
    with zipfile.ZipFile(archive) as zf:
        for member in zf.infolist():
            name = PurePosixPath(member.filename)
            if member.is_dir() or name.is_absolute() or ".." in name.parts or "\\" in member.filename:
                continue  # never unpacked (intake.unpack's rules), so never touched
            target = root.joinpath(*name.parts)
            if target.is_file() and not target.is_symlink():
                stamp = timegm((*member.date_time, 0, 0, 0))
                os.utime(target, (stamp, stamp))


def visible(folder: Path):
    return (p for p in folder.iterdir() if not p.name.startswith((".", "__MACOSX")))


def unwrap(root: Path) -> Path:
    """LMS archives often wrap everything in one folder: the root is the folder that holds the
    students (their folders, or Canvas's prefixed files), not a student's own files."""
    while True:
        children = list(visible(root))
        if len(children) != 1 or not children[0].is_dir() or holds_own_work(children[0]):
            return root
        root = children[0]


def holds_own_work(folder: Path) -> bool:
    """Modules or a notebook named as a student names them (not Canvas's prefixed copies)."""
    return any(p.is_file() and p.suffix.lower() in (".py", ".ipynb") and not CANVAS.match(p.name)
               for p in visible(folder))


def resolve(folder: Path, assignment: str | None) -> tuple[Path | None, str | None]:
    """What to grade inside a student's folder: the folder of modules, or the one notebook or zip.
    Folders are looked into without following links (rglob), and a link chosen as the path is
    refused by the grading process's reader."""
    if folder.is_symlink():
        return None, f"{folder.name} {unreadable(stat.S_IFLNK, folder.name)}"
    if assignment:
        if (folder / assignment).is_symlink() or not (folder / assignment).is_dir():
            return None, f"nothing submitted for {assignment}"
        folder = folder / assignment
    found = modules_folder(p.relative_to(folder) for p in folder.rglob("q[0-9][0-9]_*.py"))
    if found is not None:
        return folder / found, None
    # Jupyter's .ipynb_checkpoints copies are not submissions.
    notebooks = [p for p in folder.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts]
    zips = list(folder.rglob("*.zip"))
    if len(notebooks) == 1:
        return notebooks[0], None
    if len(notebooks) > 1:
        return None, (f"{len(notebooks)} notebooks ({', '.join(sorted(p.name for p in notebooks)[:4])}); "
                      "expected one (nbgrader: choose the assignment with --assignment)")
    if len(zips) == 1:
        return zips[0], None
    return folder, None  # nothing recognisable: grading reports every module as missing


def canvas_entries(root: Path, dest: Path, warnings: list[str]) -> list[Entry]:
    """Canvas puts every student's files side by side, each name prefixed with the student's;
    module files are regrouped into a folder per student, a notebook or zip is taken as is."""
    groups: dict[str, list[tuple[Path, str]]] = {}
    users: dict[str, str] = {}
    late: set[str] = set()
    for path in sorted(p for p in visible(root) if p.is_file()):
        match = CANVAS.match(path.name)
        if match and path.suffix.lower() in KEPT:
            groups.setdefault(match["student"], []).append((path, CANVAS_COPY.sub("", match["file"])))
            users[match["student"]] = match["user"]
            if match["late"]:
                late.add(match["student"])
    entries = []
    for student, files in groups.items():
        singles = [p for p, _ in files if p.suffix.lower() in (".ipynb", ".zip")]
        facts = {"origin": tuple(p for p, _ in files), "canvas_user_id": users[student], "marked_late": student in late}
        if len(singles) == 1 and len(files) == 1:
            entries.append(Entry(student_name(student), singles[0], None, singles[0].name, **facts))
            continue
        folder = dest / student
        folder.mkdir(parents=True, exist_ok=True)
        for path, original in files:
            if path.suffix.lower() == ".py":
                try:
                    (folder / original).write_bytes(read_file(path))
                except SubmissionError as exc:
                    warnings.append(f"{student}: {exc}")
            else:
                warnings.append(f"{student}: {path.name} ignored beside the other files")
        entries.append(Entry(student_name(student), folder, None, f"{len(files)} Canvas file(s)", **facts))
    return entries


def student_name(raw: str) -> str:
    """A name safe as a file name, readable: Moodle's suffix dropped, odd characters replaced."""
    name = MOODLE.sub("", raw)
    name = re.sub(r"[^A-Za-z0-9._@-]+", "_", name).strip("._")
    return name or "student"


def unique(entries: list[Entry]) -> list[Entry]:
    seen: dict[str, int] = {}
    for entry in entries:
        if entry.student in seen:
            seen[entry.student] += 1
            entry.student = f"{entry.student}-{seen[entry.student]}"
        else:
            seen[entry.student] = 1
    return entries
