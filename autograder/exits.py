"""The exit codes of every `autograder` command, declared once: the CLI returns them, the docs
print this table (a test compares), and the deploy scripts pass them on to Gradescope,
Classroom 50 and CI, which read a non-zero code as "the autograder failed", not as a score."""

from __future__ import annotations

from enum import IntEnum


class Exit(IntEnum):
    GRADED = 0
    CHECK_FAILED = 1
    USAGE = 2
    GRADER_FAILED = 3
    INTERRUPTED = 130


MEANING = {
    Exit.GRADED: "the command did its work; `grade` and `grade-all` whatever the scores",
    Exit.CHECK_FAILED: "`check`: a public check failed (as pytest does); `canvas push`, `lti push`: the LMS refused "
                       "a grade",
    Exit.USAGE: "usage or configuration: a bad option, path, policy, scores file or token, "
                "or a submission that cannot be read at all",
    Exit.GRADER_FAILED: "the grader cannot grade here (no sandbox, a broken environment, an internal error): "
                        "not the student's doing, grade again once fixed",
    Exit.INTERRUPTED: "interrupted (Ctrl-C); `grade-all` continues where it stopped when run again",
}


class ExitError(Exception):
    """Ends a command with its message as one line on stderr and `code` as the exit status.
    The layers below the command line raise subclasses for what a person must fix; the command
    line catches them in one place."""

    code: Exit = Exit.USAGE

    def __init__(self, message: str, code: Exit | None = None):
        super().__init__(message)
        if code is not None:
            self.code = code


def table() -> str:
    """The Markdown table the docs hold."""
    rows = [f"| {int(code)} | `{code.name}` | {MEANING[code]} |" for code in Exit]
    return "\n".join(["| exit | name | meaning |", "|---:|---|---|", *rows])
