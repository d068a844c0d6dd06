"""Mistake: updates the parameters in place without torch.no_grad(), which autograd refuses for
leaves that require grad."""

from collections.abc import Iterable

import torch
from torch import Tensor


def sgd_step(params: Iterable[Tensor], lr: float) -> None:
    for p in params:
        if p.grad is not None:
            p -= p.grad * lr
            p.grad = None
