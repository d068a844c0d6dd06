"""A long-lived grading process for grade-all: `python -m autograder.batch.server`.

It pays the trusted side's start-up once (torch, pytest, the check modules, the reference's
deterministic observations: checks/cache.py) and then grades one student per request, each in a
fresh sandbox with fresh item workers, exactly as `autograder grade PATH --format json
--artifacts` would. The protocol is one JSON line each way on stdin and on a private copy of
stdout, so that nothing printed while grading can be mistaken for a reply:

    first, once its imports are done: {"ready": true}
    request: {"path": ..., "items": [...] or null, "device": "cpu"}
    reply:   {"code": 0, "report": "<the JSON report>", "cost": {...}}
             {"code": 2 or 3, "error": "<one line>", "cost": {...}}   (as the CLI's exit codes)
             {"code": 3, "error": ..., "no_sandbox": true, ...}   no sandbox gets ready here, so no
                                                              student can be graded (sandbox_starts)

The process that runs this (batch/run.py) kills and replaces it after a timeout or a crash, so
that one student's grading never leaves state for the next.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from pathlib import Path


def serve(requests, replies) -> None:
    from autograder.grading import GraderError, grade_path
    from autograder.report.formats import render
    from autograder.submission import SubmissionError

    for line in requests:
        request = json.loads(line)
        start, used = time.monotonic(), _cpu_seconds()
        try:
            report = grade_path(Path(request["path"]), request["items"], request["device"])
            reply = {"code": 0, "report": render(report, "json", name=Path(request["path"]).stem,
                                                 seconds=time.monotonic() - start, artifacts=True)}
        except (SubmissionError, GraderError) as exc:
            reply = {"code": 2 if isinstance(exc, SubmissionError) else 3, "error": str(exc)}
            if isinstance(exc, GraderError) and not sandbox_starts(request["items"], request["device"]):
                reply["no_sandbox"] = True
        reply["cost"] = {"wall_s": round(time.monotonic() - start, 2), "cpu_s_reaped": round(_cpu_seconds() - used, 2),
                         "max_rss_mb_one_process": round(_peak_rss_mb(), 1), "timed_out": False}
        replies.write(json.dumps(reply) + "\n")
        replies.flush()


def sandbox_starts(items: list[str] | None, device: str) -> bool:
    """Whether a fresh sandbox for these items gets ready (its zygote imports what they need).
    When it does not, a grading that failed as the grader's failure failed for the environment
    (a library that does not import, a folder the worker cannot see), not for this student, and
    would fail for every student."""
    from autograder import catalogue
    from autograder.runner.sandbox import Sandbox, SandboxError
    from autograder.runner.session import resolve_device

    try:
        sandbox = Sandbox(gpu=resolve_device(device) == "cuda", preload=catalogue.preloads(items or catalogue.BY_ID))
    except SandboxError:
        return False
    try:
        sandbox.wait_ready()
        return True
    except SandboxError:
        return False
    finally:
        sandbox.close()


def _cpu_seconds() -> float:
    own, reaped = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + reaped.ru_utime + reaped.ru_stime


def _peak_rss_mb() -> float:
    """The grading process's peak so far (the kernel keeps no per-request peak)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    replies = os.fdopen(os.dup(sys.stdout.fileno()), "w")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # stray prints go to the log, not the replies
    import pytest  # noqa: F401  (what every grading needs, imported before the first student)
    import torch  # noqa: F401

    import autograder.grading  # noqa: F401

    replies.write(json.dumps({"ready": True}) + "\n")
    replies.flush()
    serve(sys.stdin, replies)


if __name__ == "__main__":
    main()
