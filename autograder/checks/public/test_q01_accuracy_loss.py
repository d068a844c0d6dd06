"""q01 public checks: students may read and run these (`autograder check q01`)."""

import pytest
import torch

from autograder.checks.expect import expect, expect_close


@pytest.mark.holds("q01.value")
@pytest.mark.points(1)
def test_value_on_a_small_batch(student):
    preds = torch.tensor([2.0, -1.0, 0.5, -3.0])
    targets = torch.tensor([1.0, 0.0, 0.0, 1.0])
    got = student.call("mnist_loss", preds, targets)
    # mean of (1 - sigmoid(2), sigmoid(-1), sigmoid(0.5), 1 - sigmoid(-3))
    # the constant is rounded to 6 digits: the reference and tests/alternatives (hand-written sigmoid blended by
    # the target, |target - sigmoid|) are all 4.8e-7 from it
    expect_close(got, 0.490794, student.last_call, atol=1e-5)


def loss_and_gradient(ns, preds, targets):
    from autograder.worker import kit

    return kit.loss_and_gradient(ns.mnist_loss, preds, targets, "predictions")


@pytest.mark.holds("q01.gradient")
@pytest.mark.points(1)
def test_gradient_reaches_every_prediction(student):
    preds = torch.tensor([2.0, -1.0, 0.5, -3.0])
    targets = torch.tensor([1.0, 0.0, 0.0, 1.0])
    _, grad = student.run(loss_and_gradient, preds, targets, call="mnist_loss(preds, targets).backward()")
    expect(grad is not None and bool((grad != 0).all()),
           f"{student.last_call} should give every prediction a non-zero gradient; got {grad}")
