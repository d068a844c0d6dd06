"""threshold(x, 0, 0) replaces what is not above 0 with 0: relu."""
import torch
import torch.nn.functional as F


def relu(x):
    return F.threshold(x, 0.0, 0.0)
