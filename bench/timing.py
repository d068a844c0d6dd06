"""What the benchmarks share: time a command, time several side by side, print a table and how a
figure stands against its target.

The development machine is shared, so absolute seconds drift with the load; a benchmark's figure
is a ratio of commands timed in one run, their repetitions interleaved so that a burst of load
falls on all of them alike.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent  # the environment's scripts: `autograder` as a user runs it


def autograder(*args: str) -> list[str]:
    return [str(BIN / "autograder"), *args]


@dataclass
class Timed:
    seconds: float
    returncode: int
    stdout: str
    stderr: str


def timed(command: list[str] | str, *, timeout: float = 3600, **popen) -> Timed:
    """Wall time of one command run to its end; a string is run by bash (a shell loop)."""
    shell = isinstance(command, str)
    start = time.perf_counter()
    done = subprocess.run(["bash", "-c", command] if shell else command, capture_output=True, text=True,
                          timeout=timeout, **popen)
    return Timed(time.perf_counter() - start, done.returncode, done.stdout, done.stderr)


def measure(what: list[str] | str | Callable[[], object]) -> Timed:
    """A command (as `timed`), or a Python callable timed around its call."""
    if not callable(what):
        return timed(what)
    start = time.perf_counter()
    what()
    return Timed(time.perf_counter() - start, 0, "", "")


def side_by_side(runs: dict[str, list[str] | str | Callable[[], object]], repeat: int, *,
                 warm_up: bool = True) -> dict[str, list[Timed]]:
    """Each of `runs` `repeat` times, one of each per round, the order rotated every round; an
    untimed first round fills the page cache for all of them."""
    names = list(runs)
    out: dict[str, list[Timed]] = {name: [] for name in names}
    if warm_up:
        for name in names:
            measure(runs[name])
    for round_ in range(repeat):
        for name in names[round_ % len(names):] + names[:round_ % len(names)]:
            out[name].append(measure(runs[name]))
    return out


def median(runs: list[Timed]) -> float:
    return statistics.median(r.seconds for r in runs)


def machine() -> str:
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return f"{os.cpu_count()} CPU cores, load average {load} (1, 5, 15 min)"


def table(header: list[str], rows: list[list]) -> None:
    """Columns as wide as their widest cell; floats with two decimals."""
    cells = [[f"{c:.2f}" if isinstance(c, float) else str(c) for c in row] for row in [header, *rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    for number, row in enumerate(cells):
        print("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths))))
        if number == 0:
            print("  ".join("-" * w for w in widths))


def against(what: str, value: float, target: float, *, at_most: bool, unit: str = "") -> None:
    """One line: the figure, its target and whether it is met (a benchmark reports, never fails)."""
    met = value <= target if at_most else value >= target
    sign = "<=" if at_most else ">="
    print(f"{what}: {value:.2f}{unit} (target {sign} {target:g}{unit}): {'met' if met else 'NOT met'}")
