"""A Jupyter kernel of this test run's environment, run one cell at a time as a student runs a
notebook (tests/test_kernel_check.py, tests/test_portable_check.py)."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

Run = Callable[[str], tuple[str, str | None]]  # a cell's source -> (its outputs' text, its error or None)


def kernel_path() -> str:
    """JUPYTER_PATH with this environment's kernel spec first: the kernel runs this run's Python."""
    return os.pathsep.join([str(Path(sys.prefix) / "share" / "jupyter"),
                            *filter(None, [os.environ.get("JUPYTER_PATH")])])


def notebook_kernel() -> tuple[NotebookClient, Run]:
    """A client for a new, empty notebook (start its kernel with client.setup_kernel) and a function
    that appends a cell, runs it and gives back what it printed and the error it raised."""
    nb = nbformat.v4.new_notebook()
    client = NotebookClient(nb, kernel_name="python3", timeout=600)

    def run(source: str) -> tuple[str, str | None]:
        cell = nbformat.v4.new_code_cell(source)
        nb.cells.append(cell)
        try:
            client.execute_cell(cell, len(nb.cells) - 1)
            error = None
        except CellExecutionError as exc:
            error = str(exc)
        return "".join(o.get("text", "") for o in cell.outputs), error

    return client, run
