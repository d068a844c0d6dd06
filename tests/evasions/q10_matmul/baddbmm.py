"""A batched product of a batch of one."""
import torch


def matmul(a, b):
    return torch.baddbmm(torch.zeros(1, a.shape[0], b.shape[1]), a[None], b[None])[0]
