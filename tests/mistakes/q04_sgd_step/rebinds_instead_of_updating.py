"""Mistake: `p = p - p.grad * lr` makes a new tensor and rebinds the loop variable, so the
parameters themselves never change (and their gradients are never cleared)."""

from collections.abc import Iterable

import torch
from torch import Tensor


def sgd_step(params: Iterable[Tensor], lr: float) -> None:
    with torch.no_grad():
        for p in params:
            if p.grad is not None:
                p = p - p.grad * lr
                p.grad = None
