"""Mistake: the softmax column divides each exp by the sum of the raw outputs, not of the exps."""

import math

BEAR_TABLE = {
    "teddy": (0.02, 1.02, 1.02 / -1.22),
    "grizzly": (-2.49, 0.08, 0.08 / -1.22),
    "brown": (1.25, 3.49, 3.49 / -1.22),
}


def softmax_table(outputs):
    total = sum(outputs.values())
    return {name: (out, math.exp(out), math.exp(out) / total) for name, out in outputs.items()}
