"""Mistake: draws from torch.rand (uniform on [0, 1)) instead of the normal distribution."""

import torch
from torch import Tensor


def init_params(size, std: float = 1.0) -> Tensor:
    return (torch.rand(size) * std).requires_grad_()


def linear1(xb: Tensor, weights: Tensor, bias: Tensor) -> Tensor:
    return xb @ weights + bias
