"""Where one grading's time goes, phase by phase and item by item, with `python -c "import torch"`
timed in the same run as the floor.

    .venv/bin/python bench/bench_grading.py [PATH] [--items q01,q02] [--check] [--top 10]

Runs the real command, `autograder grade PATH --format json` (default PATH: the reference
solutions, whose every check runs to its end), or with --check `autograder check ITEMS PATH` as a
student runs it, with the check_clock plugin loaded from outside through PYTEST_ADDOPTS. Phases:
from the command's start until pytest is configured (the CLI's imports, the isolation probe, the
sandbox's start and the grader's torch import, which overlap), pytest's collection of the check
modules, the checks (each item's summed, setup and teardown included), pytest's own end, and
from there to the command's exit (the answers, the report, closing the sandbox).
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import sys
import tempfile
import time
from pathlib import Path

from timing import BIN, ROOT, autograder, machine, median, side_by_side, table, timed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", default=str(ROOT / "solutions"))
    parser.add_argument("--items", help="comma-separated item ids (default: all; with --check, q07)")
    parser.add_argument("--check", action="store_true", help="time `autograder check` instead of `grade`")
    parser.add_argument("--top", type=int, default=10, help="how many of the slowest checks to list")
    args = parser.parse_args()
    print(machine())
    if args.check:
        command = autograder("check", *(args.items or "q07").split(","), args.path)
    else:
        command = autograder("grade", args.path, "--format", "json") + (["--items", args.items] if args.items else [])
    floor = median(side_by_side({"torch": [str(BIN / "python"), "-c", "import torch"]}, 3)["torch"])
    with tempfile.TemporaryDirectory(prefix="bench-grading-") as tmp:
        clock_file = Path(tmp) / "clock.json"
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(Path(__file__).parent),
                                                                          os.environ.get("PYTHONPATH")])),
               "PYTEST_ADDOPTS": f"{os.environ.get('PYTEST_ADDOPTS', '')} -p check_clock".strip(),
               "CHECK_CLOCK": str(clock_file)}
        start = time.time()
        run = timed(command, env=env)
        end = start + run.seconds
        if not clock_file.exists():
            print(f"the command left no clock (exit {run.returncode}):\n{run.stderr[-3000:]}")
            return 0
        clock = json.loads(clock_file.read_text())
    checks = clock["checks"]
    per_item = collections.defaultdict(lambda: [0.0, 0.0])  # public, hidden
    for c in checks:
        per_item[c["item"]][c["hidden"]] += c["seconds"]
    last = max((c["end"] for c in checks), default=clock["collected"])
    first = min((c["start"] for c in checks), default=last)
    rows = [['python -c "import torch" (floor, median of 3)', floor, 1.0],
            ["start -> pytest configured", clock["configured"] - start, None],
            [f"collection ({clock['collected_checks']} checks)", clock["collected"] - clock["configured"], None],
            ["collected -> first check starts", first - clock["collected"], None],
            ["first check start -> last check end", last - first, None],
            *[[f"  {item} (public + hidden)", sum(s), None] for item, s in per_item.items()],
            ["last check end -> pytest done", clock["unconfigured"] - last, None],
            ["pytest done -> command exit", end - clock["unconfigured"], None],
            [f"whole command ({' '.join(command[1:2])})", run.seconds, None]]
    table(["phase", "seconds", "x torch import"],
          [[label, s, f"{s / floor:.2f}" if ratio is None else f"{ratio:.2f}"] for label, s, ratio in rows])
    print(f"\nslowest {args.top} checks")
    table(["check", "seconds", "passed"],
          [[c["nodeid"].split("/")[-1], c["seconds"], c["passed"]]
           for c in sorted(checks, key=lambda c: -c["seconds"])[:args.top]])
    if not args.check:
        report = json.loads(run.stdout)
        print(f"score {report['score']:g}/{report['max_score']:g}")
    print(machine())
    return 0


if __name__ == "__main__":
    sys.exit(main())
