"""`check("q07")` for students working in Jupyter, like Otter's `grader.check`.

It runs the item's public checks (for instructors, `hidden=True` adds the hidden ones and
`hidden="only"`, which nbgrader's hidden-test blocks use, runs those alone) on
the definitions the notebook has executed so far: the cells in this kernel's history are run
again in the grader's sandbox, never in the kernel, and the verdict comes back to print here.
"""

from __future__ import annotations

import logging
import sys
import warnings
from contextlib import contextmanager


def executed_cells() -> list[str]:
    """The code this kernel ran, oldest first, as IPython keeps it in `In`."""
    try:
        return list(get_ipython().user_ns.get("In", []))  # noqa: F821  (defined inside IPython)
    except NameError:
        return []


_kept = None  # the session of this kernel's checks


def kernel_session(item_ids, portable_check: bool = True):
    """One session (one sandbox) for the kernel's lifetime: a check sends the notebook's process
    only the cells run since the last one, so a repeated check costs the checks themselves. A
    history that is not the last one's continued (a restarted kernel, cleared history) or a
    session whose notebook process failed gets a fresh session, as does a check of hidden checks
    (not `portable_check`) after checks that ran without the sandbox. Closed when the kernel
    exits."""
    import atexit

    from autograder.runner.session import open_session
    from autograder.submission import History

    global _kept
    history = History(executed_cells())
    if _kept is not None:
        ran = _kept.submission.cells
        if history.cells[:len(ran)] == ran and not (_kept.broken or _kept.failed_base()) \
                and (portable_check or not _kept.unconfined):
            _kept.extend(history.cells[len(ran):])
            return _kept
        _kept.close()
    else:
        atexit.register(lambda: _kept and _kept.close())
    print(f"checking {', '.join(item_ids)} in a new sandbox ...", flush=True)  # its start takes seconds
    _kept = open_session(history, "auto", item_ids, portable_check)
    return _kept


@contextmanager
def _nothing_on_stderr():
    """nbgrader scores a test cell 0 on any output to stderr, even when every check passed; the
    verdict is check()'s own (it raises when a check fails), so warnings raised in this kernel are
    silenced and the grader's log lines go to stdout while it runs."""
    logger = logging.getLogger("autograder")
    handler = logging.StreamHandler(sys.stdout)
    logger.addHandler(handler)
    propagate, logger.propagate = logger.propagate, False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


def check(*item_ids: str, hidden: bool | str = False) -> bool:
    """Run the checks of the given items on this notebook's definitions; True when all pass.

    Prints one line per check and raises AssertionError when one fails, so that a test cell
    fails with it.
    """
    from autograder.grading import Visibility, grade

    with _nothing_on_stderr():
        # Only the public checks may run without the sandbox (runner/portable.py).
        session = kernel_session(item_ids, portable_check=Visibility(hidden) is Visibility.PUBLIC)
        report = grade(session, list(item_ids), hidden=hidden)
    failures = []
    for item_id, item in report["items"].items():
        for c in item["checks"]:
            mark = "pass" if c["passed"] else "FAIL"
            print(f"{mark} {item_id} {c['name']}" + ("" if c["passed"] else f"\n     {c['message']}"))
            if not c["passed"]:
                failures.append(f"{item_id} {c['name']}")
        print(f"{item_id}: {item['score']:g}/{item['max_score']:g}")
    if Visibility(hidden) is Visibility.PUBLIC:
        print("(hidden checks also run when your work is graded)")
    sys.stdout.flush()
    if failures:
        raise AssertionError(f"{len(failures)} check(s) failed: {', '.join(failures)}")
    return True
