import contextlib
import json
import os
import shutil
import subprocess
import tempfile
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOLUTIONS = ROOT / "solutions"
EXERCISES = ROOT / "exercises"
TIERS = ("fast", "slow")  # pyproject.toml registers and describes them


def pytest_collection_modifyitems(config, items):
    """Every test is in exactly one tier, so that a new test cannot fall out of both or slip into
    the developer's loop unseen: a module's `pytestmark`, or each test's own mark where a module
    holds both (`pytest.param(..., marks=...)` for some cases of one test)."""
    untiered = [item.nodeid for item in items
                if len({mark.name for mark in item.iter_markers() if mark.name in TIERS}) != 1]
    if untiered:
        raise pytest.UsageError(f"tests in no tier or in both (mark each fast or slow): {', '.join(untiered[:10])}"
                                + (f" and {len(untiered) - 10} more" if len(untiered) > 10 else ""))


def processes():
    """(pid, command line, working folder) of every process this machine shows in /proc."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            args = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            cwd = os.readlink(entry / "cwd")
        except OSError:
            continue
        yield entry.name, args, cwd


def run_grade(path: Path, *extra: str, env: dict | None = None, wrap=None) -> dict:
    """The CLI, as users run it, in a fresh process; returns the parsed JSON report. `wrap`
    turns the command into another (the container-host emulation's)."""
    command = [sys.executable, "-P", "-m", "autograder", "grade", str(path), "--format", "json", *extra]
    result = subprocess.run(wrap(command) if wrap else command, capture_output=True, text=True, timeout=600, env=env)
    assert result.returncode == 0, f"grade failed ({result.returncode}):\n{result.stderr[-3000:]}"
    return json.loads(result.stdout)


@contextlib.contextmanager
def open_folder():
    """A folder under /tmp itself, for TMPDIR or a tree the sandbox reads: at separate-user the
    worker's user must pass through every folder above its own, and pytest's are closed to others."""
    path = Path(tempfile.mkdtemp(prefix="grading-", dir="/tmp"))
    os.chmod(path, 0o755)
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


@pytest.fixture
def open_tmp():
    with open_folder() as path:
        yield path


@pytest.fixture(scope="session")
def reference_report() -> dict:
    return run_grade(SOLUTIONS)


@pytest.fixture(scope="session")
def stub_report() -> dict:
    return run_grade(EXERCISES)


@pytest.fixture(scope="session")
def instructor_class(tmp_path_factory):
    """tests/instructor_class.py's class, graded once on q02 and q07 with the late policy and its
    times file, the similarity report and both LMS layouts, for every test of the instructor's side."""
    import instructor_class as klass

    base = tmp_path_factory.mktemp("instructor")
    klass.make(base / "downloads")
    (base / "policy.toml").write_text(klass.POLICY)
    (base / "times.csv").write_text(klass.TIMES)
    command = [sys.executable, "-P", "-m", "autograder", "grade-all", str(base / "downloads"), "--out", str(base / "graded"),
               "--items", ",".join(klass.ITEMS), "--device", "cpu", "--workers", "2", "--policy",
               str(base / "policy.toml"), "--times", str(base / "times.csv"), "--similarity",
               "--gradebook-format", "canvas", "--gradebook-format", "moodle"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=900, cwd=base)
    assert result.returncode == 0, result.stderr[-3000:]
    return base
