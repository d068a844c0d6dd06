"""Honest: plain Python over lists of numbers, made a tensor at the end."""
import torch


def matmul(a, b):
    if a.shape[1] != b.shape[0]:
        raise ValueError(f"cannot multiply {tuple(a.shape)} by {tuple(b.shape)}")
    rows, columns = a.tolist(), b.t().tolist()
    return torch.tensor([[sum(x * y for x, y in zip(row, column)) for column in columns] for row in rows])
