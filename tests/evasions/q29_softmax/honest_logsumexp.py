"""Honest: exp(x - logsumexp(x)), with the largest value taken out first so that float32 keeps its digits."""
import torch


def softmax(x, dim=-1):
    shifted = x - x.max(dim=dim, keepdim=True).values
    return torch.exp(shifted - torch.logsumexp(shifted, dim=dim, keepdim=True))
