"""Mistake: fills BEAR_TABLE with the exact exps and probabilities instead of rounding them to 2
decimals as the hand-worked table asks."""

import math

_OUTPUTS = {"teddy": 0.02, "grizzly": -2.49, "brown": 1.25}
_TOTAL = sum(math.exp(v) for v in _OUTPUTS.values())
BEAR_TABLE = {name: (v, math.exp(v), math.exp(v) / _TOTAL) for name, v in _OUTPUTS.items()}


def softmax_table(outputs):
    exps = {name: math.exp(out) for name, out in outputs.items()}
    total = sum(exps.values())
    return {name: (float(out), exps[name], exps[name] / total) for name, out in outputs.items()}
