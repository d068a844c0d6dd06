"""The contract's clauses and the checks that hold them: every clause of a reference module's
docstrings (`[qNN.name]`) is held by at least one check of its item, and every check holds at
least one clause, each of them a clause of its own item."""

import pytest

from autograder import catalogue
from autograder.authoring.clauses import Clause, clauses
from autograder.authoring.notebook import collect_checks
from conftest import SOLUTIONS

pytestmark = pytest.mark.fast


@pytest.fixture(scope="module")
def checks() -> dict[str, list[dict]]:
    return collect_checks([item.id for item in catalogue.ITEMS])


def declared(item: catalogue.Item) -> list[str]:
    return [clause.id for clause in clauses((SOLUTIONS / f"{item.module}.py").read_text(), item.id)]


@pytest.mark.parametrize("item", catalogue.ITEMS, ids=lambda item: item.id)
def test_every_clause_is_held_by_a_check(item, checks):
    held = {clause for check in checks[item.id] for clause in check["holds"]}
    unheld = [clause for clause in declared(item) if clause not in held]
    assert not unheld, f"{item.id}: no check holds {', '.join(unheld)} (mark one with @pytest.mark.holds)"


@pytest.mark.parametrize("item", catalogue.ITEMS, ids=lambda item: item.id)
def test_every_check_holds_clauses_of_its_item(item, checks):
    known = set(declared(item))
    for check in checks[item.id]:
        assert check["holds"], f"{item.id}: {check['function']} holds no clause (mark it with @pytest.mark.holds)"
        unknown = [clause for clause in check["holds"] if clause not in known]
        assert not unknown, f"{item.id}: {check['function']} holds {', '.join(unknown)}, which no docstring of " \
                            f"{item.module}.py declares"


SAMPLE = '''"""q99 Sample: A question?

Write `f` without the library's f (it is refused) [q99.scratch]: the rest is prose.
"""


def f(x: int) -> int:
    """Twice x. [q99.twice] Never negative
    for a non-negative x. [q99.sign]

    - a bullet that runs
      over two lines; [q99.bullet]
    - a bullet with no tag.

    Args:
        x: any int. [q99.any]
        y: an untagged entry.

    Returns:
        An int, [q99.int] then an untagged tail.
    """
    return 2 * x


class C:
    def m(self):
        """A method's clause. [q99.method]"""
'''


@pytest.mark.parametrize("text, where, clause", [
    ("Write `f` without the library's f (it is refused)", "", "q99.scratch"),
    ("Twice x.", "f", "q99.twice"),
    ("Never negative for a non-negative x.", "f", "q99.sign"),
    ("a bullet that runs over two lines;", "f", "q99.bullet"),
    ("x: any int.", "f", "q99.any"),
    ("An int,", "f", "q99.int"),
    ("A method's clause.", "C.m", "q99.method"),
])
def test_a_clause_runs_back_from_its_tag_to_the_start_of_its_block(text, where, clause):
    assert Clause(clause, where, text) in clauses(SAMPLE, "q99")


def test_only_tagged_text_makes_clauses():
    assert len(clauses(SAMPLE, "q99")) == 7


@pytest.mark.parametrize("source, problem", [
    ('"""q99 S: Q?\n\nOne. [q99.a] Two. [q99.a]\n"""', "given twice"),
    ('"""q99 S: Q?\n\nOne. [q98.a]\n"""', "belongs to another item"),
    ('"""q99 S: Q?\n\n[q99.a]\n"""', "closes no text"),
])
def test_malformed_tags_are_refused(source, problem):
    with pytest.raises(ValueError, match=problem):
        clauses(source, "q99")
