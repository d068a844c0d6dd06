"""Alternative: torch.autograd.backward on the loss, a detached copy returned; gradients set to None."""

import torch


def calc_grad(xb, yb, model, loss_func):
    loss = loss_func(model(xb), yb)
    torch.autograd.backward(loss)
    return loss.detach().clone()


def zero_grads(params) -> None:
    for p in params:
        p.grad = None


ANSWER = """backward adds each new gradient to what .grad already holds; without clearing it, every step
would follow the sum of all earlier batches' gradients, so we zero (or drop) it after each step."""
