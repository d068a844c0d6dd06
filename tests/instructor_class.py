"""A generated class for the instructor's side (tests/test_instructor_*.py), graded on q02 and
q07: honest students with solutions of their own (tests/honest/), two who share a modified
copy, students who carry mistakes from the corpus (tests/mistakes/), a stub, and submissions
whose times come from the instructor's times file (TIMES, given with --times), Canvas's download
names and the files' own times; one student late by their files' time planted the time files
grade-all must never read from a student (nbgrader's timestamp.txt, Gradescope's metadata)."""

from __future__ import annotations

import json
import os
import re
import shutil
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HONEST, MISTAKES, EXERCISES = ROOT / "tests" / "honest", ROOT / "tests" / "mistakes", ROOT / "exercises"
ITEMS = ("q02", "q07")
Q02, Q07 = "q02_sigmoid", "q07_zip_pairs"
DUE = datetime(2026, 12, 14, 23, 59, tzinfo=timezone(timedelta(hours=1)))
POLICY = """due = "2026-12-14T23:59:00+01:00"
penalty_per_day = 0.10
max_penalty = 0.50
grace_minutes = 15
[extensions]
honest_3 = "2026-12-18T23:59:00+01:00"
"""
# The instructor's times file: 2 days late; 3 days late within an extension; 16 minutes past the
# grace period, 1 started day.
TIMES = """student,submitted_at
honest_2,2026-12-16T10:00:00+00:00
honest_3,2026-12-17T12:00:00+00:00
gradescope_1,2026-12-15T00:30:00+01:00
"""
# student -> the late penalty the policy gives (share of the score)
PENALTIES = {"honest_1": 0.0, "honest_2": 0.2, "honest_3": 0.0, "copier_a": 0.5, "copierb": 0.2, "smithjane": 0.0,
             "gradescope_1": 0.1, "m_exp_1": 0.0, "m_exp_2": 0.0, "m_torch": 0.0, "m_zip": 0.0}
HONEST_STUDENTS = ("honest_1", "honest_2", "honest_3")
COPIERS = ("copier_a", "copierb")
# smithjane hands in the stub of q02: work not done, no mistake named.
NAMED = {"q02": {"m_exp_1": "exp_ratio_overflows", "m_exp_2": "exp_ratio_overflows",
                 "gradescope_1": "plot_range_too_narrow", "m_torch": "uses_torch_sigmoid"},
         "q07": {"m_zip": "returns_zip_object"}}
RENAMES = {"left": "source_a", "right": "source_b", "pairs": "collected", "a": "first", "b": "second",
           "dataset": "rows", "count_x": "n_inputs", "count_y": "n_targets", "sample": "features", "label": "target",
           "index": "i", "message": "text"}


def stamp(path: Path, moment: datetime) -> None:
    for target in [path, *path.rglob("*")] if path.is_dir() else [path]:
        os.utime(target, (moment.timestamp(), moment.timestamp()))


def modified_copy(source: str) -> str:
    """What a student who copies does: other names, a comment, other spacing."""
    for old, new in RENAMES.items():
        source = re.sub(rf"\b{old}\b", new, source)
    return source.replace("    while True:", "    # walk both inputs in step\n\n    while True:")


def student(root: Path, name: str, files: dict[str, str]) -> Path:
    folder = root / name
    folder.mkdir(parents=True)
    for module, text in files.items():
        (folder / f"{module}.py").write_text(text)
    return folder


def make(root: Path) -> Path:
    """The class's download folder; every file dated an hour before the due date unless said."""
    root.mkdir(parents=True)
    honest = {item: sorted((HONEST / module).glob("*.py")) for item, module in (("q02", Q02), ("q07", Q07))}
    for i, name in enumerate(HONEST_STUDENTS):
        q07 = [p for p in honest["q07"] if p.stem != "iterators"][i]
        student(root, name, {Q02: honest["q02"][i].read_text(), Q07: q07.read_text()})
    copied = (HONEST / Q07 / "iterators.py").read_text()
    student(root, "copier_a", {Q07: copied})
    for name, mistakes in NAMED.items():
        module = Q02 if name == "q02" else Q07
        for who, mistake in mistakes.items():
            student(root, who, {module: (MISTAKES / module / f"{mistake}.py").read_text()})
    # Canvas's flat download names: <lastfirst>[_late]_<user id>_<submission id>_<file>
    (root / f"copierb_late_1002_9002_{Q07}.py").write_text(modified_copy(copied))
    (root / f"smithjane_1001_9001_{Q02}.py").write_text((EXERCISES / f"{Q02}.py").read_text())
    stamp(root, DUE - timedelta(hours=1))
    # Late by the files' time: 10 days (capped at 50%), and Canvas's: marked late, 1 day 31 minutes
    # after the due date (2 started days past the grace period); smithjane's file is late too, but
    # Canvas did not mark it: on time.
    stamp(root / "copier_a", DUE + timedelta(days=10))
    stamp(root / f"copierb_late_1002_9002_{Q07}.py", DUE + timedelta(days=1, minutes=31))
    stamp(root / f"smithjane_1001_9001_{Q02}.py", DUE + timedelta(days=3))
    # copier_a, 10 days late by the files, says otherwise with the time files of other layouts,
    # which are never read from a student's own files: still 10 days late.
    planted = DUE.isoformat()
    (root / "copier_a" / "timestamp.txt").write_text("2026-12-01 10:00:00.000000 UTC")
    (root / "copier_a" / "submission_metadata.json").write_text(json.dumps({"created_at": planted}))
    (root / "copier_a" / "submission_metadata.yml").write_text(f"copier_a:\n  :created_at: {planted}\n")
    return root


def copy_output(graded: Path, dest: Path) -> Path:
    shutil.copytree(graded, dest)
    return dest
