"""exercises/ is generated from solutions/: it must not drift, and the generator must strip
every solution and rubric while keeping signatures and docstrings."""

import ast

import pytest

from autograder import catalogue
from autograder.authoring.stubs import make_stub
from conftest import EXERCISES, SOLUTIONS

pytestmark = pytest.mark.fast


@pytest.mark.parametrize("solution", sorted(SOLUTIONS.glob("q*.py")), ids=lambda p: p.stem)
def test_committed_stub_matches_the_generator(solution):
    committed = EXERCISES / solution.name
    assert committed.exists(), f"run `python -m autograder.authoring`: {committed.name} is missing"
    assert committed.read_text() == make_stub(solution.read_text(), solution.name[:3]), (
        f"{committed.name} drifted from {solution.name}; run `python -m autograder.authoring`")


def test_every_catalogue_item_has_a_solution_and_a_stub():
    for item in catalogue.ITEMS:
        assert (SOLUTIONS / f"{item.module}.py").exists(), item.module
        assert (EXERCISES / f"{item.module}.py").exists(), item.module


@pytest.mark.parametrize("stub", sorted(EXERCISES.glob("q*.py")), ids=lambda p: p.stem)
def test_stub_keeps_the_interface_and_drops_the_solution(stub):
    item = catalogue.item(stub.name[:3])
    tree = ast.parse(stub.read_text())
    defined = {n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))}
    defined |= {t.id for n in tree.body if isinstance(n, ast.Assign) for t in n.targets if isinstance(t, ast.Name)}
    assert set(item.names) <= defined
    text = stub.read_text()
    assert "BEGIN SOLUTION" not in text and "RUBRIC" not in text
    if item.written:
        assert 'ANSWER = "YOUR ANSWER HERE"' in text


SAMPLE = '''"""qXX: a question."""


class Box:
    def get(self) -> int:
        """Docstring stays."""
        ### BEGIN SOLUTION
        return 1
        ### END SOLUTION


def double(x: int) -> int:
    ### BEGIN SOLUTION
    return 2 * x
    ### END SOLUTION


### BEGIN SOLUTION
TABLE = {"a": 1}
ANSWER = """secret"""
### END SOLUTION

### BEGIN RUBRIC
RUBRIC = """grading notes"""
### END RUBRIC
'''


def test_generator_replaces_each_kind_of_region():
    stub = make_stub(SAMPLE, "q99")
    assert 'raise NotImplementedError("q99: Box.get is not implemented yet")' in stub
    assert 'raise NotImplementedError("q99: double is not implemented yet")' in stub
    assert "TABLE = None" in stub and 'ANSWER = "YOUR ANSWER HERE"' in stub
    assert "secret" not in stub and "grading notes" not in stub and "return 2 * x" not in stub
    assert '"""Docstring stays."""' in stub
    ast.parse(stub)


def test_generator_rejects_an_unclosed_region():
    with pytest.raises(ValueError, match="never closed"):
        make_stub("def f():\n    ### BEGIN SOLUTION\n    return 1\n", "q99")
