"""Mistake: clears the gradients in a second loop over `params`, which does nothing when params
is a one-shot iterable such as model.parameters()."""

from collections.abc import Iterable

import torch
from torch import Tensor


def sgd_step(params: Iterable[Tensor], lr: float) -> None:
    with torch.no_grad():
        for p in params:
            if p.grad is not None:
                p -= p.grad * lr
    for p in params:
        p.grad = None
