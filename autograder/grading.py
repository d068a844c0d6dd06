"""Grade one submission: run the check modules through pytest and collect a report.

The report is plain data, in the shape report/schema.py declares.
"""

from __future__ import annotations

import enum
import io
import json
import logging
import re
import sys
from contextlib import redirect_stdout
from pathlib import Path

from autograder import catalogue
from autograder.checks import cache
from autograder.exits import Exit, ExitError
from autograder.report.common import capped
from autograder.report.schema import CellError, Check, Item, Provenance, Report, Written
from autograder.runner.failures import StudentFailure

CHECKS = Path(__file__).parent / "checks"
log = logging.getLogger("autograder")


class GraderError(ExitError):
    """The grader itself could not run; no report can be trusted."""

    code = Exit.GRADER_FAILED


class Visibility(enum.Enum):
    """Which checks a grading runs, by who may see them. The values are check()'s `hidden`
    argument as notebooks spell it (nbgrader's hidden-test cells call check(..., hidden="only")),
    and every function here that takes a Visibility takes its value too."""

    PUBLIC = False  # public checks only: what students run on their own work
    WITH_HIDDEN = True  # public and hidden: a grade
    HIDDEN_ONLY = "only"  # hidden only: nbgrader's hidden-test cells, after the public checks' cells


CHECK_SETS = {Visibility.PUBLIC: ["public"], Visibility.WITH_HIDDEN: ["public", "hidden"],
              Visibility.HIDDEN_ONLY: ["hidden"]}
# Lets an instructor grade with hidden checks where student code could read them.
ALLOW_PARTIAL = "AUTOGRADER_ALLOW_PARTIAL_ISOLATION"
# The student bundle has no hidden checks, and each item's points with them (authoring/bundle.py).
GRADED_POINTS = CHECKS / "graded_points.json"


# How the checks run through pytest's API. --assert=plain: the checks word their own failures, and
# rewriting every imported module's asserts cost over a second per run. The plugins left out do
# nothing for the checks, and unraisableexception's collections at the end of each run took
# 0.7 s (a second of a repeated check() in Jupyter).
PYTEST_ARGS = ("-q", "--assert=plain", "--rootdir", str(CHECKS), "-o", "addopts=", "-o", "testpaths=",
               *(arg for plugin in ("cacheprovider", "randomly", "unraisableexception", "threadexception",
                                    "faulthandler", "junitxml", "doctest", "pastebin", "stepwise", "setuponly",
                                    "setupplan", "subtests") for arg in ("-p", f"no:{plugin}")))


def run_pytest(args: list[str], plugins: list) -> tuple[int, str]:
    """pytest.main on check modules with pytest's own plugins and ours only: plugins installed
    beside the grader (hypothesis, anyio, ...) load through their entry points otherwise, and
    hypothesis's alone cost 0.8 s per run. Returns the exit code and what pytest printed."""
    import os

    import pytest

    autoload = os.environ.get("PYTEST_DISABLE_PLUGIN_AUTOLOAD")
    os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    try:
        with redirect_stdout(io.StringIO()) as out:
            code = pytest.main([*args, *PYTEST_ARGS, "-p", "autograder.checks.plugin"], plugins=plugins)
    finally:
        if autoload is None:
            del os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"]
        else:
            os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = autoload
    return code, out.getvalue()


def has_hidden_checks() -> bool:
    return any((CHECKS / "hidden").glob("test_*.py"))


class PartialIsolation(GraderError):
    """Hidden checks would be graded where student code could read them."""


def require_isolation(hidden: Visibility | bool | str, allow_partial: bool = False) -> None:
    """Refuse limits-only while hidden checks are graded: there, student code runs as the
    grader's own user and could read the hidden checks and the solutions."""
    import os

    from autograder.runner import isolation

    if Visibility(hidden) is Visibility.PUBLIC or not has_hidden_checks() or allow_partial \
            or os.environ.get(ALLOW_PARTIAL):
        return
    if isolation.level() != isolation.LIMITS_ONLY:
        return
    tried = "; ".join(f"{level}: {isolation.probe(level)}" for level in isolation.LEVELS[:-1])
    raise PartialIsolation(
        "refusing to grade hidden checks at isolation 'limits-only', where student code could read them "
        f"({tried}). Install bubblewrap (apt-get install bubblewrap) or run the grader as root to get a "
        "sandbox, or pass --allow-partial-isolation to grade anyway")


def check_files(item_ids: list[str], hidden: Visibility | bool | str = Visibility.WITH_HIDDEN) -> list[Path]:
    """The check modules of the items that `hidden` selects."""
    folders = CHECK_SETS[Visibility(hidden)]
    files = []
    for item_id in item_ids:
        module = catalogue.item(item_id).module
        files += [CHECKS / f / f"test_{module}.py" for f in folders if (CHECKS / f / f"test_{module}.py").exists()]
    return files


class Collector:
    """pytest plugin object that records each check's outcome in student-facing words."""

    def __init__(self):
        self.results: list[dict] = []
        self.artifacts: dict[str, dict] = {}  # item -> figures and series kept by its checks
        self.internal: list[tuple[str, str]] = []  # (check, traceback) of the grader's own errors

    def pytest_runtest_makereport(self, item, call):
        if call.when == "setup" and call.excinfo is None:
            return
        if call.when == "teardown":
            return
        from autograder.checks.plugin import is_hidden, item_of, points

        passed = call.excinfo is None
        student = item.funcargs.get("student")
        if student is not None and student.artifacts:
            self.artifacts.setdefault(item_of(str(item.path)).id, {}).update(student.artifacts)
        self.results.append({
            "item": item_of(str(item.path)).id,
            "name": item.name.removeprefix("test_"),
            "max_score": points(item),
            "passed": passed,
            "hidden": is_hidden(item),
            "message": self._message(call.excinfo, item) if not passed else "; ".join(student.notes if student else []),
        })

    def _message(self, excinfo, item) -> str:
        if isinstance(excinfo.value, StudentFailure) or excinfo.errisinstance(AssertionError):
            message = str(excinfo.value) or f"check {item.name} failed"
            # Student code controls parts of some messages (its exceptions' text): keep them short.
            return capped(message)
        self.internal.append((item.nodeid, str(excinfo.getrepr(style="short"))))
        return (f"the grader hit an internal error in this check ({excinfo.typename}: {excinfo.value}); "
                "please tell your instructor")


def grade_path(path: Path, item_ids: list[str] | None, device: str = "auto",
               hidden: Visibility | bool | str = Visibility.WITH_HIDDEN, allow_partial: bool = False,
               portable_check: bool = False) -> Report:
    """Grade what a user points at (a folder, a notebook or a zip), read once before the worker
    starts, and the worker before anything heavy is imported here so that its torch import
    overlaps with ours. `portable_check`: `check`'s, see runner.session.open_session."""
    from autograder import submission
    from autograder.runner.session import open_session

    require_isolation(hidden, allow_partial)
    warnings: list[str] = []
    work = submission.read(path, warnings)
    for warning in warnings:
        log.warning(warning)
    with open_session(work, device, item_ids, portable_check) as session:
        return grade(session, item_ids, hidden=hidden)


def grade(session, item_ids: list[str] | None = None, hidden: Visibility | bool | str = Visibility.WITH_HIDDEN,
          plugins: tuple = ()) -> Report:
    """Grade the submission of a session (runner.session.open_session), which the caller closes;
    extra pytest `plugins` may observe the run (the benchmarks time each check)."""
    import torch

    # Reference probes run in this process beside the worker: one thread each, as in the worker.
    torch.set_num_threads(1)
    item_ids = item_ids or [i.id for i in catalogue.ITEMS]
    cache.next_student()
    collector = Collector()
    files = check_files(item_ids, hidden)

    class Attach:
        @staticmethod
        def pytest_configure(config):
            config.autograder_session = session

    code, out = run_pytest([*map(str, files)], [collector, Attach(), *plugins])
    if session.broken:
        # The checks' own errors follow from it (a library that does not import here either).
        raise GraderError(f"the sandbox could not run student code: {session.broken}")
    for check, traceback in collector.internal:
        log.error("internal error in %s:\n%s", check, traceback)
    if code not in (0, 1):
        raise GraderError(f"pytest could not run the checks (exit {code}):\n{out[-4000:]}")
    answers = session.answers([catalogue.item(i) for i in item_ids])
    report = build_report(collector.results, item_ids, answers, provenance(session))
    report["artifacts"] = collector.artifacts
    if Visibility(hidden) is not Visibility.PUBLIC and not has_hidden_checks():
        report["hidden_checks"] = "absent"
        if GRADED_POINTS.is_file():
            points = json.loads(GRADED_POINTS.read_text())
            report["graded_max_score"] = {i: points[i] for i in item_ids if i in points}
    if session.submission.runs_cells:
        report["cell_errors"] = [cell_error(e, session.submission) for e in session.cell_errors()]
    return report


def cell_error(error: dict, notebook) -> CellError:
    """A failed cell, named by its section and first line: Jupyter shows no cell numbers."""
    from autograder.runner.failures import explain

    section, cell = notebook.place(error["cell"])
    location = error.get("where")
    shown = re.fullmatch(r"cell-(\d+)", location["file"]) if location else None
    if shown:  # the worker names each cell's code after its index
        error = {**error, "where": {**location, "file": notebook.place(int(shown.group(1)))[1]}}
    message = explain(error, cell, section)
    if not message.startswith(f"{section}:"):
        message = f"{section}: {message}"
    return {"cell": error["cell"], "section": section, "where": cell, "message": message}


def provenance(session) -> Provenance:
    """Where the report was made: the grader's version, torch's, the device, and how student
    code was isolated (network included)."""
    from importlib import metadata

    import torch

    try:
        version = metadata.version("lesson4-autograder")
    except metadata.PackageNotFoundError:
        version = "unknown"
    device = session.device
    if device == "cuda":
        device = f"cuda ({torch.cuda.get_device_name()})"
    return {"isolation": session.sandbox.level, "network": session.sandbox.network(),
            "writes": session.sandbox.writes(), "device": device,
            "torch": torch.__version__, "version": version}


def build_report(results: list[dict], item_ids: list[str], answers: dict, where: Provenance) -> Report:
    from autograder.submission import answered

    items: dict[str, Item] = {}
    for item_id in item_ids:
        checks = [Check(name=r["name"], score=r["max_score"] if r["passed"] else 0.0, max_score=r["max_score"],
                        passed=r["passed"], hidden=r["hidden"], message=r["message"])
                  for r in results if r["item"] == item_id]
        written = None
        if catalogue.item(item_id).written:
            written = Written(max_score=catalogue.WRITTEN_POINTS, answer=answered(answers.get(item_id)))
        items[item_id] = {
            "score": sum(c["score"] for c in checks),
            "max_score": sum(c["max_score"] for c in checks),
            "checks": checks,
            "written": written,
        }
    return {
        "score": sum(i["score"] for i in items.values()),
        "max_score": sum(i["max_score"] for i in items.values()),
        "items": items,
        **where,
    }
