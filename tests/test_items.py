"""An item is declared once: its solution module and its check modules. The index and the
contract made from them must not drift, and a new item (a throwaway q32, added to a copy of the
package) must reach the stubs, the notebook, the catalogue, the CLI and grading with no other edit.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from autograder import catalogue
from autograder.authoring import contract, index
from autograder.checks.scratch import example
from conftest import ROOT, SOLUTIONS

REGENERATE = "run `python -m autograder.authoring` and commit what it writes"

Q32 = '''"""q32 Doubling: What does doubling a tensor do?

Write `double`, which doubles every element, then say in ANSWER what it does to the tensor's mean.
"""

import torch
from torch import Tensor


def double(x: Tensor) -> Tensor:
    """Twice `x`, element by element, in a tensor of the same shape.

    Example:
        >>> double(torch.tensor([1.0, 2.0]))
        tensor([2., 4.])
    """
    ### BEGIN SOLUTION
    return x * 2
    ### END SOLUTION


### BEGIN SOLUTION
ANSWER = """The mean doubles too."""
### END SOLUTION

### BEGIN RUBRIC
RUBRIC = """1 point: the mean doubles."""
### END RUBRIC
'''

Q32_CHECKS = '''"""q32 public checks."""

import pytest
import torch

from autograder.checks.expect import expect_close


@pytest.mark.points(2)
def test_doubles_every_element(student):
    x = torch.tensor([1.0, -2.0, 0.5])
    expect_close(student.call("double", x), x * 2, student.last_call)
'''


@pytest.mark.fast
def test_the_index_is_generated():
    assert index.read() == index.build(SOLUTIONS), f"autograder/items.json is out of date: {REGENERATE}"


@pytest.mark.fast
def test_the_contract_is_generated():
    assert contract.path(ROOT).read_text() == contract.build(SOLUTIONS), f"docs/items.md is out of date: {REGENERATE}"


@pytest.mark.fast
@pytest.mark.parametrize("item", [i for i in catalogue.ITEMS if i.scratch], ids=lambda i: i.id)
def test_every_from_scratch_function_has_an_example_to_run(item):
    for name in item.scratch:
        assert example(item, name).args, f"{item.id}: {name}'s docstring example passes no argument to run it on"


@pytest.mark.fast
def test_a_solution_without_its_header_is_refused(tmp_path):
    bad = tmp_path / "q40_bad.py"
    bad.write_text('"""q40: no title here."""\n')
    with pytest.raises(ValueError, match="q40 Title: question"):
        index.describe(bad)


def in_copy(copy: Path, *args: str) -> subprocess.CompletedProcess:
    """python -m ... in the copy, importing the copy's package rather than this checkout's."""
    return subprocess.run([sys.executable, *args], cwd=copy, capture_output=True, text=True, timeout=600,
                          env={"PATH": "/usr/bin:/bin", "HOME": str(copy), "PYTHONPATH": str(copy)})


@pytest.fixture(scope="module")
def with_q32(tmp_path_factory) -> Path:
    copy = tmp_path_factory.mktemp("q32")
    for folder in ("autograder", "solutions", "exercises", "source", "docs"):
        shutil.copytree(ROOT / folder, copy / folder, ignore=shutil.ignore_patterns("__pycache__"))
    (copy / "solutions" / "q32_double.py").write_text(Q32)
    (copy / "autograder" / "checks" / "public" / "test_q32_double.py").write_text(Q32_CHECKS)
    made = in_copy(copy, "-m", "autograder.authoring")
    assert made.returncode == 0, made.stderr[-3000:]
    yield copy
    shutil.rmtree(copy, ignore_errors=True)


@pytest.mark.slow
def test_q32_reaches_the_generated_files(with_q32):
    entry = next(e for e in json.loads((with_q32 / "autograder" / "items.json").read_text()) if e["id"] == "q32")
    assert entry["names"] == ["double"] and entry["title"] == "Doubling" and entry["written"]
    stub = (with_q32 / "exercises" / "q32_double.py").read_text()
    assert 'raise NotImplementedError("q32: double is not implemented yet")' in stub and "x * 2" not in stub
    notebook = json.loads((with_q32 / "source" / "lesson4" / "lesson4.ipynb").read_text())
    grade_ids = {c["metadata"].get("nbgrader", {}).get("grade_id") for c in notebook["cells"]}
    assert {"q32_solution", "q32_tests", "q32_written"} <= grade_ids
    assert "## q32 Doubling (`q32_double`)" in (with_q32 / "docs" / "items.md").read_text()


@pytest.mark.slow
def test_q32_is_known_to_the_catalogue_and_the_cli(with_q32):
    listed = in_copy(with_q32, "-c", "from autograder import catalogue; print(catalogue.item('q32').names, "
                                     "catalogue.LAST)")
    assert listed.stdout.split() == ["('double',)", "q32"], listed.stderr[-2000:]
    unknown = in_copy(with_q32, "-m", "autograder", "grade", "solutions", "--items", "q99")
    assert "items are q01 to q32" in unknown.stderr


@pytest.mark.slow
def test_q32_is_graded(with_q32):
    graded = {}
    for folder in ("solutions", "exercises"):
        run = in_copy(with_q32, "-m", "autograder", "grade", folder, "--items", "q32", "--format", "json")
        assert run.returncode == 0, run.stderr[-3000:]
        graded[folder] = json.loads(run.stdout)["items"]["q32"]
    assert graded["solutions"]["score"] == graded["solutions"]["max_score"] == 2
    assert graded["solutions"]["written"]["answer"] == "The mean doubles too."
    assert graded["exercises"]["score"] == 0
    assert "q32: double is not implemented yet" in graded["exercises"]["checks"][0]["message"]
