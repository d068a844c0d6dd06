"""q02 hidden checks: run at grading time only."""

import pytest
import torch

from autograder.checks.expect import expect, expect_close, expect_tensor, fail
from autograder.checks.show import show


@pytest.mark.parametrize("shape,dtype", [((4, 5), torch.float32), ((64, 1), torch.float64)],
                         ids=["matrix_4x5_float32", "column_64x1_float64"])
@pytest.mark.holds("q02.value", "q02.keeps")
@pytest.mark.points(1)
def test_matches_torch_sigmoid_on_batches(student, shape, dtype):
    x = (torch.randn(shape, generator=torch.Generator().manual_seed(3)) * 4).to(dtype)
    got = student.call("sigmoid", x)
    call = f"sigmoid(x) on a {str(dtype)[6:]} tensor of shape {shape}"
    # 8 alternatives: within 6e-8 in float32 (half of float32's spacing at 1), 4e-9 for the reference
    expect_close(got, torch.sigmoid(x), call, atol=1e-6)
    expect(got.dtype == dtype, f"{call} returned dtype {str(got.dtype)[6:]}; keep the input's dtype")


@pytest.mark.holds("q02.finite", "q02.range")
@pytest.mark.points(1)
def test_finite_at_extremes(student):
    x = torch.tensor([-1e4, -1e3, -100.0, -30.0, 30.0, 100.0, 1e3, 1e4])
    got = expect_tensor(student.call("sigmoid", x), student.last_call, (8,))
    expect(bool(torch.isfinite(got).all()),
           f"{student.last_call} returned {show(got)}: nan or inf for large inputs. "
           "exp overflows to inf already near 89 in float32, and inf / inf or inf - inf is nan; "
           "arrange the formula so that an overflowing exp can do no harm")
    # the exact values are within 9.4e-14 of 0 or 1 from |x| = 30 on; so are the 8 alternatives (tanh forms give
    # exactly 0 at -30)
    expect_close(got, torch.sigmoid(x), student.last_call, atol=1e-6)


@pytest.mark.holds("q02.value")
@pytest.mark.points(1)
def test_never_decreases(student):
    x = torch.linspace(-20, 20, 401)
    call = "sigmoid(torch.linspace(-20, 20, 401))"
    got = expect_tensor(student.call("sigmoid", x), call, (401,))
    # A drop of a few float32 rounding steps (about 6e-8 each near 1) is not the student's fault.
    # The reference and 8 alternatives never decrease at all.
    drops = ((got[1:] - got[:-1]) < -1e-6).nonzero().flatten().tolist()
    if drops:
        i = drops[0]
        fail(f"{call} should never decrease as x grows (tolerance 1e-6), but it goes from "
             f"{got[i].item():.9g} at x = {x[i].item():.3g} to {got[i + 1].item():.9g} at x = {x[i + 1].item():.3g}")


@pytest.mark.holds("q02.value")
@pytest.mark.points(1)
def test_symmetric(student):
    x = torch.randn(50, generator=torch.Generator().manual_seed(4)) * 5
    positive = expect_tensor(student.call("sigmoid", x), "sigmoid(x) on 50 random x", (50,))
    negative = student.call("sigmoid", -x)
    # the reference and 8 alternatives: within 8.4e-8
    expect_close(negative, 1 - positive, "sigmoid(-x), which should equal 1 - sigmoid(x), on 50 random x",
                 atol=1e-6)
