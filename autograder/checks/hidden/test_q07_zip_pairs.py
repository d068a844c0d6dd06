"""q07 hidden checks: run at grading time only."""

import pytest
import torch

from autograder.checks.public.test_q07_zip_pairs import expect_same
from solutions import q07_zip_pairs as ref

PAIRS = {
    "string_and_tuple": ("xyz", (None, 2.5, [1, (2, 3)])),
    "two_tensors": (torch.tensor([1, 2, 3]), torch.tensor([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])),
}


@pytest.mark.holds("q07.pairs", "q07.iterables")
@pytest.mark.parametrize("name", list(PAIRS), ids=list(PAIRS))
@pytest.mark.points(1)
def test_pair_up_sequences(student, name):
    xs, ys = PAIRS[name]
    got = student.call("pair_up", xs, ys)
    expect_same(got, ref.pair_up(xs, ys), student.last_call)


def pair_up_generators(ns):
    from autograder.worker import kit

    return kit.plain(ns.pair_up((i * i for i in range(4)), (c for c in "wxyz")))


@pytest.mark.holds("q07.iterables")
@pytest.mark.points(1)
def test_pair_up_generators(student):
    got = student.run(pair_up_generators, call="pair_up((i * i for i in range(4)), (c for c in 'wxyz'))")
    # Generators have no len() and no indexing: only walking through them works.
    expect_same(got, [(0, "w"), (1, "x"), (4, "y"), (9, "z")], student.last_call)


@pytest.mark.holds("q07.shorter")
@pytest.mark.points(1)
def test_pair_up_stops_at_the_shorter(student):
    for xs, ys in (([1, 2, 3], "ab"), ("ab", [1, 2, 3])):
        got = student.call("pair_up", xs, ys)
        expect_same(got, ref.pair_up(xs, ys), student.last_call)


@pytest.mark.holds("q07.dataset")
@pytest.mark.points(1)
def test_make_dataset_on_digits(student):
    from autograder.data import threes_sevens

    data = threes_sevens()
    x, y = data.train_x[:20], data.train_y[:20]
    got = student.call("make_dataset", x, y)
    expect_same(got, ref.make_dataset(x, y), student.last_call)

