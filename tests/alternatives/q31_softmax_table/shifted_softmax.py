"""Alternative: the softmax column from exps shifted by the largest output (the exp column unshifted)."""

import math

BEAR_TABLE = {
    "teddy": (0.02, 1.02, 0.22),
    "grizzly": (-2.49, 0.08, 0.02),
    "brown": (1.25, 3.49, 0.76),
}


def softmax_table(outputs):
    top = max(outputs.values())
    shifted = {name: math.exp(out - top) for name, out in outputs.items()}
    total = math.fsum(shifted.values())
    return {name: (float(out), math.exp(out), shifted[name] / total) for name, out in outputs.items()}
