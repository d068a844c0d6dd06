"""Alternative: BEAR_TABLE worked out by the module itself and rounded; the function in float64 torch."""

import math

import torch

OUTPUTS = {"teddy": 0.02, "grizzly": -2.49, "brown": 1.25}
_TOTAL = sum(math.exp(v) for v in OUTPUTS.values())
BEAR_TABLE = {name: (v, round(math.exp(v), 2), round(math.exp(v) / _TOTAL, 2)) for name, v in OUTPUTS.items()}


def softmax_table(outputs):
    values = torch.tensor(list(outputs.values()), dtype=torch.float64)
    exps = values.exp()
    shares = exps / exps.sum()
    return {name: (float(v), float(e), float(s)) for name, v, e, s in zip(outputs, values, exps, shares)}
