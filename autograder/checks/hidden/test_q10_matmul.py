"""q10 hidden checks: run at grading time only."""

import pytest
import torch

from autograder.checks.expect import expect_close

# Small enough that a correct (if slow) triple Python loop still finishes quickly.
SHAPES = {
    "square_4x4": ((4, 4), (4, 4)),
    "wide_times_tall": ((3, 7), (7, 2)),
    "row_times_column": ((1, 6), (6, 1)),
    "column_times_row": ((5, 1), (1, 4)),
    "long_inner_size": ((3, 196), (196, 2)),
}


@pytest.mark.holds("q10.value", "q10.shapes")
@pytest.mark.parametrize("name", list(SHAPES), ids=list(SHAPES))
@pytest.mark.points(1)
def test_matches_the_at_operator(student, name):
    a_shape, b_shape = SHAPES[name]
    gen = torch.Generator().manual_seed(10)
    a, b = torch.randn(a_shape, generator=gen), torch.randn(b_shape, generator=gen)
    got = student.call("matmul", a, b)
    # The oracle runs here, in the grader, where `@` is not refused.
    # the reference and 4 alternatives (outer products, row by row, loops, Python lists): within 5e-6 of `@`
    # (inner size 196, entries up to 30)
    expect_close(got, a @ b, student.last_call, atol=1e-5, rtol=1e-5)
