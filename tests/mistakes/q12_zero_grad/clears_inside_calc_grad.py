"""Mistake: calc_grad clears the model's gradients before its backward, so gradients never add up
across calls the way backward() makes them."""

from typing import Callable, Iterable

import torch
from torch import Tensor, nn


def calc_grad(xb: Tensor, yb: Tensor, model: nn.Module, loss_func: Callable[[Tensor, Tensor], Tensor]) -> Tensor:
    model.zero_grad()
    loss = loss_func(model(xb), yb)
    loss.backward()
    return loss.detach()


def zero_grads(params: Iterable[Tensor]) -> None:
    for p in params:
        if p.grad is not None:
            p.grad.zero_()
