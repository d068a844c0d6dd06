"""Notebook items graded in place (issue 21): each item on the state its own test cell sees, right
after its section's cells ran, as nbgrader sees it; a later cell that redefines a helper changes
only the items whose test cells come after it."""

from __future__ import annotations

import copy
import json

import pytest
from conftest import run_grade

from autograder.submission import read

SETUP = '''import torch


def flatten_images(images):
    return joined(images, (images.shape[0], -1))


def unflatten_images(flat, height, width):
    return joined(flat, (flat.shape[0], height, width))
'''
# q07's helper: its items as pairs. q08's functions, defined in the setup cell, call the same name.
Q07 = '''def joined(a, b):
    return (a, b)


def pair_up(xs, ys):
    return [joined(x, y) for x, y in zip(xs, ys)]


def make_dataset(x, y):
    if len(x) != len(y):
        raise ValueError(f"x has {len(x)} items but y has {len(y)}")
    return [joined(a, b) for a, b in zip(x, y)]
'''
# q08's section redefines it as a view: right for q08, wrong for q07's functions.
Q08 = '''def joined(a, b):
    return a.view(*b)
'''
BROKEN = 'raise RuntimeError("a scratch cell that fails")'


def code(source: str, grade_id: str | None = None) -> dict:
    meta = {"nbgrader": {"grade_id": grade_id, "grade": False, "solution": True, "locked": False}} if grade_id else {}
    return {"cell_type": "code", "metadata": meta, "source": source, "outputs": [], "execution_count": None}


def checks_cell(item_id: str) -> dict:
    meta = {"nbgrader": {"grade_id": f"{item_id}_tests", "grade": True, "solution": False, "locked": True,
                         "points": 3}}
    return {"cell_type": "code", "metadata": meta, "source": f'check("{item_id}")', "outputs": [],
            "execution_count": None}


def heading(text: str) -> dict:
    return {"cell_type": "markdown", "metadata": {}, "source": text}


def notebook(cells: list[dict]) -> str:
    return json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": cells})


CELLS = [code(SETUP, "setup"),
         heading("## q07 zip"), code(Q07, "q07_solution"), code(BROKEN), checks_cell("q07"),
         heading("## q08 view"), code(Q08, "q08_solution"), checks_cell("q08")]


@pytest.mark.fast
def test_each_item_is_placed_at_its_test_cell(tmp_path):
    path = tmp_path / "mine.ipynb"
    path.write_text(notebook(CELLS))
    # Code cells run: setup, q07's two, q08's; q07 is graded after three, q08 on the whole notebook.
    assert read(path).places_of == {"q07": 3}
    # A test cell is placed by the item its check() names, whatever nbgrader's ids say.
    swapped = copy.deepcopy(CELLS)
    for cell in swapped:
        meta = cell["metadata"].get("nbgrader", {})
        if meta.get("grade_id", "").startswith(("q07", "q08")):
            meta["grade_id"] = {"q07": "q08", "q08": "q07"}[meta["grade_id"][:3]] + meta["grade_id"][3:]
    path.write_text(notebook(swapped))
    assert read(path).places_of == {"q07": 3}
    # Without test cells: right after the section's last code cell; a section with no cell of
    # its own is graded on the whole notebook.
    untested = [c for c in CELLS if "_tests" not in c["metadata"].get("nbgrader", {}).get("grade_id", "")]
    path.write_text(notebook(untested))
    assert read(path).places_of == {"q07": 3}
    path.write_text(notebook(untested[:1] + untested[4:] + untested[1:4]))
    assert read(path).places_of == {"q08": 2}


@pytest.mark.slow
@pytest.mark.parametrize("order", ["q07,q08", "q08,q07"])
def test_a_later_redefinition_reaches_only_the_items_after_it(tmp_path, order):
    """q07's functions call the helper as q07's section left it, although q08's section redefines
    it, and q08's (defined in the setup cell) call the redefinition; the failing cell in q07's
    section is reported there and costs no item anything. Graded q08 first, the notebook's
    process passes q07's place on its way and keeps a snapshot there for q07."""
    path = tmp_path / "mine.ipynb"
    path.write_text(notebook(CELLS))
    report = run_grade(path, "--items", order)
    for item_id in ("q07", "q08"):
        item = report["items"][item_id]
        assert item["score"] == item["max_score"] > 0, [c["message"] for c in item["checks"] if not c["passed"]]
    [error] = report["cell_errors"]
    assert error["section"] == "q07" and "raised RuntimeError: a scratch cell that fails" in error["message"], error


@pytest.mark.slow
def test_a_cell_that_ends_the_process_costs_only_the_items_after_it(tmp_path):
    """The items before it were graded where their test cells stood, before the cell ran."""
    path = tmp_path / "mine.ipynb"
    path.write_text(notebook(CELLS[:-1] + [code("import os\nos._exit(1)"), CELLS[-1]]))
    report = run_grade(path, "--items", "q07,q08")
    q07, q08 = report["items"]["q07"], report["items"]["q08"]
    assert q07["score"] == q07["max_score"] > 0
    assert q08["score"] == 0 and all("ended the worker process" in c["message"] for c in q08["checks"]), q08
