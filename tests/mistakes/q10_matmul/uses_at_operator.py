"""Mistake: checks the shapes, then hands the work to the built-in `@` the exercise refuses."""

import torch
from torch import Tensor


def matmul(a: Tensor, b: Tensor) -> Tensor:
    if a.shape[1] != b.shape[0]:
        raise ValueError(f"cannot multiply {tuple(a.shape)} by {tuple(b.shape)}")
    return a @ b
