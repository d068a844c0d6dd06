"""Mistake: asks randn for requires_grad and then scales, so the parameters are a computed,
non-leaf tensor whose .grad stays None."""

import torch
from torch import Tensor


def init_params(size, std: float = 1.0) -> Tensor:
    return torch.randn(size, requires_grad=True) * std


def linear1(xb: Tensor, weights: Tensor, bias: Tensor) -> Tensor:
    return xb @ weights + bias
