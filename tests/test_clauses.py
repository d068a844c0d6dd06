"""The contract's clauses: sentences and bullets of a reference module's docstrings, each closed
by its id (`[qNN.name]`)."""

import pytest

from autograder.authoring.clauses import Clause, clauses

pytestmark = pytest.mark.fast


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
