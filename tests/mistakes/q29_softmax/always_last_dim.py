"""Mistake: ignores `dim` and always normalises along the last dimension."""

import torch


def softmax(x, dim=-1):
    e = (x - x.max(dim=-1, keepdim=True).values).exp()
    return e / e.sum(dim=-1, keepdim=True)
