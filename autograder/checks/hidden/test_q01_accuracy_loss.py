"""q01 hidden checks: run at grading time only."""

import pytest
import torch

from autograder.checks.expect import expect, expect_close
from autograder.checks.public.test_q01_accuracy_loss import loss_and_gradient
from solutions import q01_accuracy_loss as ref


@pytest.mark.holds("q01.value", "q01.shapes", "q01.gradient")
@pytest.mark.parametrize("shape", [(64,), (64, 1)], ids=["batch_of_64", "batch_of_64_by_1"])
@pytest.mark.points(1)
def test_value_and_gradient_match(student, shape):
    gen = torch.Generator().manual_seed(1)
    preds = torch.randn(shape, generator=gen) * 3
    targets = (torch.rand(shape, generator=gen) > 0.5).float()
    loss, grad = student.run(loss_and_gradient, preds, targets,
                             call=f"mnist_loss(preds, targets) on a batch of shape {shape}")
    want_loss, want_grad = loss_and_gradient(ref, preds, targets)
    # tests/alternatives: the same loss to the bit, gradients within 9.3e-10 (entries up to 4e-3, where float32's
    # spacing is 4.7e-10)
    expect_close(loss, want_loss, student.last_call, atol=1e-6)
    expect_close(grad, want_grad, f"the gradient of {student.last_call}", atol=1e-7)


@pytest.mark.holds("q01.gradient")
@pytest.mark.points(1)
def test_gradient_never_vanishes(student):
    # Confident, correct predictions still get a (small) gradient, unlike accuracy.
    preds = torch.tensor([6.0, -6.0, 4.0, -4.0, 0.0])
    targets = torch.tensor([1.0, 0.0, 1.0, 0.0, 1.0])
    _, grad = student.run(loss_and_gradient, preds, targets, call="mnist_loss(preds, targets).backward()")
    expect(grad is not None and bool((grad != 0).all()),
           f"every prediction should get a non-zero gradient from {student.last_call}; got {grad}")


def nudged_losses(ns, x, y, weights, bias):
    from autograder.worker import kit

    first = kit.need_tensor(ns.mnist_loss(x @ weights + bias, y), "the loss")
    second = kit.need_tensor(ns.mnist_loss(x @ (weights * 1.0001) + bias, y), "the loss")
    return first.item(), second.item()


@pytest.mark.holds("q01.value")
@pytest.mark.points(1)
def test_loss_moves_when_accuracy_does_not(student):
    from autograder.data import threes_sevens

    data = threes_sevens()
    x, y = data.valid_x[:200], data.valid_y[:200]
    gen = torch.Generator().manual_seed(2)
    weights, bias = torch.randn(784, 1, generator=gen) * 0.05, torch.zeros(1)
    before, after = student.run(nudged_losses, x, y, weights, bias,
                                call="mnist_loss on 200 digits, before and after scaling the weights by 1.0001")
    same_accuracy = ((x @ weights + bias > 0) == (x @ (weights * 1.0001) + bias > 0)).all()
    assert same_accuracy, "grader data error: the nudge changed the accuracy"
    expect(before != after, f"{student.last_call}: the loss stayed at {before:.6f}; "
                            "a usable loss must change when a weight changes slightly")
