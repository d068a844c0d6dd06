"""Alternative: torch.normal with requires_grad; the product as a broadcast multiply and sum."""

import torch


def init_params(size, std: float = 1.0):
    shape = (size,) if isinstance(size, int) else tuple(size)
    return torch.normal(0.0, std, shape, requires_grad=True)


def linear1(xb, weights, bias):
    return (xb[:, :, None] * weights[None, :, :]).sum(dim=1) + bias


ANSWER = """y = w*x alone must be 0 when x is 0; adding a trainable bias b (y = w*x + b) lets the model
move its output up or down and fit data that does not pass through the origin."""
