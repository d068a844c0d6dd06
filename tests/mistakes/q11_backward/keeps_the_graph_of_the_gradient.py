"""Mistake: calls backward(create_graph=True), as for a second derivative, so the gradient it
returns is still part of an autograd graph."""

from typing import Callable

import torch
from torch import Tensor


def gradient(f: Callable[[Tensor], Tensor], x: Tensor) -> Tensor:
    leaf = x.detach().clone().requires_grad_(True)
    f(leaf).sum().backward(create_graph=True)
    return leaf.grad
