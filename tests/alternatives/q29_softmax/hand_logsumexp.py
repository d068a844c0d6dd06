"""Alternative: log-sum-exp written out (max + log of the shifted sum), then exp(x - lse)."""

import torch


def softmax(x, dim=-1):
    m = x.amax(dim=dim, keepdim=True)
    lse = m + torch.log(torch.exp(x - m).sum(dim=dim, keepdim=True))
    return torch.exp(x - lse)


ANSWER = """Softmax gives positive numbers summing to 1 by exponentiating and normalising; since exp grows
fast, the largest activation takes most of the probability."""
