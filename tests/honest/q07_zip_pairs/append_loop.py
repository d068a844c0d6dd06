"""An honest q07: a loop that appends, sizes from .shape."""

from torch import Tensor


def pair_up(xs, ys) -> list[tuple]:
    result = []
    for pair in zip(xs, ys):
        result.append(tuple(pair))
    return result


def make_dataset(x: Tensor, y: Tensor) -> list[tuple[Tensor, Tensor]]:
    n_x, n_y = x.shape[0], y.shape[0]
    if n_x == n_y:
        return list(zip(x, y))
    raise ValueError("got %d inputs and %d targets" % (n_x, n_y))


ANSWER = "It pairs things up by position; a dataset is exactly (input, label) pairs."
