"""Mistake: calls backward() on f(x) directly, forgetting the sum, which works only when f
already returns a single number."""

from typing import Callable

import torch
from torch import Tensor


def gradient(f: Callable[[Tensor], Tensor], x: Tensor) -> Tensor:
    x = x.detach().clone().requires_grad_(True)
    f(x).backward()
    return x.grad
