"""Grade one student at a time in a long-lived grading process (batch/server.py) of its own.

Each grade-all worker keeps one such process: torch, pytest and the check modules are loaded
once, the reference's observations are computed once, and every student still gets a fresh
sandbox. A student whose grading runs past the timeout, or a grading process that dies, costs
that student only: the process (its whole process group) is killed and a fresh one starts for
the next. What a grading uses is measured by the grading process with getrusage: CPU seconds of
itself and the processes it waited for (a lower bound: see docs/instructors.md), and its peak
resident memory so far.
"""

from __future__ import annotations

import json
import os
import selectors
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from autograder.batch.discover import Entry
from autograder.exits import Exit, ExitError
from autograder.report.schema import Cost, Record

# Exit codes of `autograder grade` (cli.py): 2 the submission cannot be read, 3 the grader failed.
SUBMISSION_ERROR, GRADER_ERROR = 2, 3
START_TIMEOUT = 300.0  # seconds for a grading process to import what it needs


class CannotGrade(ExitError):
    """No student can be graded here: the grading process found that no sandbox gets ready (its
    zygote cannot import its libraries, say; Server.no_sandbox). grade-all ends with this one
    line, as `grade` does, and records nothing about the student whose grading found it."""

    code = Exit.GRADER_FAILED


class Running:
    """The process groups of the gradings in progress, so that an interrupted batch ends them."""

    def __init__(self):
        self.groups: set[int] = set()
        self.lock = threading.Lock()

    def kill_all(self) -> None:
        with self.lock:
            for pgid in list(self.groups):
                _kill_group(pgid)


class Server:
    """One long-lived grading process, started when first needed and replaced after a timeout
    or a crash. Not shared between threads: each grade-all worker has its own."""

    def __init__(self, running: Running | None = None):
        self.running = running
        self.proc: subprocess.Popen | None = None
        self.err = None
        self.pending = b""
        self.no_sandbox = False  # the last grading found that no sandbox gets ready here

    def grade(self, path: Path, items: list[str] | None, device: str, timeout: float) -> tuple[int, str, str, Cost]:
        """(code, report JSON, error text, cost), as the CLI's exit code, stdout and stderr would be."""
        start = time.monotonic()
        self.no_sandbox = False
        if self.proc is None:
            self._start()
            if self._reply(START_TIMEOUT) is None:
                return self._ended(start, timed_out=False)
        mark = self.err.tell()
        self.proc.stdin.write((json.dumps({"path": str(path), "items": items, "device": device}) + "\n").encode())
        self.proc.stdin.flush()
        reply = self._reply(timeout)
        if reply is None:
            return self._ended(start, timed_out=time.monotonic() - start >= timeout, since=mark)
        self.no_sandbox = reply.get("no_sandbox", False)
        if reply["code"] == 0:
            return 0, reply["report"], "", reply["cost"]
        return reply["code"], "", reply["error"], reply["cost"]

    def _start(self) -> None:
        self.err = tempfile.TemporaryFile()
        self.pending = b""
        # -P: the working directory (a class folder, say) never stands in for the grader's package.
        self.proc = subprocess.Popen([sys.executable, "-P", "-m", "autograder.batch.server"], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=self.err, start_new_session=True)
        if self.running:
            with self.running.lock:
                self.running.groups.add(self.proc.pid)

    def _reply(self, timeout: float) -> dict | None:
        """The next line the process writes, or None when it ends or the time runs out first."""
        deadline = time.monotonic() + timeout
        with selectors.DefaultSelector() as selector:
            selector.register(self.proc.stdout, selectors.EVENT_READ)
            while b"\n" not in self.pending:
                left = deadline - time.monotonic()
                if left <= 0 or not selector.select(left):
                    return None
                chunk = os.read(self.proc.stdout.fileno(), 1 << 20)
                if not chunk:
                    return None
                self.pending += chunk
        line, _, self.pending = self.pending.partition(b"\n")
        return json.loads(line)

    def _ended(self, start: float, timed_out: bool, since: int = 0) -> tuple[int, str, str, Cost]:
        """The process ran out of time or died: kill what is left of it, say why."""
        code = self.stop()
        self.err.seek(since)
        err = self.err.read().decode(errors="replace")
        cost = {"wall_s": round(time.monotonic() - start, 2), "timed_out": timed_out}  # its usage died with it
        return (code if code > 0 else GRADER_ERROR), "", err or f"the grading process ended with status {code}", cost

    def stop(self) -> int:
        if self.proc is None:
            return 0
        _kill_group(self.proc.pid)
        code = self.proc.wait()
        if self.running:
            with self.running.lock:
                self.running.groups.discard(self.proc.pid)
        self.proc.stdin.close()
        self.proc.stdout.close()
        self.proc = None
        return code


def grade_entry(entry: Entry, items: list[str] | None, device: str, timeout: float,
                running: Running | None = None, server: Server | None = None) -> Record:
    """The record for one student: the report (with its artifacts) or an error; never raises
    for anything the submission or the grading process does. Without a server, one is started
    for this student alone."""
    record = {"student": entry.student, "submission": entry.source, "error": None, "error_kind": None,
              "graded_at": time.strftime("%Y-%m-%dT%H:%M:%S%z")}
    if entry.path is None:
        return {**record, "error": entry.problem, "error_kind": "submission", "cost": None}
    own = server is None
    server = server or Server(running)
    try:
        code, out, err, cost = server.grade(entry.path, items, device, timeout)
    except OSError as exc:
        server.stop()
        return {**record, "error": f"the grader could not start: {exc}", "error_kind": "grader", "cost": None}
    finally:
        if own:
            server.stop()
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


def _kill_group(pgid: int) -> None:
    try:
        os.killpg(pgid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
