"""Calibrate the training checks of q13, q14 and q18 from the reference solutions.

Runs the very probes the checks run, with the checks' own settings, on the reference modules
over several seeds, and scores the trained weights as the checks do (autograder.checks.training):
accuracy on the held-out digits (and on the validation digits) with mean/min/max/spread per
setting. For the timed check (q14) also the reference loop's CPU and wall time, timed in this
process as the check times it, and the ratio of a deliberately slow loop (the one-sample-at-a-
time mistake from tests/mistakes) to the reference. For the weight tolerance, how far the honest
loops of tests/forgeries and the mistakes of tests/mistakes end from the reference's weights.

    .venv/bin/python bench/calibrate.py [--seeds 10] [--slow-seeds 2]

The thresholds next to the checks quote this table; rerun it after changing a setting.
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import sys
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import torch  # noqa: E402
from torch import nn  # noqa: E402

from autograder.checks import training  # noqa: E402
from autograder.checks.hidden import test_q13_learner as q13  # noqa: E402
from autograder.checks.hidden import test_q14_training_loop as q14  # noqa: E402
from autograder.checks.hidden import test_q18_deeper as q18  # noqa: E402
from autograder.checks.public.test_q13_learner import SMALL, observe_fit  # noqa: E402
from autograder.checks.public.test_q14_training_loop import SHORT_ACCURACY, short_training  # noqa: E402
from solutions import q13_learner, q14_training_loop, q18_deeper  # noqa: E402

MISTAKES = ROOT / "tests" / "mistakes" / "q14_training_loop"
SLOW_LOOP = MISTAKES / "one_sample_at_a_time.py"
# Loops that must stay within the weight tolerance, and mistakes that must not.
HONEST = sorted((ROOT / "tests" / "forgeries").glob("q14_honest_*.py"))
WRONG = [MISTAKES / "no_zero_grad.py", SLOW_LOOP]
# Deep nets other than the reference's that the q18 threshold must let through.
DESIGNS = {
    "tanh hidden layers": lambda: nn.Sequential(nn.Linear(784, 24), nn.Tanh(), nn.Linear(24, 16), nn.Tanh(),
                                                nn.Linear(16, 1)),
    "sigmoid hidden layers": lambda: nn.Sequential(nn.Linear(784, 24), nn.Sigmoid(), nn.Linear(24, 16),
                                                   nn.Sigmoid(), nn.Linear(16, 1)),
    "three hidden layers of 20": lambda: nn.Sequential(nn.Linear(784, 20), nn.ReLU(), nn.Linear(20, 20), nn.ReLU(),
                                                       nn.Linear(20, 20), nn.ReLU(), nn.Linear(20, 1)),
    "two hidden layers of 8": lambda: nn.Sequential(nn.Linear(784, 8), nn.ReLU(), nn.Linear(8, 8), nn.ReLU(),
                                                    nn.Linear(8, 1)),
}


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


def scores(widths, weights) -> tuple[float, float]:
    model = training.trained(widths, weights, "calibration")
    return training.accuracy(model, "heldout"), training.accuracy(model, "valid")


def timed(module, kind: str, seed: int, n_train=None, epochs=None):
    settings, widths = q14.TIMED[kind], training.ARCHITECTURES[kind]
    args = ("cpu", widths, seed, epochs or settings["epochs"], settings["lr"], settings["batch_size"], n_train)
    return training.time_reference(q14.timed_training, module, "cpu", *args)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=10, help="seeds 0..N-1 for every setting")
    parser.add_argument("--slow-seeds", type=int, default=2, help="runs of the slow loop (each takes seconds)")
    args = parser.parse_args()
    seeds = range(args.seeds)
    torch.set_num_threads(1)  # as the grading process runs its reference probes

    print(f"q13 Learner, linear model, {q13.FULL}")
    runs = [scores(q13.FULL["widths"], observe_fit(q13_learner, **{**SMALL, **q13.FULL, "seed": s})["weights"])
            for s in seeds]
    print(row("  held-out accuracy", [h for h, _ in runs], q13.LINEAR_ACCURACY))
    print(row("  validation accuracy", [v for _, v in runs]))

    print("q14 public check, train_model(nn.Linear(784, 1), ...) on 512 digits, 3 epochs, lr 1.0")
    valid = [scores(training.ARCHITECTURES["linear"], short_training(q14_training_loop, 512, 3, 1.0, s)["weights"])[1]
             for s in seeds]
    print(row("  validation accuracy", valid, SHORT_ACCURACY))

    for kind, settings in q14.TIMED.items():
        print(f"q14 timed training, {kind}, {settings} (cpu, one thread)")
        warm_up = (training.draw_seed(), settings["batch_size"], 1)
        timed(q14_training_loop, kind, *warm_up)
        runs = [timed(q14_training_loop, kind, s) for s in seeds]
        accuracy = [scores(training.ARCHITECTURES[kind], value["weights"]) for value, _ in runs]
        print(row("  held-out accuracy", [h for h, _ in accuracy], q14.MIN_ACCURACY[kind]))
        print(row("  validation accuracy", [v for _, v in accuracy]))
        times = [t["cpu_seconds"] for _, t in runs]
        print(row("  reference CPU seconds (the verdict)", times, unit=" s"))
        print(row("  reference wall seconds", [t["wall_seconds"] for _, t in runs], unit=" s"))
        print(f"  limit at the fastest reference run: {q14.limit(min(times)):.2f} s = {q14.RATIO:g}x + "
              f"{q14.SLACK_S:g} s (slowest reference run {max(times):.2f} s)")
        if args.slow_seeds:
            slow = load(SLOW_LOOP)
            timed(slow, kind, *warm_up)
            slow_times = [timed(slow, kind, s)[1]["cpu_seconds"] for s in range(args.slow_seeds)]
            print(row("  one-sample-at-a-time CPU seconds", slow_times, unit=" s"))
            print(f"  slow / reference (means): {statistics.fmean(slow_times) / statistics.fmean(times):.1f}x")

    print("weights after training, largest difference from the reference's (same seed and batches)")
    settings = [(f"timed {kind}", lambda m, kind=kind, s=0: timed(m, kind, s)[0]["weights"]) for kind in q14.TIMED]
    widths = training.ARCHITECTURES["small_net"]
    for defaults in (False, True):
        settings.append((f"follows the reference, {'default' if defaults else 'given'} loss and optimiser",
                         lambda m, d=defaults, s=0: q14.weights_after_training(m, d, s, widths)["weights"]))
    for name, run in settings:
        print(f"  {name}")
        for path in HONEST + WRONG:
            module = load(path)
            gaps = [training.weight_gap(run(module, s=s), run(q14_training_loop, s=s))
                    for s in (seeds if path in HONEST else range(min(2, args.seeds)))]
            print(f"    {path.parent.name + '/' + path.stem:<48} max {max(gaps):.3g}  "
                  f"(tolerance {training.WEIGHT_TOLERANCE:g})")

    print(f"q18 deep net, plain SGD loop, {q18.DEEP}")
    nets = {"reference deep net": q18_deeper.make_deep_net, **DESIGNS}
    for name, make in nets.items():
        accuracy = []
        for s in seeds if make is q18_deeper.make_deep_net else range(min(3, args.seeds)):
            value = q18.train_deep_net(SimpleNamespace(make_deep_net=make), s, *list(q18.DEEP.values())[1:],
                                       None, None)
            net = make()
            net.load_state_dict(value["trained"])
            accuracy.append(training.accuracy(net.eval(), "heldout"))
        print(row(f"  {name}: held-out accuracy", accuracy, q18.DEEP_ACCURACY))
    return 0


if __name__ == "__main__":
    sys.exit(main())
