"""`autograder bundle`: the zip a student gets works on its own (what it must not hold is
tests/test_leaks.py's business)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from autograder import catalogue

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def unpacked(tmp_path_factory) -> Path:
    """The bundle made by the command line, unzipped; its top folder."""
    folder = tmp_path_factory.mktemp("bundle")
    result = subprocess.run([sys.executable, "-m", "autograder", "bundle", str(folder / "lesson4.zip")],
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
    work = tmp_path / "work"
    shutil.copytree(unpacked / "exercises", work)
    shutil.copy(ROOT / "solutions" / "q07_zip_pairs.py", work)
    done = in_bundle(unpacked, "-m", "autograder", "check", "q07", str(work))
    assert done.returncode == 0 and "FAIL" not in done.stdout and "pass " in done.stdout, done.stdout + done.stderr


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
