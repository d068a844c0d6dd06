"""`autograder bundle`: the zip a student gets works on its own (what it must not hold is
tests/test_leaks.py's business)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from autograder import catalogue

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def unpacked(tmp_path_factory) -> Path:
    """The bundle made by the command line, unzipped; its top folder."""
    folder = tmp_path_factory.mktemp("bundle")
    result = subprocess.run([sys.executable, "-P", "-m", "autograder", "bundle", str(folder / "lesson4.zip")],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(folder / "lesson4.zip") as zf:
        zf.extractall(folder / "out")
    return folder / "out" / "lesson4"


def in_bundle(unpacked: Path, *args: str) -> subprocess.CompletedProcess:
    """Python run from the unzipped folder, importing the bundle's autograder, not this repo's."""
    env = {**os.environ, "PYTHONPATH": str(unpacked)}
    return subprocess.run([sys.executable, *args], cwd=unpacked, env=env, capture_output=True, text=True,
                          timeout=300)


def test_the_bundle_holds_what_a_student_needs(unpacked):
    names = {p.relative_to(unpacked).as_posix() for p in unpacked.rglob("*") if p.is_file()}
    assert {"README.md", "pyproject.toml", "lesson4.ipynb", "autograder/cli.py",
            "autograder/data/mnist_digits.npz"} <= names
    for item in catalogue.ITEMS:
        assert f"exercises/{item.module}.py" in names
        assert f"autograder/checks/public/test_{item.module}.py" in names
    assert not [n for n in names if "hidden" in n or "solutions" in n or n.startswith("autograder/authoring")]
    assert "autograder/reference.py" not in names


def test_check_runs_from_the_unzipped_bundle(unpacked, tmp_path):
    where = in_bundle(unpacked, "-c", "import autograder; print(autograder.__file__)")
    assert where.stdout.strip() == str(unpacked / "autograder" / "__init__.py"), where.stderr
    blank = in_bundle(unpacked, "-m", "autograder", "check", "q07", "exercises")
    assert blank.returncode == 1 and "not implemented" in blank.stdout and "pass " not in blank.stdout, blank.stderr
    # A sign of life while the sandbox starts, and a closing total.
    assert blank.stderr.startswith("checking q07 in exercises") and "few seconds" in blank.stderr
    assert blank.stdout.strip().splitlines()[-1] == "total: 0/3 on the public checks of 1 item"
    work = tmp_path / "work"
    shutil.copytree(unpacked / "exercises", work)
    shutil.copy(ROOT / "solutions" / "q07_zip_pairs.py", work)
    done = in_bundle(unpacked, "-m", "autograder", "check", "q07", str(work))
    assert done.returncode == 0 and "FAIL" not in done.stdout and "pass " in done.stdout, done.stdout + done.stderr


def test_the_student_command_line_has_no_secure(unpacked):
    """secure closes the hidden checks and the solutions, which the bundle does not hold."""
    helped = in_bundle(unpacked, "-m", "autograder", "--help")
    assert helped.returncode == 0 and "check" in helped.stdout and "secure" not in helped.stdout, helped.stderr
    refused = in_bundle(unpacked, "-m", "autograder", "secure")
    assert refused.returncode == 2 and "invalid choice: 'secure'" in refused.stderr, refused.stderr


def test_grade_in_the_student_copy_says_the_hidden_checks_are_absent(unpacked):
    """Without the hidden checks, q07's 3/3 is not the real maximum (8): the table says so."""
    graded = in_bundle(unpacked, "-m", "autograder", "grade", "exercises", "--items", "q07")
    assert graded.returncode == 0, graded.stderr
    text = " ".join(graded.stdout.split())
    assert "total: 0/3" in text and "no hidden checks" in text and "q07: 8" in text, graded.stdout
    report = json.loads(in_bundle(unpacked, "-m", "autograder", "grade", "exercises", "--items", "q07,q08",
                                  "--format", "json").stdout)
    assert report["hidden_checks"] == "absent" and report["graded_max_score"] == {"q07": 8, "q08": 8}


def test_the_bundle_installs_with_pip(unpacked, tmp_path):
    """What `pip install -e .` asks of the project: the PEP 660 editable build, and a wheel that
    carries the data and the pytest plugin. No network: the build backend is already here."""
    hook = f"from setuptools import build_meta; print(build_meta.build_editable({str(tmp_path)!r}))"
    editable = in_bundle(unpacked, "-c", hook)
    assert editable.returncode == 0, editable.stderr[-3000:]
    wheel = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                            "-w", str(tmp_path / "wheel"), str(unpacked)], capture_output=True, text=True, timeout=300)
    assert wheel.returncode == 0, wheel.stderr[-3000:]
    with zipfile.ZipFile(next((tmp_path / "wheel").glob("*.whl"))) as zf:
        names = zf.namelist()
        entry_points = zf.read(next(n for n in names if n.endswith("entry_points.txt"))).decode()
    assert "autograder/data/mnist_digits.npz" in names and "autograder/checks/public/test_q07_zip_pairs.py" in names
    assert not [n for n in names if "hidden" in n or n.startswith("solutions")]
    assert "autograder.checks.plugin" in entry_points and "autograder.cli:main" in entry_points


@pytest.fixture(scope="module")
def student_copy(unpacked, tmp_path_factory) -> Path:
    """A copy of the unzipped bundle, to install into as a student would."""
    folder = tmp_path_factory.mktemp("student") / "lesson4"
    shutil.copytree(unpacked, folder)
    return folder


def test_the_readme_runs_as_written_in_a_fresh_venv(student_copy, tmp_path):
    """Every command of the student README, in order, in a fresh environment made beforehand with
    this run's packages (so that pip fetches nothing): the installs, the checks, and Jupyter,
    which must start with the notebook."""
    from envs import fresh_venv, path_with_python3, shell_blocks

    commands = shell_blocks((student_copy / "README.md").read_text())
    assert commands[0] == "python3 install.py" and "python3 install.py --notebook" in commands
    assert not [c for c in commands if c.split()[0] == "autograder" or c.startswith("pip ")], commands
    fresh_venv(student_copy / ".venv")
    env = path_with_python3(tmp_path)
    config = tmp_path / "jupyter"
    config.mkdir()
    # Only because the tests run as root, which Jupyter refuses without being told.
    (config / "jupyter_server_config.json").write_text(json.dumps(
        {"ServerApp": {"allow_root": True, "open_browser": False, "port": free_port()}}))
    jupyter_env = {**env, "JUPYTER_CONFIG_DIR": str(config), "JUPYTER_DATA_DIR": str(tmp_path / "data"),
                   "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime")}
    for command in commands:
        if "jupyterlab" in command:
            assert jupyter_starts(command, student_copy, jupyter_env), command
            continue
        done = subprocess.run(command, shell=True, cwd=student_copy, env=env, capture_output=True, text=True,
                              timeout=600)
        # The checks of the blank stubs fail (exit 1); anything else is a command that did not run.
        assert done.returncode in (0, 1), f"{command}: exit {done.returncode}\n{done.stdout[-2000:]}{done.stderr[-2000:]}"
        if "check" in command:
            assert "not implemented" in done.stdout and "total: 0/" in done.stdout, done.stdout
    where = subprocess.run([".venv/bin/python", "-c", "import autograder.notebook, ipykernel; print(autograder.__file__)"],
                           cwd=student_copy, capture_output=True, text=True)
    assert where.stdout.strip() == str(student_copy / "autograder" / "__init__.py"), where.stderr
    installed = subprocess.run([".venv/bin/python", "-m", "pip", "list", "--format", "json"], cwd=student_copy,
                               capture_output=True, text=True)
    names = {p["name"].lower() for p in json.loads(installed.stdout)}
    assert "lesson4-autograder" in names and "jupyterlab" in names


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def jupyter_starts(command: str, cwd: Path, env: dict) -> bool:
    """The command starts a Jupyter server (then stopped) that serves the notebook's folder."""
    import signal
    import time

    server = subprocess.Popen(command, shell=True, cwd=cwd, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        for line in server.stdout:
            if "is running at" in line or "http://127.0.0.1" in line or "http://localhost" in line:
                return True
            if time.monotonic() > deadline:
                return False
        return False
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
