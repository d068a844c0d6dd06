"""Mistake: calls torch.manual_seed(42) inside init_params, so every call returns the same numbers
(the bias repeats the first weight)."""

import torch
from torch import Tensor


def init_params(size, std: float = 1.0) -> Tensor:
    torch.manual_seed(42)
    return (torch.randn(size) * std).requires_grad_()


def linear1(xb: Tensor, weights: Tensor, bias: Tensor) -> Tensor:
    return xb @ weights + bias


ANSWER = """The bias is an offset added to every output, so that a zero input need not give zero."""
