"""A notebook's base process: runs the submitted cells once, in order, then forks one worker
per item from the state they left, as the zygote does for modules.

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
    errors = run_cells(cells, vars(module), Path(workdir))

    def start_item(sock: socket.socket, request: dict) -> None:
        child.main(sock, workdir, request["limits"], namespace=module, seal=seal, writable=writable)

    def more_cells(request: dict) -> dict:
        later = json.loads((Path(workdir) / request["file"]).read_text())
        return {"ok": True, "cell_errors": run_cells(later, vars(module), Path(workdir))[:50]}

    forkserver.serve(control, {"spawn": start_item}, hello={"cell_errors": errors[:50]},
                     answers={"cells": more_cells})
