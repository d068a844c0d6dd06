"""q03 hidden checks: run at grading time only."""

import pytest
import torch

from autograder.checks.expect import expect, expect_close, fail
from solutions import q03_loss_vs_metric as ref


@pytest.mark.holds("q03.value", "q03.shapes")
@pytest.mark.parametrize("shape", [(50,), (50, 1)], ids=["flat_batch_of_50", "column_batch_of_50"])
@pytest.mark.points(1)
def test_value_matches(student, shape):
    gen = torch.Generator().manual_seed(5)
    preds = torch.randn(shape, generator=gen) * 3
    targets = (torch.rand(shape, generator=gen) > 0.5).float()
    got = student.call("batch_accuracy", preds, targets)
    # tests/alternatives give the reference's share to the bit
    expect_close(got, ref.batch_accuracy(preds, targets),
                 f"batch_accuracy(preds, targets) on a batch of shape {shape}", atol=1e-6)


@pytest.mark.holds("q03.threshold")
@pytest.mark.points(1)
def test_prediction_of_zero_counts_as_class_0(student):
    preds = torch.tensor([0.0, 0.0, 0.0])
    targets = torch.tensor([0.0, 0.0, 1.0])
    got = student.call("batch_accuracy", preds, targets)
    expect_close(got, ref.batch_accuracy(preds, targets),
                 f"{student.last_call}, where sigmoid(0) = 0.5 is not above the threshold,", atol=1e-6)


def accuracy_info(ns, preds, targets):
    from autograder.worker import kit

    preds = preds.clone().requires_grad_(True)
    return kit.tensor_info(ns.batch_accuracy(preds, targets))


@pytest.mark.holds("q03.no_gradient")
@pytest.mark.points(1)
def test_has_no_gradient_path(student):
    gen = torch.Generator().manual_seed(6)
    preds = torch.randn(20, 1, generator=gen)
    targets = (torch.rand(20, 1, generator=gen) > 0.5).float()
    info = student.run(accuracy_info, preds, targets,
                       call="batch_accuracy(preds, targets) with preds that require grad")
    if "requires_grad" not in info:
        fail(f"{student.last_call} should return a tensor, but returned a {info['type']}")
    expect(not info["requires_grad"] and not info["has_grad_fn"],
           f"{student.last_call} returned a tensor that is part of the autograd graph (requires_grad="
           f"{info['requires_grad']}); counting correct predictions goes through a comparison, which has "
           "no gradient, so an accuracy that has one is not counting them")
