"""grade-all on a loopback Dask cluster of 2 workers against local `grade-all --workers 2` and a
plain loop of `autograder grade`, side by side in one run over the same class
(bench/grade_all_throughput.py's mixed class; docs/cluster.md).

    .venv/bin/python bench/cluster_throughput.py [--students 12] [--items all] [--no-loop]

The cluster is timed twice: started for the run (a `dask scheduler` and two `dask worker`
processes, then grade-all), which is what a LocalCluster behind `--workers` would cost, and
grade-all alone on the cluster already running, as on a real cluster. Each grade-all run
registers its own plugin, so both include every worker's self-test and its grading process's
start. Issue 20's targets (2 cores): the cluster within 1.1x of local grade-all's time, and
grade-all at least 3x the loop.
"""

from __future__ import annotations

import argparse
import shlex
import sys
import tempfile
from pathlib import Path

from grade_all_throughput import graded_count, mixed_class
from timing import ROOT, against, autograder, machine, measure, table

sys.path[:0] = [str(ROOT / "tests")]

from dask_cluster import LoopbackCluster  # noqa: E402

CLUSTER_RATIO, LOOP_RATIO = 1.1, 3.0
WORKERS = 2


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=12)
    parser.add_argument("--items", default="all", help="comma-separated item ids, or 'all'")
    parser.add_argument("--no-loop", action="store_true", help="leave out the plain loop of `autograder grade`")
    args = parser.parse_args()
    items = [] if args.items == "all" else ["--items", args.items]
    print(machine())
    with tempfile.TemporaryDirectory(prefix="cluster-throughput-") as tmp:
        tmp = Path(tmp)
        submissions = mixed_class(tmp / "class", args.students)
        rows, seconds = [], {}

        def grade_all(name: str, *extra: str) -> list[str]:
            return autograder("grade-all", str(submissions), "--out", str(tmp / name), "--device", "cpu",
                              *items, *extra)

        def row(name: str, label: str, took: float) -> None:
            seconds[name] = took
            rows.append([label, took, args.students * 60 / took,
                         graded_count(sorted((tmp / name / "reports").glob("*.json")))])

        if not args.no_loop:
            (tmp / "loop" / "reports").mkdir(parents=True)
            grade = shlex.join(autograder("grade")) + ' "$s" --format json --device cpu ' + shlex.join(items)
            into = shlex.quote(str(tmp / "loop" / "reports")) + '/"$(basename "$s")".json'
            row("loop", "for s in class/*; do autograder grade $s; done",
                measure(f"for s in {shlex.quote(str(submissions))}/*; do {grade} > {into}; done").seconds)
        row("local", f"autograder grade-all --workers {WORKERS}",
            measure(grade_all("local", "--workers", str(WORKERS))).seconds)
        (tmp / "cluster").mkdir()
        cluster = LoopbackCluster(tmp / "cluster")
        try:
            def started_for_the_run() -> None:
                cluster.start()
                for number in range(WORKERS):
                    cluster.add_worker(f"w{number}")
                cluster.wait_for(WORKERS)
                done = measure(grade_all("cluster-started", "--scheduler", cluster.address))
                assert done.returncode == 0, done.stderr[-3000:]

            row("cluster-started", f"dask scheduler, {WORKERS} dask workers, grade-all --scheduler",
                measure(started_for_the_run).seconds)
            done = measure(grade_all("cluster", "--scheduler", cluster.address))
            assert done.returncode == 0, done.stderr[-3000:]
            row("cluster", f"grade-all --scheduler (the {WORKERS} workers running)", done.seconds)
        finally:
            cluster.close()
        print(f"{args.students} submissions, items: {args.items}")
        table(["run", "seconds", "per minute", "graded"], rows)
        for name in ("cluster-started", "cluster"):
            against(f"{name} / local grade-all (time)", seconds[name] / seconds["local"], CLUSTER_RATIO,
                    at_most=True, unit="x")
        if "loop" in seconds:
            against("local grade-all / loop (throughput)", seconds["loop"] / seconds["local"], LOOP_RATIO,
                    at_most=False, unit="x")
    print(machine())
    return 0


if __name__ == "__main__":
    sys.exit(main())
