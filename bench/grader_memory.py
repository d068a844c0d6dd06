"""pytest plugin for the benchmarks: the grading process's own memory, and the modules it
imports, at collection and after each check; for what the trusted side loads only because a
check or a reference needs it (issue 20, point 8). Loaded from outside, as check_clock is:

    PYTHONPATH=bench PYTEST_ADDOPTS="-p grader_memory" .venv/bin/autograder grade solutions --format json

Prints to stderr, when pytest ends, each step that grew the process's anonymous memory by 5 MB
or more, or imported a package, with the packages it imported.
"""

from __future__ import annotations

import sys
from pathlib import Path

steps: list[tuple[str, int, set[str]]] = []
seen: set[str] = set()


def _anon_mb() -> int:
    for line in Path("/proc/self/smaps_rollup").read_text().splitlines():
        if line.startswith("Anonymous:"):
            return int(line.split()[1]) // 1024
    return 0


def _step(name: str) -> None:
    packages = {m.split(".")[0] for m in sys.modules} | {m for m in sys.modules if m.count(".") == 1}
    steps.append((name, _anon_mb(), packages - seen))
    seen.update(packages)


def pytest_configure(config):
    _step("start -> pytest configured")


def pytest_collection_finish(session):
    _step("collection")


def pytest_runtest_logfinish(nodeid, location):
    _step(nodeid.split("/")[-1])


def pytest_unconfigure(config):
    previous = 0
    for name, anon, new in steps:
        shown = sorted(m for m in new if not m.startswith("_") and "._" not in m)
        if anon - previous >= 5 or (shown and previous):
            print(f"{anon:5d} MB anon (+{anon - previous:4d})  {name}: {', '.join(shown[:12])}", file=sys.stderr)
        previous = anon
    print(f"{previous:5d} MB anon at the end", file=sys.stderr)
