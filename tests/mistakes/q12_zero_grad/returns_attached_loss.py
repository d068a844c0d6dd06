"""Mistake: returns the loss itself, still attached to the autograd graph, instead of a detached copy."""

from typing import Callable, Iterable

import torch
from torch import Tensor, nn


def calc_grad(xb: Tensor, yb: Tensor, model: nn.Module, loss_func: Callable[[Tensor, Tensor], Tensor]) -> Tensor:
    loss = loss_func(model(xb), yb)
    loss.backward()
    return loss


def zero_grads(params: Iterable[Tensor]) -> None:
    for p in params:
        if p.grad is not None:
            p.grad.zero_()
