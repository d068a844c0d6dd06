"""Classroom 50's entry point for lesson 4: put this file in the assignment's folder.

Classroom 50 runs `python autograder.py` in the student's checkout. This installs the grader
when the runner lacks it, grades the checkout with the public checks only and writes
./result.json (classroom50/result/v1). Students can download the assignment's folder and read
what their repository's workflow installs, so neither holds hidden checks or solutions, and the
points are formative (docs/instructors.md).

Exit 0: graded (a submission the grader cannot read scores 0, with the reason). Exit 1: the
grader could not run (install or grader failure): Classroom 50 then records an error, not a
zero, and result.json and the log say why. Exit 2: not run by Classroom 50 (its variables unset).
Standard library only: it runs before anything is installed.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

# What students hand in, relative to their checkout: "." finds the qNN_*.py modules, in a
# subfolder too, or a lone notebook; name the notebook ("lesson4.ipynb") when students hand in
# the notebook and the template also holds the stubs.
SUBMISSION = "."
# The student package (`autograder bundle`: public checks, no solutions), pinned, from where your
# course publishes it: a name and version on your index, or "lesson4-autograder @ URL-of-the-zip".
REQUIREMENT = "lesson4-autograder==0.1.0"
TORCH = ("torch>=2.4,<=2.14.1", "torchvision>=0.19,<=0.29.1")  # as pyproject.toml pins them
# The runners have no GPU, and the CPU wheels are a tenth of the size.
CPU_INDEX = "https://download.pytorch.org/whl/cpu"
ITEMS = os.environ.get("AUTOGRADER_ITEMS", "")  # e.g. q01,q07: some items only, to try this file out
RESULT = Path("result.json")
# As autograder/report/classroom50.py reads them: the fallback result must name the same submission.
VARIABLES = {"classroom": "CLASSROOM", "assignment": "ASSIGNMENT", "submission": "SUBMISSION_TAG",
             "commit": "COMMIT_URL", "release": "RELEASE_URL", "review": "REVIEW_URL"}
CLASSROOM50_MESSAGE_CHARS = 500  # classroom50/result/v1's limit, as autograder/report/classroom50.py cuts
# `autograder grade`'s exit status for a submission it cannot read (autograder/exits.py's USAGE; this file
# runs before the package is installed, so a test keeps the copy equal).
SUBMISSION_UNREADABLE = 2


def identity(env) -> dict[str, str]:
    fields = {field: env.get(name, "").strip() for field, name in VARIABLES.items()}
    fields["review"] = fields["review"] or fields["commit"]
    missing = [VARIABLES[field] for field, value in fields.items() if not value]
    if missing:
        raise ValueError(f"{', '.join(missing)} not set: Classroom 50's runner sets them")
    if not fields["submission"].startswith("submit/"):
        raise ValueError(f"SUBMISSION_TAG is {fields['submission']!r}, not a submit/... tag")
    return fields


def python(*args: str) -> list[str]:
    # -I keeps the checkout off sys.path: a student's own `autograder` folder must not stand in for the grader.
    return [sys.executable, "-I", *args]


def installed() -> bool:
    return subprocess.run(python("-c", "import autograder.report.classroom50"), capture_output=True).returncode == 0


def install_commands() -> tuple[list[str], list[str]]:
    """CPU torch first, so that the package's own install finds torch already there."""
    pip = python("-m", "pip", "install", "--quiet")
    return [*pip, "--index-url", CPU_INDEX, *TORCH], [*pip, REQUIREMENT]


def install() -> str | None:
    """Why the grader could not be installed, or None."""
    # The runner is thrown away afterwards, so its system Python may be installed into (PEP 668);
    # pips too old to know the setting ignore it.
    env = {**os.environ, "PIP_BREAK_SYSTEM_PACKAGES": "1"}
    cpu_torch, package = install_commands()
    if subprocess.run(cpu_torch, env=env).returncode != 0:
        print("autograder.py: PyTorch's CPU index failed; torch comes from the default index", file=sys.stderr)
    if subprocess.run(package, env=env).returncode != 0:
        return f"could not install the grader ({REQUIREMENT}); pip's output is in the workflow's log"
    return None


def grade() -> subprocess.CompletedProcess:
    items = ["--items", ITEMS] if ITEMS else []
    command = python("-m", "autograder", "grade", SUBMISSION, "--format", "classroom50", "--public-only", *items,
                     "--out", str(RESULT))
    done = subprocess.run(command, stderr=subprocess.PIPE, text=True, errors="replace")
    sys.stderr.write(done.stderr)
    return done


def write_failure(fields: dict, reason: str) -> None:
    """A valid result that says why there are no grades: 0 of 0, as the total is unknown."""
    test = {"test-name": "lesson 4 autograder", "passed": False, "score": 0, "max-score": 0,
            "message": reason[:CLASSROOM50_MESSAGE_CHARS]}
    result = {"schema": "classroom50/result/v1", **fields, "score": 0, "max-score": 0, "tests": [test]}
    RESULT.write_text(json.dumps(result, indent=2) + "\n")


def main() -> int:
    try:
        fields = identity(os.environ)
    except ValueError as exc:
        print(f"autograder.py: {exc}", file=sys.stderr)
        return 2
    reason = None if installed() else install()
    if reason is not None:
        print(f"autograder.py: {reason}", file=sys.stderr)
        write_failure(fields, reason)
        return 1
    done = grade()
    if done.returncode == 0:
        return 0
    # The grader's last line says why; the log has it already.
    lines = done.stderr.strip().splitlines() or [f"the grader exited {done.returncode}"]
    write_failure(fields, lines[-1].removeprefix("autograder: "))
    return 0 if done.returncode == SUBMISSION_UNREADABLE else 1


if __name__ == "__main__":
    sys.exit(main())
