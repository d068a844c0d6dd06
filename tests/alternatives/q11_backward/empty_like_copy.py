"""Alternative: a new leaf made by copying x's values into empty_like storage."""

import torch


def gradient(f, x):
    with torch.no_grad():
        leaf = torch.empty_like(x).copy_(x)
    leaf.requires_grad_()
    total = f(leaf).sum()
    total.backward()
    return leaf.grad


ANSWER = """It computes, by the chain rule through the operations that produced the loss, the gradient of
that number with respect to each tensor with requires_grad=True, accumulating it in .grad."""
