"""A notebook's base process: runs the submitted cells once, in order, as far as the items graded
so far need, and forks their workers from its state there, as the zygote does for modules.

Each item is graded at its place in the notebook (where its test cell sits): the grader asks the
base to run the cells up to that place ("run"), then forks the item's workers from it. Where an
item still to come has a place the base is about to pass (a notebook whose sections are out of
the items' order), the grader first asks for a snapshot there: a process forked from the base
(copy-on-write) that keeps that state and forks that item's workers, while the base goes on.

A cell that raises is recorded and the next cell still runs, as when a student re-runs a
notebook top to bottom. The cells come in `cells.json` in the working folder; cells that a
Jupyter kernel ran later come as further files ("cells" requests) and run where the others left
off, so that check() in a notebook never runs a cell twice.
"""

from __future__ import annotations

import json
import signal
import socket
import types
from pathlib import Path

from autograder.worker import child, forkserver

CELL_SECONDS = 30  # as nbgrader's autograde allows each cell


class CellTimeout(BaseException):
    pass


def _alarm(signum, frame):
    raise CellTimeout()


def run_cells(cells: list[dict], namespace: dict, workdir: Path) -> list[dict]:
    errors = []
    signal.signal(signal.SIGALRM, _alarm)
    for cell in cells:
        filename = str(workdir / f"cell-{cell['index']}")
        try:
            signal.alarm(CELL_SECONDS)
            exec(compile(cell["source"], filename, "exec"), namespace)
        except CellTimeout:
            errors.append({"cell": cell["index"], "kind": "error", "type": "TimeoutError",
                           "message": f"the cell ran for more than {CELL_SECONDS} s", "where": None})
        except BaseException as exc:
            errors.append({"cell": cell["index"], **child.describe_error(exc, workdir)})
        finally:
            signal.alarm(0)
    return errors


def main(control: socket.socket, workdir: str, limits: dict, writable: tuple[str, ...] = ()) -> None:
    child.enter(workdir, limits, writable)
    seal = child.sealed()
    module = types.ModuleType("notebook")
    cells = json.loads((Path(workdir) / "cells.json").read_text())
    ran = 0  # how many of the cells have run

    def start_item(sock: socket.socket, request: dict) -> None:
        child.main(sock, workdir, request["limits"], namespace=module, seal=seal, writable=writable)

    def start_snapshot(sock: socket.socket, request: dict) -> None:
        forkserver.serve(sock, {"spawn": start_item})

    def run_to(request: dict) -> dict:
        nonlocal ran
        errors = run_cells(cells[ran:request["to"]], vars(module), Path(workdir))
        ran = max(ran, min(request["to"], len(cells)))
        return {"ok": True, "cell_errors": errors[:50]}

    def more_cells(request: dict) -> dict:
        cells.extend(json.loads((Path(workdir) / request["file"]).read_text()))
        return run_to({"to": len(cells)})

    forkserver.serve(control, {"spawn": start_item, "snapshot": start_snapshot},
                     answers={"run": run_to, "cells": more_cells})
