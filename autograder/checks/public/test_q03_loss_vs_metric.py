"""q03 public checks: students may read and run these (`autograder check q03`)."""

import pytest
import torch

from autograder.checks.expect import expect, expect_close, expect_tensor


@pytest.mark.holds("q03.value", "q03.threshold")
@pytest.mark.points(1)
def test_value_on_a_small_batch(student):
    preds = torch.tensor([2.0, -1.0, 0.5, -3.0, 0.0, 4.0])
    targets = torch.tensor([1.0, 0.0, 0.0, 1.0, 0.0, 1.0])
    got = student.call("batch_accuracy", preds, targets)
    # predicted classes (sigmoid > 0.5) are 1, 0, 1, 0, 0, 1: four of six agree with the targets
    # tests/alternatives (p > 0, rounded probability): float32's 4/6, 2e-8 from it
    expect_close(got, 4 / 6, student.last_call, atol=1e-6)


@pytest.mark.holds("q03.scalar", "q03.shapes")
@pytest.mark.points(1)
def test_returns_a_float_scalar_tensor(student):
    preds = torch.tensor([[1.5], [-0.5], [2.0], [-2.5]])
    targets = torch.tensor([[1.0], [1.0], [1.0], [0.0]])
    got = expect_tensor(student.call("batch_accuracy", preds, targets), student.last_call, ())
    expect(got.dtype.is_floating_point,
           f"{student.last_call} returned a tensor of dtype {str(got.dtype)[6:]}; an accuracy is a share, "
           "so it should be a floating-point tensor")
