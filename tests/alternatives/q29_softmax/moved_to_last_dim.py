"""Alternative: the dimension moved to the end, shifted by its max, normalised by a reciprocal."""

import torch


def softmax(x, dim=-1):
    last = x.movedim(dim, -1)
    e = torch.exp(last - last.max(dim=-1, keepdim=True).values)
    return (e * e.sum(dim=-1, keepdim=True).reciprocal()).movedim(-1, dim)


ANSWER = """It turns a row of activations into probabilities: exp of each, divided by the sum of the
exps; a slightly larger activation gets a much larger share."""
