"""What grade-all's OUT remembers of the run that wrote it, so that a rerun on the same OUT (to
add manual scores, change the policy, take in late work) changes only what it is told to:

    OUT/options.json   the value of every option that shapes the gradebook
    OUT/inputs/        a copy of every file those options named, and Canvas's record of times

A rerun takes each option it is not given from there, unless told to drop it (--no-policy,
--no-times, --no-manual, ...); an option given again replaces the remembered one. After the
rerun, each option that changed (a file that differs from its copy, another value, an option
dropped or added) is named on one line with the gradebook columns that changed with it.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from autograder.files import write_atomic
from autograder.report.gradebook import LATE_COLUMNS

OPTIONS_FILE, INPUTS = "options.json", "inputs"
TIME_COLUMNS = set(LATE_COLUMNS) - {"due"}  # a student's time moves all the policy's columns but the due date
TOTALS = {"auto_score", "auto_max", "written_score", "written_max", "written_pending", "total", "max_score", "final"}


def no_column(column: str) -> bool:
    return False


def no_output(value) -> list[str]:
    return []


def scored(column: str) -> bool:
    return bool(re.fullmatch(r"q\d\d(_written)?", column)) or column in TOTALS


def written(column: str) -> bool:
    return column.endswith("_written") or column in {"written_score", "written_pending", "total", "final"}


@dataclass(frozen=True)
class Option:
    flag: str  # how the command line names it
    copy: str = ""  # for an option that names a file: its copy's name in OUT/inputs
    shapes: Callable[[str], bool] = no_column  # the gradebook columns it decides
    writes: Callable[[Any], list[str]] = no_output  # the outputs beside the gradebook it adds


OPTIONS = {
    "policy": Option("--policy", "policy.toml", lambda column: column in LATE_COLUMNS),
    "times": Option("--times", "times.csv", lambda column: column in TIME_COLUMNS),
    "canvas": Option("--canvas-course/--canvas-assignment", "canvas.json", lambda column: column in TIME_COLUMNS),
    "manual": Option("--manual", "manual.csv", written),
    "items": Option("--items", shapes=scored),
    "assignment": Option("--assignment", shapes=lambda column: True),
    "similarity": Option("--similarity", writes=lambda on: ["similarity.html"] if on else []),
    "gradebook_format": Option("--gradebook-format",
                               writes=lambda formats: [f"gradebook_{f}.csv" for f in formats or []]),
    "gradebook_column": Option("--gradebook-column"),
}


def drop_flag(name: str) -> str:
    return f"--no-{name.replace('_', '-')}"


@dataclass
class Run:
    """This run's options, and what is needed to say afterwards what changed."""

    out: Path
    values: dict[str, Any]  # each option's value now (None: not set)
    files: dict[str, Path]  # the file each file option reads now: the one given, or OUT's copy
    notes: list[str] = field(default_factory=list)  # to say before grading
    changed: dict[str, str] = field(default_factory=dict)  # option -> what changed, for the lines after
    remembered: dict[str, Any] = field(default_factory=dict)
    before: tuple[list[str], dict[str, dict]] | None = None  # the gradebook's header and rows before


def resolve(out: Path, given: dict[str, Any], files: dict[str, Path], dropped: set[str]) -> Run:
    """This run's options: `given` (None where not given; a file option's value is the name it
    was given as, its file in `files`), else what OUT remembers, less the `dropped`."""
    remembered = load(out)
    run = Run(out, {}, {}, remembered=remembered, before=gradebook(out / "gradebook.csv"))
    rerun = (out / OPTIONS_FILE).is_file()
    used = []
    for name, option in OPTIONS.items():
        old = remembered.get(name)
        copy = out / INPUTS / option.copy if option.copy else None
        if old is not None and copy is not None and not copy.is_file():
            run.notes.append(f"{copy} is missing: {option.flag} is not remembered")
            old = None
        if name in dropped:
            value, path = None, None
        elif given.get(name) is not None:
            value, path = given[name], files.get(name)
        else:
            value, path = old, copy if old is not None else None
            if old is not None:
                used.append(typed(option, old) + (f" (its copy {copy})" if copy else ""))
        run.values[name] = value
        if path is not None:
            run.files[name] = path
        if rerun and (what := change(option, name, old, value, path, copy)):
            run.changed[name] = what
    if used:
        run.notes.append(f"{out} remembers {', '.join(used)} (from {out / OPTIONS_FILE}; "
                         f"{drop_flag('policy')} and the like drop one)")
    return run


def change(option: Option, name: str, old, value, path: Path | None, copy: Path | None) -> str:
    """What changed in one option since the run OUT remembers, or ""."""
    if old is None and value is None:
        return ""
    if value is None:
        return f"{drop_flag(name)}: {typed(option, old)} dropped"
    if old is None:
        return f"{typed(option, value)} added"
    if copy is not None and path != copy and path.read_bytes() != copy.read_bytes():
        return f"{typed(option, value)} differs from the copy this output was made with ({copy})"
    if copy is None and value != old:
        return f"{option.flag}: {shown(old)} before, {shown(value)} now"
    return ""


def finish(run: Run) -> list[str]:
    """After a completed run: remember its options and files; drop the outputs of options
    dropped; the lines that say what changed."""
    inputs = run.out / INPUTS
    kept = {}
    for name, option in OPTIONS.items():
        value = run.values[name]
        if option.copy:
            copy = inputs / option.copy
            if value is None:
                copy.unlink(missing_ok=True)
            elif run.files[name] != copy:
                inputs.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(run.files[name], copy)
        if value is not None:
            kept[name] = value
    write_atomic(run.out / OPTIONS_FILE, json.dumps(kept, indent=2) + "\n")
    lines = []
    after = gradebook(run.out / "gradebook.csv")
    for name, what in run.changed.items():
        option = OPTIONS[name]
        gone = [f for f in option.writes(run.remembered.get(name)) if f not in option.writes(run.values[name])]
        for output in gone:
            (run.out / output).unlink(missing_ok=True)
        said = columns(option.shapes, run.before, after)
        lines.append(f"{what}: " + "; ".join(said + [f"{output} removed" for output in gone]
                                                     or ["no gradebook column changes"]))
    return lines


def columns(shapes: Callable[[str], bool], before, after) -> list[str]:
    """The columns `shapes` decides that were dropped, added, or hold other values now."""
    if before is None or after is None:
        return []
    (old_header, old_rows), (new_header, new_rows) = before, after
    old = [c for c in old_header if shapes(c)]
    new = [c for c in new_header if shapes(c)]
    said = []
    if dropped := [c for c in old if c not in new]:
        said.append(f"drops {', '.join(dropped)}")
    if added := [c for c in new if c not in old]:
        said.append(f"adds {', '.join(added)}")
    students = [s for s in new_rows if s in old_rows]
    moved = [c for c in new if c in old and any(old_rows[s].get(c) != new_rows[s].get(c) for s in students)]
    if moved:
        who = sum(any(old_rows[s].get(c) != new_rows[s].get(c) for c in moved) for s in students)
        said.append(f"changes {', '.join(moved)} (for {who} student(s))")
    return said


def gradebook(path: Path) -> tuple[list[str], dict[str, dict]] | None:
    if not path.is_file():
        return None
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        rows = {row["student"]: row for row in reader}
    return list(reader.fieldnames or []), rows


def load(out: Path) -> dict[str, Any]:
    try:
        found = json.loads((out / OPTIONS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {name: value for name, value in found.items() if name in OPTIONS} if isinstance(found, dict) else {}


def typed(option: Option, value) -> str:
    """The option as it would be typed."""
    return option.flag if value is True else f"{option.flag} {shown(value)}"


def shown(value) -> str:
    if isinstance(value, list):
        return ",".join(map(str, value))
    if isinstance(value, dict):  # Canvas's course and assignment
        return "/".join(map(str, value.values()))
    return str(value)
