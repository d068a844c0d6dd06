"""Mistake: lists the classes from the most to the least likely, not in the order of the outputs."""

import math

BEAR_TABLE = {
    "teddy": (0.02, 1.02, 0.22),
    "grizzly": (-2.49, 0.08, 0.02),
    "brown": (1.25, 3.49, 0.76),
}


def softmax_table(outputs):
    exps = {name: math.exp(out) for name, out in outputs.items()}
    total = sum(exps.values())
    ranked = sorted(outputs, key=lambda name: exps[name], reverse=True)
    return {name: (float(outputs[name]), exps[name], exps[name] / total) for name in ranked}
