"""Broken notebooks get a one-line reason (exit 2) or a report, never a traceback; notebooks
without nbgrader metadata or with huge outputs grade normally."""

import json
import subprocess
import sys

import nbformat
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pytest

from conftest import SOLUTIONS

pytestmark = pytest.mark.slow

Q07 = (SOLUTIONS / "q07_zip_pairs.py").read_text()


def grade_cli(path, *extra):
    return subprocess.run([sys.executable, "-P", "-m", "autograder", "grade", str(path), "--items", "q07", *extra],
                          capture_output=True, text=True, timeout=300)


def notebook(*sources: str) -> dict:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(s) for s in sources]
    return nb


def assert_one_line_refusal(result, words):
    assert result.returncode == 2, result.stdout[-500:] + result.stderr[-1500:]
    assert words in result.stderr and result.stderr.strip().count("\n") == 0, result.stderr
    assert "Traceback" not in result.stderr


def test_a_notebook_that_is_not_json(tmp_path):
    path = tmp_path / "lesson4.ipynb"
    path.write_text("{ this is not json")
    assert_one_line_refusal(grade_cli(path), "not a readable notebook")


def test_an_old_nbformat_version(tmp_path):
    path = tmp_path / "lesson4.ipynb"
    path.write_text(json.dumps({"nbformat": 3, "nbformat_minor": 0, "worksheets": [], "metadata": {}}))
    assert_one_line_refusal(grade_cli(path), "nbformat")


def test_a_notebook_without_cells(tmp_path):
    path = tmp_path / "lesson4.ipynb"
    path.write_text(json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}}))
    assert_one_line_refusal(grade_cli(path), "notebook")


def test_cells_without_metadata_and_huge_outputs_grade_normally(tmp_path):
    nb = notebook("print('warming up')", Q07)
    for cell in nb.cells:
        del cell["metadata"]
    nb.cells[0]["outputs"] = [nbformat.v4.new_output("stream", name="stdout", text="x" * (30 << 20))]
    path = tmp_path / "lesson4.ipynb"
    path.write_text(json.dumps(nb))
    result = grade_cli(path, "--format", "json")
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(result.stdout)
    assert report["items"]["q07"]["score"] == report["items"]["q07"]["max_score"] > 0


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_mangled_notebook_gets_a_report_or_a_reason(tmp_path, data):
    text = json.dumps(notebook("import torch", Q07))
    cut = data.draw(st.integers(0, len(text)))
    junk = data.draw(st.text(max_size=20))
    drop = data.draw(st.integers(0, 40))
    path = tmp_path / f"case-{cut}-{drop}.ipynb"
    path.write_text(text[:cut] + junk + text[cut + drop:])
    result = grade_cli(path, "--format", "json")
    assert result.returncode in (0, 2), result.stderr[-2000:]
    assert "Traceback" not in result.stderr and "internal error" not in result.stdout
