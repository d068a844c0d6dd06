"""Throughput of `autograder grade-all` with different numbers of workers, on the same class,
in one run (docs/instructors.md).

    .venv/bin/python bench/grade_all_throughput.py [--students 12] [--items q01,q07,q08] [--workers 1,2]

The class is made of reference copies (tests/classgen.py): every check runs to the end, the most
expensive case. Each worker count grades the class from scratch into its own output folder.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import classgen  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=12)
    parser.add_argument("--items", default="q01,q07,q08", help="'all' for every item")
    parser.add_argument("--workers", default="1,2")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="throughput-") as tmp:
        submissions = classgen.good_class(Path(tmp) / "class", args.students)
        rows = []
        for workers in [int(w) for w in args.workers.split(",")]:
            load = os.getloadavg()[0]
            command = [sys.executable, "-m", "autograder", "grade-all", str(submissions), "--out",
                       str(Path(tmp) / f"out-{workers}"), "--workers", str(workers), "--device", "cpu"]
            command += [] if args.items == "all" else ["--items", args.items]
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            summary = json.loads((Path(tmp) / f"out-{workers}" / "summary.json").read_text())
            rows.append({"workers": workers, "students": args.students, "items": args.items,
                         "wall_s": summary["run"]["wall_s"], "per_minute": summary["run"]["per_minute"],
                         "wall_s_per_submission": summary["cost"]["wall_s_mean"],
                         "load_before": round(load, 1), "cpus": os.cpu_count()})
            print(json.dumps(rows[-1]), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
