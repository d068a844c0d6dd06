"""Mistake: adds the bias to the inputs before multiplying by the weights, so it gets scaled."""

import torch
from torch import Tensor


def init_params(size, std: float = 1.0) -> Tensor:
    return (torch.randn(size) * std).requires_grad_()


def linear1(xb: Tensor, weights: Tensor, bias: Tensor) -> Tensor:
    return (xb + bias) @ weights
