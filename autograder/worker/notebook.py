"""A notebook's base process: runs the submitted cells once, in order, and forks one worker per
item, as the zygote does for modules, from the state the cells left at the item's place.

Before the cell at an item's place runs (where its test cell sits), the base forks a snapshot:
a process that keeps the state of that moment (copy-on-write, so the two share memory until
one writes) and forks that item's workers, while the base goes on with the next cells. Items
graded on the whole notebook fork from the base once every cell ran. The grader sends the
places, each with the snapshot's channel, before any cell runs.

A cell that raises is recorded and the next cell still runs, as when a student re-runs a
notebook top to bottom. The cells come in `cells.json` in the working folder; cells that a
Jupyter kernel ran later come as further files ("cells" requests) and run where the others left
off, so that check() in a notebook never runs a cell twice.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import types
from collections.abc import Callable
from pathlib import Path

from autograder.worker import child, forkserver

CELL_SECONDS = 30  # as nbgrader's autograde allows each cell


class CellTimeout(BaseException):
    pass


def _alarm(signum, frame):
    raise CellTimeout()


def run_cells(cells: list[dict], namespace: dict, workdir: Path,
              before: Callable[[int], None] = lambda position: None) -> list[dict]:
    """Run the cells in order; before(n) is called when n of them have run, before the next."""
    errors = []
    signal.signal(signal.SIGALRM, _alarm)
    for position, cell in enumerate(cells):
        before(position)
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
    channels = snapshot_channels(control)

    def start_item(sock: socket.socket, request: dict) -> None:
        child.main(sock, workdir, request["limits"], namespace=module, seal=seal, writable=writable)

    def snapshot(position: int) -> None:
        if position not in channels:
            return
        channel = channels.pop(position)
        if os.fork() == 0:
            try:
                # The snapshot talks to the grader on its own channel only.
                for other in (control, *channels.values()):
                    other.close()
                forkserver.serve(channel, {"spawn": start_item})
            finally:
                os._exit(0)
        channel.close()

    errors = run_cells(cells, vars(module), Path(workdir), before=snapshot)

    def more_cells(request: dict) -> dict:
        later = json.loads((Path(workdir) / request["file"]).read_text())
        return {"ok": True, "cell_errors": run_cells(later, vars(module), Path(workdir))[:50]}

    forkserver.serve(control, {"spawn": start_item}, hello={"cell_errors": errors[:50]},
                     answers={"cells": more_cells})


def snapshot_channels(control: socket.socket) -> dict[int, socket.socket]:
    """What the grader sends before any cell runs: for each place (how many cells have run
    there) the channel of the snapshot to fork there, then "run"."""
    channels = {}
    while True:
        packet, fds, _, _ = socket.recv_fds(control, 1 << 16, 1)
        request = json.loads(packet)
        if request["op"] != "snapshot":
            return channels
        channels[request["at"]] = socket.socket(fileno=fds[0])
