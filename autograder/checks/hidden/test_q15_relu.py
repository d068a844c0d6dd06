"""q15 hidden checks: run at grading time only."""

import pytest
import torch

from autograder.checks import cache
from autograder.checks.expect import expect, expect_close, expect_tensor, fail
from autograder.checks.public.test_q15_relu import drawn_relu, relu_line_problem
from solutions import q15_relu as ref


def inputs(case):
    gen = torch.Generator().manual_seed(15)
    if case == "random_batch":
        return torch.randn(4, 5, 6, generator=gen) * 3
    return torch.tensor([-1e4, -3.5, -1e-30, 0.0, 1e-30, 2.25, 1e4], dtype=torch.float64)


@pytest.mark.holds("q15.value", "q15.keeps")
@pytest.mark.parametrize("case", ["random_batch", "float64_extremes"])
@pytest.mark.points(1)
def test_values_shape_and_dtype_match_reference(student, case):
    x = inputs(case)
    got = student.call("relu", x)
    expect_tensor(got, student.last_call, tuple(x.shape))
    expect(got.dtype == x.dtype, f"{student.last_call} should keep the input's dtype {x.dtype}, "
                                 f"but returned {got.dtype}")
    expect_close(got, ref.relu(x), student.last_call, atol=0)


def input_after_relu(ns, x):
    from autograder.worker import kit

    mine = x.clone()
    kit.need_tensor(ns.relu(mine), "relu(x)")
    return mine


@pytest.mark.holds("q15.input_unchanged")
@pytest.mark.points(1)
def test_input_is_left_unchanged(student):
    x = torch.tensor([-2.0, -0.5, 1.0, 3.0])
    after = student.run(input_after_relu, x, call=f"relu(x) with x = {x.tolist()}")
    if not torch.equal(after, x):
        fail(f"{student.last_call} changed x to {after.tolist()}; relu must return a new tensor and "
             "leave its input as it was (avoid in-place operations such as clamp_ or x[x < 0] = 0)")


@pytest.mark.holds("q15.plot", "q15.plot_axes")
@pytest.mark.points(1)
def test_plot_draws_on_the_given_axes(student):
    seen = student.run(drawn_relu, True, call="plot_relu(ax) with an Axes made by plt.subplots()")
    student.keep_figure("relu", seen["png"], cache.memo(drawn_relu, ref, True)["png"])
    expect(seen["returned_given"], f"{student.last_call} should draw on the Axes it was given and return it, "
                                   "but returned another Axes")
    problem = relu_line_problem(seen["lines"])
    if problem:
        fail(f"{student.last_call} should draw y = relu(x) for x covering [-2, 2] on that Axes: {problem}")
