"""`autograder check q07 solutions`, as a student runs it, against `python -c "import torch"`:
the floor of any command that grades torch code. The target (issue 20, the developers' guide): at most 1.15x.

    .venv/bin/python bench/check_vs_import.py [--repeat 7] [--item q07]

The two commands alternate, one of each per round after an untimed warm-up round; the ratio is
of the medians.
"""

from __future__ import annotations

import argparse
import sys

from timing import BIN, ROOT, against, autograder, machine, median, side_by_side, table

TARGET = 1.15


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--item", default="q07")
    args = parser.parse_args()
    print(machine())
    check = f"autograder check {args.item} solutions"
    runs = side_by_side({
        'python -c "import torch"': [str(BIN / "python"), "-c", "import torch"],
        check: autograder("check", args.item, str(ROOT / "solutions")),
    }, args.repeat)
    failed = [r for r in runs[check] if r.returncode != 0]
    if failed:
        print(f"note: {len(failed)} of the check runs did not pass (exit {failed[0].returncode}):\n"
              + failed[0].stderr[-2000:])
    table(["command", "median s", "min s", "max s"],
          [[name, median(r), min(t.seconds for t in r), max(t.seconds for t in r)] for name, r in runs.items()])
    floor = median(runs['python -c "import torch"'])
    against(f"{check} / import torch", median(runs[check]) / floor, TARGET, at_most=True, unit="x")
    print(machine())
    return 0


if __name__ == "__main__":
    sys.exit(main())
