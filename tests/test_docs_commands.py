"""Every command in the README's and docs' shell blocks runs as written after the quick start
(`python3 tasks.py demo` or `test`, which make .venv): its program is there, an autograder
command's arguments are ones the command line takes, and the cheap ones are run, in a view of
this checkout where what they write lands in a temporary folder."""

from __future__ import annotations

import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
from envs import shell_blocks

from autograder import cli

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
TASKS = ("demo", "test")  # what tasks.py takes
# Run for real: a few seconds each. The exit status each may have (1: the stubs' checks fail).
CHEAP = {
    ".venv/bin/autograder check q07 exercises/": 1,
    ".venv/bin/autograder check q07 release/lesson4/lesson4.ipynb": 1,
    ".venv/bin/autograder bundle student.zip": 0,
    ".venv/bin/python -m pytest autograder/checks --submission solutions -k q07": 0,
    ".venv/bin/autograder gradescope-package autograder.zip": 0,
}


def commands() -> list[tuple[str, str]]:
    return [(doc.relative_to(ROOT).as_posix(), c) for doc in DOCS for c in shell_blocks(doc.read_text())]


def problem(command: str) -> str | None:
    """Why the command would not run as written after the quick start, or None."""
    words = shlex.split(command)
    program = words[0]
    if program == "export":
        return None
    if program == "python3":
        return None if words[1:2] == ["tasks.py"] and words[2:] and words[2] in TASKS else "not a tasks.py command"
    if not program.startswith(".venv/bin/"):
        return f"{program} is not on the PATH after the quick start: write .venv/bin/{program}"
    if not (ROOT / program).exists():
        return f"{program} is not made by the quick start"
    if program.endswith("/python") and words[1:2] == ["-m"]:
        import importlib.util

        return None if importlib.util.find_spec(words[2]) else f"no module {words[2]}"
    if program.endswith("/autograder"):
        try:
            cli.build_parser().parse_args(words[1:])
        except SystemExit:
            return "the autograder command line refuses these arguments"
    return None


@pytest.mark.fast
@pytest.mark.parametrize("doc, command", commands(), ids=[f"{d}: {c[:60]}" for d, c in commands()])
def test_the_command_is_one_that_runs_after_the_quick_start(doc, command):
    assert problem(command) is None, f"{doc}: `{command}`: {problem(command)}"


@pytest.mark.fast
def test_the_checker_spots_a_command_that_would_not_run():
    assert "write .venv/bin/autograder" in problem("autograder check q07 exercises/")
    assert "refuses" in problem(".venv/bin/autograder check --no-such-option")
    assert problem("python3 tasks.py deploy") and problem(".venv/bin/python -m no_such_module_here")


@pytest.fixture
def checkout_view(tmp_path) -> Path:
    """This checkout as the commands see it (its entries linked), in a folder of its own. The
    folders the commands grade are copied: the grader reads no submission through a link
    (docs/security.md)."""
    for entry in ROOT.iterdir():
        if entry.name in ("exercises", "solutions"):
            shutil.copytree(entry, tmp_path / entry.name)
        elif entry.name != ".git":
            (tmp_path / entry.name).symlink_to(entry)
    return tmp_path


@pytest.mark.slow
def test_the_cheap_commands_run(checkout_view):
    documented = {c for _, c in commands()}
    assert set(CHEAP) <= documented, f"no longer in the docs: {set(CHEAP) - documented}"
    for command, status in CHEAP.items():
        done = subprocess.run(command, shell=True, cwd=checkout_view, capture_output=True, text=True, timeout=300)
        assert done.returncode == status, f"`{command}`: exit {done.returncode}\n{done.stdout[-1500:]}{done.stderr[-1500:]}"
    assert (checkout_view / "student.zip").is_file() and (checkout_view / "autograder.zip").is_file()
