"""Mistake: copies x with clone() but not detach(), so when x already requires grad the copy is not
a leaf: its .grad stays None and backward writes into the caller's x.grad instead."""

from typing import Callable

import torch
from torch import Tensor


def gradient(f: Callable[[Tensor], Tensor], x: Tensor) -> Tensor:
    x = x.clone().requires_grad_(True)
    f(x).sum().backward()
    return x.grad
