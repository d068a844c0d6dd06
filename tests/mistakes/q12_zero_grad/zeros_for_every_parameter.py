"""Mistake: sets every parameter's .grad to a new zero tensor, so a parameter that had no gradient
gets one."""

from typing import Callable, Iterable

import torch
from torch import Tensor, nn


def calc_grad(xb: Tensor, yb: Tensor, model: nn.Module, loss_func: Callable[[Tensor, Tensor], Tensor]) -> Tensor:
    loss = loss_func(model(xb), yb)
    loss.backward()
    return loss.detach()


def zero_grads(params: Iterable[Tensor]) -> None:
    for p in params:
        p.grad = torch.zeros_like(p)
