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
    """The packages this step imported: new top-level ones, and new parts of those already there
    (torch._dynamo under torch)."""
    loaded = set(sys.modules)
    tops = {m for m in loaded if "." not in m}
    new = {m for m in tops - seen if not m.startswith("_")}
    new |= {m for m in loaded - seen if m.count(".") == 1 and m.split(".")[0] in seen}
    steps.append((name, _anon_mb(), new))
    seen.update(tops | {m for m in loaded if m.count(".") == 1})


def pytest_configure(config):
    _step("start -> pytest configured")


def pytest_collection_finish(session):
    _step("collection")


def pytest_runtest_logfinish(nodeid, location):
    _step(nodeid.split("/")[-1])


def pytest_unconfigure(config):
    previous = 0
    for name, anon, new in steps:
        if anon - previous >= 5 or (new and previous):
            print(f"{anon:5d} MB anon (+{anon - previous:4d})  {name}: {', '.join(sorted(new)[:12])}", file=sys.stderr)
        previous = anon
    print(f"{previous:5d} MB anon at the end", file=sys.stderr)
