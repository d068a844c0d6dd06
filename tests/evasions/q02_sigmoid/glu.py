"""glu(a, b) = a * sigmoid(b): with a = 1 it is sigmoid."""
import torch
import torch.nn.functional as F


def sigmoid(x):
    return F.glu(torch.stack([torch.ones_like(x), x], dim=-1), dim=-1).squeeze(-1)
