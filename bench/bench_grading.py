"""Time the grading of the reference solutions: worker start, each item, the total, with a bare
`python -c "import torch"` measured in the same run as the floor.

    .venv/bin/python bench/bench_grading.py [--items q01,q02]
"""

from __future__ import annotations

import argparse
import collections
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def seconds(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - start


class ItemClock:
    """pytest plugin: wall time of every check, summed per item (setup, call and teardown)."""

    def __init__(self):
        self.per_item = collections.defaultdict(float)

    def pytest_runtest_logreport(self, report):
        self.per_item[Path(report.fspath).stem.removeprefix("test_")[:3]] += report.duration


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items")
    args = parser.parse_args()
    items = args.items.split(",") if args.items else None

    floor = min(seconds([sys.executable, "-c", "import torch"]) for _ in range(3))

    from autograder.runner.session import Session

    start = time.perf_counter()
    session = Session(ROOT / "solutions", "cpu")
    session.sandbox.wait_ready()
    worker_start = time.perf_counter() - start
    session.close()

    from autograder import catalogue
    from autograder.grading import grade

    clock = ItemClock()
    start = time.perf_counter()
    with Session(ROOT / "solutions", "cpu", preload=catalogue.preloads(items or catalogue.BY_ID)) as session:
        report = grade(ROOT / "solutions", items, session=session, plugins=(clock,))
    in_process = time.perf_counter() - start
    cli = seconds([sys.executable, "-m", "autograder", "grade", str(ROOT / "solutions"), "--format", "json",
                   "--device", "cpu"] + (["--items", args.items] if items else []))

    print(f"{'what':<38}{'seconds':>9}{'x torch import':>16}")
    rows = [("python -c 'import torch' (floor)", floor), ("worker start (zygote ready)", worker_start)]
    rows += [(f"  {item_id} checks", clock.per_item[item_id]) for item_id in report["items"]]
    rows += [("grade(), in process, all items", in_process), ("autograder grade (CLI, whole run)", cli)]
    for label, value in rows:
        print(f"{label:<38}{value:>9.2f}{value / floor:>16.2f}")
    print(f"score {report['score']:g}/{report['max_score']:g}")


if __name__ == "__main__":
    main()
