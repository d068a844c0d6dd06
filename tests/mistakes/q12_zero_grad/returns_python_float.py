"""Mistake: returns loss.item(), a Python float, where a (detached) tensor is asked for."""

from typing import Callable, Iterable

import torch
from torch import Tensor, nn


def calc_grad(xb: Tensor, yb: Tensor, model: nn.Module, loss_func: Callable[[Tensor, Tensor], Tensor]) -> Tensor:
    loss = loss_func(model(xb), yb)
    loss.backward()
    return loss.item()


def zero_grads(params: Iterable[Tensor]) -> None:
    for p in params:
        if p.grad is not None:
            p.grad.zero_()
