"""Build the named mistakes' signatures (autograder/report/signatures.json) from the corpus.

    python scripts/build_signatures.py

Each file in tests/mistakes/<item module>/ is the reference module with one mistake, its
docstring saying which ("Mistake: ..."). Grading every mistake on its own would take many
minutes, so each of a few rounds (rounds(), which tests/test_mistakes.py grades too) puts
several modules' mistakes beside the reference modules and grades the whole submission once.
A mistake's signature is the set of checks its item fails; its label is its docstring's first
sentence. Run it again whenever the corpus or the checks change: tests/test_mistakes.py
compares the file with its own grading.
"""

from __future__ import annotations

import ast
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from autograder.report.mistakes import SIGNATURES, failing  # noqa: E402

CORPUS = ROOT / "tests" / "mistakes"
SOLUTIONS = ROOT / "solutions"


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


def grade_round(stand_ins: dict[str, Path]) -> dict:
    with tempfile.TemporaryDirectory(prefix="signatures-") as tmp:
        stage(Path(tmp), stand_ins)
        result = subprocess.run([sys.executable, "-m", "autograder", "grade", tmp, "--format", "json",
                                 "--device", "cpu"], capture_output=True, text=True, cwd=ROOT)
    if result.returncode:
        sys.exit(f"grading failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout)


def entry(path: Path, report: dict) -> dict:
    return {"mistake": path.stem, "label": label(path), "fails": sorted(failing(report["items"][path.parent.name[:3]]))}


def main() -> int:
    mistakes = corpus()
    found: dict[Path, dict] = {}
    for r, stand_ins in enumerate(rounds(mistakes)):
        print(f"round {r + 1}: {len(stand_ins)} mistakes", flush=True)
        report = grade_round(stand_ins)
        found.update((path, entry(path, report)) for path in stand_ins.values())
    items = {module[:3]: [found[path] for path in files] for module, files in mistakes.items() if files}
    SIGNATURES.write_text(json.dumps({"items": dict(sorted(items.items()))}, indent=1) + "\n")
    print(f"wrote {SIGNATURES.relative_to(ROOT)}: {sum(map(len, items.values()))} mistakes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
