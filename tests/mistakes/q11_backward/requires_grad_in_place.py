"""Mistake: switches on requires_grad on the caller's own tensor and returns its .grad, so the
caller's x is changed (and a gradient it already had is added to)."""

from typing import Callable

import torch
from torch import Tensor


def gradient(f: Callable[[Tensor], Tensor], x: Tensor) -> Tensor:
    x.requires_grad_()
    f(x).sum().backward()
    return x.grad
