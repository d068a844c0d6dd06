"""Mistake: softmax_table rounds to 2 decimals like the hand-worked table, though it should not."""

import math

BEAR_TABLE = {
    "teddy": (0.02, 1.02, 0.22),
    "grizzly": (-2.49, 0.08, 0.02),
    "brown": (1.25, 3.49, 0.76),
}


def softmax_table(outputs):
    exps = {name: math.exp(out) for name, out in outputs.items()}
    total = sum(exps.values())
    return {name: (out, round(exps[name], 2), round(exps[name] / total, 2)) for name, out in outputs.items()}
