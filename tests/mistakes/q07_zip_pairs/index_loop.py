"""Mistake: pairs items by index over range(len(xs)), which fails on generators (no len, no
indexing) and on inputs of different lengths."""

from torch import Tensor


def pair_up(xs, ys) -> list[tuple]:
    return [(xs[i], ys[i]) for i in range(len(xs))]


def make_dataset(x: Tensor, y: Tensor) -> list[tuple[Tensor, Tensor]]:
    if len(x) != len(y):
        raise ValueError(f"x has {len(x)} items but y has {len(y)}")
    return list(zip(x, y))
