"""pytest plugin for the benchmarks: when pytest started, collected and ran each check of one
grading, written as JSON to the file named by $CHECK_CLOCK when pytest ends.

It is loaded into a real `autograder grade` (or `check`) from outside, so the package needs no
hook for it (bench_grading.py does this):

    PYTHONPATH=bench PYTEST_ADDOPTS="-p check_clock" CHECK_CLOCK=clock.json .venv/bin/autograder grade solutions

Times are time.time() stamps, comparable with the parent's clock.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

events: dict = {"checks": []}
started: dict[str, float] = {}


def pytest_configure(config):
    events["configured"] = time.time()


def pytest_collection_finish(session):
    events["collected"] = time.time()
    events["collected_checks"] = len(session.items)


def pytest_runtest_logstart(nodeid, location):
    started[nodeid] = time.time()


def pytest_runtest_logreport(report):
    if report.when == "setup":
        events["checks"].append({"nodeid": report.nodeid, "item": Path(report.fspath).stem[5:8],
                                 "hidden": Path(report.fspath).parent.name == "hidden",
                                 "start": started[report.nodeid], "seconds": 0.0, "passed": True})
    check = events["checks"][-1]
    check["seconds"] += report.duration
    check["passed"] = check["passed"] and not report.failed
    check["end"] = time.time()


def pytest_unconfigure(config):
    events["unconfigured"] = time.time()
    if os.environ.get("CHECK_CLOCK"):
        Path(os.environ["CHECK_CLOCK"]).write_text(json.dumps(events))
