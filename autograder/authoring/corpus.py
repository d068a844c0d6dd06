"""The corpus of real student mistakes (tests/mistakes/), and submissions made of the reference
modules with stand-ins in place of some, graded by the command line as users run it.

Each file in tests/mistakes/<item module>/ is the reference module with one mistake, its
docstring saying which ("Mistake: ..."); its first sentence is the mistake's label.
"""

from __future__ import annotations

import ast
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

from autograder.reference import SOLUTIONS

ROOT = SOLUTIONS.parent
CORPUS = ROOT / "tests" / "mistakes"
MINIMUM = 2  # mistakes per item, as docs/writing-items.md asks


class GradingFailed(Exception):
    """The grader exited with an error: no report to judge."""

    def __init__(self, reason: str, stderr: str):
        super().__init__(reason)
        self.stderr = stderr


def corpus() -> dict[str, list[Path]]:
    """Item module -> its mistakes, in name order."""
    return {folder.name: sorted(folder.glob("*.py")) for folder in sorted(CORPUS.iterdir()) if folder.is_dir()}


def rounds(mistakes: dict[str, list[Path]]) -> list[dict[str, Path]]:
    """For each grading, module -> the mistake that stands in for it; the other modules are
    the reference. The i-th module's j-th mistake goes into round (i + j) mod n, with one round
    more than any module has mistakes: every mistake is graded once, and every module sits out
    at least one round, where it must keep full marks with other modules' mistakes beside it."""
    n = max(map(len, mistakes.values()), default=0) + 1
    graded: list[dict[str, Path]] = [{} for _ in range(n)]
    for i, (module, files) in enumerate(mistakes.items()):
        for j, path in enumerate(files):
            graded[(i + j) % n][module] = path
    return graded


def stage(folder: Path, stand_ins: dict[str, Path]) -> None:
    """The reference modules into folder, with the stand-ins in place of theirs."""
    for path in SOLUTIONS.glob("q*.py"):
        shutil.copyfile(path, folder / path.name)
    for module, path in stand_ins.items():
        shutil.copyfile(path, folder / f"{module}.py")


def label(path: Path) -> str:
    """The first sentence of the docstring, without its "Mistake:" prefix."""
    doc = ast.get_docstring(ast.parse(path.read_text())) or path.stem.replace("_", " ")
    text = " ".join(doc.split()).removeprefix("Mistake:").strip()
    return re.split(r"(?<=\.)\s", text, maxsplit=1)[0].rstrip(".")


def grade(folder: Path, items: list[str] | None = None) -> dict:
    """The JSON report of `autograder grade folder` on the CPU (of those items only, if given)."""
    command = [sys.executable, "-P", "-m", "autograder", "grade", str(folder), "--format", "json", "--device", "cpu"]
    done = subprocess.run(command + (["--items", ",".join(items)] if items else []),
                          capture_output=True, text=True, cwd=ROOT)
    if done.returncode:
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise GradingFailed(f"grading {folder.name} failed (exit {done.returncode}): {last}", done.stderr)
    return json.loads(done.stdout)
