"""The figures next to the checks' numeric tolerances: how far the reference and the alternative
correct solutions (tests/alternatives, tests/honest and the honest_* evasions) come from each
check's oracle.

Grades them in rounds in this process (round r: the r-th solution of every module that has one,
the reference elsewhere, only those items), with every comparison the check modules make through
torch.allclose (expect_close and the checks' own helpers) and training.weight_gap recorded with
the largest difference it saw. Prints one line per comparison site (the check module's lines,
outermost first): its tolerance, the reference's largest difference, and each solution's.

    .venv/bin/python bench/tolerances.py [--items q28,q29]

One grading per round: the reference, three for tests/alternatives, five for the honest corpora.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
import traceback
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import torch  # noqa: E402

from autograder import grading  # noqa: E402
from autograder.checks import training  # noqa: E402

SOLUTIONS = ROOT / "solutions"
CORPORA = {"alternatives": [ROOT / "tests" / "alternatives"],
           "honest": [ROOT / "tests" / "honest", ROOT / "tests" / "evasions"]}
CHECK_FILE = re.compile(r"test_(q\d\d)_")

seen: dict = defaultdict(dict)  # site -> {solution: largest difference}
tolerances: dict = {}  # site -> (atol, rtol)
solving: dict = {}  # item -> the solution graded in this round


def site() -> tuple[str, str] | None:
    """(item, the check modules' lines on the stack, outermost first) of the comparison being made."""
    lines = [f"{Path(f.filename).parent.name}/{Path(f.filename).name}:{f.lineno}" for f in traceback.extract_stack()
             if Path(f.filename).parent.name in ("public", "hidden") and CHECK_FILE.match(Path(f.filename).name)]
    return (CHECK_FILE.search(lines[0]).group(1), " < ".join(lines)) if lines else None


def record(difference: float, atol: float, rtol: float) -> None:
    where = site()
    if where is None:
        return
    item, lines = where
    who = solving.get(item, "reference")
    tolerances[lines] = (atol, rtol)
    seen[lines][who] = max(seen[lines].get(who, 0.0), difference)


def watch() -> None:
    allclose, weight_gap = torch.allclose, training.weight_gap

    def recorded_allclose(a, b, rtol=1e-5, atol=1e-8, equal_nan=False):
        close = allclose(a, b, rtol=rtol, atol=atol, equal_nan=equal_nan)  # raises as the checks expect it to
        gap = (a.detach().double() - b.detach().double()).abs().nan_to_num(float("inf"))
        record(gap.max().item() if gap.numel() else 0.0, atol, rtol)
        return close

    def recorded_weight_gap(*args, **kwargs):
        gap = weight_gap(*args, **kwargs)
        record(gap, training.WEIGHT_TOLERANCE, 0.0)
        return gap

    torch.allclose, training.weight_gap = recorded_allclose, recorded_weight_gap


def rounds(folders: list[Path], wanted: set[str] | None) -> list[dict[str, Path]]:
    """Round r: module -> its r-th solution (honest_* only among the evasions)."""
    corpus: dict[str, list[Path]] = defaultdict(list)
    for folder in folders:
        for module in sorted(p for p in folder.iterdir() if p.is_dir()):
            files = sorted(module.glob("honest_*.py" if folder.name == "evasions" else "*.py"))
            if files and (wanted is None or module.name[:3] in wanted):
                corpus[module.name] += files
    return [{m: files[r] for m, files in corpus.items() if r < len(files)}
            for r in range(max(map(len, corpus.values()), default=0))]


def grade(cases: dict[str, Path], items: list[str]) -> dict:
    folder = Path(tempfile.mkdtemp(prefix="tolerances-"))
    try:
        for path in SOLUTIONS.glob("q*.py"):
            shutil.copyfile(path, folder / path.name)
        for module, path in cases.items():
            shutil.copyfile(path, folder / f"{module}.py")
        solving.clear()
        solving.update({m[:3]: f"{p.parent.parent.name}/{p.stem}" for m, p in cases.items()})
        return grading.grade_path(folder, items)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", help="comma-separated item ids (default: all)")
    args = parser.parse_args()
    wanted = set(args.items.split(",")) if args.items else None
    watch()
    plan = [("reference", {})] + [(f"{name} round {r}", cases) for name, folders in CORPORA.items()
                                  for r, cases in enumerate(rounds(folders, wanted))]
    for label, cases in plan:
        items = sorted({m[:3] for m in cases} or wanted or [])
        report = grade(cases, items or None)
        lost = {i: f"{it['score']:g}/{it['max_score']:g}" for i, it in report["items"].items()
                if it["score"] != it["max_score"]}
        print(f"graded {label}: {'lost points on ' + str(lost) if lost else 'full marks'}", flush=True)
    for lines in sorted(seen):
        atol, rtol = tolerances[lines]
        figures = seen[lines]
        others = ", ".join(f"{who} {gap:.2g}" for who, gap in sorted(figures.items(), key=lambda kv: -kv[1])
                           if who != "reference")
        reference = figures.get("reference")
        print(f"{lines}\n    tolerance atol={atol:g} rtol={rtol:g}; reference "
              f"{'-' if reference is None else f'{reference:.2g}'}; {others or 'no alternative'}")


if __name__ == "__main__":
    main()
