"""Grade one student in a process of its own: `autograder grade PATH --format json`.

A separate process per student means a separate sandbox, and nothing one submission does (or
one grader failure) can touch another's grading. What the process uses is measured with
wait4(): CPU seconds and peak resident memory of the grading process and the processes it
waited for (a lower bound: see docs/instructors.md).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from autograder.batch.discover import Entry

# Exit codes of `autograder grade` (cli.py): 2 the submission cannot be read, 3 the grader failed.
SUBMISSION_ERROR, GRADER_ERROR = 2, 3


class Running:
    """The process groups of the gradings in progress, so that an interrupted batch ends them."""

    def __init__(self):
        self.groups: set[int] = set()
        self.lock = threading.Lock()

    def kill_all(self) -> None:
        with self.lock:
            for pgid in list(self.groups):
                _kill_group(pgid)


def grade_command(path: Path, items: list[str] | None, device: str) -> list[str]:
    command = [sys.executable, "-m", "autograder", "grade", str(path), "--format", "json", "--artifacts",
               "--device", device]
    return command + (["--items", ",".join(items)] if items else [])


def grade_entry(entry: Entry, items: list[str] | None, device: str, timeout: float,
                running: Running | None = None) -> dict:
    """The record for one student: the report (with its artifacts) or an error; never raises
    for anything the submission or the grading process does."""
    record = {"student": entry.student, "submission": entry.source, "error": None, "error_kind": None,
              "graded_at": time.strftime("%Y-%m-%dT%H:%M:%S%z")}
    if entry.path is None:
        return {**record, "error": entry.problem, "error_kind": "submission", "cost": None}
    try:
        code, out, err, cost = run(grade_command(entry.path, items, device), timeout, running)
    except OSError as exc:
        return {**record, "error": f"the grader could not start: {exc}", "error_kind": "grader", "cost": None}
    record["cost"] = cost
    if cost["timed_out"]:
        return {**record, "error": f"grading took longer than {timeout:g} s and was stopped", "error_kind": "timeout"}
    if code == 0:
        try:
            return {**record, **json.loads(out)}
        except json.JSONDecodeError:
            return {**record, "error": "the grader's report could not be read: " + last_line(err),
                    "error_kind": "grader"}
    kind = "submission" if code == SUBMISSION_ERROR else "grader"
    reason = last_line(err) or f"the grading process ended with status {code}"
    return {**record, "error": reason.removeprefix("autograder: "), "error_kind": kind}


def last_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1][:500] if lines else ""


def run(command: list[str], timeout: float, running: Running | None) -> tuple[int, str, str, dict]:
    """Run to the end (or the timeout) and measure. Output goes to files, not pipes, so that a
    sandbox process still holding a descriptor cannot keep us waiting."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.monotonic()
        proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=out, stderr=err, start_new_session=True)
        if running:
            with running.lock:
                running.groups.add(proc.pid)
        stopped = threading.Event()

        def overrun():
            stopped.set()
            _kill_group(proc.pid)

        timer = threading.Timer(timeout, overrun)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)  # rusage of this child, which Popen.wait does not give
        finally:
            timer.cancel()
            if running:
                with running.lock:
                    running.groups.discard(proc.pid)
        proc.returncode = os.waitstatus_to_exitcode(status)
        _kill_group(proc.pid)  # anything of its group that outlived it
        out.seek(0)
        err.seek(0)
        # wait4 sees the grading process and what it reaped, not the sandbox's processes (bwrap's
        # PID namespace keeps their CPU time from us): a lower bound; bench/cost.py measures it all.
        cost = {"wall_s": round(time.monotonic() - start, 2),
                "cpu_s_reaped": round(usage.ru_utime + usage.ru_stime, 2),
                "max_rss_mb_one_process": round(usage.ru_maxrss / 1024, 1), "timed_out": stopped.is_set()}
        return proc.returncode, out.read().decode(errors="replace"), err.read().decode(errors="replace"), cost


def _kill_group(pgid: int) -> None:
    try:
        os.killpg(pgid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
