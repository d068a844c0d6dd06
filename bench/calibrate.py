"""Calibrate the training checks of q13, q14 and q18 from the reference solutions.

Runs the very probes the checks run, with the checks' own settings, on the reference modules
over several seeds, and prints accuracy mean/min/max/spread per setting; for the timed check
(q14) also the reference loop's time spread, and the ratio of a deliberately slow loop (the
one-sample-at-a-time mistake from tests/mistakes) to the reference on this machine.

    .venv/bin/python bench/calibrate.py [--seeds 10] [--slow-seeds 2]

The thresholds next to the checks quote this table; rerun it after changing a setting.
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from autograder.checks.hidden import test_q13_learner as q13  # noqa: E402
from autograder.checks.hidden import test_q14_training_loop as q14  # noqa: E402
from autograder.checks.hidden import test_q18_deeper as q18  # noqa: E402
from autograder.checks.public.test_q13_learner import SMALL, observe_fit  # noqa: E402
from solutions import q13_learner, q14_training_loop, q18_deeper  # noqa: E402

SLOW_LOOP = ROOT / "tests" / "mistakes" / "q14_training_loop" / "one_sample_at_a_time.py"


def load(path: Path):
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def row(name: str, values: list[float], threshold: float | None = None, unit: str = "") -> str:
    lo, hi, mean = min(values), max(values), statistics.fmean(values)
    line = f"{name:<38} n={len(values):<3} mean {mean:.4f}{unit}  min {lo:.4f}{unit}  max {hi:.4f}{unit}  " \
           f"spread {hi - lo:.4f}{unit}"
    if threshold is not None:
        line += f"  threshold {threshold}  margin {lo - threshold:+.4f}"
    return line


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=10, help="seeds 0..N-1 for every setting")
    parser.add_argument("--slow-seeds", type=int, default=2, help="runs of the slow loop (each takes seconds)")
    args = parser.parse_args()
    seeds = range(args.seeds)

    print(f"q13 Learner, linear model, {q13.FULL}")
    accs = [observe_fit(q13_learner, **{**SMALL, **q13.FULL, "seed": s})["accuracy"] for s in seeds]
    print(row("  final accuracy", accs, q13.LINEAR_ACCURACY))

    for kind, settings in q14.TIMED.items():
        print(f"q14 timed training, {kind}, {settings} (cpu, one thread)")
        runs = [q14.timed_training(q14_training_loop, "cpu", kind, s, settings["epochs"], settings["lr"],
                                   settings["batch_size"]) for s in seeds]
        print(row("  final accuracy", [r["accuracy"] for r in runs], q14.MIN_ACCURACY[kind]))
        times = [r["seconds"] for r in runs]
        print(row("  reference CPU seconds (the verdict)", times, unit=" s"))
        print(row("  reference wall seconds", [r["wall_seconds"] for r in runs], unit=" s"))
        limit = q14.limit(min(times))
        print(f"  limit at the fastest reference run: {limit:.2f} s = {q14.RATIO:g}x + {q14.SLACK_S:g} s "
              f"(slowest reference run {max(times):.2f} s)")
        if args.slow_seeds:
            slow = load(SLOW_LOOP)
            slow_runs = [q14.timed_training(slow, "cpu", kind, s, settings["epochs"], settings["lr"],
                                            settings["batch_size"]) for s in range(args.slow_seeds)]
            slow_times = [r["seconds"] for r in slow_runs]
            print(row("  one-sample-at-a-time CPU seconds", slow_times, unit=" s"))
            print(f"  slow / reference (means): {statistics.fmean(slow_times) / statistics.fmean(times):.1f}x; "
                  f"accuracy {[round(r['accuracy'], 4) for r in slow_runs]}")

    print(f"q18 deep net, plain SGD loop, {q18.DEEP}")
    accs = [q18.train_deep_net(q18_deeper, s, *list(q18.DEEP.values())[1:]) for s in seeds]
    print(row("  final accuracy", accs, q18.DEEP_ACCURACY))
    return 0


if __name__ == "__main__":
    sys.exit(main())
