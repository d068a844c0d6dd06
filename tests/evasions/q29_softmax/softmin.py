"""softmin(-x) is softmax(x)."""
import torch.nn.functional as F


def softmax(x, dim=-1):
    return F.softmin(-x, dim)
