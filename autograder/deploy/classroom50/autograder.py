"""Classroom 50's entry point for lesson 4: put this file in the assignment's folder, with
REQUIREMENT below set to where your course publishes the student package.

Classroom 50 runs `python autograder.py` in the student's checkout. This installs the grader
when the runner lacks it, grades the checkout with the public checks only, prints the isolation
level the grading had, and writes ./result.json (classroom50/result/v1). Where sudo needs no
password (GitHub's runners) the grading runs as root through it, which is what lets the grader
make a sandbox there (docs/security.md). Students can download the assignment's folder and read
what their repository's workflow installs, so neither holds hidden checks or solutions, and the
points are formative (docs/instructors.md).

Exit 0: graded (a submission the grader cannot read scores 0, with the reason). Exit 1: the
grader could not run (REQUIREMENT not set, install or grader failure): Classroom 50 then records
an error, not a zero, and result.json and the log say why. Exit 2: not run by Classroom 50 (its
variables unset). Standard library only: it runs before anything is installed.

Nothing the student commits stands in the way: pip and the rendering run in a temporary folder of
this script's own, and result.json replaces whatever the checkout holds under that name.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

# What students hand in, relative to their checkout: "." finds the qNN_*.py modules, in a
# subfolder too, or a lone notebook; name the notebook ("lesson4.ipynb") when students hand in
# the notebook and the template also holds the stubs.
SUBMISSION = "."
# The student package (`autograder bundle`: public checks, no solutions), pinned, from where your
# course publishes it: a name and version on your index ("lesson4-autograder==0.1.0"), or
# "lesson4-autograder @ URL-of-the-zip". Until it is set nothing is installed: the placeholder
# cannot be read as a requirement, so no package that someone publishes can answer to it.
REQUIREMENT = "<FILL IN: the student package's requirement>"
TORCH = ("torch>=2.4,<=2.14.1", "torchvision>=0.19,<=0.29.1")  # as pyproject.toml pins them
# The runners have no GPU, and the CPU wheels are a tenth of the size.
CPU_INDEX = "https://download.pytorch.org/whl/cpu"
ITEMS = os.environ.get("AUTOGRADER_ITEMS", "")  # e.g. q01,q07: some items only, to try this file out
RESULT = "result.json"  # in the checkout, where Classroom 50's runner reads it
# As autograder/report/classroom50.py reads them: the fallback result must name the same submission.
VARIABLES = {"classroom": "CLASSROOM", "assignment": "ASSIGNMENT", "submission": "SUBMISSION_TAG",
             "commit": "COMMIT_URL", "release": "RELEASE_URL", "review": "REVIEW_URL"}
CLASSROOM50_MESSAGE_CHARS = 500  # classroom50/result/v1's limit, as autograder/report/classroom50.py cuts
# `autograder grade`'s exit status for a submission it cannot read (autograder/exits.py's USAGE; this file
# runs before the package is installed, so a test keeps the copy equal).
SUBMISSION_UNREADABLE = 2
# A PEP 508 requirement begins with a project name.
PROJECT_NAME = re.compile(r"[A-Za-z0-9]")
# The grading as root gets this PATH (where bwrap, unshare and setpriv are) and no other variable:
# sudo may be set to keep some, and none of the runner's is the grader's to need.
ROOT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
SUDO_SECONDS = 60


class Ungraded(Exception):
    """Why the checkout has no grades, and the exit status that says whose doing it is."""

    def __init__(self, reason: str, code: int = 1):
        super().__init__(reason)
        self.code = code


def identity(env) -> dict[str, str]:
    fields = {field: env.get(name, "").strip() for field, name in VARIABLES.items()}
    fields["review"] = fields["review"] or fields["commit"]
    missing = [VARIABLES[field] for field, value in fields.items() if not value]
    if missing:
        raise ValueError(f"{', '.join(missing)} not set: Classroom 50's runner sets them")
    if not fields["submission"].startswith("submit/"):
        raise ValueError(f"SUBMISSION_TAG is {fields['submission']!r}, not a submit/... tag")
    return fields


def requirement_problem() -> str | None:
    if PROJECT_NAME.match(REQUIREMENT):
        return None
    return ("REQUIREMENT is not set: the instructor must set it in autograder.py to the student package's "
            "requirement (docs/instructors.md, Classroom 50)")


def python(*args: str) -> list[str]:
    # -I keeps the checkout off sys.path: a student's own `autograder` folder must not stand in for the grader.
    return [sys.executable, "-I", *args]


def installed() -> bool:
    return subprocess.run(python("-c", "import autograder.report.classroom50"), capture_output=True).returncode == 0


def install_commands() -> tuple[list[str], list[str]]:
    """CPU torch first, so that the package's own install finds torch already there."""
    pip = python("-m", "pip", "install", "--quiet")
    return [*pip, "--index-url", CPU_INDEX, *TORCH], [*pip, REQUIREMENT]


def install(work: Path) -> str | None:
    """Why the grader could not be installed, or None. pip runs in `work`, where no file of the
    checkout can be taken for a requirement."""
    # The runner is thrown away afterwards, so its system Python may be installed into (PEP 668);
    # pips too old to know the setting ignore it.
    env = {**os.environ, "PIP_BREAK_SYSTEM_PACKAGES": "1"}
    cpu_torch, package = install_commands()
    if subprocess.run(cpu_torch, env=env, cwd=work).returncode != 0:
        print("autograder.py: PyTorch's CPU index failed; torch comes from the default index", file=sys.stderr)
    if subprocess.run(package, env=env, cwd=work).returncode != 0:
        return f"could not install the grader ({REQUIREMENT}); pip's output is in the workflow's log"
    return None


def as_root() -> list[str]:
    """The prefix that grades as root, with nothing of this environment, where sudo needs no
    password; else none. As the runner's user on ubuntu-24.04 AppArmor keeps bubblewrap from
    starting, and grading falls to limits-only; root gets a sandbox (docs/security.md)."""
    sudo = shutil.which("sudo")
    if sudo is None:
        return []
    try:
        asked = subprocess.run([sudo, "-n", "true"], stdin=subprocess.DEVNULL, capture_output=True,
                               timeout=SUDO_SECONDS)
    except (OSError, subprocess.TimeoutExpired):
        return []
    return [sudo, "-n", "--", "env", "-i", f"PATH={ROOT_PATH}"] if asked.returncode == 0 else []


def last_line(done: subprocess.CompletedProcess) -> str:
    """The one line the package's command ends with when it fails."""
    lines = done.stderr.strip().splitlines() or [f"the grader exited {done.returncode}"]
    return lines[-1].removeprefix("autograder: ")


def grade(work: Path) -> str:
    """result.json's text for the checkout (the working folder), or Ungraded."""
    if reason := requirement_problem():
        raise Ungraded(reason)
    if not installed() and (reason := install(work)):
        raise Ungraded(reason)
    items = ["--items", ITEMS] if ITEMS else []
    root = as_root()
    # The JSON report goes to this process's pipe, so whoever grades, the runner's user reads it.
    done = subprocess.run([*root, *python("-m", "autograder", "grade", SUBMISSION, "--format", "json",
                                          "--public-only", *items)],
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, errors="replace")
    sys.stderr.write(done.stderr)
    if done.returncode != 0:
        raise Ungraded(last_line(done), 0 if done.returncode == SUBMISSION_UNREADABLE else 1)
    report = work / "report.json"
    report.write_text(done.stdout)
    try:
        level = json.loads(done.stdout)["isolation"]
    except (ValueError, KeyError, TypeError):
        sys.stderr.write(done.stdout[-2000:])
        raise Ungraded("the grader's report could not be read; the workflow's log has the end of it") from None
    said = f"autograder.py: isolation: {level}" + (" (graded as root, through sudo)" if root else "")
    if level == "limits-only":
        said += "; no sandbox could be made: student code ran with resource limits only"
    print(said)
    rendered = subprocess.run(python("-m", "autograder", "render", str(report), "--format", "classroom50"),
                              cwd=work, stdin=subprocess.DEVNULL, capture_output=True, text=True, errors="replace")
    if rendered.returncode != 0:
        sys.stderr.write(rendered.stderr)
        raise Ungraded(last_line(rendered))
    return rendered.stdout


def failure(fields: dict, reason: str) -> str:
    """A valid result that says why there are no grades: 0 of 0, as the total is unknown."""
    test = {"test-name": "lesson 4 autograder", "passed": False, "score": 0, "max-score": 0,
            "message": reason[:CLASSROOM50_MESSAGE_CHARS]}
    result = {"schema": "classroom50/result/v1", **fields, "score": 0, "max-score": 0, "tests": [test]}
    return json.dumps(result, indent=2) + "\n"


def write_result(text: str) -> None:
    """result.json written whole, whatever the checkout holds under that name (a folder, a link,
    a FIFO): the text goes to a new file of a name no one chose, which then takes the name's place;
    a folder there is removed first, and a link is replaced, never followed."""
    fd, written = tempfile.mkstemp(prefix=".result-", suffix=".json", dir=".")
    try:
        with os.fdopen(fd, "w") as file:
            file.write(text)
        os.chmod(written, 0o644)
        if os.path.isdir(RESULT) and not os.path.islink(RESULT):
            shutil.rmtree(RESULT)
        os.replace(written, RESULT)
    except BaseException:
        os.unlink(written)
        raise


def main() -> int:
    try:
        fields = identity(os.environ)
    except ValueError as exc:
        print(f"autograder.py: {exc}", file=sys.stderr)
        return 2
    try:
        with tempfile.TemporaryDirectory(prefix="autograder-py-") as work:
            write_result(grade(Path(work)))
        return 0
    except Ungraded as ungraded:
        print(f"autograder.py: {ungraded}", file=sys.stderr)
        write_result(failure(fields, str(ungraded)))
        return ungraded.code


if __name__ == "__main__":
    sys.exit(main())
