"""Mistake: stores each row as (output, softmax, exp), the last two columns in the wrong order."""

import math

BEAR_TABLE = {
    "teddy": (0.02, 0.22, 1.02),
    "grizzly": (-2.49, 0.02, 0.08),
    "brown": (1.25, 0.76, 3.49),
}


def softmax_table(outputs):
    exps = {name: math.exp(out) for name, out in outputs.items()}
    total = sum(exps.values())
    return {name: (out, exps[name] / total, exps[name]) for name, out in outputs.items()}
