"""q29 hidden checks: run at grading time only."""

import pytest
import torch

from autograder.checks.expect import expect, expect_close, expect_tensor
from autograder.checks.show import show
from solutions import q29_softmax as ref

DIMS = {"dim_0_of_a_matrix": ((5, 3), 0), "middle_dim_of_a_3d_tensor": ((2, 4, 3), 1)}


@pytest.mark.holds("q29.dim", "q29.value")
@pytest.mark.parametrize("name", list(DIMS), ids=list(DIMS))
@pytest.mark.points(1)
def test_other_dims(student, name):
    shape, dim = DIMS[name]
    x = torch.randn(shape, generator=torch.Generator().manual_seed(1)) * 2
    got = student.call("softmax", x, dim=dim)
    # the reference and 4 alternatives: within 2.4e-7 (exp(x - logsumexp(x))), 3e-8 for max-shift forms
    expect_close(got, torch.softmax(x, dim=dim), f"{student.last_call} (each slice along dim {dim} should sum to 1)",
                 atol=1e-5)


@pytest.mark.holds("q29.distribution")
@pytest.mark.points(1)
def test_probabilities_sum_to_one(student):
    x = torch.randn(8, 7, generator=torch.Generator().manual_seed(2)) * 10
    got = expect_tensor(student.call("softmax", x), student.last_call, (8, 7))
    call = f"{student.last_call} (activations up to about ±30)"
    expect(bool(((got >= 0) & (got <= 1)).all()),
           f"{call} gave values outside [0, 1]: smallest {got.min().item():.4g}, largest {got.max().item():.4g}")
    # the reference and 4 alternatives: within 6.6e-7 of 1
    expect_close(got.sum(dim=-1), torch.ones(8), f"the row sums of {call}", atol=1e-5)


@pytest.mark.holds("q29.shift")
@pytest.mark.points(1)
def test_unchanged_by_adding_a_constant(student):
    x = torch.randn(3, 5, generator=torch.Generator().manual_seed(3))
    got = student.call("softmax", x + 100)
    # x + 100 is itself rounded to float32's spacing at 100 (7.6e-6); the reference and 4 alternatives are
    # within 1.4e-6
    expect_close(got, ref.softmax(x), f"{student.last_call} (x + 100 should give the same as x)", atol=1e-5)


@pytest.mark.holds("q29.finite")
@pytest.mark.points(1)
def test_finite_at_large_activations(student):
    x = torch.tensor([[1e4, -1e4, 0.0], [-1e4, -1e4, -1e4], [1e4, 1e4, 5e3]])
    got = student.call("softmax", x)
    expect(not isinstance(got, torch.Tensor) or bool(got.isfinite().all()),
           f"{student.last_call} gave {show(got)}; subtract the largest activation along `dim` before "
           "exponentiating so that exp never overflows")
    # exact: [1, 0, 0], thirds, [0.5, 0.5, 0] (exp(-5000) is 0 in float32). A log-sum-exp of these rows is
    # rounded to float32's spacing at 1e4 (9.8e-4, below eps * 1e4 = 1.2e-3), so exp(x - logsumexp(x)) is off
    # by up to half that share of each probability: measured 1.1e-4 on 0.5 (torch's logsumexp or written out);
    # max-shift forms are exact.
    spacing = torch.finfo(x.dtype).eps * x.abs().max().item()
    expect_close(got, torch.softmax(x, dim=-1), student.last_call, atol=1e-6, rtol=spacing)
