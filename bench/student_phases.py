"""Where one student's seconds go in a grade-all worker (issue 20, point 8): sandbox start, the
wait for its zygote's imports, each item worker's folder, fork and import, each item's teardown,
the sandbox's close, and the checks themselves.

    .venv/bin/python bench/student_phases.py [--students 3] [--processes 2] [--items all] [PATH]

Each of `--processes` processes grades PATH (default: the reference solutions) `--students`
times, one student after another as a grade-all worker's grading process does (batch/server.py:
torch, pytest and the check modules loaded once), all of them side by side, as
`grade-all --workers 2` runs on 2 cores. The package's functions are timed from outside by
wrapping them in this process, so the package needs no hook. The first student of each process
also pays the grading process's own imports and the trusted side's caches: the table shows the
first and the later students apart. Prints the load average before and after.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# (what, the function timed); inclusive times: the fork request holds the first wait for the zygote.
PHASES = (
    ("sandbox start (staging, lease, launch)", "autograder.runner.sandbox", "Sandbox.__init__"),
    ("waiting for the zygote's imports and preloads", "autograder.runner.sandbox", "Forker.wait_ready"),
    ("item folders: the submission written", "autograder.runner.session", "ItemWorker._prepare"),
    ("item workers: fork request (first one waits for the zygote)", "autograder.runner.sandbox", "Forker.spawn"),
    ("item workers: start, the module imported", "autograder.runner.session", "ItemWorker._start"),
    ("item teardown: sweep and folder removed", "autograder.runner.session", "Session.finish"),
    ("sandbox close", "autograder.runner.sandbox", "Sandbox.close"),
    ("the whole student", "autograder.grading", "grade_path"),
)


totals: dict[str, list] = {}  # phase -> [seconds, calls] for the student being graded


def wrap() -> None:
    """Every phase's function, timed into `totals`."""
    import importlib

    for name, module, qualname in PHASES:
        owner_name, _, function = qualname.rpartition(".")
        owner = importlib.import_module(module)
        owner = getattr(owner, owner_name) if owner_name else owner
        original = getattr(owner, function)

        def timed(*args, _original=original, _name=name, **kwargs):
            start = time.perf_counter()
            try:
                return _original(*args, **kwargs)
            finally:
                spent = totals.setdefault(_name, [0.0, 0])
                spent[0] += time.perf_counter() - start
                spent[1] += 1

        setattr(owner, function, timed)


def grade_students(path: Path, students: int, items: list[str] | None) -> list[dict]:
    """In this process: the grading process's imports, then one student after another."""
    start = time.perf_counter()
    import pytest  # noqa: F401  (as batch/server.py does before its first student)
    import torch  # noqa: F401

    import autograder.grading as grading

    imports = time.perf_counter() - start
    wrap()
    rows = []
    for _ in range(students):
        totals.clear()
        report = grading.grade_path(path, items, "cpu")
        rows.append({"score": f"{report['score']:g}/{report['max_score']:g}", "imports_s": imports,
                     "phases": dict(totals)})
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", default=str(ROOT / "solutions"))
    parser.add_argument("--students", type=int, default=3)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--items")
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)  # a child: grade and print JSON
    args = parser.parse_args()
    items = args.items.split(",") if args.items and args.items != "all" else None
    if args.one:
        print(json.dumps(grade_students(Path(args.path), args.students, items)))
        return 0
    print(f"{os.cpu_count()} CPU cores, load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}", flush=True)
    command = [sys.executable, "-P", str(Path(__file__).resolve()), args.path, "--students", str(args.students),
               "--one", *(["--items", args.items] if args.items else [])]
    start = time.perf_counter()
    procs = [subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
             for _ in range(args.processes)]
    results = [json.loads(p.communicate()[0]) for p in procs]
    wall = time.perf_counter() - start
    print(f"{args.processes} processes x {args.students} students side by side: {wall:.1f} s, "
          f"scores {sorted({r['score'] for rows in results for r in rows})}")
    print(f"grading process's imports: {statistics.median(rows[0]['imports_s'] for rows in results):.2f} s (median)")
    for label, pick in (("first student", lambda rows: rows[:1]), ("later students", lambda rows: rows[1:])):
        chosen = [row for rows in results for row in pick(rows)]
        if not chosen:
            continue
        print(f"\n{label} ({len(chosen)}): median seconds per student, calls per student")
        for name, _, _ in PHASES:
            seconds = statistics.median(row["phases"].get(name, [0.0, 0])[0] for row in chosen)
            calls = statistics.median(row["phases"].get(name, [0.0, 0])[1] for row in chosen)
            print(f"  {seconds:7.2f}  {calls:4g}  {name}")
    print(f"\nload average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
