"""Alternative: draws scaled in place on a fresh tensor; the model as one torch.addmm."""

import torch


def init_params(size, std: float = 1.0):
    return torch.randn(size).mul_(std).requires_grad_(True)


def linear1(xb, weights, bias):
    return torch.addmm(bias, xb, weights)


ANSWER = """Without a bias the output for an all-zero input is always 0 and every boundary passes through
the origin; the bias is a learned offset that lets the model shift its output."""
