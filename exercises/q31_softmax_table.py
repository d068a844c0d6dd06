"""q31 The bear softmax table: Work out a softmax by hand.

A bear classifier gives the raw outputs teddy 0.02, grizzly -2.49 and brown 1.25. Fill in
BEAR_TABLE with the exp and softmax columns worked out from them, rounded to 2 decimals, then
write `softmax_table`, which builds the same kind of table for any outputs.
"""

import math

# BEAR_TABLE maps each class to (output, exp, softmax), the last two rounded to 2 decimals.
BEAR_TABLE = None


def softmax_table(outputs: dict[str, float]) -> dict[str, tuple[float, float, float]]:
    """The softmax table of some raw outputs, one row per class.

    Args:
        outputs: class name -> raw output (a float).

    Returns:
        class name -> (output, exp(output), softmax), all Python floats and not rounded; the
        softmax column sums to 1. The classes come in the same order as in `outputs`.

    Example:
        >>> softmax_table({"cat": 0.0, "dog": 0.0})
        {'cat': (0.0, 1.0, 0.5), 'dog': (0.0, 1.0, 0.5)}
    """
    raise NotImplementedError("q31: softmax_table is not implemented yet")
