"""The student release of the notebook, made by real nbgrader in a throw-away course folder.

`generate_assignment` strips the solution regions, the hidden tests and the written model
answers, locks the read-only and test cells and adds their checksums. The course folder also
serves the round-trip test (autograde with a real gradebook), so it is made here, in one place.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from autograder.authoring.notebook import ASSIGNMENT, source_path

# check() starts a sandbox and may train a model for tens of seconds on a small machine;
# nbgrader's default of 30 s per cell would score slow but correct work 0.
CONFIG = f"""\
c = get_config()
c.CourseDirectory.course_id = "{ASSIGNMENT}"
c.ExecutePreprocessor.timeout = 600
"""


def release_path(root: Path) -> Path:
    return root / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"


def make_course(folder: Path, source: Path) -> Path:
    """A course folder holding nbgrader_config.py and the source notebook."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "nbgrader_config.py").write_text(CONFIG)
    target = source_path(folder)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    return folder


def nbgrader(course: Path, *args: str, timeout: float = 3600) -> subprocess.CompletedProcess:
    """Run nbgrader from the course folder with this environment's bin first on PATH (nbgrader
    calls `alembic` by name) and its kernelspecs first on JUPYTER_PATH, so that the `python3`
    kernel is this interpreter (with torch and autograder), not one of a user-wide kernelspec."""
    bin_dir = Path(sys.executable).parent
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
           "JUPYTER_PATH": os.pathsep.join([str(Path(sys.prefix) / "share" / "jupyter"),
                                            *filter(None, [os.environ.get("JUPYTER_PATH")])])}
    result = subprocess.run([str(bin_dir / "nbgrader"), *args], cwd=course, env=env,
                            capture_output=True, text=True, timeout=timeout)
    if result.returncode != 0:
        raise RuntimeError(f"nbgrader {' '.join(args)} failed ({result.returncode}):\n{result.stderr[-4000:]}")
    return result


def generate(course: Path) -> Path:
    nbgrader(course, "generate_assignment", ASSIGNMENT, "--force")
    return release_path(course)


def release(root: Path, work: Path) -> Path:
    """Release root's source notebook into root/release, using `work` as the course folder."""
    released = generate(make_course(work, source_path(root)))
    target = release_path(root)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(released, target)
    return target
