"""docs/instructors.md's way to run nbgrader's own commands works as written: nbgrader starts
`alembic` by name, which is found only with the environment's bin on PATH."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from envs import shell_blocks

ROOT = Path(__file__).resolve().parents[1]
SECTION = "## Running nbgrader yourself"


def documented() -> list[str]:
    text = (ROOT / "docs" / "instructors.md").read_text()
    section = text[text.index(SECTION):]
    return shell_blocks(section[:section.find("\n## ", len(SECTION))])


def in_course(course: Path, *setup: str) -> subprocess.CompletedProcess:
    """nbgrader in a course folder, from a shell whose PATH lacks the environment, after `setup`
    run from the checkout."""
    venv_bin = str(Path(sys.executable).parent)
    path = os.pathsep.join(p for p in os.environ.get("PATH", "").split(os.pathsep) if p != venv_bin)
    script = " && ".join([f"cd {ROOT}", *setup, f"cd {course}", f"{venv_bin}/nbgrader db student list"])
    return subprocess.run(["bash", "-c", script], env={**os.environ, "PATH": path}, capture_output=True, text=True,
                          timeout=120)


@pytest.mark.fast
def test_nbgrader_runs_as_the_docs_say_and_not_without_it(tmp_path):
    setup = documented()
    assert any("PATH=" in line and ".venv/bin" in line for line in setup), setup
    documented_course, bare_course = tmp_path / "documented", tmp_path / "bare"  # each makes its own database
    documented_course.mkdir()
    bare_course.mkdir()
    done = in_course(documented_course, *setup)
    assert done.returncode == 0, done.stderr[-2000:]
    bare = in_course(bare_course)
    assert bare.returncode != 0 and "'alembic'" in bare.stderr
