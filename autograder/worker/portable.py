"""The processes of the portable check (runner/portable.py), started by multiprocessing's spawn
on any system Python runs on: an item's worker serves the grader's requests on its socket with
the sandbox's own code (child.main), unconfined; a notebook's process runs the cells once and
says which raised. Without fork no process can be copied from the state a notebook's cells left,
so each item's worker runs the cells again (up to the item's place) before it serves.

Each process says on `ready`, a multiprocessing connection, when its imports (and cells) are
done, or why its imports failed, so that the grader's time limit for a call counts the
student's code only.
"""

from __future__ import annotations

import importlib
import os
import types
from pathlib import Path


def item(sock, ready, workdir: str, settings: dict, preload: list[str], cells: list[dict] | None) -> None:
    """Serve one item: a folder's module, or with `cells` a notebook's definitions."""
    _imports(ready, settings, preload)
    from autograder.worker import child, notebook

    namespace = seal = None
    if cells is not None:
        # As a notebook's base does before its cells run: what they rebind cannot reach the seal.
        child.enter(workdir, {}, confined=False)
        seal = child.sealed()
        namespace = types.ModuleType("notebook")
        notebook.run_cells(cells, vars(namespace), Path(workdir))
    ready.send({"ok": True})
    ready.close()
    child.main(sock, workdir, {}, namespace=namespace, seal=seal, confined=False)


def notebook_process(control, workdir: str, settings: dict, preload: list[str], first: list[dict]) -> None:
    """A notebook's process: runs `first`, then each later list of cells the grader sends, and
    answers each with the cells that raised."""
    _imports(control, settings, preload)
    from autograder.worker import child, notebook

    child.enter(workdir, {}, confined=False)
    namespace = vars(types.ModuleType("notebook"))
    control.send({"ok": True, "cell_errors": notebook.run_cells(first, namespace, Path(workdir))[:50]})
    while True:
        try:
            later = control.recv()
        except EOFError:  # the grader went away
            return
        control.send({"ok": True, "cell_errors": notebook.run_cells(later, namespace, Path(workdir))[:50]})


def _imports(ready, settings: dict, preload: list[str]) -> None:
    """The sandbox's environment settings (before torch reads them), then the worker's imports;
    one that fails is the grader's environment's fault, said on `ready`, as the zygote says it."""
    os.environ.update(settings)
    try:
        importlib.import_module("autograder.worker.child")
        for name in preload:
            importlib.import_module(name)
    except Exception as exc:
        ready.send({"ok": False, "error": f"{type(exc).__name__}: {exc}"})
        raise SystemExit(1) from None
