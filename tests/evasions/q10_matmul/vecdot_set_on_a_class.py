"""linalg.vecdot over broadcast rows and columns is the matrix product, through an alias."""
import torch


class Tools:
    pass


Tools.pairwise = torch.linalg.vecdot


def matmul(a, b):
    if a.shape[1] != b.shape[0]:
        raise ValueError(f"cannot multiply {tuple(a.shape)} by {tuple(b.shape)}")
    return Tools.pairwise(a.unsqueeze(2), b.unsqueeze(0), dim=1)
