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


def executed_cells() -> list[dict]:
    """The code this kernel ran, oldest first, as IPython keeps it in `In`."""
    try:
        history = get_ipython().user_ns.get("In", [])  # noqa: F821  (defined inside IPython)
    except NameError:
        history = []
    from autograder.submission import runnable

    cells = []
    for index, source in enumerate(history):
        lines = [line.strip() for line in source.splitlines() if line.strip() and not line.strip().startswith("#")]
        if source and not all(line.startswith(("check(", "assert check(")) for line in lines):
            cells.append({"index": index, "source": runnable(source)})
    return cells


class _History:
    """A notebook made of the executed cells: what the runner needs of a submission.Notebook."""

    def __init__(self, cells: list[dict]):
        self.cells = cells
        self.answers: dict = {}

    def source_text(self) -> str:
        return "\n\n".join(c["source"] for c in self.cells)

    def place(self, index: int) -> tuple[str, str]:
        return "notebook", f"In [{index}]"  # as Jupyter numbers what this kernel ran


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
    import tempfile
    from pathlib import Path

    from autograder import catalogue
    from autograder.grading import grade
    from autograder.runner.session import Session, resolve_device

    print(f"checking {', '.join(item_ids)} in the sandbox ...", flush=True)  # its start takes seconds
    with _nothing_on_stderr(), tempfile.TemporaryDirectory() as folder:
        with Session(Path(folder), resolve_device("auto"), notebook=_History(executed_cells()),
                     preload=catalogue.preloads(item_ids)) as session:
            report = grade(Path(folder), list(item_ids), hidden=hidden, session=session)
    failures = []
    for item_id, item in report["items"].items():
        for c in item["checks"]:
            mark = "pass" if c["passed"] else "FAIL"
            print(f"{mark} {item_id} {c['name']}" + ("" if c["passed"] else f"\n     {c['message']}"))
            if not c["passed"]:
                failures.append(f"{item_id} {c['name']}")
        print(f"{item_id}: {item['score']:g}/{item['max_score']:g}")
    if not hidden:
        print("(hidden checks also run when your work is graded)")
    sys.stdout.flush()
    if failures:
        raise AssertionError(f"{len(failures)} check(s) failed: {', '.join(failures)}")
    return True
