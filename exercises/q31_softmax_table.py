"""q31 The bear softmax table: Work out a softmax by hand.

A bear classifier gives the raw outputs teddy 0.02, grizzly -2.49 and brown 1.25. Fill in
BEAR_TABLE with the outputs and the exp and softmax columns worked out from them. [q31.bear_table]
Round the exp and softmax columns to 2 decimals. [q31.rounded] Then write `softmax_table`, which
builds the same kind of table for any outputs.
"""

import math

# BEAR_TABLE maps each class to (output, exp, softmax), the last two rounded to 2 decimals.
BEAR_TABLE = None


def softmax_table(outputs: dict[str, float]) -> dict[str, tuple[float, float, float]]:
    """The softmax table of some raw outputs, one row per class. [q31.table]

    Args:
        outputs: class name -> raw output (a float).

    Returns:
        class name -> (output, exp(output), softmax), all Python floats and not rounded;
        [q31.columns] the softmax column sums to 1. [q31.sums_to_one] The classes come in the same
        order as in `outputs`. [q31.order]

    Example:
        >>> softmax_table({"cat": 0.0, "dog": 0.0})
        {'cat': (0.0, 1.0, 0.5), 'dog': (0.0, 1.0, 0.5)}
    """
    raise NotImplementedError("q31: softmax_table is not implemented yet")
