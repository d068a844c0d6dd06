"""An honest q07: a comprehension over zip, the sizes from len."""

from torch import Tensor


def pair_up(xs, ys) -> list[tuple]:
    return [(first, second) for first, second in zip(xs, ys)]


def make_dataset(x: Tensor, y: Tensor) -> list[tuple[Tensor, Tensor]]:
    if len(x) != len(y):
        raise ValueError(f"{len(x)} inputs but {len(y)} targets")
    return pair_up(x, y)


ANSWER = "zip walks two sequences together, giving tuples of items at the same position."
