"""A notebook cell that raises is named as a student finds it in Jupyter, which shows no cell
numbers: by its section (item) and its first line."""

import json

import pytest

from conftest import ROOT, run_grade

from markupsafe import escape

from autograder.grading import cell_error
from autograder.report import gradescope, html
from autograder.submission import read

pytestmark = pytest.mark.slow

RELEASE = ROOT / "release" / "lesson4" / "lesson4.ipynb"
BEAR_TABLE = 'q31: the cell starting "# BEAR_TABLE maps each class to (output, exp, softmax), t..."'


def test_the_released_notebooks_failing_cell_is_named_by_its_section_and_first_line():
    report = run_grade(RELEASE, "--items", "q31")
    messages = [e["message"] for e in report["cell_errors"]]
    assert f"{BEAR_TABLE} is not implemented yet (it raised NotImplementedError)" in messages, messages
    assert not [m for m in messages if m.startswith(":") or "cell 1" in m], messages
    assert str(escape(BEAR_TABLE)) in html.render(report, "alice") and BEAR_TABLE in gradescope.summary(report)


def test_every_code_cell_has_a_place_and_a_traceback_names_the_cell_it_points_into(tmp_path):
    notebook = read(RELEASE)
    cells = json.loads(RELEASE.read_text())["cells"]
    for index, cell in enumerate(cells):
        if cell["cell_type"] == "code":
            section, where = notebook.place(index)
            grade_id = cell["metadata"].get("nbgrader", {}).get("grade_id", "")
            assert section == (grade_id[:3] if grade_id.startswith("q") else grade_id), (index, section)
            assert where.startswith('the cell starting "') and where.endswith('"')
    setup, q01 = notebook.place(1), notebook.place(3)
    error = {"cell": 1, "kind": "error", "type": "NameError", "message": "name 'x' is not defined",
             "where": {"file": "cell-3", "line": 9, "function": "mnist_loss", "code": "return x"}}
    assert cell_error(error, notebook)["message"] == (
        f"{setup[0]}: {setup[1]} raised NameError: name 'x' is not defined\n"
        f"  at {q01[1]}, line 9, in mnist_loss: return x")


def test_a_cell_under_a_heading_without_nbgrader_ids_takes_the_headings_item(tmp_path):
    cells = [{"cell_type": "markdown", "metadata": {}, "source": "## q05: What does a DataLoader do?"},
             {"cell_type": "code", "metadata": {}, "source": "\n\nloader = make_loader()\n", "outputs": []},
             {"cell_type": "code", "metadata": {}, "source": "", "outputs": []}]
    path = tmp_path / "mine.ipynb"
    path.write_text(json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": cells}))
    notebook = read(path)
    assert notebook.place(1) == ("q05", 'the cell starting "loader = make_loader()"')
    assert notebook.place(2) == ("q05", "an empty cell")
