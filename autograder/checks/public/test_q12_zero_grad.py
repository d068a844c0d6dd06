"""q12 public checks: students may read and run these (`autograder check q12`)."""

import pytest
import torch

from autograder.checks.expect import expect, expect_close, fail, tolerance
from autograder.checks.show import show
from autograder.worker import lesson


def digits_batch():
    from autograder.data import threes_sevens

    data = threes_sevens()
    return data.train_x[:32], data.train_y[:32]


def after_steps(ns, steps, xb, yb, params="model.parameters()"):
    """Run `steps` ("calc": calc_grad on the batch, "zero": zero_grads) on a seeded linear model;
    return its gradients and what each calc_grad returned."""
    import torch
    from torch import nn
    from autograder.worker import kit
    from autograder.worker.lesson import mnist_loss  # the lesson's, so that q12 needs no q01

    torch.manual_seed(12)
    model = nn.Linear(xb.shape[1], 1)
    unused = torch.zeros(3, requires_grad=True)  # a parameter that never gets a gradient
    returned = []
    for step in steps:
        if step == "calc":
            loss = ns.calc_grad(xb, yb, model, mnist_loss)
            returned.append({"value": kit.plain(loss), "info": kit.tensor_info(loss)})
        elif params == "model.parameters()":
            ns.zero_grads(model.parameters())
        else:
            ns.zero_grads([model.weight, model.bias, unused])
    return {"weight.grad": model.weight.grad, "bias.grad": model.bias.grad, "returned": returned}


def one_batch_by_torch(xb, yb):
    """The loss and gradients of one batch, straight from torch, on the probe's seeded model."""
    torch.manual_seed(12)
    model = torch.nn.Linear(xb.shape[1], 1)
    loss = lesson.mnist_loss(model(xb), yb)
    loss.backward()
    return loss.detach(), {"weight.grad": model.weight.grad, "bias.grad": model.bias.grad}


# tests/alternatives (torch.autograd.backward, the loss's .data, gradients set to None or detached and zeroed)
# give torch's gradients and loss to the bit.
def expect_grads(got: dict, want: dict, after: str, atol: float = 1e-6) -> None:
    """The model's gradients after some steps; both sides decoded or computed by the grader."""
    for name in ("weight.grad", "bias.grad"):
        grad = got[name]
        if grad is None:
            fail(f"after {after}, model.{name} is None; expected a gradient")
        if not torch.allclose(grad, want[name], atol=atol, rtol=0):
            worst = (grad - want[name]).abs().max().item()
            fail(f"after {after}, model.{name} is wrong\n"
                 f"  expected: {show(want[name])}\n  got:      {show(grad)}\n"
                 f"  largest difference {worst:.3g}, tolerance {tolerance(atol, 0)}")


CALC = "calc_grad(xb, yb, model, mnist_loss) with a seeded nn.Linear(784, 1) and 32 digits"


@pytest.mark.holds("q12.backward")
@pytest.mark.points(1)
def test_one_call_gives_the_batch_gradient(student):
    xb, yb = digits_batch()
    got = student.run(after_steps, ["calc"], xb, yb, call=CALC)
    _, want = one_batch_by_torch(xb, yb)
    expect_grads(got, want, student.last_call)


@pytest.mark.holds("q12.loss")
@pytest.mark.points(1)
def test_returns_the_detached_loss(student):
    xb, yb = digits_batch()
    got = student.run(after_steps, ["calc"], xb, yb, call=CALC)["returned"][0]
    want, _ = one_batch_by_torch(xb, yb)
    info = got["info"]
    expect("requires_grad" in info, f"{student.last_call} should return the loss as a tensor, "
                                    f"but returned {show(got['value'])}")
    expect_close(got["value"], want, student.last_call, atol=1e-6)
    expect(not info["requires_grad"] and not info["has_grad_fn"],
           f"{student.last_call} returned a loss that is still part of the autograd graph "
           f"(requires_grad={info['requires_grad']}); return it detached")
