"""Throughput of `autograder grade-all` with 1 and 2 workers against a plain shell loop of
`autograder grade` over the same class, in one run (docs/instructors.md).

    .venv/bin/python bench/grade_all_throughput.py [--students 12] [--items all] [--workers 1,2] [--no-loop]

The class mixes what a real one holds: reference copies (one zipped), the untouched stubs, partial
work (some modules left as stubs), a few classic mistakes from tests/mistakes/, and two notebooks
(the release filled in with the solutions, and the blank release). Beyond 12 students the kinds
repeat. Every run grades the class from scratch. Issue 10's targets (2 cores): 2 workers at least
3x the loop, and at least 15 submissions per minute with all 31 items.
"""

from __future__ import annotations

import argparse
import json
import shlex
import shutil
import sys
import tempfile
from pathlib import Path

import nbformat
from timing import ROOT, against, autograder, machine, measure, table

sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import classgen  # noqa: E402
from nbgrader_course import filled_in  # noqa: E402

from autograder.authoring import notebook, release  # noqa: E402

SOLUTIONS, EXERCISES, MISTAKES = ROOT / "solutions", ROOT / "exercises", ROOT / "tests" / "mistakes"
TARGET_RATIO, TARGET_PER_MINUTE = 3.0, 15.0
# Modules left as stubs in the partial submissions: the training items, the first third, every other one.
PARTIAL = (("q13", "q14", "q18"), tuple(f"q{n:02d}" for n in range(1, 11)), tuple(f"q{n:02d}" for n in range(1, 32, 2)))
# (folder under tests/mistakes, file) in place of the reference module.
MISTAKEN = ((("q02_sigmoid", "exp_ratio_overflows.py"), ("q07_zip_pairs", "index_loop.py"),
             ("q14_training_loop", "no_zero_grad.py")),
            (("q10_matmul", "transposed_result.py"), ("q12_zero_grad", "zeroes_weights_not_grads.py"),
             ("q28_cross_entropy", "nll_sums.py")))


def reference(folder: Path, stubbed: tuple[str, ...] = ()) -> Path:
    folder.mkdir(parents=True)
    for module in SOLUTIONS.glob("q[0-9][0-9]_*.py"):
        shutil.copyfile((EXERCISES if module.name[:3] in stubbed else SOLUTIONS) / module.name, folder / module.name)
    return folder


def mistaken(folder: Path, mistakes: tuple[tuple[str, str], ...]) -> Path:
    reference(folder)
    for module, mistake in mistakes:
        shutil.copyfile(MISTAKES / module / mistake, folder / f"{module}.py")
    return folder


def mixed_class(root: Path, students: int) -> Path:
    released = nbformat.read(release.release_path(ROOT), 4)
    filled = filled_in(released, nbformat.read(notebook.source_path(ROOT), 4))
    kinds = [
        *[("reference", reference)] * 3,
        ("reference_zip", lambda p: classgen.zipped(reference(p), p.with_suffix(".zip"))),
        ("stubs", lambda p: shutil.copytree(EXERCISES, p, ignore=shutil.ignore_patterns("__pycache__"))),
        *[("partial", lambda p, s=s: reference(p, s)) for s in PARTIAL],
        *[("mistakes", lambda p, m=m: mistaken(p, m)) for m in MISTAKEN],
        ("notebook", lambda p: nbformat.write(filled, str(p.with_suffix(".ipynb")))),
        ("blank_notebook", lambda p: nbformat.write(released, str(p.with_suffix(".ipynb")))),
    ]
    root.mkdir(parents=True)
    for i in range(students):
        name, make = kinds[i % len(kinds)]
        make(root / f"{i + 1:02d}_{name}")
    return root


def graded_count(reports: list[Path]) -> str:
    """How many of the reports hold a score (a grader's error or an empty output does not)."""
    def scored(path: Path) -> bool:
        try:
            record = json.loads(path.read_text())
        except ValueError:
            return False
        return "score" in record and not record.get("error")

    return f"{sum(map(scored, reports))}/{len(reports)}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=12)
    parser.add_argument("--items", default="all", help="comma-separated item ids, or 'all'")
    parser.add_argument("--workers", default="1,2")
    parser.add_argument("--no-loop", action="store_true", help="leave out the plain loop of `autograder grade`")
    args = parser.parse_args()
    items = [] if args.items == "all" else ["--items", args.items]
    print(machine())
    with tempfile.TemporaryDirectory(prefix="throughput-") as tmp:
        submissions = mixed_class(Path(tmp) / "class", args.students)
        rows, per_minute = [], {}
        if not args.no_loop:
            out = Path(tmp) / "loop"
            out.mkdir()
            grade = shlex.join(autograder("grade")) + ' "$s" --format json ' + shlex.join(items)
            into = shlex.quote(str(out)) + '/"$(basename "$s")".json'
            loop = f"for s in {shlex.quote(str(submissions))}/*; do {grade} > {into}; done"
            seconds = measure(loop).seconds
            per_minute["loop"] = args.students * 60 / seconds
            rows.append(["for s in class/*; do autograder grade $s; done", seconds, per_minute["loop"],
                         graded_count(sorted(out.glob("*.json")))])
        for workers in [int(w) for w in args.workers.split(",")]:
            out = Path(tmp) / f"grade-all-{workers}"
            seconds = measure(autograder("grade-all", str(submissions), "--out", str(out), "--workers", str(workers),
                                         *items)).seconds
            per_minute[workers] = args.students * 60 / seconds
            rows.append([f"autograder grade-all --workers {workers}", seconds, per_minute[workers],
                         graded_count(sorted((out / "reports").glob("*.json")))])
        print(f"{args.students} submissions, items: {args.items}")
        table(["run", "seconds", "per minute", "graded"], rows)
        for key, value in per_minute.items():
            if key != "loop":
                if "loop" in per_minute:
                    against(f"grade-all --workers {key} / loop", value / per_minute["loop"], TARGET_RATIO,
                            at_most=False, unit="x")
                if args.items == "all":
                    against(f"grade-all --workers {key}, submissions per minute", value, TARGET_PER_MINUTE,
                            at_most=False)
    print(machine())
    return 0


if __name__ == "__main__":
    sys.exit(main())
